"""The minimal reader of an LDIF export that ``scan_scale.py`` compares kszcheck with.

    python benchmarks/ldif_baseline.py ad-export.ldif

What any tool must do at least to read the export: read the file line by line, join folded lines,
split each attribute line into name and value, decode base64 values, and walk every security
descriptor with ``struct`` (header, owner and group SIDs, each ACE's type, flags, mask, object
types and trustee SID as text). It keeps nothing but counts, which it prints, so its memory is
that of one entry. It checks nothing and builds no facts: the floor, not a competitor.
"""

from __future__ import annotations

import base64
import struct
import sys
from pathlib import Path


def sid_text(data: bytes, at: int) -> tuple[str, int]:
    count = data[at + 1]
    authority = int.from_bytes(data[at + 2 : at + 8], "big")
    subs = struct.unpack_from(f"<{count}I", data, at + 8)
    return "S-1-" + "-".join([str(authority), *map(str, subs)]), 8 + 4 * count


def walk_descriptor(data: bytes) -> int:
    """Decode owner, group and every DACL entry; returns the number of ACEs."""
    _rev, _sbz, _control, owner_at, group_at, _sacl_at, dacl_at = struct.unpack_from(
        "<BBHIIII", data, 0
    )
    if owner_at:
        sid_text(data, owner_at)
    if group_at:
        sid_text(data, group_at)
    if not dacl_at:
        return 0
    count: int = struct.unpack_from("<BBHHH", data, dacl_at)[3]
    at = dacl_at + 8
    for _ in range(count):
        kind, _flags, size = struct.unpack_from("<BBH", data, at)
        (_mask,) = struct.unpack_from("<I", data, at + 4)
        sid_at = at + 8
        if kind in (0x05, 0x06, 0x07):
            (present,) = struct.unpack_from("<I", data, at + 8)
            sid_at = at + 12
            if present & 1:
                data[sid_at : sid_at + 16].hex()
                sid_at += 16
            if present & 2:
                data[sid_at : sid_at + 16].hex()
                sid_at += 16
        sid_text(data, sid_at)
        at += size
    return count


def read(path: Path) -> tuple[int, int, int]:
    """Entries, values and ACEs in the file."""
    entries = values = aces = 0
    current: list[bytes] = []

    def attribute(line: bytes) -> None:
        nonlocal values, aces, entries
        name, _, value = line.partition(b":")
        if name == b"dn":
            entries += 1
        values += 1
        if value.startswith(b":"):
            raw = base64.b64decode(value[1:].strip())
            if name == b"nTSecurityDescriptor":
                aces += walk_descriptor(raw)

    with path.open("rb") as handle:
        for line in handle:
            line = line.rstrip(b"\r\n")
            if line.startswith(b" "):
                current.append(line[1:])
                continue
            if current:
                attribute(b"".join(current))
                current = []
            if line and not line.startswith(b"#"):
                current = [line]
        if current:
            attribute(b"".join(current))
    return entries, values, aces


def main() -> None:
    entries, values, aces = read(Path(sys.argv[1]))
    print(f"{entries} entries, {values} values, {aces} ACEs")


if __name__ == "__main__":
    main()
