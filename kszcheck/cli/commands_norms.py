"""Commands about the norm files: ``norms list`` and ``norms show`` (with coverage)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from kszcheck import pipeline
from kszcheck.cli.app import LANG, NOW, cli, parse_now
from kszcheck.cli.commands_catalogue import PACKS, full_catalogue
from kszcheck.model.coverage import NormCoverage, RequirementOutcome
from kszcheck.paths import example_dir
from kszcheck.texts import say

__all__ = ["norms"]

#: The kinds of requirement, in the order of the columns.
_STATUS = ("automated", "partial", "manual", "not_covered")


def _console() -> Console:
    """Wide when the output is not a terminal (a file or a pipe), so the table stays readable."""
    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)


def _share(count: int, total: int) -> str:
    """A count with its share of the whole norm, rounded down (99.6 % never shows as 100 %)."""
    return f"{count} ({math.floor(100 * count / total)}%)" if total else str(count)


@cli.group()
def norms() -> None:
    """The norms (KSZ, VTC, CyFun, ISO 27001): requirements, rules and coverage."""


@norms.command("list")
@LANG
@PACKS
def norms_list(lang: str | None, rules_dirs: tuple[Path, ...]) -> None:
    """List the norms with how many of their requirements are automated, partial, manual or
    not covered (a share of the whole norm), and how much of each norm's text was read."""
    language = lang or "nl"
    table = Table(box=None, header_style="bold")
    headers = [say(f"cli.col_{c}", language) for c in ("id", "title", "text", "total")]
    for column in headers + [say(f"cli.status_{s}", language) for s in _STATUS]:
        table.add_column(column)
    for norm in full_catalogue(rules_dirs, None).norms:
        counts = {status: 0 for status in _STATUS}
        for requirement in norm.requirements:
            counts[requirement.status.value] += 1
        total = len(norm.requirements)
        seen = norm.text_seen.value if norm.text_seen is not None else ""
        table.add_row(
            norm.id,
            norm.title.get(language),
            say(f"cli.seen_{seen}", language),
            str(total),
            *(_share(counts[s], total) for s in _STATUS),
        )
    _console().print(table)


@norms.command("show")
@click.argument("norm_id", metavar="NORM")
@click.option(
    "--site",
    "site_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Evaluate this site (site.yaml or its folder); default: the example administration.",
)
@click.option(
    "--assessment",
    "assessment_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Read the coverage from a saved assessment.json instead of evaluating.",
)
@LANG
@NOW
def norms_show(
    norm_id: str,
    site_path: Path | None,
    assessment_path: Path | None,
    lang: str | None,
    now_text: str | None,
) -> None:
    """Show the requirements of NORM with their coverage on a site.

    Without --site or --assessment the example administration is evaluated.
    """
    language = lang or "nl"
    if assessment_path is not None:
        assessment = pipeline.load_assessment(assessment_path)
    else:
        now = parse_now(now_text)
        run = pipeline.collect(site_path or example_dir(), now)
        assessment = pipeline.evaluate_snapshot(run.site, run.site_file, run.snapshot, now)
    site_name = assessment.site_name
    coverage = next((n for n in assessment.norms if n.norm_id == norm_id), None)
    if coverage is None:
        known = ", ".join(n.norm_id for n in assessment.norms) or "none"
        raise click.BadParameter(f"there is no norm '{norm_id}' ({known})", param_hint="NORM")
    _print_coverage(_console(), coverage, site_name, language)


def _print_coverage(out: Console, coverage: NormCoverage, site_name: str, lang: str) -> None:
    out.print(f"[bold]{coverage.title.get(lang)}[/] ({coverage.version})", markup=True)
    out.print(f"{say('cli.site', lang)}: {site_name}", markup=False)
    table = Table(box=None, header_style="bold")
    for column in ("requirement", "kind", "result", "rules", "description"):
        table.add_column(say(f"cli.col_{column}", lang))
    for item in coverage.requirements:
        rules = ", ".join(f"{r} ({o})" for r, o in item.rules.items()) or "–"
        table.add_row(
            item.requirement_id,
            say(f"cli.status_{item.status.value}", lang),
            say(f"cli.outcome_{item.outcome.value}", lang),
            rules,
            item.title.get(lang),
        )
    out.print(table)
    total = coverage.total
    status = ", ".join(
        f"{say(f'cli.status_{s}', lang)} {_share(coverage.by_status.get(s, 0), total)}"
        for s in _STATUS
    )
    outcome = ", ".join(
        f"{say(f'cli.outcome_{o.value}', lang)} {coverage.by_outcome[o.value]}"
        for o in RequirementOutcome
        if coverage.by_outcome.get(o.value)
    )
    out.print(f"\n{total} {say('cli.whole_norm', lang)}: {status}", markup=False)
    out.print(
        f"{say('cli.assessed_in_run', lang)}: {_share(coverage.assessed, total)}", markup=False
    )
    out.print(
        f"{say('cli.norm_text', lang)}: {say(f'cli.seen_{coverage.text_seen}', lang)}",
        markup=False,
    )
    out.print(outcome, markup=True)
    waiting = [i for i in coverage.requirements if i.outcome.value == "manual"]
    if waiting:
        out.print(f"\n[bold]{say('cli.waiting', lang)}[/]", markup=True)
        for item in waiting:
            needed = item.evidence_needed.get(lang) if item.evidence_needed else ""
            reason = f" ({item.reason.get(lang)})" if item.reason else ""
            out.print(f"  {item.requirement_id}{reason}: {needed}", markup=False)
    uncovered = [i for i in coverage.requirements if i.outcome.value == "not_covered"]
    if uncovered:
        first = uncovered[0].evidence_needed
        hint = f" {first.get(lang)}" if first else ""
        out.print(f"\n{say('cli.uncovered', lang, count=len(uncovered))}{hint}", markup=False)
