"""Small shared types: bodies, languages, localised text, strict base model."""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = ["LANGS", "Body", "Lang", "LocalizedText", "Strict", "norm_dn", "plain_note"]


class Strict(BaseModel):
    """Base for all models read from files: unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", frozen=False, validate_assignment=False)


class Body(StrEnum):
    """The legal persons of the shared administration."""

    gemeente = "gemeente"
    ocmw = "ocmw"
    both = "both"


class Lang(StrEnum):
    """The languages of every output: a closed set."""

    nl = "nl"
    fr = "fr"
    en = "en"


#: The language codes, in the order the texts are written (Dutch, French, English).
LANGS: tuple[str, ...] = tuple(lang.value for lang in Lang)


class LocalizedText(Strict):
    """A text in Dutch, French and English.

    Dutch and English are required. French may be absent only in a text that is truly missing it
    (a rule pack of an administration's own); it then falls back to English. The catalogue lint
    (``kszcheck.catalogue.lint``) refuses a missing French text in the shipped catalogue.
    """

    nl: str
    en: str
    fr: str | None = None

    def get(self, lang: Lang | str) -> str:
        code = str(lang)
        if code == "nl":
            return self.nl
        if code == "fr" and self.fr is not None:
            return self.fr
        return self.en

    def written(self) -> dict[str, str]:
        """The text of each language it is written in (no fallback), by language code."""
        return {lang: value for lang in LANGS if (value := getattr(self, lang))}

    def missing(self) -> list[str]:
        """The languages this text lacks (empty or absent), for the catalogue lint."""
        return [lang for lang in LANGS if not (getattr(self, lang) or "").strip()]


def plain_note(value: object) -> object:
    """A note written as a plain string (as a rule pack of an administration's own may write it)
    stands for every language; an empty one is no note. For ``mode="before"`` validators."""
    if isinstance(value, str):
        return LocalizedText(nl=value, en=value) if value.strip() else None
    return value


def norm_dn(dn: str) -> str:
    """Case- and space-insensitive key for a distinguished name."""
    # fast path, the same key: only plain spaces (every other whitespace character is not
    # printable), none at either end or next to a comma, so there is nothing to strip
    if (
        dn.isprintable()
        and ", " not in dn
        and " ," not in dn
        and not dn.startswith(" ")
        and not dn.endswith(" ")
    ):
        return dn.lower()
    return ",".join(part.strip() for part in _DN_SPLIT.split(dn)).lower()


_DN_SPLIT = re.compile(r"(?<!\\),")
