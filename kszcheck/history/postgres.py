"""The central history backend: a PostgreSQL database (psycopg 3), for many scanners at once.

``PostgresStore(target)`` connects to the URL of a ``HistoryTarget``: the password never is in
the URL; it comes by reference (``history: {password: {env|file}}`` in the site profile, or
libpq's own ``PGPASSWORD`` / ``~/.pgpass``). TLS is verified by default (``sslmode=verify-full``
unless the URL says otherwise; the CA from ``sslrootcert=`` or libpq's ``~/.postgresql/root.crt``,
``sslrootcert=system`` for the system's CAs). Messages name the URL without any password.

A server that cannot be reached (down, refused, a broken connection mid-way) is
``HistoryUnavailable``: a scan then keeps its run in the spool and ``kszcheck history push``
sends it later. Every run goes in one transaction; migrations are serialised by an advisory lock.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any, ClassVar

from kszcheck.history.store import HistoryError, HistoryStore, HistoryUnavailable
from kszcheck.history.target import HistoryTarget

__all__ = ["CONNECT_TIMEOUT", "PostgresStore"]

#: Seconds to wait for the server to answer a connection.
CONNECT_TIMEOUT = 10

#: pg_advisory_xact_lock key of the schema migrations ("KSZH").
_SCHEMA_LOCK = 0x4B535A48


class PostgresStore(HistoryStore):
    placeholder: ClassVar[str] = "%s"
    dialect: ClassVar[str] = "postgresql"

    def __init__(
        self, target: HistoryTarget, *, read_only: bool = False, password: str | None = None
    ) -> None:
        super().__init__(target.shown, read_only=read_only)
        try:
            import psycopg
        except ImportError:  # pragma: no cover - psycopg is a dependency
            raise HistoryError(
                f"{self.target}: a PostgreSQL history needs psycopg (pip install 'psycopg[binary]')"
            ) from None
        self._psycopg = psycopg
        self._password = password
        options: dict[str, Any] = {
            "autocommit": True,
            "connect_timeout": CONNECT_TIMEOUT,
            "application_name": "kszcheck",
        }
        if password is not None:
            options["password"] = password
        try:
            self.conn = psycopg.connect(target.conninfo, **options)
        except psycopg.Error as exc:
            raise self._translate(exc) from None
        if read_only:
            self._execute("SET default_transaction_read_only = on")
        try:
            self.notice = self._open_schema()
        except BaseException:
            self.conn.close()
            raise

    def _translate(self, exc: Exception) -> HistoryError:
        text = " ".join(str(exc).split())
        if self._password:
            text = text.replace(self._password, "***")
        if isinstance(exc, self._psycopg.OperationalError):
            return HistoryUnavailable(f"{self.target}: cannot reach the history database: {text}")
        return HistoryError(f"{self.target}: the history database refused: {text}")

    def _execute(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        try:
            cursor = self.conn.execute(sql.encode(), params or None)
            return cursor.fetchall() if cursor.description else []
        except self._psycopg.Error as exc:
            raise self._translate(exc) from None

    def _execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        try:
            with self.conn.cursor() as cursor:
                cursor.executemany(sql.encode(), rows)
        except self._psycopg.Error as exc:
            raise self._translate(exc) from None

    def _begin(self) -> None:
        self._execute("BEGIN")

    def _end(self, commit: bool) -> None:
        if commit:
            self._execute("COMMIT")
            return
        # a connection that is gone: the server rolls the transaction back itself
        with contextlib.suppress(self._psycopg.Error):
            self.conn.execute(b"ROLLBACK")

    def _tables(self) -> set[str]:
        rows = self._execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        return {str(r[0]) for r in rows}

    def _lock_schema(self) -> None:
        self._execute(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK})")

    def close(self) -> None:
        self.conn.close()
