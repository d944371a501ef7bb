"""The security consultant's annual report, built from the history: the year's last stored run
of a site for the state at year end, the year's runs for the trend, compared with the last run
before the year (else the year's first run) for the problems resolved and new.

Every figure names the stored run it comes from (run number and date). What the history does not
keep is said where it matters: the waivers' justification and approver (only their id, rule and
dates are stored), the registers of incidents and reviews (only the outcome of the rules that
judge them), and the norm coverage of runs stored before schema version 3.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from kszcheck.history.diff import diff_findings
from kszcheck.history.store import HistoryStore, RunRecord, StoredFinding
from kszcheck.model.catalogue import RuleMeta, Severity
from kszcheck.model.common import LocalizedText
from kszcheck.model.errors import KszError
from kszcheck.model.history import ChangedFinding
from kszcheck.model.results import whole_percent
from kszcheck.model.text import one_line
from kszcheck.report.viewmodel import safe_format
from kszcheck.texts import load_texts

__all__ = [
    "LISTED_CHANGES",
    "RECORD_FACTS",
    "ActionRow",
    "AnnualReport",
    "ChangeRow",
    "CoverageRow",
    "RuleStateRow",
    "RunRow",
    "WaiverRow",
    "build_annual_report",
]

#: The new and resolved findings listed by name; the others are counted.
LISTED_CHANGES = 40

#: The records whose rules tell whether incidents and reviews are kept (rule ``needs``).
RECORD_FACTS = frozenset({"records.incidents", "records.reviews", "records.log_reviews"})

#: Requirement outcomes that count as assessed (as in the run's norm coverage).
_ASSESSED = ("pass", "fail", "waived")
_OUTCOMES = ("pass", "fail", "waived", "not_assessed", "manual", "not_covered", "not_applicable")


@dataclass(frozen=True)
class RunRow:
    run_id: int
    day: date
    status: str
    score: str
    coverage: str
    failed_rules: int
    open_findings: int
    waived_findings: int
    tool_version: str


@dataclass(frozen=True)
class ChangeRow:
    rule_id: str
    title: str
    subject: str
    severity: str


@dataclass(frozen=True)
class WaiverRow:
    waiver_id: str
    rule_id: str
    start: date
    expires: date
    state: str


@dataclass(frozen=True)
class ActionRow:
    rule_id: str
    title: str
    severity: str
    owner: str
    open_findings: int


@dataclass(frozen=True)
class RuleStateRow:
    rule_id: str
    title: str
    outcome: str


@dataclass(frozen=True)
class CoverageRow:
    norm_id: str
    title: str
    total: int
    assessed: int
    #: requirements per outcome label, e.g. "in orde 7 · niet in orde 28"
    outcomes: str


@dataclass(frozen=True)
class AnnualReport:
    lang: str
    site: str
    year: int
    history: str  # the history it was built from (a file or a URL without password)
    last: RunRow
    #: the run the year is compared with: the last one before the year, else the year's first
    start: RunRow | None
    monthly: tuple[RunRow, ...]
    runs: tuple[RunRow, ...]
    new: tuple[ChangeRow, ...]
    resolved: tuple[ChangeRow, ...]
    unverified: tuple[ChangeRow, ...]
    counts: Mapping[str, int]  # new, resolved, unverified
    waivers: tuple[WaiverRow, ...] | None  # None: not stored for that run
    actions: tuple[ActionRow, ...]
    record_rules: tuple[RuleStateRow, ...]
    coverage: tuple[CoverageRow, ...] | None  # None: not stored for that run
    texts: Mapping[str, str]

    def text(self, key: str, **args: object) -> str:
        return safe_format(self.texts[key], args)


class _Labels:
    def __init__(self, lang: str, rules: Mapping[str, RuleMeta]) -> None:
        self.lang = lang
        self.t = load_texts(lang)
        self.rules = rules

    def title(self, rule_id: str) -> str:
        meta = self.rules.get(rule_id)
        return meta.title.get(self.lang) if meta else rule_id

    def label(self, group: str, value: str) -> str:
        return self.t.get(f"{group}.{value}", value)

    def run(self, run: RunRecord) -> RunRow:
        return RunRow(
            run_id=run.run_id,
            day=run.evaluated_at.date(),
            status=self.label("status", run.status),
            score=whole_percent(run.score),
            coverage=whole_percent(run.coverage),
            failed_rules=run.failed_rules,
            open_findings=run.open_findings,
            waived_findings=run.waived_findings,
            tool_version=run.tool_version,
        )

    def change(self, item: ChangedFinding) -> ChangeRow:
        return ChangeRow(
            rule_id=item.rule_id,
            title=self.title(item.rule_id),
            subject=one_line(item.subject),
            severity=self.label("severity", item.severity),
        )


def _monthly(runs: Sequence[RunRecord]) -> list[RunRecord]:
    """The last run of each month, in order."""
    last: dict[int, RunRecord] = {}
    for run in runs:
        last[run.evaluated_at.month] = run
    return [last[month] for month in sorted(last)]


def _actions(findings: Sequence[StoredFinding], labels: _Labels) -> list[ActionRow]:
    by_rule: dict[str, list[StoredFinding]] = {}
    for item in findings:
        if item.outcome == "fail" and not item.waived:
            by_rule.setdefault(item.rule_id, []).append(item)
    rows = []
    for rule_id, items in by_rule.items():
        worst = min((Severity(i.severity) for i in items), key=lambda s: s.rank)
        meta = labels.rules.get(rule_id)
        rows.append(
            (
                worst.rank,
                rule_id,
                ActionRow(
                    rule_id=rule_id,
                    title=labels.title(rule_id),
                    severity=labels.label("severity", worst.value),
                    owner=labels.label("owner", meta.owner.value) if meta else "",
                    open_findings=len({i.key for i in items}),
                ),
            )
        )
    return [row for _, _, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def _coverage(
    outcomes: Mapping[str, Mapping[str, str]] | None,
    norm_titles: Mapping[str, LocalizedText],
    labels: _Labels,
) -> tuple[CoverageRow, ...] | None:
    if not outcomes:
        return None
    rows = []
    for norm_id, items in outcomes.items():
        values = list(items.values())
        counted = [(o, values.count(o)) for o in _OUTCOMES if values.count(o)]
        title = norm_titles.get(norm_id)
        rows.append(
            CoverageRow(
                norm_id=norm_id,
                title=title.get(labels.lang) if title else norm_id,
                total=len(values),
                assessed=sum(1 for o in values if o in _ASSESSED),
                outcomes=" · ".join(f"{labels.label('outcome', o)} {n}" for o, n in counted),
            )
        )
    return tuple(rows)


def _waivers(store: HistoryStore, last: RunRecord, labels: _Labels) -> tuple[WaiverRow, ...] | None:
    if store.version < 2:
        return None
    today = last.evaluated_at.date()
    rows = []
    for waiver in store.waivers(last.run_id):
        state = (
            "expired" if waiver.expires < today else "pending" if waiver.start > today else "active"
        )
        rows.append(
            WaiverRow(
                waiver_id=one_line(waiver.waiver_id),
                rule_id=waiver.rule_id,
                start=waiver.start,
                expires=waiver.expires,
                state=labels.label("waiver_status", state),
            )
        )
    return tuple(sorted(rows, key=lambda w: (w.expires, w.waiver_id)))


def build_annual_report(
    store: HistoryStore,
    site: str,
    year: int | None,
    lang: str,
    rules: Mapping[str, RuleMeta],
    norm_titles: Mapping[str, LocalizedText],
) -> AnnualReport:
    """The annual report of ``site`` for ``year`` (default: the year of its last stored run)."""
    every = store.runs(site)
    if not every:
        known = ", ".join(store.sites()) or "none"
        raise KszError(f"the history {store.target} holds no run of '{site}' (sites: {known})")
    chosen = year if year is not None else every[-1].evaluated_at.year
    runs = [r for r in every if r.evaluated_at.year == chosen]
    if not runs:
        years = sorted({r.evaluated_at.year for r in every})
        raise KszError(
            f"the history holds no run of '{site}' in {chosen} (years: "
            f"{', '.join(map(str, years))})"
        )
    labels = _Labels(lang, rules)
    last = runs[-1]
    before = [r for r in every if r.evaluated_at.year < chosen]
    start = before[-1] if before else runs[0]
    last_findings = store.findings(last.run_id)
    outcomes = store.outcomes(last.run_id)
    changes = diff_findings(
        store.findings(start.run_id),
        last_findings,
        outcomes,
        previous_run=start.run_id,
        this_run=last.run_id,
    )
    record_rules = tuple(
        RuleStateRow(
            rule_id=rule_id,
            title=labels.title(rule_id),
            outcome=labels.label("outcome", outcomes[rule_id])
            if rule_id in outcomes
            else labels.t["documents.annual.not_stored"],
        )
        for rule_id, meta in sorted(rules.items())
        if RECORD_FACTS & set(meta.needs)
    )
    return AnnualReport(
        lang=lang,
        site=one_line(site),
        year=chosen,
        history=one_line(store.target),
        last=labels.run(last),
        start=labels.run(start) if start.run_id != last.run_id else None,
        monthly=tuple(labels.run(r) for r in _monthly(runs)),
        runs=tuple(labels.run(r) for r in runs),
        new=tuple(labels.change(c) for c in changes.new[:LISTED_CHANGES]),
        resolved=tuple(labels.change(c) for c in changes.resolved[:LISTED_CHANGES]),
        unverified=tuple(labels.change(c) for c in changes.unverified[:LISTED_CHANGES]),
        counts={
            "new": len(changes.new),
            "resolved": len(changes.resolved),
            "unverified": len(changes.unverified),
        },
        waivers=_waivers(store, last, labels),
        actions=tuple(_actions(last_findings, labels)),
        record_rules=record_rules,
        coverage=_coverage(store.requirement_outcomes(last.run_id), norm_titles, labels),
        texts=labels.t,
    )
