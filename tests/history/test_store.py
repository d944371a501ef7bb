"""The history database: runs stored and compared by key; missing and corrupt databases."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.history import HistoryError, HistoryStore, record_run
from kszcheck.model.history import Baseline
from kszcheck.model.results import Assessment, Outcome, RuleResult
from tests.report import finding, sample_assessment

RECORDED = datetime(2025, 3, 12, 15, 0, tzinfo=UTC)


def changed(assessment: Assessment, rule_id: str, **update: object) -> Assessment:
    results = [
        r.model_copy(update=update) if r.rule_id == rule_id else r for r in assessment.results
    ]
    return assessment.model_copy(update={"results": results})


def second_run(first: Assessment) -> Assessment:
    """The sample, a day later: one finding of PEO-001 gone, one new; LOG-001 not assessed."""
    peo = next(r for r in first.results if r.rule_id == "KSZ-PEO-001")
    findings = [f for f in peo.findings if not f.subject.startswith("CN=Eva Evil")]
    findings.append(finding("KSZ-PEO-001", "CN=Nieuw,OU=Users,DC=gem,DC=local"))
    later = changed(first, "KSZ-PEO-001", findings=findings)
    later = changed(later, "KSZ-LOG-001", outcome=Outcome.not_assessed, findings=[])
    return later.model_copy(
        update={"evaluated_at": first.evaluated_at.replace(day=first.evaluated_at.day + 1)}
    )


def test_first_run_has_no_previous_and_no_baseline(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite") as store:
        annotated = record_run(store, sample_assessment(), RECORDED)
    assert annotated.changes is not None
    assert (annotated.changes.previous_run, annotated.changes.this_run) == (None, 1)
    assert [p.run_id for p in annotated.trend] == [1]
    assert {f.baseline for r in annotated.results for f in r.findings} == {None}


def test_second_run_names_new_resolved_unverified_and_unchanged(tmp_path: Path) -> None:
    first = sample_assessment()
    with HistoryStore(tmp_path / "h.sqlite") as store:
        record_run(store, first, RECORDED)
        annotated = record_run(store, second_run(first), RECORDED)
    changes = annotated.changes
    assert changes is not None
    assert changes.previous_run == 1 and changes.this_run == 2
    assert [c.key for c in changes.new] == ["KSZ-PEO-001|CN=Nieuw,OU=Users,DC=gem,DC=local"]
    assert [c.key for c in changes.resolved] == ["KSZ-PEO-001|CN=Eva Evil,OU=Users,DC=gem,DC=local"]
    # LOG-001 was not assessed this time: its finding is not "resolved"
    assert [c.key for c in changes.unverified] == ["KSZ-LOG-001|srv-sd01"]
    assert changes.unchanged == 3
    baselines = {f.subject: f.baseline for r in annotated.results for f in r.findings}
    assert baselines["CN=Nieuw,OU=Users,DC=gem,DC=local"] is Baseline.new
    assert baselines["adm.peeters"] is Baseline.unchanged
    assert [p.run_id for p in annotated.trend] == [1, 2]


def test_runs_of_other_sites_are_not_compared(tmp_path: Path) -> None:
    first = sample_assessment()
    other = first.model_copy(update={"site_name": "Andere Gemeente"})
    with HistoryStore(tmp_path / "h.sqlite") as store:
        record_run(store, first, RECORDED)
        annotated = record_run(store, other, RECORDED)
        assert store.sites() == ["Andere Gemeente", first.site_name]
    assert annotated.changes is not None and annotated.changes.first_run


def test_missing_database_is_created_and_said_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "h.sqlite"
    with HistoryStore(path) as store:
        assert store.notice == f"{path}: no history database yet; created"
    with HistoryStore(path) as store:
        assert store.notice is None


def test_corrupt_database_is_kept_aside_and_recreated(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    path.write_bytes(b"this is not an SQLite database, it is a broken file" * 40)
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    with HistoryStore(path, now=moment) as store:
        annotated = record_run(store, sample_assessment(), RECORDED)
        assert store.notice == (
            f"{path}: not a usable history database (file is not a database); "
            "kept aside as h.sqlite.corrupt-20260102T030405 and created anew"
        )
    aside = tmp_path / "h.sqlite.corrupt-20260102T030405"
    assert aside.read_bytes().startswith(b"this is not an SQLite database")
    assert annotated.changes is not None and annotated.changes.this_run == 1


def test_database_of_another_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    HistoryStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.close()
    with pytest.raises(HistoryError, match="history database of schema version 99"):
        HistoryStore(path)


def test_run_record_round_trips(tmp_path: Path) -> None:
    assessment = sample_assessment()
    with HistoryStore(tmp_path / "h.sqlite") as store:
        record_run(store, assessment, RECORDED)
        (run,) = store.runs()
        assert store.outcomes(1)["KSZ-SEP-001"] == "not_assessed"
        keys = [f.key for f in store.findings(1)]
    assert (run.site, run.evaluated_at, run.status) == (
        assessment.site_name,
        assessment.evaluated_at,
        assessment.summary.status,
    )
    assert (run.failed_rules, run.open_findings, run.waived_findings) == (2, 3, 2)
    assert keys == sorted(
        f.key for r in assessment.results for f in r.findings if isinstance(r, RuleResult)
    )
