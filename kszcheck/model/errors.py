"""Errors a person can act on: the file, the line and what is wrong, in one line."""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["InputError", "KszError"]

#: Line breaks and other control characters (input quoted in a message may hold them): shown
#: escaped, so a message stays on one line and cannot steer the terminal (ESC sequences).
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(text: str) -> str:
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class KszError(Exception):
    """Base class for expected failures; the CLI prints them in one line, without a traceback."""


class InputError(KszError):
    """Bad input: names the file (or source), the line when known, and what is wrong."""

    def __init__(self, source: str | Path, message: str, line: int | None = None) -> None:
        self.source = _one_line(str(source))
        self.line = line
        self.message = _one_line(message)
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.message}"
