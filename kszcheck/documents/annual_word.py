"""The security consultant's annual report as a Word document (on python-docx's template or a
house template, through :class:`kszcheck.documents.word.Word`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kszcheck.documents.annual import AnnualReport, ChangeRow, RunRow
from kszcheck.documents.word import LABEL_VALUE, Word

__all__ = ["annual_docx"]


def _run_rows(report: AnnualReport, runs: Sequence[RunRow]) -> tuple[list[str], list[list[str]]]:
    t = report.text
    header = [
        t(f"documents.annual.col_{name}")
        for name in ("run", "date", "status", "score", "coverage", "failed", "open", "waived")
    ]
    rows = [
        [
            str(r.run_id),
            r.day.isoformat(),
            r.status,
            r.score,
            r.coverage,
            str(r.failed_rules),
            str(r.open_findings),
            str(r.waived_findings),
        ]
        for r in runs
    ]
    return header, rows


def _changes(
    word: Word, report: AnnualReport, kind: str, rows: Sequence[ChangeRow], total: int
) -> None:
    if not total:
        return
    t = report.text
    word.heading(f"{t(f'documents.annual.{kind}')} ({total})", 2)
    word.table(
        [
            t("documents.annual.col_rule"),
            t("documents.annual.col_title"),
            t("documents.annual.col_subject"),
            t("documents.annual.col_severity"),
        ],
        [[c.rule_id, c.title, c.subject, c.severity] for c in rows],
        (2.8, 6.2, 4.8, 2.2),
    )
    if total > len(rows):
        start = report.start.run_id if report.start else report.last.run_id
        word.paragraph(
            t(
                "documents.annual.more",
                count=total - len(rows),
                from_run=start,
                to_run=report.last.run_id,
            )
        )


def _state(word: Word, report: AnnualReport) -> None:
    t = report.text
    last, start = report.last, report.start
    word.heading(t("documents.annual.sec_state"), 1)
    word.paragraph(
        t("documents.annual.state_line", year=report.year, run=last.run_id, date=last.day)
    )
    header, rows = _run_rows(report, [last])
    word.table(None, [list(pair) for pair in zip(header, rows[0], strict=True)], LABEL_VALUE)
    if start is None:
        word.paragraph(t("documents.annual.only_run"))
    else:
        word.paragraph(
            t(
                "documents.annual.start_line",
                run=start.run_id,
                date=start.day,
                score_from=start.score,
                score_to=last.score,
                coverage_from=start.coverage,
                coverage_to=last.coverage,
            )
        )


def _changes_section(word: Word, report: AnnualReport) -> None:
    t = report.text
    word.heading(t("documents.annual.sec_changes"), 1)
    start = report.start or report.last
    word.paragraph(
        t(
            "documents.annual.changes_line",
            from_run=start.run_id,
            from_date=start.day,
            to_run=report.last.run_id,
            to_date=report.last.day,
            **report.counts,
        )
    )
    _changes(word, report, "new", report.new, report.counts["new"])
    _changes(word, report, "resolved", report.resolved, report.counts["resolved"])
    _changes(word, report, "unverified", report.unverified, report.counts["unverified"])


def _waivers(word: Word, report: AnnualReport) -> None:
    t = report.text
    word.heading(t("documents.annual.sec_waivers"), 1)
    if report.waivers is None:
        word.paragraph(t("documents.annual.waivers_not_stored"))
        return
    word.paragraph(t("documents.annual.waivers_note"))
    if not report.waivers:
        word.paragraph(t("documents.annual.waivers_none"))
        return
    word.table(
        [
            t(f"documents.annual.col_{name}")
            for name in ("waiver", "rule", "start", "expires", "state")
        ],
        [
            [w.waiver_id, w.rule_id, w.start.isoformat(), w.expires.isoformat(), w.state]
            for w in report.waivers
        ],
    )


def _plan_and_coverage(word: Word, report: AnnualReport) -> None:
    t = report.text
    word.heading(t("documents.annual.sec_plan"), 1)
    if report.actions:
        word.paragraph(t("documents.annual.plan_intro"))
        word.table(
            [
                t(f"documents.annual.col_{name}")
                for name in ("rule", "title", "severity", "owner", "open")
            ],
            [
                [a.rule_id, a.title, a.severity, a.owner, str(a.open_findings)]
                for a in report.actions
            ],
            (2.8, 7.0, 2.2, 2.6, 1.4),
        )
    else:
        word.paragraph(t("documents.annual.plan_none"))
    word.heading(t("documents.annual.sec_coverage"), 1)
    if report.coverage is None:
        word.paragraph(t("documents.annual.coverage_not_stored"))
        return
    word.paragraph(t("documents.annual.coverage_intro", run=report.last.run_id))
    word.table(
        [
            t(f"documents.annual.col_{name}")
            for name in ("norm", "title", "requirements", "assessed", "outcomes")
        ],
        [[c.norm_id, c.title, str(c.total), str(c.assessed), c.outcomes] for c in report.coverage],
    )


def annual_docx(report: AnnualReport, template: Path | None = None) -> bytes:
    """The annual report: state at year end, the year's trend, problems resolved and new,
    waivers, incidents and reviews, the action plan, norm coverage, the runs used, and room for
    the consultant's own assessment."""
    t = report.text
    title = t("documents.annual.title", year=report.year)
    word = Word(template, title, t("report.language_tag"))
    word.title(title)
    word.paragraph(t("documents.annual.intro", history=report.history))
    word.table(
        None,
        [
            [t("documents.annual.site"), report.site],
            [t("documents.annual.year"), str(report.year)],
            [t("documents.annual.history"), report.history],
        ],
        LABEL_VALUE,
    )
    _state(word, report)
    word.heading(t("documents.annual.sec_trend"), 1)
    word.paragraph(t("documents.annual.trend_intro"))
    word.table(*_run_rows(report, report.monthly))
    _changes_section(word, report)
    _waivers(word, report)
    word.heading(t("documents.annual.sec_records"), 1)
    word.paragraph(t("documents.annual.records_note"))
    if report.record_rules:
        word.table(
            [t(f"documents.annual.col_{name}") for name in ("rule", "title", "outcome")],
            [[r.rule_id, r.title, r.outcome] for r in report.record_rules],
        )
    _plan_and_coverage(word, report)
    word.heading(t("documents.annual.sec_comment"), 1)
    word.paragraph(t("documents.annual.comment_hint"))
    word.heading(t("documents.annual.sec_runs"), 1)
    word.paragraph(
        t(
            "documents.annual.runs_intro",
            count=len(report.runs),
            site=report.site,
            year=report.year,
            history=report.history,
        )
    )
    header, rows = _run_rows(report, report.runs)
    word.table(
        [*header, t("documents.annual.col_tool")],
        [[*row, run.tool_version] for row, run in zip(rows, report.runs, strict=True)],
    )
    return word.to_bytes()
