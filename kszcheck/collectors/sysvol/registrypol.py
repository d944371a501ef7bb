"""Parse ``Registry.pol``, the PReg file of a GPO's administrative-template settings.

Format ([MS-GPREG] 2.2.1 and "Registry Policy File Format" on Microsoft Learn): the signature
``PReg`` (0x67655250, little-endian) and version 1 as two 32-bit little-endian words, then
records ``[key;value;type;size;data]`` where the brackets and semicolons are UTF-16LE
characters, key and value are NUL-terminated UTF-16LE strings, type and size are 32-bit
little-endian words and data is ``size`` raw bytes. Value names starting with ``**`` are
directives (delete values or keys) and set nothing; they are skipped.
"""

from __future__ import annotations

import struct

from kszcheck.model.policy import RegistrySetting

__all__ = ["parse_registry_pol"]

_SIGNATURE = b"PReg"
_VERSION = 1
_OPEN, _SEP, _CLOSE = "[".encode("utf-16-le"), ";".encode("utf-16-le"), "]".encode("utf-16-le")
_REG_SZ, _REG_EXPAND_SZ, _REG_BINARY, _REG_DWORD, _REG_DWORD_BE, _REG_MULTI_SZ, _REG_QWORD = (
    1,
    2,
    3,
    4,
    5,
    7,
    11,
)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def expect(self, token: bytes, what: str) -> None:
        if self.data[self.pos : self.pos + len(token)] != token:
            raise ValueError(f"expected '{what}' at byte {self.pos}")
        self.pos += len(token)

    def string(self) -> str:
        end = self.pos
        while True:
            end = self.data.find(b"\x00\x00", end)
            if end < 0:
                raise ValueError(f"unterminated string at byte {self.pos}")
            if (end - self.pos) % 2 == 0:
                break
            end += 1
        text = self.data[self.pos : end].decode("utf-16-le", errors="replace")
        self.pos = end + 2
        return text

    def word(self) -> int:
        if self.pos + 4 > len(self.data):
            raise ValueError(f"truncated at byte {self.pos}")
        (value,) = struct.unpack_from("<I", self.data, self.pos)
        self.pos += 4
        return int(value)

    def raw(self, size: int) -> bytes:
        if self.pos + size > len(self.data):
            raise ValueError(f"data of {size} bytes at byte {self.pos} runs past the end")
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk


def _value(kind: int, data: bytes) -> int | str:
    if kind in (_REG_SZ, _REG_EXPAND_SZ):
        return data.decode("utf-16-le", errors="replace").rstrip("\x00")
    if kind == _REG_MULTI_SZ:
        parts = data.decode("utf-16-le", errors="replace").split("\x00")
        return "\n".join(p for p in parts if p)
    if kind == _REG_DWORD and len(data) == 4:
        return int(struct.unpack("<I", data)[0])
    if kind == _REG_DWORD_BE and len(data) == 4:
        return int(struct.unpack(">I", data)[0])
    if kind == _REG_QWORD and len(data) == 8:
        return int(struct.unpack("<Q", data)[0])
    return data.hex()


def parse_registry_pol(data: bytes) -> list[RegistrySetting]:
    """The values a Registry.pol sets. Raises ValueError naming the byte offset when the file
    is not a valid PReg file."""
    if len(data) < 8 or data[:4] != _SIGNATURE:
        raise ValueError("not a Registry.pol file (no 'PReg' signature)")
    (version,) = struct.unpack_from("<I", data, 4)
    if version != _VERSION:
        raise ValueError(f"Registry.pol version {version} is not supported (expected 1)")
    reader = _Reader(data)
    reader.pos = 8
    settings: list[RegistrySetting] = []
    while reader.pos < len(data):
        reader.expect(_OPEN, "[")
        key = reader.string()
        reader.expect(_SEP, ";")
        name = reader.string()
        reader.expect(_SEP, ";")
        kind = reader.word()
        reader.expect(_SEP, ";")
        size = reader.word()
        reader.expect(_SEP, ";")
        raw = reader.raw(size)
        reader.expect(_CLOSE, "]")
        if name.startswith("**") or not name:
            continue  # a directive (**del., **DelVals., **DeleteKeys ...) or a key only
        settings.append(
            RegistrySetting(key=key, name=name, data=_value(kind, raw), origin="Registry.pol")
        )
    return settings
