"""Scan history: every run stored in a database (SQLite by default), compared by finding key.

``open_history(target)`` gives the store behind one interface (``HistoryStore``); ``recording``
stores a run in one transaction that commits only when its outputs were written.
This package imports only kszcheck.model (an import-linter contract enforces it).
"""

from kszcheck.history.diff import annotate, diff_findings
from kszcheck.history.open import check_history, open_history
from kszcheck.history.record import TREND_RUNS, record_run, recording
from kszcheck.history.store import (
    HistoryError,
    HistoryNotCurrent,
    HistoryStore,
    HistoryUnavailable,
    RunRecord,
    StoredFinding,
)

__all__ = [
    "TREND_RUNS",
    "HistoryError",
    "HistoryNotCurrent",
    "HistoryStore",
    "HistoryUnavailable",
    "RunRecord",
    "StoredFinding",
    "annotate",
    "check_history",
    "diff_findings",
    "open_history",
    "record_run",
    "recording",
]
