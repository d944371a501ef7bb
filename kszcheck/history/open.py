"""Open the history a target names, and check one before a scan spends time collecting."""

from __future__ import annotations

from pathlib import Path

from kszcheck.history.sqlite import SqliteStore
from kszcheck.history.store import (
    HistoryError,
    HistoryNotCurrent,
    HistoryStore,
    HistoryUnavailable,
)
from kszcheck.history.target import HistoryTarget, parse_target
from kszcheck.secrets import SecretError, resolve_secret

__all__ = ["check_history", "open_history"]


def _target(target: HistoryTarget | Path | str) -> HistoryTarget:
    if isinstance(target, HistoryTarget):
        return target
    return parse_target(str(target))


def open_history(target: HistoryTarget | Path | str, *, read_only: bool = False) -> HistoryStore:
    """The history store of ``target`` (an SQLite file or a PostgreSQL URL); ``read_only`` for
    commands that only read it."""
    found = _target(target)
    if found.url is None:
        assert found.path is not None
        return SqliteStore(found.path, read_only=read_only)
    from kszcheck.history.postgres import PostgresStore  # psycopg only when it is used

    password = None
    if found.password is not None:
        try:
            password = resolve_secret(found.password, found.base, "history password")
        except SecretError as exc:
            raise HistoryError(f"{found.shown}: {exc}") from None
    return PostgresStore(found, read_only=read_only, password=password)


def check_history(target: HistoryTarget | Path | str) -> None:
    """Refuse, before anything is collected, a target that must not be used (not a kszcheck
    history, a newer schema, a URL with a password): ``HistoryError``. A target that cannot be
    reached now, or that a scan creates, passes: the scan reports it when it stores the run.
    Nothing is created or changed here."""
    found = _target(target)
    if found.url is not None:
        return  # a server is checked when the run is stored (it may be down now: spooled)
    assert found.path is not None
    if not found.path.exists():
        return
    try:
        SqliteStore(found.path, read_only=True).close()
    except (HistoryUnavailable, HistoryNotCurrent):
        return
