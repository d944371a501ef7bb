"""The catalogue's metadata: rules with bilingual texts, sources, parameters and messages."""

from __future__ import annotations

import re
import string
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from kszcheck.model.common import LANGS, LocalizedText, Strict, plain_note
from kszcheck.model.fixes import FixTemplate
from kszcheck.model.provenance import FACT_KINDS, alternatives

__all__ = [
    "Basis",
    "OwnerRole",
    "ParamSpec",
    "RuleMeta",
    "Seen",
    "Severity",
    "SourceRef",
    "basis_problems",
    "coerce_param",
    "message_fields",
]

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

    #: The requirement was read in the norm's own text (a KSZ/VTC text or law): an official
    #: copy, or a secondary copy of it that the source names with its URL.
    norm_text = "norm_text"
    framework_mapping = "framework_mapping"  # CyFun, ISO 27001, ANSSI: ids only
    #: Everything else: a chapter title, a web page about the norm, an inference, good
    #: practice; the note says what it rests on.
    recommended_practice = "recommended_practice"


class Seen(StrEnum):
    """Where the text of a ``norm_text`` source was read."""

    official = "official"  # the publisher's site, an official journal or registry
    secondary_copy = "secondary_copy"  # a copy of that text elsewhere (its URL is given)


#: Notes that say the norm's text itself was not read; such a source is not ``norm_text``.
_NOT_READ = re.compile(
    r"not seen|not read|title only|titles only|only the (chapter )?titles?|chapter titles? only"
    r"|table of contents|verify (it |the wording |against the text)|not verified"
    r"|niet gezien|niet gelezen|alleen de titel|inhoudstafel"
    r"|pas été vue?s?|pas été lue?s?|intitulé seulement|seul intitulé|table des matières",
    re.IGNORECASE,
)


def basis_problems(source: SourceRef) -> list[str]:
    """Why a source's basis label does not say what it rests on (empty when it does)."""
    problems: list[str] = []
    if source.basis is Basis.norm_text:
        if not source.url:
            problems.append("a norm_text source gives the 'url' of the text that was read")
        if source.seen is None:
            problems.append(
                "a norm_text source says where its text was read: 'seen: official' or "
                "'seen: secondary_copy'"
            )
        notes = source.note.written().values() if source.note is not None else ()
        found = next((m for note in notes if (m := _NOT_READ.search(note))), None)
        if found:
            problems.append(
                f"the note says the text was not read ('{found.group(0)}'): use "
                "recommended_practice and say in the note what the requirement rests on"
            )
    elif source.seen is not None:
        problems.append("'seen' belongs to a norm_text source only")
    return problems


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
    seen: Seen | None = None
    #: What the source says and what was read of it, in every language (a plain string, as a
    #: rule pack of an administration's own may write it, stands for every language).
    note: LocalizedText | None = None

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, value: Any) -> Any:
        return plain_note(value)

    @model_validator(mode="after")
    def _basis_says_what_it_rests_on(self) -> SourceRef:
        problems = basis_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self


class ParamSpec(Strict):
    type: Literal["int", "float", "bool", "str", "list"]
    default: Any
    normative: bool = False  # True: the default is written in a norm; False: a practical default
    description: LocalizedText

    @model_validator(mode="after")
    def _default_matches(self) -> ParamSpec:
        self.default = coerce_param(self.type, self.default)
        return self


def message_fields(text: str) -> set[str]:
    """The placeholder names of a message text: the arguments its findings carry."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


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


#: How a title that prescribes (instead of stating the desired state) begins, in each language.
_ENSURE = ("ensure", "zorg dat", "zorg ervoor", "veiller", "veillez", "s'assurer", "assurez-vous")


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
    #: Kinds the check also reads where they were collected completely, falling back to its
    #: ``needs`` when they were not (e.g. the local groups the Windows pack read). Never a
    #: condition of the verdict; the needs lint proves each one is read by a case that provides it.
    uses: list[str] = Field(default_factory=list)
    params: dict[str, ParamSpec] = Field(default_factory=dict)
    messages: dict[str, LocalizedText] = Field(min_length=1)
    #: Remediation snippets for the findings of some messages (kszcheck.model.fixes).
    fixes: list[FixTemplate] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not RULE_ID.match(value):
            raise ValueError(f"rule id '{value}' does not look like KSZ-ABC-001")
        return value

    @field_validator("needs")
    @classmethod
    def _needs(cls, value: list[str]) -> list[str]:
        for entry in value:
            for kind in alternatives(entry):
                if kind not in FACT_KINDS:
                    raise ValueError(f"unknown fact kind '{kind}'")
        return value

    @field_validator("uses")
    @classmethod
    def _uses(cls, value: list[str]) -> list[str]:
        for kind in value:
            if kind not in FACT_KINDS:
                raise ValueError(f"unknown fact kind '{kind}'")
        return value

    @model_validator(mode="after")
    def _uses_not_needed(self) -> RuleMeta:
        needed = {kind for entry in self.needs for kind in alternatives(entry)}
        both = sorted(needed & set(self.uses))
        if both:
            raise ValueError(f"uses names {both}, which needs names already")
        return self

    @model_validator(mode="after")
    def _fixes(self) -> RuleMeta:
        for index, fix in enumerate(self.fixes):
            unknown = [key for key in fix.when if key not in self.messages]
            if unknown:
                raise ValueError(f"fixes.{index}: no message {', '.join(unknown)} in messages")
            for key in fix.when:
                known = {"subject"} | message_fields(self.messages[key].en)
                extra = sorted(fix.names() - known)
                if extra:
                    raise ValueError(
                        f"fixes.{index}: the findings of message '{key}' have no value "
                        f"{', '.join(extra)} (they have: {', '.join(sorted(known))})"
                    )
        return self

    @model_validator(mode="after")
    def _titles(self) -> RuleMeta:
        for lang in LANGS:
            title = self.title.get(lang)
            if len(title) > 100:
                raise ValueError(f"title ({lang}) is longer than 100 characters")
            if title.lower().startswith(_ENSURE):
                raise ValueError(
                    "a title states the desired state; it does not start with 'Ensure'"
                )
        return self
