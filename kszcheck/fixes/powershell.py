"""PowerShell single-quoted literals, safe for any value kszcheck accepts.

In a single-quoted string PowerShell ends the string at any of five quote characters: the
apostrophe U+0027 and the typographic quotes U+2018, U+2019, U+201A and U+201B; two of them in a
row stand for one quote. Nothing else is special (no ``$``, no backtick). So a value becomes a
literal by doubling each of those five characters and putting it between apostrophes.

A value with a control, format (bidirectional controls, zero-width characters), separator
(U+2028, U+2029), surrogate, private-use or unassigned character is refused: it may show
otherwise than it runs, and a line break would end the command.
"""

from __future__ import annotations

import unicodedata

__all__ = ["QUOTES", "Refused", "literal", "refused_character"]

#: The characters PowerShell reads as a single quote.
QUOTES = frozenset("'\u2018\u2019\u201a\u201b")

#: Unicode categories a value must not contain.
_REFUSED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


class Refused(ValueError):
    """The value cannot be written as a literal."""


def refused_character(value: str) -> str | None:
    """The first character of ``value`` that no literal may hold, or None."""
    return next((c for c in value if unicodedata.category(c) in _REFUSED), None)


def literal(value: str) -> str:
    """``value`` as one PowerShell single-quoted literal; Refused for a value it cannot hold."""
    bad = refused_character(value)
    if bad is not None:
        raise Refused(f"U+{ord(bad):04X}")
    return "'" + "".join(c + c if c in QUOTES else c for c in value) + "'"
