"""What changed since the previous run of the same site, and the trend over the stored runs.

Filled in by the history (kszcheck.history) when a scan is stored; an assessment evaluated without
a history has no changes and an empty trend.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from kszcheck.model.common import Strict

__all__ = ["Baseline", "ChangeSummary", "ChangedFinding", "TrendPoint"]


class Baseline(StrEnum):
    """A finding compared with the previous run (the names of SARIF's baselineState)."""

    new = "new"  # not in the previous run
    unchanged = "unchanged"  # also in the previous run
    absent = "absent"  # in the previous run, not in this one (resolved)


class ChangedFinding(Strict):
    """A finding that appeared or disappeared between two runs, keyed by rule id + subject."""

    key: str
    rule_id: str
    subject: str
    severity: str
    message: str = ""
    waived: bool = False


class ChangeSummary(Strict):
    """The difference between this run and the previous run of the same site."""

    previous_run: int | None = None  # run id in the history; None: this is the first run
    previous_evaluated_at: datetime | None = None
    this_run: int | None = None
    new: list[ChangedFinding] = Field(default_factory=list)
    #: gone since the previous run, and the rule was assessed again (so really resolved)
    resolved: list[ChangedFinding] = Field(default_factory=list)
    #: gone since the previous run because the rule could not be assessed this time (unknown)
    unverified: list[ChangedFinding] = Field(default_factory=list)
    unchanged: int = 0

    @property
    def first_run(self) -> bool:
        return self.previous_run is None


class TrendPoint(Strict):
    """The summary of one stored run, for the trend chart."""

    run_id: int
    evaluated_at: datetime
    score: float | None
    coverage: float
    failed_rules: int
    open_findings: int
    status: str
