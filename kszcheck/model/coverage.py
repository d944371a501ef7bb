"""Coverage of the norms in one run: per requirement its result, per norm the counts."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from kszcheck.model.common import LocalizedText, Strict
from kszcheck.model.norms import CyfunLevel, RequirementStatus

__all__ = ["ASSESSED", "AnswerEvidence", "NormCoverage", "RequirementOutcome", "RequirementResult"]


class RequirementOutcome(StrEnum):
    """The result of one norm requirement (the same words as a rule's outcome)."""

    pass_ = "pass"
    fail = "fail"
    not_applicable = "not_applicable"
    not_assessed = "not_assessed"
    manual = "manual"  # waiting for an answer with (current) evidence
    waived = "waived"
    #: A requirement kszcheck does not cover, and nobody recorded an answer for it.
    not_covered = "not_covered"


#: Outcomes that count as assessed in this run.
ASSESSED = frozenset({RequirementOutcome.pass_, RequirementOutcome.fail, RequirementOutcome.waived})


class AnswerEvidence(Strict):
    """The answer that decided (or failed to decide) a manual or partial requirement."""

    answer: str  # yes, no, partial
    evidence: str
    answered_on: date
    answered_by: str
    valid_until: date
    expired: bool
    line: int | None = None


class RequirementResult(Strict):
    requirement_id: str
    title: LocalizedText
    chapter: str = ""
    status: RequirementStatus
    level: CyfunLevel | None = None
    key_measure: CyfunLevel | None = None
    outcome: RequirementOutcome
    #: The outcome of each of its rules (rule id -> outcome).
    rules: dict[str, str] = Field(default_factory=dict)
    answer: AnswerEvidence | None = None
    reason: LocalizedText | None = None
    evidence_needed: LocalizedText | None = None


class NormCoverage(Strict):
    norm_id: str
    title: LocalizedText
    version: str
    #: How much of the norm's text its norm file rests on (complete, partial, structure).
    text_seen: str = ""
    #: How many requirements are automated, partial, manual or not covered.
    by_status: dict[str, int]
    #: How many requirements were assessed in this run (pass, fail or waived).
    assessed: int
    #: How many requirements ended in each outcome.
    by_outcome: dict[str, int]
    requirements: list[RequirementResult] = Field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.requirements)

    @property
    def checked(self) -> int:
        """Requirements whose rules decide all or part of them (automated or partial)."""
        return self.by_status.get("automated", 0) + self.by_status.get("partial", 0)
