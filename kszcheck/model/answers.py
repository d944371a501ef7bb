"""Answers to manual norm requirements: the consultant's answer with its evidence.

Kept in the records file under ``answers:``; see inventories/README.md.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import Field, field_validator, model_validator

from kszcheck.model.common import Strict

__all__ = ["Answer", "AnswerValue"]


class AnswerValue(StrEnum):
    yes = "yes"  # the requirement is met; the evidence shows it
    no = "no"  # it is not met
    partial = "partial"  # partly met: counts as not met


class Answer(Strict):
    """One answer to a requirement of a norm file (``rules/norms/<norm>.yaml``)."""

    norm: str  # the norm id, e.g. ksz-mn
    requirement: str  # the requirement id in that norm
    answer: AnswerValue
    evidence: str = ""  # where the evidence is: a DMS reference, a decision, a file
    answered_on: date  # the date of the evidence (or of the answer)
    answered_by: str = Field(min_length=2)  # who answered: name and role
    note: str = ""
    line: int | None = None

    @field_validator("answer", mode="before")
    @classmethod
    def _yes_no(cls, value: Any) -> Any:
        # YAML reads an unquoted yes/no as a boolean; ja/nee are accepted too
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, str):
            return {"ja": "yes", "nee": "no", "gedeeltelijk": "partial"}.get(
                value.strip().lower(), value.strip().lower()
            )
        return value

    @model_validator(mode="after")
    def _evidence(self) -> Answer:
        if self.answer is not AnswerValue.no and not self.evidence.strip():
            raise ValueError(
                f"an answer '{self.answer.value}' needs 'evidence': where the proof is kept"
            )
        return self
