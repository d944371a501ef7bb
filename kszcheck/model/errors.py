"""Errors a person can act on: the file, the line and what is wrong, in one line."""

from __future__ import annotations

from pathlib import Path

from kszcheck.model.text import one_line

__all__ = ["InputError", "KszError", "OutputError"]


class KszError(Exception):
    """Base class for expected failures; the CLI prints them in one line, without a traceback,
    and exits with ``exit_code`` (2: usage or configuration error)."""

    exit_code = 2


class OutputError(KszError):
    """The run's outputs could not be written (disk full, no permission, an I/O error): nothing
    of the run was written or recorded, the previous run's files are unchanged (exit 6)."""

    exit_code = 6


class InputError(KszError):
    """Bad input: names the file (or source), the line when known, and what is wrong."""

    def __init__(self, source: str | Path, message: str, line: int | None = None) -> None:
        # input quoted in a message may hold line breaks, ESC sequences or bidi overrides: shown
        # escaped, so a message stays on one line and cannot steer the terminal
        self.source = one_line(str(source))
        self.line = line
        self.message = one_line(message)
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.message}"
