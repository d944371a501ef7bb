"""The catalogue's metadata: rules with bilingual texts, sources, parameters and messages."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from kszcheck.model.common import LocalizedText, Strict
from kszcheck.model.provenance import FACT_KINDS

__all__ = ["Basis", "OwnerRole", "ParamSpec", "RuleMeta", "Severity", "SourceRef", "coerce_param"]

RULE_ID = re.compile(r"^KSZ-[A-Z]{3}-\d{3}$")


class Severity(StrEnum):
    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"

    @property
    def rank(self) -> int:
        return ["critical", "high", "medium", "low"].index(self.value)


class Basis(StrEnum):
    """How strong the basis of a requirement is."""

    norm_text = "norm_text"  # written in a KSZ/VTC text or in law
    framework_mapping = "framework_mapping"  # CyFun, ISO 27001, ANSSI
    recommended_practice = "recommended_practice"  # inference / good practice


class OwnerRole(StrEnum):
    """Who must act on a gap."""

    ict_manager = "ict_manager"
    security_consultant = "security_consultant"
    dpo = "dpo"
    hr = "hr"
    algemeen_directeur = "algemeen_directeur"
    ocmw_council = "ocmw_council"
    data_owner = "data_owner"


class SourceRef(Strict):
    ref: str
    basis: Basis
    url: str = ""
    note: str = ""


class ParamSpec(Strict):
    type: Literal["int", "float", "bool", "str", "list"]
    default: Any
    normative: bool = False  # True: the default is written in a norm; False: a practical default
    description: LocalizedText

    @model_validator(mode="after")
    def _default_matches(self) -> ParamSpec:
        self.default = coerce_param(self.type, self.default)
        return self


def coerce_param(kind: str, value: Any) -> Any:
    """Check a parameter value against its declared type; raise ValueError if it does not fit."""
    expected: dict[str, type | tuple[type, ...]] = {
        "int": int,
        "float": (int, float),
        "bool": bool,
        "str": str,
        "list": list,
    }
    if kind in ("int", "float") and isinstance(value, bool):
        raise ValueError(f"expected {kind}, got a boolean")
    if not isinstance(value, expected[kind]):
        raise ValueError(f"expected {kind}, got {type(value).__name__} {value!r}")
    if kind == "float" and isinstance(value, int | float):
        return float(value)
    return value


class RuleMeta(Strict):
    id: str
    slug: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    domain: Literal[
        "governance",
        "people",
        "separation",
        "privileged",
        "network",
        "servers",
        "logging",
        "backup",
        "remote",
    ]
    title: LocalizedText
    plain: LocalizedText  # one sentence for the non-technical reader
    rationale: LocalizedText
    remediation: LocalizedText
    severity: Severity
    owner: OwnerRole
    sources: list[SourceRef] = Field(min_length=1)
    needs: list[str] = Field(min_length=1)
    params: dict[str, ParamSpec] = Field(default_factory=dict)
    messages: dict[str, LocalizedText] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not RULE_ID.match(value):
            raise ValueError(f"rule id '{value}' does not look like KSZ-ABC-001")
        return value

    @field_validator("needs")
    @classmethod
    def _needs(cls, value: list[str]) -> list[str]:
        for kind in value:
            if kind not in FACT_KINDS:
                raise ValueError(f"unknown fact kind '{kind}'")
        return value

    @model_validator(mode="after")
    def _titles(self) -> RuleMeta:
        for lang in ("nl", "en"):
            title = self.title.get(lang)
            if len(title) > 100:
                raise ValueError(f"title ({lang}) is longer than 100 characters")
            if title.lower().startswith(("ensure", "zorg dat", "zorg ervoor")):
                raise ValueError(
                    "a title states the desired state; it does not start with 'Ensure'"
                )
        return self
