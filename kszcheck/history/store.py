"""The history database (SQLite, standard library): runs, their rule outcomes and findings.

A missing database is created; a corrupt one is moved aside as ``<name>.corrupt-<time>`` and
created anew. Either way ``HistoryStore.notice`` holds one line saying so, and the current scan is
stored in the new database.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kszcheck.model.errors import KszError
from kszcheck.model.history import TrendPoint
from kszcheck.model.results import Assessment

__all__ = ["HISTORY_SCHEMA_VERSION", "HistoryError", "HistoryStore", "RunRecord", "StoredFinding"]

HISTORY_SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site TEXT NOT NULL,
    evaluated_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    catalogue_version TEXT NOT NULL,
    snapshot_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    score REAL,
    coverage REAL NOT NULL,
    exit_code INTEGER NOT NULL,
    counts TEXT NOT NULL,
    failed_rules INTEGER NOT NULL,
    open_findings INTEGER NOT NULL,
    waived_findings INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_site ON runs (site, id);
CREATE TABLE IF NOT EXISTS rule_results (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    rule_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    severity TEXT NOT NULL,
    PRIMARY KEY (run_id, rule_id)
);
CREATE TABLE IF NOT EXISTS findings (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    message TEXT NOT NULL,
    severity TEXT NOT NULL,
    outcome TEXT NOT NULL,
    waived INTEGER NOT NULL,
    PRIMARY KEY (run_id, key, message)
);
"""


class HistoryError(KszError):
    """The history cannot be used (unreadable folder, a database of a newer version, …)."""


@dataclass(frozen=True)
class StoredFinding:
    key: str  # rule id + subject
    rule_id: str
    subject: str
    message: str
    severity: str
    outcome: str  # the rule's outcome in that run
    waived: bool


@dataclass(frozen=True)
class RunRecord:
    run_id: int
    site: str
    evaluated_at: datetime
    recorded_at: datetime
    tool_version: str
    catalogue_version: str
    snapshot_hash: str
    status: str
    score: float | None
    coverage: float
    exit_code: int
    failed_rules: int
    open_findings: int
    waived_findings: int
    counts: dict[str, int] = field(default_factory=dict)

    def trend_point(self) -> TrendPoint:
        return TrendPoint(
            run_id=self.run_id,
            evaluated_at=self.evaluated_at,
            score=self.score,
            coverage=self.coverage,
            failed_rules=self.failed_rules,
            open_findings=self.open_findings,
            status=self.status,
        )


_RUN_COLUMNS = (
    "id, site, evaluated_at, recorded_at, tool_version, catalogue_version, snapshot_hash, status, "
    "score, coverage, exit_code, failed_rules, open_findings, waived_findings, counts"
)


def _run(row: sqlite3.Row | tuple[object, ...]) -> RunRecord:
    values = tuple(row)
    return RunRecord(
        run_id=int(str(values[0])),
        site=str(values[1]),
        evaluated_at=datetime.fromisoformat(str(values[2])),
        recorded_at=datetime.fromisoformat(str(values[3])),
        tool_version=str(values[4]),
        catalogue_version=str(values[5]),
        snapshot_hash=str(values[6]),
        status=str(values[7]),
        score=None if values[8] is None else float(str(values[8])),
        coverage=float(str(values[9])),
        exit_code=int(str(values[10])),
        failed_rules=int(str(values[11])),
        open_findings=int(str(values[12])),
        waived_findings=int(str(values[13])),
        counts={str(k): int(v) for k, v in json.loads(str(values[14])).items()},
    )


class HistoryStore:
    """One history database. Use as a context manager, or call close()."""

    def __init__(self, path: Path, *, now: datetime | None = None) -> None:
        self.path = Path(path)
        self.notice: str | None = None
        moment = now or datetime.now(UTC)
        existed = self.path.exists()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HistoryError(f"{self.path}: cannot create the folder: {exc.strerror}") from None
        try:
            self.conn = self._connect()
        except sqlite3.DatabaseError as exc:
            aside = self.path.with_name(f"{self.path.name}.corrupt-{moment:%Y%m%dT%H%M%S}")
            try:
                self.path.replace(aside)
            except OSError as move:
                raise HistoryError(
                    f"{self.path}: not a usable history database ({exc}) "
                    f"and it cannot be moved aside: {move.strerror}"
                ) from None
            self.conn = self._connect()
            self.notice = (
                f"{self.path}: not a usable history database ({exc}); "
                f"kept aside as {aside.name} and created anew"
            )
            return
        if not existed:
            self.notice = f"{self.path}: no history database yet; created"

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path)
        except sqlite3.OperationalError as exc:
            raise HistoryError(f"{self.path}: cannot open the history database: {exc}") from None
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.executescript(_SCHEMA)
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                with conn:
                    conn.execute(
                        "INSERT INTO meta (key, value) VALUES ('schema_version', ?)",
                        (str(HISTORY_SCHEMA_VERSION),),
                    )
            elif row[0] != str(HISTORY_SCHEMA_VERSION):
                conn.close()
                raise HistoryError(
                    f"{self.path}: history database of schema version {row[0]}; this kszcheck "
                    f"reads version {HISTORY_SCHEMA_VERSION} (use a matching kszcheck, or "
                    "--history to start a new database)"
                )
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # --- writing

    def record(
        self, assessment: Assessment, findings: Iterable[StoredFinding], recorded_at: datetime
    ) -> int:
        """Store one run with its rule outcomes and findings; returns the run id."""
        items = list(findings)
        summary = assessment.summary
        open_count = sum(1 for f in items if not f.waived)
        with self.conn:
            cursor = self.conn.execute(
                "INSERT INTO runs (site, evaluated_at, recorded_at, tool_version, "
                "catalogue_version, snapshot_hash, status, score, coverage, exit_code, counts, "
                "failed_rules, open_findings, waived_findings) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    assessment.site_name,
                    assessment.evaluated_at.isoformat(),
                    recorded_at.isoformat(),
                    assessment.tool_version,
                    assessment.catalogue_version,
                    assessment.snapshot_hash,
                    summary.status,
                    summary.score,
                    summary.coverage,
                    summary.exit_code,
                    json.dumps(summary.counts, sort_keys=True),
                    summary.counts.get("fail", 0),
                    open_count,
                    len(items) - open_count,
                ),
            )
            run_id = int(cursor.lastrowid or 0)
            self.conn.executemany(
                "INSERT OR IGNORE INTO rule_results (run_id, rule_id, outcome, severity) "
                "VALUES (?, ?, ?, ?)",
                [
                    (run_id, r.rule_id, r.outcome.value, r.severity.value)
                    for r in assessment.results
                ],
            )
            self.conn.executemany(
                "INSERT OR IGNORE INTO findings (run_id, key, rule_id, subject, message, "
                "severity, outcome, waived) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        run_id,
                        f.key,
                        f.rule_id,
                        f.subject,
                        f.message,
                        f.severity,
                        f.outcome,
                        int(f.waived),
                    )
                    for f in items
                ],
            )
        return run_id

    # --- reading

    def runs(self, site: str | None = None, limit: int | None = None) -> list[RunRecord]:
        """Stored runs, oldest first (the last ``limit`` runs when given)."""
        where, args = ("WHERE site = ?", [site]) if site is not None else ("", [])
        query = f"SELECT {_RUN_COLUMNS} FROM runs {where} ORDER BY id DESC"
        if limit is not None:
            query += f" LIMIT {int(limit)}"
        rows = self.conn.execute(query, args).fetchall()
        return [_run(r) for r in reversed(rows)]

    def run(self, run_id: int) -> RunRecord | None:
        row = self.conn.execute(
            f"SELECT {_RUN_COLUMNS} FROM runs WHERE id = ?", (run_id,)
        ).fetchone()
        return _run(row) if row is not None else None

    def previous(self, site: str, before: int) -> RunRecord | None:
        """The run of the same site stored just before run ``before``."""
        row = self.conn.execute(
            f"SELECT {_RUN_COLUMNS} FROM runs WHERE site = ? AND id < ? ORDER BY id DESC LIMIT 1",
            (site, before),
        ).fetchone()
        return _run(row) if row is not None else None

    def findings(self, run_id: int) -> list[StoredFinding]:
        rows = self.conn.execute(
            "SELECT key, rule_id, subject, message, severity, outcome, waived FROM findings "
            "WHERE run_id = ? ORDER BY key, message",
            (run_id,),
        ).fetchall()
        return [
            StoredFinding(
                key=str(r[0]),
                rule_id=str(r[1]),
                subject=str(r[2]),
                message=str(r[3]),
                severity=str(r[4]),
                outcome=str(r[5]),
                waived=bool(r[6]),
            )
            for r in rows
        ]

    def outcomes(self, run_id: int) -> dict[str, str]:
        rows = self.conn.execute(
            "SELECT rule_id, outcome FROM rule_results WHERE run_id = ?", (run_id,)
        ).fetchall()
        return {str(r[0]): str(r[1]) for r in rows}

    def sites(self) -> list[str]:
        rows = self.conn.execute("SELECT DISTINCT site FROM runs ORDER BY site").fetchall()
        return [str(r[0]) for r in rows]
