"""Problems: the findings of a run grouped into the things someone must fix, with a due date.

A finding is one subject's gap as one rule saw it; a *problem* is one cause (a rule's message)
with every person or object it concerns. Findings that share subject and cause (the observed gap
and its "declared ≠ observed" twin) count once. The engine computes them once per run
(``kszcheck.engine.problems``); the report, the terminal and the history read them here.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, PositiveInt

from kszcheck.model.catalogue import Severity
from kszcheck.model.common import Strict

__all__ = ["DEFAULT_DUE_DAYS", "ActionPlanSettings", "DueBasis", "Problem", "ProblemSubject"]

#: Days to fix a problem, by severity, counted from the date of the scan (documented in
#: docs/reports.md; a site overrides them under ``action_plan: due_days:`` in site.yaml).
DEFAULT_DUE_DAYS: dict[str, int] = {"critical": 30, "high": 90, "medium": 180, "low": 365}


class ActionPlanSettings(Strict):
    """``action_plan:`` in the site profile: days to fix a problem, per severity."""

    due_days: dict[Severity, PositiveInt] = Field(default_factory=dict)

    def days_for(self, severity: Severity) -> int:
        return self.due_days.get(severity, DEFAULT_DUE_DAYS[severity.value])


class DueBasis(StrEnum):
    """Where a problem's due date comes from."""

    #: the days for its severity, from the scan's date or, when an earlier run of the history
    #: already had the problem, from the day it was first seen (``Problem.since``)
    severity = "severity"
    waiver = "waiver"  # an active waiver accepts it until it expires
    waiver_expired = "waiver_expired"  # a waiver accepted it until a date that has passed


class ProblemSubject(Strict):
    """One person or object a problem concerns, and the findings that say so."""

    subject: str  # the finding's subject, without a "declared-vs-observed" suffix
    name: str  # how to call it: the person's name, the account, the server, ...
    findings: list[str] = Field(default_factory=list)  # finding keys (rule id | subject)


class Problem(Strict):
    """One cause with every subject it concerns: one line of the action plan."""

    id: str  # rule id | message key | waived, stable across runs
    rule_id: str
    cause: str  # the rule's message key of the findings
    severity: Severity
    owner: str  # the role that must act (the rule's owner)
    #: what the subjects are ("account", "person", "server", ...; "" when not known): a key of
    #: ``problem.noun`` in kszcheck/texts.yaml
    noun: str = ""
    subjects: list[ProblemSubject] = Field(default_factory=list)
    waived: bool = False  # every finding of it is covered by an active waiver
    waivers: list[str] = Field(default_factory=list)
    due: date
    due_basis: DueBasis = DueBasis.severity
    #: the day its oldest finding was first seen, when before this scan (history)
    since: date | None = None
