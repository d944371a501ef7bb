"""Norm files: the requirements of a norm (KSZ, VTC, CyFun, ISO 27001) mapped to rules.

A requirement is ``automated`` (its rules decide it), ``partial`` (its rules decide part of it;
an auditor answers the rest) or ``manual`` (only an answer with evidence decides it). Only ids
and short paraphrases of copyrighted frameworks are stored.
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from kszcheck.model.catalogue import RULE_ID, Basis
from kszcheck.model.common import LocalizedText, Strict

__all__ = [
    "DEFAULT_VALIDITY_MONTHS",
    "Chapter",
    "CyfunLevel",
    "Norm",
    "NormRequirement",
    "RequirementStatus",
]

#: How long an answer's evidence stays valid when neither the requirement nor the norm says.
DEFAULT_VALIDITY_MONTHS = 12

_NORM_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_REQUIREMENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class RequirementStatus(StrEnum):
    automated = "automated"  # decided by its rules
    partial = "partial"  # rules decide part; an answer with evidence decides the rest
    manual = "manual"  # only an answer with evidence decides it


class CyfunLevel(StrEnum):
    """The lowest CyberFundamentals assurance level at which a control applies."""

    basic = "basic"
    important = "important"
    essential = "essential"


class Chapter(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    title: LocalizedText
    note: str = ""  # e.g. whether the chapter's text was seen


class NormRequirement(Strict):
    id: str
    title: LocalizedText  # a short paraphrase, never the copyrighted text
    status: RequirementStatus
    chapter: str = ""
    rules: list[str] = Field(default_factory=list)
    #: What an auditor must record for a manual or partial requirement.
    evidence: LocalizedText | None = None
    #: How many months an answer's evidence stays valid (default: the norm's).
    validity_months: int | None = Field(default=None, ge=1, le=120)
    level: CyfunLevel | None = None
    key_measure: bool = False
    note: str = ""
    line: int | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _REQUIREMENT_ID.match(value):
            raise ValueError(f"requirement id '{value}' may hold only letters, digits, . _ -")
        return value

    @field_validator("rules")
    @classmethod
    def _rules(cls, value: list[str]) -> list[str]:
        for rule_id in value:
            if not RULE_ID.match(rule_id):
                raise ValueError(f"'{rule_id}' is not a rule id like KSZ-ABC-001")
        if len(set(value)) != len(value):
            raise ValueError("a rule is listed twice")
        return value

    @model_validator(mode="after")
    def _status_fits(self) -> NormRequirement:
        if self.status is RequirementStatus.manual and self.rules:
            raise ValueError("a manual requirement lists no rules; make it 'partial'")
        if self.status is not RequirementStatus.manual and not self.rules:
            raise ValueError(f"an {self.status.value} requirement needs at least one rule")
        if self.status is RequirementStatus.automated and self.evidence is not None:
            raise ValueError("an automated requirement has no 'evidence'; make it 'partial'")
        if self.status is not RequirementStatus.automated and self.evidence is None:
            raise ValueError(
                f"a {self.status.value} requirement needs 'evidence': what the auditor records"
            )
        return self


class Norm(Strict):
    id: str
    title: LocalizedText
    version: str
    publisher: str
    basis: Basis  # norm_text for KSZ/VTC, framework_mapping for CyFun/ISO
    url: str = ""
    #: What was seen of the norm's text, and what rests on inference.
    note: LocalizedText | None = None
    default_validity_months: int = Field(default=DEFAULT_VALIDITY_MONTHS, ge=1, le=120)
    chapters: list[Chapter] = Field(default_factory=list)
    requirements: list[NormRequirement] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _NORM_ID.match(value):
            raise ValueError(f"norm id '{value}' is lower case, digits and '-' (e.g. ksz-mn)")
        return value

    def problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Inconsistencies between requirements: (key path, what is wrong)."""
        found: list[tuple[tuple[str | int, ...], str]] = []
        chapters = [c.id for c in self.chapters]
        for index, chapter in enumerate(chapters):
            if chapter in chapters[:index]:
                found.append((("chapters", index), f"chapter id '{chapter}' is used twice"))
        seen: set[str] = set()
        for index, requirement in enumerate(self.requirements):
            if requirement.id in seen:
                found.append(
                    (("requirements", index), f"requirement id '{requirement.id}' is used twice")
                )
            seen.add(requirement.id)
            if requirement.chapter and requirement.chapter not in chapters:
                found.append(
                    (
                        ("requirements", index, "chapter"),
                        f"chapter '{requirement.chapter}' is not listed under 'chapters'",
                    )
                )
        return found

    def requirement(self, requirement_id: str) -> NormRequirement | None:
        for requirement in self.requirements:
            if requirement.id == requirement_id:
                return requirement
        return None

    def validity_of(self, requirement: NormRequirement) -> int:
        return requirement.validity_months or self.default_validity_months
