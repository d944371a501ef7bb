"""The history database: runs stored and compared by key; missing, foreign and locked databases
(never renamed or replaced: issue 11, b7), migrations applied on open."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.history import (
    HistoryError,
    HistoryNotCurrent,
    HistoryUnavailable,
    open_history,
    record_run,
    recording,
)
from kszcheck.history.schema import APPLICATION_ID, SCHEMA_VERSION
from kszcheck.history.sqlite import SqliteStore
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
    with open_history(tmp_path / "h.sqlite") as store:
        annotated = record_run(store, sample_assessment(), RECORDED)
    assert annotated.changes is not None
    assert (annotated.changes.previous_run, annotated.changes.this_run) == (None, 1)
    assert [p.run_id for p in annotated.trend] == [1]
    assert {f.baseline for r in annotated.results for f in r.findings} == {None}


def test_second_run_names_new_resolved_unverified_and_unchanged(tmp_path: Path) -> None:
    first = sample_assessment()
    with open_history(tmp_path / "h.sqlite") as store:
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
    with open_history(tmp_path / "h.sqlite") as store:
        record_run(store, first, RECORDED)
        annotated = record_run(store, other, RECORDED)
        assert store.sites() == ["Andere Gemeente", first.site_name]
    assert annotated.changes is not None and annotated.changes.first_run


def test_missing_database_is_created_and_said_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "h.sqlite"
    with open_history(path) as store:
        assert store.notice is not None
        assert store.notice.en == f"{path}: no history database yet; created"
    with open_history(path) as store:
        assert store.notice is None


def test_a_file_that_is_not_sqlite_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    content = b"name: Gemeente en OCMW Voorbeeld\nsources: []\n" * 40
    path.write_bytes(content)
    for read_only in (False, True):
        with pytest.raises(HistoryError) as caught:
            open_history(path, read_only=read_only)
        assert str(caught.value) == (
            f"{path}: not a kszcheck history (not an SQLite database); nothing was changed "
            "(check --history)"
        )
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site.yaml"]


def test_an_sqlite_database_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(HistoryError, match="an SQLite database, but not a kszcheck history"):
        open_history(path)
    assert path.read_bytes() == before


def test_a_damaged_database_is_refused_never_renamed(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    with open_history(path) as store:
        record_run(store, sample_assessment(), RECORDED)
    damaged = bytearray(path.read_bytes())
    damaged[100:4096] = b"\xff" * (4096 - 100)  # the header stays, the schema page is gone
    path.write_bytes(bytes(damaged))
    with pytest.raises(HistoryError, match="not a usable history database"):
        open_history(path)
    assert path.read_bytes() == bytes(damaged)
    assert [p.name for p in tmp_path.iterdir()] == ["h.sqlite"]


def hold_lock(path: Path, seconds: float, locked: threading.Event) -> None:
    """Another program (a scan committing, a backup, an admin's sqlite3) holds the write lock."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    locked.set()
    threading.Event().wait(seconds)
    conn.execute("ROLLBACK")
    conn.close()


def test_a_locked_database_is_waited_for_then_reported_never_renamed(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    with open_history(path) as store:
        record_run(store, sample_assessment(), RECORDED)
    locked = threading.Event()
    holder = threading.Thread(target=hold_lock, args=(path, 3.0, locked))
    holder.start()
    locked.wait()
    try:
        with (
            pytest.raises(HistoryUnavailable) as caught,
            SqliteStore(path, busy_timeout=0.3) as store,
        ):
            record_run(store, sample_assessment(), RECORDED)
    finally:
        holder.join()
    assert str(caught.value) == (
        f"{path}: the history database is locked by another program (waited 0.3 s); "
        "nothing was changed"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["h.sqlite"]
    with open_history(path, read_only=True) as store:
        assert [r.run_id for r in store.runs()] == [1]


def test_a_lock_released_within_the_wait_lets_the_run_be_stored(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    open_history(path).close()
    locked = threading.Event()
    holder = threading.Thread(target=hold_lock, args=(path, 0.5, locked))
    holder.start()
    locked.wait()
    with SqliteStore(path, busy_timeout=20) as store:
        annotated = record_run(store, sample_assessment(), RECORDED)
    holder.join()
    assert annotated.changes is not None and annotated.changes.this_run == 1


def test_read_only_open_changes_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite"
    with pytest.raises(HistoryError, match="no history database"):
        open_history(missing, read_only=True)
    assert not missing.exists()
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    with pytest.raises(HistoryNotCurrent, match="holds no kszcheck history yet"):
        open_history(empty, read_only=True)
    assert empty.read_bytes() == b""
    path = tmp_path / "h.sqlite"
    with open_history(path) as store:
        record_run(store, sample_assessment(), RECORDED)
    before = path.read_bytes()
    with open_history(path, read_only=True) as store:
        assert [r.run_id for r in store.runs()] == [1]
        with pytest.raises(HistoryError, match="opened read-only"):
            record_run(store, sample_assessment(), RECORDED)
    assert path.read_bytes() == before


def test_a_new_database_carries_the_kszcheck_application_id(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    open_history(path).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    conn.close()
    assert version == (str(SCHEMA_VERSION),)


def test_a_failure_inside_recording_stores_nothing(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    with open_history(path) as store:
        record_run(store, sample_assessment(), RECORDED)
        with (
            pytest.raises(OSError, match="disk full"),
            recording(store, sample_assessment(), RECORDED) as annotated,
        ):
            assert annotated.changes is not None and annotated.changes.this_run == 2
            raise OSError("disk full")
        assert [r.run_id for r in store.runs()] == [1]
        assert store.findings(2) == []


def test_database_of_another_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    open_history(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.close()
    with pytest.raises(HistoryError, match="history database of schema version 99"):
        open_history(path)


def test_run_record_round_trips(tmp_path: Path) -> None:
    assessment = sample_assessment()
    with open_history(tmp_path / "h.sqlite") as store:
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
