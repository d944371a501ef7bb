"""The versioned schema of the history database, as migrations applied in order on open.

Each migration is one list of statements for both backends (SQLite, PostgreSQL); the few
types that differ are filled in per backend (``_TYPES``). The table ``meta``
holds ``schema_version``: a store applies every migration above it, each in its own transaction
taken under the database's write lock (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), so
two scanners that open a new database at the same moment do not both create it. Statements hold
no ``;``, no ``%`` and no other braces (the PostgreSQL driver reads ``%`` as a placeholder).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA_VERSION", "Migration"]

#: SQLite's ``PRAGMA application_id`` of a kszcheck history ("KSZH").
APPLICATION_ID = 0x4B535A48


#: What differs between the backends, filled into the statements' ``{…}`` fields.
_TYPES = {
    "sqlite": {
        "id": "INTEGER PRIMARY KEY AUTOINCREMENT",
        "ref": "INTEGER",
        "real": "REAL",
    },
    "postgresql": {
        "id": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        "ref": "BIGINT",
        "real": "DOUBLE PRECISION",
    },
}


@dataclass(frozen=True)
class Migration:
    version: int
    what: str
    statements: tuple[str, ...]

    def for_dialect(self, dialect: str) -> list[str]:
        """The statements for one backend ("sqlite" or "postgresql")."""
        return [s.format(**_TYPES[dialect]) for s in self.statements]


_V1 = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS runs (
    id {id},
    site TEXT NOT NULL,
    evaluated_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    catalogue_version TEXT NOT NULL,
    snapshot_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    score {real},
    coverage {real} NOT NULL,
    exit_code INTEGER NOT NULL,
    counts TEXT NOT NULL,
    failed_rules INTEGER NOT NULL,
    open_findings INTEGER NOT NULL,
    waived_findings INTEGER NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS runs_site ON runs (site, id)",
    """CREATE TABLE IF NOT EXISTS rule_results (
    run_id {ref} NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    rule_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    severity TEXT NOT NULL,
    PRIMARY KEY (run_id, rule_id)
)""",
    """CREATE TABLE IF NOT EXISTS findings (
    run_id {ref} NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    message TEXT NOT NULL,
    severity TEXT NOT NULL,
    outcome TEXT NOT NULL,
    waived INTEGER NOT NULL,
    PRIMARY KEY (run_id, key, message)
)""",
)

_V2 = (
    # a run's unique id: a spooled run sent twice (the connection broke after the commit) is
    # recognised, never stored twice; NULL for the runs stored before version 2
    "ALTER TABLE runs ADD COLUMN uid TEXT",
    "CREATE UNIQUE INDEX IF NOT EXISTS runs_uid ON runs (uid)",
    # where the run's report was written (the overview links to it)
    "ALTER TABLE runs ADD COLUMN report TEXT NOT NULL DEFAULT ''",
    # the site's waivers at the time of the run (the overview lists those in force and expiring)
    """CREATE TABLE IF NOT EXISTS waivers (
    run_id {ref} NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    waiver_id TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    start TEXT NOT NULL,
    expires TEXT NOT NULL,
    PRIMARY KEY (run_id, waiver_id)
)""",
)

_V3 = (
    # the outcome of each norm requirement in the run (the norm coverage), so that a yearly
    # report can show the coverage of the norms at any stored run
    """CREATE TABLE IF NOT EXISTS requirement_results (
    run_id {ref} NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    norm_id TEXT NOT NULL,
    requirement_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    PRIMARY KEY (run_id, norm_id, requirement_id)
)""",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "runs, their rule outcomes and findings", _V1),
    Migration(2, "a unique id and the report of each run; the waivers of each run", _V2),
    Migration(3, "the outcome of each norm requirement of each run", _V3),
)

#: The version this kszcheck writes; a database of a higher version is refused.
SCHEMA_VERSION = MIGRATIONS[-1].version
