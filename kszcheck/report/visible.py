"""Make untrusted text visible as what it is, for the HTML documents (report, overview).

Values from AD, switches and files may carry control characters, bidi overrides (U+202E turns
``adm‮gnp.exe`` into what reads as ``admexe.png``), zero-width characters that make two names
look alike, and names of 10 000 characters. Escaping (jinja2 autoescape) keeps them from being
markup; these functions keep them from deceiving the reader:

- :func:`visible` writes every control, format (bidi, zero-width, BOM), separator and
  non-character code point as ``⟨U+202E⟩``; newlines and tabs stay (texts of several lines).
- :func:`cut` shortens a long value for a cell, with the whole value in the title attribute.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from markupsafe import Markup, escape

__all__ = ["CUT_DEFAULT", "cut", "finalize", "visible"]

#: Characters kept as they are although they are control characters.
_KEPT = frozenset("\n\t")
#: Categories written as ⟨U+XXXX⟩: controls, format (bidi, zero-width), surrogates, private
#: use, unassigned (non-characters such as U+FFFF), line and paragraph separators.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
#: Longest value shown in full in a cell by default.
CUT_DEFAULT = 120


@lru_cache(maxsize=4096)
def _shown(char: str) -> str:
    if char in _KEPT or unicodedata.category(char) not in _HIDDEN_CATEGORIES:
        return char
    return f"⟨U+{ord(char):04X}⟩"


def visible(value: object) -> str:
    """The text of value with every invisible or direction-changing character written out."""
    text = str(value)
    if text.isprintable():  # the common case: nothing to reveal (newlines and tabs are not)
        return text
    return "".join(_shown(c) for c in text)


def finalize(value: object) -> object:
    """jinja2's finalize: every value printed by a template is made visible before it is
    escaped. Markup (the output of the templates' own macros) is left as it is."""
    if value is None or isinstance(value, Markup | int | float):
        return value
    return visible(value)


def cut(value: object, limit: int = CUT_DEFAULT) -> Markup:
    """The value, escaped and visible; longer than limit characters, its start with an
    ellipsis and the whole value in the title attribute (the tooltip)."""
    raw = str(value)
    text = visible(raw)
    if len(text) <= limit:
        return escape(text)
    # cut the value itself, so that a written-out character (⟨U+202E⟩) is never split
    return Markup('<span class="cut" title="{full}">{short}…</span>').format(
        full=text, short=visible(raw[: max(1, limit - 1)])
    )
