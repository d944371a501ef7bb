"""Store a scan in the history and attach what changed since the previous run of the site."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from kszcheck.history.diff import annotate, diff_findings, stored_findings
from kszcheck.history.store import HistoryStore, StoredFinding
from kszcheck.model.history import ChangeSummary
from kszcheck.model.results import Assessment

__all__ = ["TREND_RUNS", "record_run", "recording"]

#: How many runs the trend shows (this run included).
TREND_RUNS = 12
#: How many earlier runs are read to find when a finding was first seen.
FIRST_SEEN_RUNS = 400


def record_run(
    store: HistoryStore,
    assessment: Assessment,
    recorded_at: datetime,
    trend_runs: int = TREND_RUNS,
    *,
    uid: str | None = None,
    report: str = "",
) -> Assessment:
    """Store the run; return the assessment with its changes, trend and per-finding baseline."""
    with recording(store, assessment, recorded_at, trend_runs, uid=uid, report=report) as done:
        return done


@contextmanager
def recording(
    store: HistoryStore,
    assessment: Assessment,
    recorded_at: datetime,
    trend_runs: int = TREND_RUNS,
    *,
    uid: str | None = None,
    report: str = "",
) -> Iterator[Assessment]:
    """Store the run in one transaction and give the annotated assessment to the block: the run
    is committed only when the block ends without an error (e.g. its outputs were written)."""
    with store.transaction():
        findings = stored_findings(assessment)
        run_id = store.record(assessment, findings, recorded_at, uid=uid, report=report)
        previous = store.previous(assessment.site_name, run_id)
        first_seen: dict[str, date] = {}
        if previous is None:
            changes = ChangeSummary(this_run=run_id)
        else:
            first_seen = _first_seen(store, assessment.site_name, run_id, findings)
            changes = diff_findings(
                store.findings(previous.run_id),
                findings,
                {r.rule_id: r.outcome.value for r in assessment.results},
                previous_run=previous.run_id,
                previous_evaluated_at=previous.evaluated_at,
                this_run=run_id,
            )
        trend = [r.trend_point() for r in store.runs(assessment.site_name, trend_runs)]
        yield annotate(assessment, changes, trend, first_seen)


def _first_seen(
    store: HistoryStore, site: str, run_id: int, findings: list[StoredFinding]
) -> dict[str, date]:
    """For each finding of this run that the runs just before it had too, the day of the first
    of those consecutive runs (a run without the finding ends its streak)."""
    pending = {f.key for f in findings}
    first: dict[str, date] = {}
    before = run_id
    for _ in range(FIRST_SEEN_RUNS):
        run = store.previous(site, before)
        if run is None or not pending:
            break
        pending &= {f.key for f in store.findings(run.run_id)}
        for key in pending:
            first[key] = run.evaluated_at.date()
        before = run.run_id
    return first
