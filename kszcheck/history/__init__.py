"""Scan history: every run stored in an SQLite database (standard library), compared by finding key.

This package imports only kszcheck.model (an import-linter contract enforces it).
"""

from kszcheck.history.diff import annotate, diff_findings
from kszcheck.history.record import TREND_RUNS, record_run
from kszcheck.history.store import HistoryError, HistoryStore, RunRecord, StoredFinding

__all__ = [
    "TREND_RUNS",
    "HistoryError",
    "HistoryStore",
    "RunRecord",
    "StoredFinding",
    "annotate",
    "diff_findings",
    "record_run",
]
