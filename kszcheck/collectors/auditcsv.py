"""Parse the advanced audit policy as CSV: a GPO's ``audit.csv``
(``Machine/Microsoft/Windows NT/Audit/audit.csv``, written by the Group Policy editor and by
``auditpol /backup``) and the report of ``auditpol /get /category:* /r``.

Both have the header ``Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion
Setting,Exclusion Setting`` — audit.csv adds ``Setting Value`` (0 no auditing, 1 success,
2 failure, 3 success and failure). Without that column the English ``Inclusion Setting`` text
decides. Rows without a subcategory GUID (options such as ``Option:CrashOnAuditFail``, global
SACLs) are not audit subcategories and are skipped.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

__all__ = ["AuditRow", "parse_audit_csv"]

_HEADER = [
    "Machine Name",
    "Policy Target",
    "Subcategory",
    "Subcategory GUID",
    "Inclusion Setting",
    "Exclusion Setting",
]
_TEXT = {
    "no auditing": (False, False),
    "success": (True, False),
    "failure": (False, True),
    "success and failure": (True, True),
}


@dataclass(frozen=True)
class AuditRow:
    machine: str
    subcategory: str
    guid: str  # lower case, no braces
    success: bool
    failure: bool
    line: int


def parse_audit_csv(text: str) -> list[AuditRow]:
    """The subcategory rows of an audit CSV. Raises ValueError ('line N: what') on a file that
    is not one, or on a setting it cannot read."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        raise ValueError("line 1: empty file (expected the auditpol CSV header)")
    reader = csv.reader(io.StringIO("\n".join(lines[start:])))
    header = [h.strip() for h in next(reader)]
    if header[: len(_HEADER)] != _HEADER:
        raise ValueError(f"line {start + 1}: not an auditpol CSV header: {','.join(header)}")
    has_value = len(header) > len(_HEADER) and header[len(_HEADER)] == "Setting Value"
    rows: list[AuditRow] = []
    for offset, record in enumerate(reader, start=start + 2):
        if not record or not any(field.strip() for field in record):
            continue
        record += [""] * (len(header) - len(record))
        guid = record[3].strip().strip("{}").lower()
        if not guid:
            continue
        rows.append(
            AuditRow(
                record[0].strip(),
                record[2].strip(),
                guid,
                *_setting(record, has_value, offset),
                offset,
            )
        )
    return rows


def _setting(record: list[str], has_value: bool, line: int) -> tuple[bool, bool]:
    if has_value and record[6].strip():
        value = record[6].strip()
        if value not in ("0", "1", "2", "3"):
            raise ValueError(f"line {line}: Setting Value '{value}' is not 0, 1, 2 or 3")
        number = int(value)
        return bool(number & 1), bool(number & 2)
    text = record[4].strip().lower()
    if text not in _TEXT:
        raise ValueError(
            f"line {line}: Inclusion Setting '{record[4].strip()}' is not understood "
            "(run auditpol on an English system, or export audit.csv with its Setting Value)"
        )
    return _TEXT[text]
