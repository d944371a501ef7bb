"""Norm files: the requirements of a norm (KSZ, VTC, CyFun, ISO 27001) mapped to rules.

A requirement is ``automated`` (its rules decide it), ``partial`` (its rules decide part of it;
an auditor answers the rest), ``manual`` (only an answer with evidence decides it; kszcheck says
what evidence) or ``not_covered`` (listed so that the norm file holds the whole norm; kszcheck
neither checks it nor asks a question of its own, an answer may still be recorded). Only ids and
short paraphrases of copyrighted frameworks are stored.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from pydantic import Field, field_validator, model_validator

from kszcheck.model.catalogue import RULE_ID, Basis
from kszcheck.model.common import LocalizedText, Strict, plain_note

__all__ = [
    "DEFAULT_VALIDITY_MONTHS",
    "Chapter",
    "CyfunLevel",
    "Norm",
    "NormRequirement",
    "RequirementStatus",
    "TextSeen",
]

#: How long an answer's evidence stays valid when neither the requirement nor the norm says.
DEFAULT_VALIDITY_MONTHS = 12

_NORM_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_REQUIREMENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class RequirementStatus(StrEnum):
    automated = "automated"  # decided by its rules
    partial = "partial"  # rules decide part; an answer with evidence decides the rest
    manual = "manual"  # only an answer with evidence decides it
    #: Listed so that the norm is whole; kszcheck neither checks it nor asks for evidence of
    #: its own (an answer with evidence may still decide it).
    not_covered = "not_covered"


class TextSeen(StrEnum):
    """How much of a norm's text the norm file rests on."""

    complete = "complete"  # every requirement of the norm is listed, as read in a copy of it
    partial = "partial"  # part of the text was read; the rest follows its chapter list
    structure = "structure"  # only the structure (parts, chapter titles) was read


class CyfunLevel(StrEnum):
    """The lowest CyberFundamentals assurance level at which a control applies."""

    basic = "basic"
    important = "important"
    essential = "essential"


class Chapter(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    title: LocalizedText
    note: LocalizedText | None = None  # e.g. whether the chapter's text was seen

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, value: Any) -> Any:
        return plain_note(value)


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
    #: The lowest level at which the control is a key measure (``true`` in a file: its own level).
    key_measure: CyfunLevel | None = None
    #: What the paraphrase rests on (which text was read), in every language.
    note: LocalizedText | None = None
    #: What is worth knowing about the mapping of one of ``rules`` to this control (per rule id):
    #: shown with the rule's framework reference (:mod:`kszcheck.catalogue.framework_refs`).
    notes: dict[str, LocalizedText] = Field(default_factory=dict)
    line: int | None = None

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, value: Any) -> Any:
        return plain_note(value)

    @model_validator(mode="before")
    @classmethod
    def _key_measure_flag(cls, data: Any) -> Any:
        flag = data.get("key_measure") if isinstance(data, dict) else None
        if flag is False or (flag is True and data.get("level") is not None):
            data = {**data, "key_measure": data["level"] if flag else None}
        return data

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
        order = list(CyfunLevel)
        if self.key_measure is not None and (
            self.level is None or order.index(self.key_measure) < order.index(self.level)
        ):
            raise ValueError("a control is a key measure only from its own level on")
        without_rules = (RequirementStatus.manual, RequirementStatus.not_covered)
        if set(self.notes) - set(self.rules):
            raise ValueError("'notes' names a rule that 'rules' does not list")
        if self.status in without_rules and self.rules:
            raise ValueError(f"a {self.status.value} requirement lists no rules; make it 'partial'")
        if self.status not in without_rules and not self.rules:
            raise ValueError(f"an {self.status.value} requirement needs at least one rule")
        if self.status is RequirementStatus.automated and self.evidence is not None:
            raise ValueError("an automated requirement has no 'evidence'; make it 'partial'")
        if self.status in (RequirementStatus.partial, RequirementStatus.manual) and (
            self.evidence is None
        ):
            raise ValueError(
                f"a {self.status.value} requirement needs 'evidence': what the auditor records"
            )
        return self


class Norm(Strict):
    id: str
    title: LocalizedText
    version: str
    publisher: str
    #: How a rule's source cites the norm (``CyFun 2025``): a framework mapping with a citation
    #: gives each rule it lists its framework references (kszcheck/catalogue/framework_refs.py).
    citation: str = ""
    #: norm_text when requirements were read in the norm's text, framework_mapping for CyFun and
    #: ISO (ids and kszcheck's paraphrases), recommended_practice when only the structure was read.
    basis: Basis
    url: str = ""
    #: How much of the norm's text the file rests on (None: not stated, e.g. in a rule pack).
    text_seen: TextSeen | None = None
    #: What was seen of the norm's text, and what rests on inference.
    note: LocalizedText | None = None
    #: What to record for a ``not_covered`` requirement that has no evidence text of its own.
    default_evidence: LocalizedText | None = None
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
        if self.basis is Basis.norm_text and self.text_seen is TextSeen.structure:
            found.append(
                (
                    ("basis",),
                    "only the norm's structure was read: its basis is not norm_text "
                    "(use recommended_practice)",
                )
            )
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

    def evidence_for(self, requirement: NormRequirement) -> LocalizedText | None:
        """What the auditor records: the requirement's own text, else the norm's default for a
        requirement kszcheck does not cover."""
        if requirement.evidence is not None:
            return requirement.evidence
        if requirement.status is RequirementStatus.not_covered:
            return self.default_evidence
        return None
