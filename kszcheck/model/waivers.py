"""Waivers: a recorded acceptance of a gap, with justification, approver and expiry."""

from __future__ import annotations

from datetime import date
from fnmatch import fnmatchcase

from pydantic import Field, model_validator

from kszcheck.model.common import Strict

__all__ = ["Waiver", "WaiverFile"]


class Waiver(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    rule: str
    subjects: list[str] = Field(default_factory=lambda: ["*"])
    justification: str = Field(min_length=10)
    approved_by: str = Field(min_length=2)
    start: date
    expires: date
    risk_ref: str = ""

    @model_validator(mode="after")
    def _dates(self) -> Waiver:
        if self.expires < self.start:
            raise ValueError("'expires' is before 'start'")
        return self

    def covers(self, rule_id: str, subject: str) -> bool:
        return self.rule == rule_id and any(
            fnmatchcase(subject.lower(), pattern.lower()) for pattern in self.subjects
        )

    def active_on(self, day: date) -> bool:
        return self.start <= day <= self.expires


class WaiverFile(Strict):
    waivers: list[Waiver] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> WaiverFile:
        ids = [w.id for w in self.waivers]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"waiver id '{dupes[0]}' is used twice")
        return self
