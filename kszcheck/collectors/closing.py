"""The closing line of a list that no system kszcheck reads can check: ``# rows: N``.

A CSV or YAML list cut at a row boundary still parses. Where collected facts can show what a
list lacks (servers, shares, people: :mod:`~kszcheck.collectors.reconcile`), they prove it
complete; the exports of assets (roles of the social application, mailbox permissions, print
queues, scan profiles, the disposal register) and the hosts seen on switch ports have no such
witness. Such a list proves it reached its end with a closing line that states how many rows it
holds, as ``ldapsearch`` ends with ``# numEntries``:

    # rows: 11

(``rijen`` and ``lignes`` are read too; in a CSV saved by Excel the trailing separators of that
row are ignored). It is a comment in YAML; in a CSV kszcheck takes it out before reading the
rows. ``# rows: 0`` on a header-only CSV says the list is empty ("none"). A list without the
line, or whose count differs from the rows read, cannot be told apart from a cut file: its kind
is missing, so the rules that read it are not assessed, with one warning line naming the file.

Pure functions (an InputError for a misplaced closing line); the collectors read the files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kszcheck.model.errors import InputError

__all__ = ["Closing", "ClosingEvidence", "closing_evidence", "split_closing"]

_CLOSING = re.compile(r"^\s*#\s*(?:rows|rijen|lignes)\s*[:=]\s*(\d{1,9})\s*[,;\s]*$", re.I)
#: A line with nothing but separators and blanks (a CSV row Excel left empty).
_BLANK = re.compile(r"^[\s,;]*$")


@dataclass(frozen=True)
class Closing:
    """The count a list's closing line declares (None: the list has no closing line)."""

    declared: int | None = None
    line: int | None = None


@dataclass(frozen=True)
class ClosingEvidence:
    """What the closing line proves: nothing missing, or the kind missing and why."""

    missing: list[str]
    reason: str
    warnings: list[str]

    @property
    def complete(self) -> bool:
        return not self.missing


def split_closing(text: str, name: str) -> tuple[str, Closing]:
    """The text without its closing line (left as an empty line, so that every other line keeps
    its number) and the count it declares. Only the last non-blank line can close a list: a
    closing line with rows after it is an InputError naming the file ``name`` and its line."""
    lines = text.split("\n")
    closing = Closing()
    last = next((i for i in range(len(lines) - 1, -1, -1) if not _BLANK.match(lines[i])), None)
    if last is not None and (found := _CLOSING.match(lines[last].rstrip("\r"))):
        closing = Closing(int(found.group(1)), last + 1)
        lines[last] = ""
    for index, line in enumerate(lines):
        if _CLOSING.match(line.rstrip("\r")):
            why = "rows follow the closing line '# rows: N': it must be the last line"
            raise InputError(name, why, index + 1)
    return ("\n".join(lines) if closing.line else text), closing


def closing_evidence(name: str, kind: str, closing: Closing, count: int) -> ClosingEvidence:
    """Whether ``count`` rows read from the file ``name`` are proven to be all of them."""
    short = Path(name).name
    if closing.declared is None:
        return ClosingEvidence(
            [kind],
            f"{short}: no closing line '# rows: N', so a file cut at a row boundary cannot be "
            f"told apart from a complete one ({count} rows read); end the list with "
            f"'# rows: {count}' once it is checked complete",
            [
                f"{short}: niet bewezen volledig / not proven complete: geen slotregel / no "
                f"closing line '# rows: N' ({count} rijen / rows); sluit af met / end with "
                f"'# rows: {count}'"
            ],
        )
    if closing.declared != count:
        where = f"{short}:{closing.line}"
        return ClosingEvidence(
            [kind],
            f"{where}: the closing line declares {closing.declared} rows but {count} were "
            "read: the file was cut or edited after it was closed",
            [
                f"{where}: onvolledig / incomplete: slotregel / closing line "
                f"{closing.declared}, gelezen / read {count}"
            ],
        )
    return ClosingEvidence([], "", [])
