"""Outcomes, findings and the assessment of one run."""

from __future__ import annotations

import math
from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from kszcheck.model.catalogue import RuleMeta, Severity
from kszcheck.model.common import LocalizedText, Strict
from kszcheck.model.coverage import NormCoverage
from kszcheck.model.fixes import Fix
from kszcheck.model.history import Baseline, ChangeSummary, TrendPoint
from kszcheck.model.problems import Problem
from kszcheck.model.provenance import Provenance
from kszcheck.model.views import ReportViews
from kszcheck.model.waivers import Waiver

__all__ = [
    "ASSESSMENT_SCHEMA_VERSION",
    "NOT_RECORDED",
    "ArgValue",
    "Assessment",
    "Finding",
    "FindingKind",
    "FindingWaiver",
    "Outcome",
    "RuleResult",
    "Summary",
    "whole_percent",
]

ASSESSMENT_SCHEMA_VERSION = 1

ArgValue = str | int | float | bool | None


class Outcome(StrEnum):
    pass_ = "pass"
    fail = "fail"
    not_applicable = "not_applicable"
    not_assessed = "not_assessed"
    manual = "manual"
    waived = "waived"


class FindingKind(StrEnum):
    """A gap the facts prove, or a field the rule judges that nobody recorded for the subject.

    A ``not_recorded`` finding is not a verdict: the subject counts as not assessed, and the
    finding says what to record (its ``args`` carry ``field``)."""

    gap = "gap"
    not_recorded = "not_recorded"


#: The message key of every not_recorded finding; its text is the report's, not the rule's.
NOT_RECORDED = "not_recorded"


class FindingWaiver(Strict):
    waiver_id: str
    approved_by: str
    justification: str
    expires: date
    expired: bool


class Finding(Strict):
    """One gap: a subject, a message (key into the rule's messages) and where the evidence is."""

    rule_id: str = ""
    subject: str
    message: str
    args: dict[str, ArgValue] = Field(default_factory=dict)
    evidence: list[str] = Field(default_factory=list)
    severity: Severity | None = None  # overrides the rule's severity for a sub-check
    kind: FindingKind = FindingKind.gap
    #: the zone's groups or shares the problem concerns, when it concerns some of them: a
    #: waiver scoped to resources covers the finding only when it covers every one of them
    resources: list[str] = Field(default_factory=list)
    waiver: FindingWaiver | None = None
    baseline: Baseline | None = None  # compared with the previous run (history)
    #: Remediation snippets filled with the finding's values (never run by kszcheck).
    fixes: list[Fix] = Field(default_factory=list)
    #: the day of the first of the consecutive runs of the site that had this finding, when
    #: that is before this run (history); the action plan counts its days from it
    first_seen: date | None = None

    @property
    def key(self) -> str:
        """Stable key to compare runs: rule id + subject."""
        return f"{self.rule_id}|{self.subject}"

    @property
    def waived(self) -> bool:
        return self.waiver is not None and not self.waiver.expired

    @property
    def recorded(self) -> bool:
        """False for a finding that only says a field was not recorded (not a verdict)."""
        return self.kind is not FindingKind.not_recorded


class RuleResult(Strict):
    rule_id: str
    outcome: Outcome
    severity: Severity
    reason: LocalizedText | None = None  # why not assessed / not applicable
    findings: list[Finding] = Field(default_factory=list)


def whole_percent(share: float | None) -> str:
    """A share as a whole percentage, rounded down (so that 99.6 % never shows as 100 %), or
    "–" for None: the one way every output (report, terminal, mail, history) writes the score."""
    if share is None:
        return "–"
    return f"{math.floor(round(share * 100, 6))}%"


class Summary(Strict):
    counts: dict[str, int]
    failed_by_severity: dict[str, int]
    score: float | None  # share of assessed rules that pass (waived counts as pass)
    coverage: float  # share of applicable rules that were assessed
    status: str  # compliant, gaps, incomplete, gaps_incomplete
    exit_code: int

    @property
    def score_text(self) -> str:
        """The score as every output shows it, e.g. "14%" ("–" when it cannot be computed)."""
        return whole_percent(self.score)

    @property
    def coverage_text(self) -> str:
        return whole_percent(self.coverage)


class Assessment(Strict):
    schema_version: int = ASSESSMENT_SCHEMA_VERSION
    tool_version: str
    catalogue_version: str
    snapshot_hash: str
    site_name: str
    organisations: dict[str, str] = Field(default_factory=dict)
    collected_at: datetime | None = None
    evaluated_at: datetime
    sources: list[Provenance] = Field(default_factory=list)
    rules: dict[str, RuleMeta] = Field(default_factory=dict)
    results: list[RuleResult] = Field(default_factory=list)
    waivers: list[Waiver] = Field(default_factory=list)
    summary: Summary
    #: what changed since the previous run of the site (set when the run is stored in a history)
    changes: ChangeSummary | None = None
    #: the summaries of the last stored runs of the site, oldest first, this run last
    trend: list[TrendPoint] = Field(default_factory=list)
    #: access matrix, administrator register and separation model, computed from the facts
    views: ReportViews | None = None
    #: Coverage of each norm (rules/norms/): requirements automated, partial, manual, assessed.
    norms: list[NormCoverage] = Field(default_factory=list)
    #: The findings of the failed and waived rules grouped into problems, with due dates
    #: (kszcheck.engine.problems); empty in an assessment written before they existed.
    problems: list[Problem] = Field(default_factory=list)
