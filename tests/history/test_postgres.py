"""The history in a real PostgreSQL server (Debian's postgresql, started by the tests on
127.0.0.1 with initdb/pg_ctl in a temporary folder, as ``nobody`` when the tests run as root; TLS
with a test CA; SCRAM passwords): the same interface as SQLite, migrations on open, concurrent
writers, TLS verified by default, passwords only by reference, and a spool that loses no run
when the server goes away in the middle of a push."""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from kszcheck.history import (
    HistoryError,
    HistoryTarget,
    HistoryUnavailable,
    SpooledRun,
    open_history,
    parse_target,
    pending,
    push,
    record_run,
    spool_run,
)
from kszcheck.history.schema import SCHEMA_VERSION
from kszcheck.model.site import CredentialRef
from tests.history.test_store import RECORDED, second_run
from tests.peers import postgres
from tests.peers.postgres import SCANNER, SCANNER_PASSWORD, PostgresServer
from tests.report import sample_assessment
from tests.support import kszcheck, require_peer

PASSWORD_VARIABLE = "KSZCHECK_TEST_HISTORY_PASSWORD"
_NAMES = itertools.count(1)


@pytest.fixture(scope="module")
def server() -> Iterator[PostgresServer]:
    require_peer(postgres.missing_reason(), "the PostgreSQL history tests")
    started = PostgresServer.start()
    yield started
    started.remove()


@pytest.fixture
def target(server: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> HistoryTarget:
    """A new, empty database of the scanner role; the password by reference (a variable)."""
    database = f"history_{next(_NAMES)}"
    server.psql(f"CREATE DATABASE {database} OWNER {SCANNER}")
    monkeypatch.setenv(PASSWORD_VARIABLE, SCANNER_PASSWORD)
    return parse_target(
        server.url(database=database), password=CredentialRef(env=PASSWORD_VARIABLE)
    )


def test_runs_are_stored_and_compared_as_in_sqlite(target: HistoryTarget) -> None:
    first = sample_assessment()
    with open_history(target) as store:
        assert store.notice is not None
        assert store.notice.en == f"{target.url}: no history database yet; created"
        record_run(store, first, RECORDED, uid="a" * 32, report="https://intranet/ksz/a.html")
        annotated = record_run(store, second_run(first), RECORDED)
    changes = annotated.changes
    assert changes is not None
    assert (changes.previous_run, changes.this_run) == (1, 2)
    assert [c.key for c in changes.new] == ["KSZ-PEO-001|CN=Nieuw,OU=Users,DC=gem,DC=local"]
    assert [c.key for c in changes.resolved] == ["KSZ-PEO-001|CN=Eva Evil,OU=Users,DC=gem,DC=local"]
    assert [c.key for c in changes.unverified] == ["KSZ-LOG-001|srv-sd01"]
    with open_history(target, read_only=True) as store:
        assert store.notice is None
        assert store.schema_version() == SCHEMA_VERSION
        runs = store.runs()
        assert [(r.run_id, r.uid, r.report) for r in runs] == [
            (1, "a" * 32, "https://intranet/ksz/a.html"),
            (2, None, ""),
        ]
        assert runs[0].evaluated_at == first.evaluated_at
        assert store.has_run("a" * 32) and not store.has_run("b" * 32)
        assert sorted(w.waiver_id for w in store.latest_waivers()[2]) == sorted(
            w.id for w in first.waivers
        )
        with pytest.raises(HistoryError, match="opened read-only"):
            record_run(store, first, RECORDED)


def test_a_version_1_database_is_upgraded_on_open(target: HistoryTarget) -> None:
    import psycopg

    from kszcheck.history.schema import MIGRATIONS

    assert target.url is not None
    with psycopg.connect(target.conninfo, password=SCANNER_PASSWORD, autocommit=True) as conn:
        for statement in MIGRATIONS[0].for_dialect("postgresql"):
            conn.execute(statement.encode())
        conn.execute(b"INSERT INTO meta (key, value) VALUES ('schema_version', '1')")
    with open_history(target, read_only=True) as store:  # read as it is, not upgraded
        assert (store.schema_version(), store.runs()) == (1, [])
    with open_history(target) as store:
        assert store.notice is not None
        assert store.notice.en == f"{target.url}: history upgraded from schema version 1"
        assert store.schema_version() == SCHEMA_VERSION


def test_tls_is_verified_by_default(server: PostgresServer, tmp_path: Path) -> None:
    no_ca = parse_target(server.url(ca=False), password=None)
    assert no_ca.conninfo.endswith("sslmode=verify-full")
    with pytest.raises(HistoryUnavailable, match="root certificate file"):
        open_history(no_ca)
    other_ca = postgres.certificates(tmp_path, "another CA")[0]  # did not sign the server's
    wrong = parse_target(server.url(ca=False) + f"?sslrootcert={other_ca}")
    with pytest.raises(HistoryUnavailable, match="certificate verify failed"):
        open_history(wrong)


def test_a_password_is_never_in_the_url_nor_in_a_message(
    server: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "s3cret-in-url"
    url = server.url().replace(f"{SCANNER}@", f"{SCANNER}:{secret}@")
    with pytest.raises(HistoryError) as caught:
        parse_target(url)
    assert secret not in str(caught.value)
    assert f"{SCANNER}:***@127.0.0.1" in str(caught.value)
    with pytest.raises(HistoryError) as caught:
        parse_target(server.url() + f"&password={secret}")
    assert secret not in str(caught.value)
    wrong = "wrong-password-7a1"
    monkeypatch.setenv(PASSWORD_VARIABLE, wrong)
    refused = parse_target(server.url(), password=CredentialRef(env=PASSWORD_VARIABLE))
    with pytest.raises(HistoryUnavailable) as caught:
        open_history(refused)
    assert "password authentication failed" in str(caught.value)
    assert wrong not in str(caught.value)


def test_concurrent_writers_and_a_concurrent_first_open(target: HistoryTarget) -> None:
    """Eight scanners open a new database at the same moment (the migrations run once, under the
    advisory lock) and store five runs each."""
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def scanner(number: int) -> None:
        try:
            start.wait()
            with open_history(target) as store:
                for run in range(5):
                    site = f"Gemeente {number}"
                    assessment = sample_assessment().model_copy(update={"site_name": site})
                    record_run(store, assessment, RECORDED, uid=f"{number}-{run}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=scanner, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with open_history(target, read_only=True) as store:
        runs = store.runs()
        assert sorted(r.uid or "" for r in runs) == sorted(
            f"{n}-{r}" for n in range(8) for r in range(5)
        )
        assert store.sites() == [f"Gemeente {n}" for n in range(8)]
        trends = store.trends(3)
    assert {site: len(runs) for site, runs in trends.items()} == {
        f"Gemeente {n}": 3 for n in range(8)
    }


def spooled(folder: Path, count: int) -> list[str]:
    uids = []
    for number in range(count):
        uid = uuid.uuid4().hex
        assessment = sample_assessment().model_copy(update={"site_name": f"Site {number:02d}"})
        moment = RECORDED + timedelta(minutes=number)
        spool_run(folder, SpooledRun(uid, moment, f"file:///reports/{number}", assessment))
        uids.append(uid)
    return uids


def test_the_server_stopped_during_a_push_loses_no_run(
    server: PostgresServer, target: HistoryTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twelve runs wait; the server is stopped (immediate: like a crash) right after the fifth
    was stored; the push stops with seven still waiting; once the server is back, a second push
    stores those seven. Every run is in the database exactly once."""
    folder = tmp_path / "spool"
    uids = spooled(folder, 12)
    open_history(target).close()
    removed: list[Path] = []
    real_unlink = Path.unlink

    def unlink_then_crash(self: Path, missing_ok: bool = False) -> None:
        real_unlink(self, missing_ok=missing_ok)
        if self.parent == folder:
            removed.append(self)
            if len(removed) == 5:
                server.stop("immediate")

    monkeypatch.setattr(Path, "unlink", unlink_then_crash)
    try:
        with open_history(target) as store:
            first = push(store, folder)
    finally:
        monkeypatch.setattr(Path, "unlink", real_unlink)
        server.resume()
    assert len(first.sent) == 5 and len(first.left) == 7
    assert first.error is not None and "cannot reach the history database" in first.error
    assert [p.name for p in pending(folder)] == [p.name for p in first.left]
    with open_history(target) as store:
        second = push(store, folder)
    assert (len(second.sent), len(second.known), second.left) == (7, 0, [])
    assert pending(folder) == []
    with open_history(target, read_only=True) as store:
        stored = store.runs()
    assert sorted(r.uid or "" for r in stored) == sorted(uids)
    assert [r.site for r in stored] == [f"Site {n:02d}" for n in range(12)]  # oldest first


def test_a_run_stored_before_its_file_was_removed_is_not_stored_twice(
    target: HistoryTarget, tmp_path: Path
) -> None:
    folder = tmp_path / "spool"
    (uid,) = spooled(folder, 1)
    with open_history(target) as store:  # committed, then the scanner stopped: the file stayed
        record_run(store, sample_assessment(), RECORDED, uid=uid)
        result = push(store, folder)
        assert (len(result.sent), len(result.known)) == (0, 1)
        assert [r.uid for r in store.runs()] == [uid]
    assert pending(folder) == []


def test_a_scan_that_cannot_reach_the_server_keeps_its_run_until_push(
    server: PostgresServer, target: HistoryTarget, tmp_path: Path
) -> None:
    """Through the command line, the password in libpq's PGPASSWORD: the server is down during
    the scan; the run folder is written, the run waits in the spool; ``history push`` sends it
    once the server is back, and ``history`` lists it."""
    assert target.url is not None
    env = {"PGPASSWORD": SCANNER_PASSWORD}
    out = tmp_path / "reports" / "voorbeeld"
    server.stop()
    try:
        scan = kszcheck("demo", "-o", str(out), "--history", target.url, "-q", extra_env=env)
    finally:
        server.resume()
    assert scan.returncode in (3, 5), scan.stderr
    (warning,) = scan.stderr.splitlines()
    assert warning.startswith(f"kszcheck: warning: history not stored now: {target.url}: ")
    assert warning.endswith(
        f"the run waits in {tmp_path / 'reports' / 'history-spool'} "
        "(kszcheck history push sends it)"
    )
    assert (out / "report.html").is_file()
    (waiting,) = pending(tmp_path / "reports" / "history-spool")
    spool = str(tmp_path / "reports" / "history-spool")
    sent = kszcheck("history", "push", "--history", target.url, "--spool", spool, extra_env=env)
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.strip() == (
        "verzonden / sent: 1, al opgeslagen / already stored: 0, wachtend / waiting: 0"
    )
    assert not waiting.exists()
    listed = kszcheck("history", "--history", target.url, extra_env=env)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[1].endswith("Gemeente en OCMW Voorbeeld")
    with open_history(target, read_only=True) as store:
        (run,) = store.runs()
    assert run.report == (out / "report.html").resolve().as_uri()


def test_push_while_the_server_is_down_says_so_and_keeps_the_runs(
    server: PostgresServer, target: HistoryTarget, tmp_path: Path
) -> None:
    assert target.url is not None
    folder = tmp_path / "spool"
    spooled(folder, 2)
    server.stop()
    try:
        result = kszcheck(
            "history", "push", "--history", target.url, "--spool", str(folder),
            extra_env={"PGPASSWORD": SCANNER_PASSWORD},
        )  # fmt: skip
    finally:
        server.resume()
    assert result.returncode == 3
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"kszcheck: 2 run(s) still wait in {folder}: {target.url}: ")
    assert "cannot reach the history database" in line
    assert len(pending(folder)) == 2


def test_the_roles_of_docs_deployment_md(
    server: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database set up as docs/deployment.md says: two scanner roles share the owner's
    tables in the schema 'history'; the overview role reads them and cannot write."""
    import psycopg

    from kszcheck.history.overview import build_overview

    database = f"deploy_{next(_NAMES)}"
    server.psql(
        "CREATE ROLE kszcheck_owner NOLOGIN", f"CREATE DATABASE {database} OWNER kszcheck_owner"
    )
    setup = [
        "CREATE SCHEMA history AUTHORIZATION kszcheck_owner",
        "CREATE ROLE overview LOGIN PASSWORD 'overview-pw'",
        "GRANT USAGE ON SCHEMA history TO overview",
        "ALTER DEFAULT PRIVILEGES FOR ROLE kszcheck_owner IN SCHEMA history "
        "GRANT SELECT ON TABLES TO overview",
        "ALTER ROLE overview SET search_path = history",
    ]
    for role in ("scanner_a", "scanner_b"):
        setup += [
            f"CREATE ROLE {role} LOGIN PASSWORD '{role}-pw' IN ROLE kszcheck_owner",
            f"ALTER ROLE {role} SET search_path = history",
            f"ALTER ROLE {role} SET role = kszcheck_owner",
        ]
    with psycopg.connect(
        host="127.0.0.1", port=server.port, user=postgres.ADMIN, password=postgres.ADMIN_PASSWORD,
        dbname=database, sslmode="verify-full", sslrootcert=str(server.ca_file), autocommit=True,
    ) as conn:  # fmt: skip
        for statement in setup:
            conn.execute(statement.encode())
    for role, site in (("scanner_a", "Gemeente A"), ("scanner_b", "Gemeente B")):
        monkeypatch.setenv("PGPASSWORD", f"{role}-pw")
        with open_history(server.url(role, database)) as store:
            record_run(store, sample_assessment().model_copy(update={"site_name": site}), RECORDED)
    monkeypatch.setenv("PGPASSWORD", "overview-pw")
    with open_history(server.url("overview", database), read_only=True) as store:
        assert [s.site for s in build_overview(store, RECORDED).sites] == [
            "Gemeente A",
            "Gemeente B",
        ]
    with (
        pytest.raises(HistoryError, match="permission denied"),
        open_history(server.url("overview", database)) as store,
    ):
        record_run(store, sample_assessment(), RECORDED)


def test_the_annual_report_reads_postgresql_as_sqlite(
    target: HistoryTarget, tmp_path: Path
) -> None:
    """The consultant's annual report (kszcheck.documents) from the same runs in PostgreSQL and
    in SQLite: the same report, norm coverage (schema version 3) included."""
    from dataclasses import replace
    from datetime import UTC, datetime

    from kszcheck.catalogue import load_catalogue
    from kszcheck.documents import build_annual_report
    from tests.documents.support import evaluate
    from tests.support import EXAMPLE

    runs = [evaluate(EXAMPLE, datetime(2026, month, 10, 8, 0, tzinfo=UTC)) for month in (1, 11)]
    rules = load_catalogue().rules
    reports = []
    for place in (target, tmp_path / "h.sqlite"):
        with open_history(place) as store:
            for run in runs:
                record_run(store, run, RECORDED)
            report = build_annual_report(store, runs[0].site_name, 2026, "fr", rules, {})
        reports.append(replace(report, history=""))
    assert reports[0] == reports[1]
    assert reports[0].coverage is not None
    assert [r.run_id for r in reports[0].runs] == [1, 2]
