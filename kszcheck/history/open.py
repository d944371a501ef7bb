"""Open the history a target names, and check one before a scan spends time collecting."""

from __future__ import annotations

from pathlib import Path

from kszcheck.history.sqlite import SqliteStore
from kszcheck.history.store import HistoryNotCurrent, HistoryStore, HistoryUnavailable

__all__ = ["check_history", "open_history"]


def open_history(target: Path, *, read_only: bool = False) -> HistoryStore:
    """The history store of ``target``; ``read_only`` for commands that only read it."""
    return SqliteStore(Path(target), read_only=read_only)


def check_history(target: Path) -> None:
    """Refuse, before anything is collected, a target that must not be used (not a kszcheck
    history, a newer schema): ``HistoryError``. A target that cannot be reached now, or that a
    scan creates or upgrades, passes: the scan reports it when it stores the run. Nothing is
    created or changed here."""
    path = Path(target)
    if not path.exists():
        return
    try:
        SqliteStore(path, read_only=True).close()
    except (HistoryUnavailable, HistoryNotCurrent):
        return
