"""Untrusted text made visible: names, descriptions and reasons that came from AD, switches, file
servers or inventories are shown as what they are, never as what they try to look like.

- Control characters (CR/LF, ESC, NUL, C1 controls, U+2028/2029) would forge lines or steer a
  terminal: they are shown escaped (``\\r``, ``\\x1b``).
- Invisible format characters (bidi overrides and isolates such as U+202E, zero-width spaces and
  joiners, the BOM, soft hyphens), lone surrogates and non-characters would let one account name
  pass for another: they are shown as ``<U+202E>``.

Pure functions over text, used by the terminal output, error messages, the mail and the report.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["has_hidden", "one_line", "visible"]

#: Control characters (C0 except TAB, DEL, C1) and the Unicode line/paragraph separators.
_CONTROL = "\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029"
#: Characters that change how text around them looks without being seen themselves.
_FORMAT = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\ufffe\uffff\ud800-\udfff"
)
_LINE = re.compile(f"[{_CONTROL}\t{_FORMAT}]")
_BLOCK = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_FORMAT}]")
_HIDDEN = re.compile(f"[{_FORMAT}]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if unicodedata.category(char) == "Cc" or char in "\u2028\u2029":
        return char.encode("unicode_escape").decode("ascii")
    return f"<U+{ord(char):04X}>"


def one_line(text: str) -> str:
    """The text on one line, with every control and invisible format character shown escaped."""
    return _LINE.sub(_escape, text)


def visible(text: str) -> str:
    """As :func:`one_line`, but line breaks (LF) and tabs are kept: for multi-line texts such as
    descriptions in the HTML report, where a line break is only white space."""
    return _BLOCK.sub(_escape, text)


def has_hidden(text: str) -> bool:
    """Whether the text holds an invisible format character (bidi override, zero-width, …)."""
    return _HIDDEN.search(text) is not None
