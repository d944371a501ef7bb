"""Waivers: a recorded acceptance of a gap, with justification, approver and expiry."""

from __future__ import annotations

from datetime import date
from fnmatch import fnmatchcase

from pydantic import Field, model_validator

from kszcheck.model.common import Strict

__all__ = ["Waiver", "WaiverFile"]


class Waiver(Strict):
    """``resources`` narrows the waiver to some groups or shares of the zone (wildcards
    allowed): it then covers a finding only when every resource the finding concerns is
    listed, so a one-resource exception never hides the same person's other access.
    ``legal_basis`` names the text that allows the situation (a protocol, a decision)."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    rule: str
    subjects: list[str] = Field(default_factory=lambda: ["*"])
    resources: list[str] = Field(default_factory=list)
    justification: str = Field(min_length=10)
    approved_by: str = Field(min_length=2)
    start: date
    expires: date
    risk_ref: str = ""
    legal_basis: str = ""

    @model_validator(mode="after")
    def _dates(self) -> Waiver:
        if self.expires < self.start:
            raise ValueError("'expires' is before 'start'")
        return self

    def covers(self, rule_id: str, subject: str, resources: list[str] | None = None) -> bool:
        """Whether the waiver covers a finding of ``rule_id`` on ``subject`` that concerns
        ``resources`` (the zone's groups or shares; empty when it concerns none in particular).
        """
        if not self.matches(rule_id, subject):
            return False
        if not self.resources:
            return True
        return bool(resources) and all(self.covers_resource(r) for r in resources or [])

    def matches(self, rule_id: str, subject: str) -> bool:
        """Rule and subject match, whatever the resources."""
        return self.rule == rule_id and any(
            fnmatchcase(subject.lower(), pattern.lower()) for pattern in self.subjects
        )

    def covers_resource(self, resource: str) -> bool:
        key = _resource_key(resource)
        return any(fnmatchcase(key, _resource_key(p)) for p in self.resources)

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


def _resource_key(text: str) -> str:
    return text.strip().lstrip("\\").replace("/", "\\").lower()
