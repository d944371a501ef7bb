"""The history store's one interface: runs, their rule outcomes and findings, over any backend.

``HistoryStore`` holds everything that is the same for SQLite (``kszcheck.history.sqlite``, the
embedded default) and PostgreSQL (``kszcheck.history.postgres``, a central database for many
scanners): the queries, the migrations applied on open (``kszcheck.history.schema``) and the
transactions. A backend gives the connection, its placeholder, how it takes the schema lock and
how its driver's errors read.

Errors: ``HistoryError`` (exit 2) for a target that must not be used (a file that is not a kszcheck
history, a database of a newer schema); ``HistoryUnavailable`` (a ``HistoryError``) for a history
that is there but cannot be reached now (locked past the wait, a server down): a scan then keeps
its run locally and goes on. Nothing is ever renamed, moved or replaced.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar

from kszcheck.history.schema import MIGRATIONS, SCHEMA_VERSION
from kszcheck.model.common import LocalizedText
from kszcheck.model.errors import KszError
from kszcheck.model.history import TrendPoint
from kszcheck.model.results import Assessment
from kszcheck.texts import text

__all__ = [
    "HistoryError",
    "HistoryNotCurrent",
    "HistoryStore",
    "HistoryUnavailable",
    "RunRecord",
    "StoredFinding",
    "StoredWaiver",
]


class HistoryError(KszError):
    """The history cannot be used: not a kszcheck history, a newer schema, a bad address."""


class HistoryUnavailable(HistoryError):
    """The history is there but cannot be reached now (locked, server down): try again later."""


class HistoryNotCurrent(HistoryError):
    """Opened read-only, the history is empty or of an older schema: a scan creates or
    upgrades it."""


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
class StoredWaiver:
    waiver_id: str
    rule_id: str
    start: date
    expires: date


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
    uid: str | None = None  # None for runs stored before schema version 2
    report: str = ""  # where the run's report was written, when known

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
    "score, coverage, exit_code, failed_rules, open_findings, waived_findings, counts, uid, report"
)
#: the same for a database of schema version 1, opened read-only (not upgraded)
_RUN_COLUMNS_V1 = _RUN_COLUMNS.replace("uid, report", "NULL AS uid, '' AS report")


def _run(row: Sequence[Any]) -> RunRecord:
    values = tuple(row)
    return RunRecord(
        run_id=int(values[0]),
        site=str(values[1]),
        evaluated_at=datetime.fromisoformat(str(values[2])),
        recorded_at=datetime.fromisoformat(str(values[3])),
        tool_version=str(values[4]),
        catalogue_version=str(values[5]),
        snapshot_hash=str(values[6]),
        status=str(values[7]),
        score=None if values[8] is None else float(values[8]),
        coverage=float(values[9]),
        exit_code=int(values[10]),
        failed_rules=int(values[11]),
        open_findings=int(values[12]),
        waived_findings=int(values[13]),
        counts={str(k): int(v) for k, v in json.loads(str(values[14])).items()},
        uid=None if values[15] is None else str(values[15]),
        report=str(values[16] or ""),
    )


_FINDING_COLUMNS = "run_id, key, rule_id, subject, message, severity, outcome, waived"


def _findings(rows: Iterable[Sequence[Any]]) -> dict[int, list[StoredFinding]]:
    """Findings by run id, sorted by key and message by code point: the same order whatever
    the database's collation."""
    by_run: dict[int, list[StoredFinding]] = {}
    for r in sorted(rows, key=lambda r: (int(r[0]), str(r[1]), str(r[4]))):
        by_run.setdefault(int(r[0]), []).append(
            StoredFinding(
                key=str(r[1]),
                rule_id=str(r[2]),
                subject=str(r[3]),
                message=str(r[4]),
                severity=str(r[5]),
                outcome=str(r[6]),
                waived=bool(r[7]),
            )
        )
    return by_run


class HistoryStore:
    """One history database. Use as a context manager, or call close().

    ``target`` names it in messages (a file, or a URL without its password); ``notice`` holds one
    line when opening created or upgraded it (``created``: it was created); ``read_only`` stores
    refuse to write.
    """

    #: the backend's placeholder for a parameter in SQL text
    placeholder: ClassVar[str] = "?"
    #: the backend's statements of each migration: "sqlite" or "postgresql"
    dialect: ClassVar[str] = "sqlite"

    def __init__(self, target: str, *, read_only: bool) -> None:
        self.target = target
        self.read_only = read_only
        self.notice: LocalizedText | None = None
        self.created = False
        self.version = SCHEMA_VERSION  # the schema read (older only when opened read-only)
        self._depth = 0

    # --- what a backend gives

    def _execute(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        raise NotImplementedError

    def _begin(self) -> None:
        """Start a write transaction holding the database's write lock (waiting for it)."""
        raise NotImplementedError

    def _end(self, commit: bool) -> None:
        raise NotImplementedError

    def _tables(self) -> set[str]:
        raise NotImplementedError

    def _check_foreign(self, tables: set[str]) -> None:
        """Refuse a database that holds other things but no kszcheck history (SQLite)."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions and the schema

    def _sql(self, text: str) -> str:
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self._execute(self._sql(sql), params)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (nested calls join the outer one): all of it or nothing."""
        if self.read_only:
            raise HistoryError(f"{self.target}: opened read-only")
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._end(commit=False)
            raise
        self._depth = 0
        self._end(commit=True)

    def schema_version(self) -> int | None:
        """The database's schema version; None for an empty database."""
        tables = self._tables()
        if "meta" not in tables:
            self._check_foreign(tables)
            return None
        rows = self._rows("SELECT value FROM meta WHERE key = 'schema_version'")
        if not rows or not str(rows[0][0]).isdigit():
            raise HistoryError(
                f"{self.target}: has a table 'meta' but no kszcheck schema version: not a "
                "kszcheck history (nothing was changed; check --history)"
            )
        return int(rows[0][0])

    def _open_schema(self) -> LocalizedText | None:
        """Check the schema and apply the migrations it lacks; the notice to give, if any."""
        version = self.schema_version()
        if version is not None and version > SCHEMA_VERSION:
            raise HistoryError(
                f"{self.target}: history database of schema version {version}; this kszcheck "
                f"reads version {SCHEMA_VERSION} (use a matching kszcheck, or --history to "
                "start a new database)"
            )
        if version == SCHEMA_VERSION:
            return None
        if self.read_only:
            if version is None:
                raise HistoryNotCurrent(f"{self.target}: holds no kszcheck history yet")
            self.version = version  # read as it is; the next scan upgrades it
            return None
        with self.transaction():
            self._lock_schema()
            version = self.schema_version() or 0  # again, under the lock: another may have won
            for migration in MIGRATIONS:
                if migration.version > version:
                    for statement in migration.for_dialect(self.dialect):
                        self._execute(statement)
            self._execute(
                self._sql(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                ),
                (str(SCHEMA_VERSION),),
            )
        if version == 0:
            self.created = True
            return text("history_store.created", target=self.target)
        if version < SCHEMA_VERSION:
            return text("history_store.upgraded", target=self.target, version=version)
        return None

    @property
    def _columns(self) -> str:
        return _RUN_COLUMNS if self.version >= 2 else _RUN_COLUMNS_V1

    def _lock_schema(self) -> None:
        """Serialise migrations between writers (SQLite's BEGIN IMMEDIATE already does)."""

    # --- writing

    def record(
        self,
        assessment: Assessment,
        findings: Iterable[StoredFinding],
        recorded_at: datetime,
        *,
        uid: str | None = None,
        report: str = "",
    ) -> int:
        """Store one run with its rule outcomes, findings and waivers; returns the run id.
        ``uid`` identifies the run wherever it was made (see ``has_run``)."""
        items = list(findings)
        summary = assessment.summary
        open_count = sum(1 for f in items if not f.waived)
        with self.transaction():
            rows = self._rows(
                "INSERT INTO runs (site, evaluated_at, recorded_at, tool_version, "
                "catalogue_version, snapshot_hash, status, score, coverage, exit_code, counts, "
                "failed_rules, open_findings, waived_findings, uid, report) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
                    uid,
                    report,
                ),
            )
            run_id = int(rows[0][0])
            self._execute_many(
                self._sql(
                    "INSERT INTO rule_results (run_id, rule_id, outcome, severity) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"
                ),
                [
                    (run_id, r.rule_id, r.outcome.value, r.severity.value)
                    for r in assessment.results
                ],
            )
            self._execute_many(
                self._sql(
                    "INSERT INTO findings (run_id, key, rule_id, subject, message, severity, "
                    "outcome, waived) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
                ),
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
            self._execute_many(
                self._sql(
                    "INSERT INTO waivers (run_id, waiver_id, rule_id, start, expires) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
                ),
                [
                    (run_id, w.id, w.rule, w.start.isoformat(), w.expires.isoformat())
                    for w in assessment.waivers
                ],
            )
            self._execute_many(
                self._sql(
                    "INSERT INTO requirement_results (run_id, norm_id, requirement_id, outcome) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"
                ),
                [
                    (run_id, n.norm_id, r.requirement_id, r.outcome.value)
                    for n in assessment.norms
                    for r in n.requirements
                ],
            )
        return run_id

    def has_run(self, uid: str) -> bool:
        """Whether the run with this unique id is stored."""
        return bool(self._rows("SELECT 1 FROM runs WHERE uid = ?", (uid,)))

    # --- reading

    def runs(self, site: str | None = None, limit: int | None = None) -> list[RunRecord]:
        """Stored runs, oldest first (the last ``limit`` runs when given)."""
        where, args = ("WHERE site = ?", [site]) if site is not None else ("", [])
        query = f"SELECT {self._columns} FROM runs {where} ORDER BY id DESC"
        if limit is not None:
            query += f" LIMIT {int(limit)}"
        return [_run(r) for r in reversed(self._rows(query, args))]

    def run(self, run_id: int) -> RunRecord | None:
        rows = self._rows(f"SELECT {self._columns} FROM runs WHERE id = ?", (run_id,))
        return _run(rows[0]) if rows else None

    def previous(self, site: str, before: int) -> RunRecord | None:
        """The run of the same site stored just before run ``before``."""
        rows = self._rows(
            f"SELECT {self._columns} FROM runs WHERE site = ? AND id < ? ORDER BY id DESC LIMIT 1",
            (site, before),
        )
        return _run(rows[0]) if rows else None

    def findings(self, run_id: int) -> list[StoredFinding]:
        rows = self._rows(f"SELECT {_FINDING_COLUMNS} FROM findings WHERE run_id = ?", (run_id,))
        return _findings(rows)[run_id] if rows else []

    # --- across sites (the overview)

    def trends(self, limit: int) -> dict[str, list[RunRecord]]:
        """The last ``limit`` runs of every site, oldest first, by site name."""
        rows = self._rows(
            f"SELECT {self._columns} FROM (SELECT {self._columns}, ROW_NUMBER() OVER "
            "(PARTITION BY site ORDER BY id DESC) AS n FROM runs) AS recent WHERE n <= ?",
            (limit,),
        )
        by_site: dict[str, list[RunRecord]] = {}
        for run in sorted((_run(r) for r in rows), key=lambda r: r.run_id):
            by_site.setdefault(run.site, []).append(run)
        return dict(sorted(by_site.items()))

    def latest_findings(self) -> dict[int, list[StoredFinding]]:
        """The findings of the latest run of every site, by run id."""
        rows = self._rows(
            f"SELECT {_FINDING_COLUMNS} FROM findings WHERE run_id IN "
            "(SELECT MAX(id) FROM runs GROUP BY site)"
        )
        return _findings(rows)

    def latest_waivers(self) -> dict[int, list[StoredWaiver]]:
        """The waivers of the latest run of every site, by run id (none before version 2)."""
        if self.version < 2:
            return {}
        rows = self._rows(
            "SELECT run_id, waiver_id, rule_id, start, expires FROM waivers WHERE run_id IN "
            "(SELECT MAX(id) FROM runs GROUP BY site)"
        )
        by_run: dict[int, list[StoredWaiver]] = {}
        for r in sorted(rows, key=lambda r: (int(r[0]), str(r[1]))):
            by_run.setdefault(int(r[0]), []).append(
                StoredWaiver(
                    waiver_id=str(r[1]),
                    rule_id=str(r[2]),
                    start=date.fromisoformat(str(r[3])),
                    expires=date.fromisoformat(str(r[4])),
                )
            )
        return by_run

    def waivers(self, run_id: int) -> list[StoredWaiver]:
        """The site's waivers at the time of one run (none before version 2), by waiver id."""
        if self.version < 2:
            return []
        rows = self._rows(
            "SELECT waiver_id, rule_id, start, expires FROM waivers WHERE run_id = ?", (run_id,)
        )
        return [
            StoredWaiver(
                waiver_id=str(r[0]),
                rule_id=str(r[1]),
                start=date.fromisoformat(str(r[2])),
                expires=date.fromisoformat(str(r[3])),
            )
            for r in sorted(rows, key=lambda r: str(r[0]))
        ]

    def requirement_outcomes(self, run_id: int) -> dict[str, dict[str, str]] | None:
        """The outcome of each norm requirement in one run: norm id -> requirement id ->
        outcome; None when the history did not store them yet (schema before version 3)."""
        if self.version < 3:
            return None
        rows = self._rows(
            "SELECT norm_id, requirement_id, outcome FROM requirement_results WHERE run_id = ?",
            (run_id,),
        )
        found: dict[str, dict[str, str]] = {}
        for norm_id, requirement_id, outcome in sorted(rows, key=lambda r: (str(r[0]), str(r[1]))):
            found.setdefault(str(norm_id), {})[str(requirement_id)] = str(outcome)
        return found

    def outcomes(self, run_id: int) -> dict[str, str]:
        rows = self._rows("SELECT rule_id, outcome FROM rule_results WHERE run_id = ?", (run_id,))
        return {str(r[0]): str(r[1]) for r in rows}

    def sites(self) -> list[str]:
        return sorted(str(r[0]) for r in self._rows("SELECT DISTINCT site FROM runs"))
