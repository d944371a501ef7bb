"""Small shared types: bodies, languages, localised text, strict base model."""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = ["Body", "Lang", "LocalizedText", "Strict", "norm_dn"]


class Strict(BaseModel):
    """Base for all models read from files: unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", frozen=False, validate_assignment=False)


class Body(StrEnum):
    """The legal persons of the shared administration."""

    gemeente = "gemeente"
    ocmw = "ocmw"
    both = "both"


class Lang(StrEnum):
    nl = "nl"
    en = "en"


class LocalizedText(Strict):
    """A text in Dutch and English; both are required."""

    nl: str
    en: str

    def get(self, lang: Lang | str) -> str:
        return self.nl if str(lang) == "nl" else self.en


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
