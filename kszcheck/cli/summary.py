"""The short summary of a run on the terminal, wholly in the report's language.

What the report's first page says, in a few lines: the status and its sentence, score, coverage
and the open problems per severity, the problems to tackle first (the same as the first page,
from ``kszcheck.report.viewmodel``), the rules that could not be assessed (a few, with their
reason), where the report and the history are. Every text is under ``cli.`` or the report's own
keys in kszcheck/texts.yaml; everything that came from the input is escaped.
"""

from __future__ import annotations

from pathlib import Path

from kszcheck.cli.app import Ui
from kszcheck.cli.terminal import markup_text
from kszcheck.model.results import Assessment, Outcome
from kszcheck.report.viewmodel import build_view
from kszcheck.texts import say

__all__ = ["NOT_ASSESSED_SHOWN", "print_summary"]

#: How many not-assessed rules the summary names (the report lists them all).
NOT_ASSESSED_SHOWN = 5

_STATUS_STYLE = {
    "compliant": "green",
    "gaps": "red",
    "incomplete": "yellow",
    "gaps_incomplete": "red",
}


def print_summary(
    ui: Ui, assessment: Assessment, report: Path | None, history: str | None = None
) -> None:
    """Print the summary (nothing with --quiet); ``history``: where the run was stored."""
    if ui.quiet:
        return
    lang, out = ui.lang, ui.out
    view = build_view(assessment, lang)
    style = _STATUS_STYLE.get(view.status, "bold")
    out.print(
        f"\n[bold]{markup_text(assessment.site_name)}[/]: "
        f"[{style}]{markup_text(view.status_label)}[/]"
    )
    out.print(markup_text(view.status_sentence))
    severities = " · ".join(f"{c.label} {c.count}" for c in view.problems_by_severity)
    out.print(
        f"{say('first_page.score', lang)} {view.score} · "
        f"{say('first_page.coverage', lang)} {view.coverage} · "
        f"{say('first_page.by_severity', lang)}: {severities}",
        markup=False,
    )
    if view.first_problems:
        out.print(f"\n[bold]{markup_text(say('first_page.plan', lang))}[/]")
        for p in view.first_problems:
            out.print(
                f"  {p.number}. [{_severity_style(p.severity)}]{markup_text(p.severity_label)}[/] "
                f"{markup_text(p.rule_id)}: {markup_text(p.statement)} "
                f"({markup_text(p.count_text)})"
            )
        hidden = view.open_problems - len(view.first_problems)
        if hidden > 0:
            out.print(f"  {say('cli.more_problems', lang, count=hidden)}", markup=False)
    _not_assessed(ui, assessment)
    if report is not None:
        out.print(f"\n{say('cli.report', lang)}: {markup_text(report)}")
    if history is not None:
        out.print(markup_text(_history_line(assessment, history, lang)))


def _severity_style(severity: str) -> str:
    return {"critical": "bold red", "high": "red", "medium": "yellow"}.get(severity, "default")


def _not_assessed(ui: Ui, assessment: Assessment) -> None:
    lang = ui.lang
    rules = [r for r in assessment.results if r.outcome is Outcome.not_assessed]
    if not rules:
        return
    ui.out.print(
        f"\n[yellow]{markup_text(say('cli.not_assessed_head', lang, count=len(rules)))}[/]"
    )
    for result in rules[:NOT_ASSESSED_SHOWN]:
        reason = result.reason.get(lang) if result.reason else ""
        ui.out.print(f"  {markup_text(result.rule_id)}: {markup_text(reason)}")
    if len(rules) > NOT_ASSESSED_SHOWN:
        more = say("cli.not_assessed_more", lang, count=len(rules) - NOT_ASSESSED_SHOWN)
        ui.out.print(f"  {markup_text(more)}")


def _history_line(assessment: Assessment, history: str, lang: str) -> str:
    changes = assessment.changes
    if changes is None:
        return say("cli.history_line", lang, place=history)
    if changes.first_run:
        return say("cli.history_first", lang, place=history)
    return say(
        "cli.history_changes",
        lang,
        place=history,
        new=len(changes.new),
        resolved=len(changes.resolved),
    )
