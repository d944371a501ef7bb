"""The embedded history backend: one SQLite file (standard library).

Opening never renames, moves or replaces a file:

- a file that is not an SQLite database (its first 16 bytes say so), or an SQLite database that
  holds other tables but no kszcheck history, is refused (``HistoryError``, exit 2);
- a database that another program holds locked is waited for (``busy_timeout`` seconds, for
  every statement) and then reported (``HistoryUnavailable``), never taken for a corrupt one;
- ``read_only`` opens the file read-only (SQLite ``mode=ro``): ``history`` and ``diff`` cannot
  change it, whatever it is;
- a missing database is created (with its folder) only when not read-only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from kszcheck.history.schema import APPLICATION_ID
from kszcheck.history.store import HistoryError, HistoryStore, HistoryUnavailable

__all__ = ["BUSY_TIMEOUT", "SQLITE_HEADER", "SqliteStore"]

#: How long a statement waits for a database that another program holds locked (seconds).
BUSY_TIMEOUT = 30.0

#: The first 16 bytes of every SQLite 3 database file.
SQLITE_HEADER = b"SQLite format 3\x00"

#: Errors of a database that is there but cannot be used now: the run is kept and sent later.
_UNAVAILABLE = ("locked", "busy", "disk is full", "disk i/o error", "unable to open", "readonly")


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except IsADirectoryError:
        raise HistoryError(f"{path}: is a folder, not a history database") from None
    except OSError as exc:
        raise HistoryUnavailable(f"{path}: cannot be read: {exc.strerror}") from None
    if head and head != SQLITE_HEADER:
        raise HistoryError(
            f"{path}: not a kszcheck history (not an SQLite database); nothing was changed "
            "(check --history)"
        )


class SqliteStore(HistoryStore):
    """The history in one SQLite file."""

    placeholder: ClassVar[str] = "?"
    dialect: ClassVar[str] = "sqlite"

    def __init__(
        self, path: Path, *, read_only: bool = False, busy_timeout: float = BUSY_TIMEOUT
    ) -> None:
        super().__init__(str(path), read_only=read_only)
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        if self.path.is_dir():
            raise HistoryError(f"{self.path}: is a folder, not a history database")
        existed = self.path.is_file()
        if read_only and not existed:
            raise HistoryError(
                f"{self.path}: no history database (a scan creates it; see --history)"
            )
        if existed:
            _check_header(self.path)
        else:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise HistoryUnavailable(
                    f"{self.path}: cannot create the folder: {exc.strerror}"
                ) from None
        self.conn = self._connect()
        try:
            self.notice = self._open_schema()
        except BaseException:
            self.conn.close()
            raise

    def _connect(self) -> sqlite3.Connection:
        try:
            if self.read_only:
                uri = self.path.resolve().as_uri() + "?mode=ro"
                conn = sqlite3.connect(
                    uri, uri=True, timeout=self.busy_timeout, isolation_level=None
                )
            else:
                conn = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._translate(exc) from None
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _translate(self, exc: sqlite3.Error) -> HistoryError:
        text = str(exc)
        if "locked" in text or "busy" in text:
            return HistoryUnavailable(
                f"{self.path}: the history database is locked by another program (waited "
                f"{self.busy_timeout:g} s); nothing was changed"
            )
        if any(word in text.lower() for word in _UNAVAILABLE):
            return HistoryUnavailable(f"{self.path}: cannot use the history database: {text}")
        return HistoryError(
            f"{self.path}: not a usable history database ({text}); nothing was changed"
        )

    def _execute(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self._translate(exc) from None

    def _execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        try:
            self.conn.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise self._translate(exc) from None

    def _begin(self) -> None:
        # IMMEDIATE: take the write lock now (waiting up to busy_timeout), not halfway through
        self._execute("BEGIN IMMEDIATE")

    def _end(self, commit: bool) -> None:
        if not self.conn.in_transaction:
            return
        if commit:
            self._execute("COMMIT")
        else:
            self.conn.rollback()

    def _tables(self) -> set[str]:
        rows = self._execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {str(r[0]) for r in rows} - {"sqlite_sequence"}

    def _check_foreign(self, tables: set[str]) -> None:
        if tables:
            raise HistoryError(
                f"{self.path}: an SQLite database, but not a kszcheck history (tables: "
                f"{', '.join(sorted(tables)[:5])}); nothing was changed (check --history)"
            )

    def _lock_schema(self) -> None:
        self._execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def close(self) -> None:
        self.conn.close()
