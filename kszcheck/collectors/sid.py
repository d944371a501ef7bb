"""Security identifiers (MS-DTYP 2.4.2): binary form <-> 'S-1-5-21-...' text."""

from __future__ import annotations

import re
import struct

__all__ = ["is_sid", "sid_from_bytes", "sid_to_bytes", "sid_to_str"]

_SID_TEXT = re.compile(r"^S-1-(?:0x[0-9A-Fa-f]{12}|\d+)(?:-\d+){0,15}$")
_MAX_SUB_AUTHORITIES = 15


def sid_from_bytes(data: bytes, offset: int = 0) -> tuple[str, int]:
    """Read one binary SID at ``offset``: returns its text and its length in bytes.

    Raises ValueError when the bytes are too short or not a revision-1 SID."""
    if offset < 0 or offset + 8 > len(data):
        raise ValueError(f"SID at offset {offset} runs past the end of the data")
    revision, count = data[offset], data[offset + 1]
    if revision != 1:
        raise ValueError(f"SID at offset {offset} has revision {revision}, expected 1")
    if count > _MAX_SUB_AUTHORITIES:
        raise ValueError(f"SID at offset {offset} claims {count} sub-authorities (at most 15)")
    size = 8 + 4 * count
    if offset + size > len(data):
        raise ValueError(f"SID at offset {offset} runs past the end of the data")
    authority = int.from_bytes(data[offset + 2 : offset + 8], "big")
    subs = struct.unpack_from(f"<{count}I", data, offset + 8)
    auth_text = str(authority) if authority < 2**32 else f"0x{authority:012X}"
    return "-".join(["S", "1", auth_text, *map(str, subs)]), size


def sid_to_str(data: bytes) -> str:
    """The text form of a binary SID that fills ``data`` exactly."""
    text, size = sid_from_bytes(data)
    if size != len(data):
        raise ValueError(f"SID is {size} bytes but the value holds {len(data)}")
    return text


def is_sid(text: str) -> bool:
    """True for the text form of a SID, as ldbsearch and ldap3 print it."""
    return bool(_SID_TEXT.match(text))


def sid_to_bytes(text: str) -> bytes:
    """The binary form of a SID written as text."""
    if not is_sid(text):
        raise ValueError(f"'{text}' is not a SID")
    parts = text.split("-")
    authority = int(parts[2], 16) if parts[2].startswith("0x") else int(parts[2])
    subs = [int(part) for part in parts[3:]]
    if authority >= 2**48 or any(sub >= 2**32 for sub in subs):
        raise ValueError(f"'{text}' has a value out of range")
    return (
        bytes([1, len(subs)]) + authority.to_bytes(6, "big") + struct.pack(f"<{len(subs)}I", *subs)
    )
