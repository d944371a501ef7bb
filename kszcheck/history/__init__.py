"""Scan history: every run stored in a database (SQLite by default, or a central PostgreSQL),
compared by finding key; runs that could not be stored wait in a spool until ``push``.

``open_history(target)`` gives the store behind one interface (``HistoryStore``); ``recording``
stores a run in one transaction that commits only when its outputs were written.
This package imports only kszcheck.model (an import-linter contract enforces it).
"""

from kszcheck.history.diff import annotate, diff_findings
from kszcheck.history.open import check_history, open_history
from kszcheck.history.record import TREND_RUNS, record_run, recording
from kszcheck.history.spool import PushResult, SpooledRun, pending, push, spool_run
from kszcheck.history.store import (
    HistoryError,
    HistoryNotCurrent,
    HistoryStore,
    HistoryUnavailable,
    RunRecord,
    StoredFinding,
    StoredWaiver,
)
from kszcheck.history.target import HistoryTarget, is_url, parse_target

__all__ = [
    "TREND_RUNS",
    "HistoryError",
    "HistoryNotCurrent",
    "HistoryStore",
    "HistoryTarget",
    "HistoryUnavailable",
    "PushResult",
    "RunRecord",
    "SpooledRun",
    "StoredFinding",
    "StoredWaiver",
    "annotate",
    "check_history",
    "diff_findings",
    "is_url",
    "open_history",
    "parse_target",
    "pending",
    "push",
    "record_run",
    "recording",
    "spool_run",
]
