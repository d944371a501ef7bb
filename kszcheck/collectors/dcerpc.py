"""DCE/RPC over a named pipe (C706 connection-oriented PDUs, MS-RPCE) and NDR 2.0 (little
endian): just enough to bind to an interface and make calls. Pure: bytes in, bytes out.

A server's answer is hostile input: every length is checked before it is used, and anything
that does not add up raises ValueError naming what and where.
"""

from __future__ import annotations

import struct
import uuid
from dataclasses import dataclass, field

__all__ = [
    "NDR_SYNTAX",
    "NdrReader",
    "NdrWriter",
    "RpcFault",
    "bind_pdu",
    "check_bind_ack",
    "request_pdu",
    "response_stub",
]

#: The NDR 2.0 transfer syntax.
NDR_SYNTAX = ("8a885d04-1ceb-11c9-9fe8-08002b104860", 2)
_PTYPE_REQUEST, _PTYPE_RESPONSE, _PTYPE_FAULT = 0, 2, 3
_PTYPE_BIND, _PTYPE_BIND_ACK, _PTYPE_BIND_NAK = 11, 12, 13
_FIRST_LAST = 0x03
_DREP = b"\x10\x00\x00\x00"  # little endian, ASCII, IEEE
MAX_FRAGMENT = 4280


class RpcFault(ValueError):
    """The server answered with a fault PDU or refused the bind."""

    def __init__(self, what: str, status: int) -> None:
        super().__init__(f"{what} (status 0x{status:08x})")
        self.status = status


def _header(ptype: int, body_length: int, call_id: int, flags: int = _FIRST_LAST) -> bytes:
    return struct.pack("<BBBB4sHHI", 5, 0, ptype, flags, _DREP, 16 + body_length, 0, call_id)


def _syntax(uid: str, version: int) -> bytes:
    return uuid.UUID(uid).bytes_le + struct.pack("<I", version)


def bind_pdu(interface: str, version: int, call_id: int = 1) -> bytes:
    """A bind to ``interface`` (UUID text) version ``version`` with the NDR transfer syntax."""
    body = struct.pack("<HHI", MAX_FRAGMENT, MAX_FRAGMENT, 0)
    body += struct.pack("<BBH", 1, 0, 0)  # one presentation context
    body += struct.pack("<HBB", 0, 1, 0)  # context 0, one transfer syntax
    body += _syntax(interface, version) + _syntax(*NDR_SYNTAX)
    return _header(_PTYPE_BIND, len(body), call_id) + body


def _fragments(data: bytes) -> list[tuple[int, int, bytes]]:
    """Split concatenated PDUs: (ptype, flags, body after the 16-byte header)."""
    out: list[tuple[int, int, bytes]] = []
    at = 0
    while at < len(data):
        if len(data) - at < 16:
            raise ValueError(f"DCE/RPC header at byte {at} is cut short")
        version, _minor, ptype, flags = data[at], data[at + 1], data[at + 2], data[at + 3]
        if version != 5:
            raise ValueError(f"DCE/RPC version {version} at byte {at}, expected 5")
        if data[at + 4] & 0xF0 != 0x10:
            raise ValueError("DCE/RPC answer is not little endian")
        length = struct.unpack_from("<H", data, at + 8)[0]
        if length < 16 or at + length > len(data):
            raise ValueError(f"DCE/RPC fragment at byte {at} claims {length} bytes")
        out.append((ptype, flags, data[at + 16 : at + length]))
        at += length
    if not out:
        raise ValueError("empty DCE/RPC answer")
    return out


def check_bind_ack(data: bytes) -> None:
    """Raise RpcFault unless ``data`` is a bind_ack accepting the (single) context."""
    ptype, _flags, body = _fragments(data)[0]
    if ptype == _PTYPE_BIND_NAK:
        reason = struct.unpack_from("<H", body, 0)[0] if len(body) >= 2 else 0
        raise RpcFault("bind refused", reason)
    if ptype != _PTYPE_BIND_ACK:
        raise ValueError(f"expected a bind_ack, got PDU type {ptype}")
    if len(body) < 10:
        raise ValueError("bind_ack is cut short")
    secondary = struct.unpack_from("<H", body, 8)[0]
    at = 10 + secondary
    at += -at % 4
    if at + 8 > len(body):
        raise ValueError("bind_ack result list is cut short")
    count = body[at]
    if count < 1:
        raise ValueError("bind_ack has no result")
    result, reason = struct.unpack_from("<HH", body, at + 4)
    if result != 0:
        raise RpcFault("interface not accepted", reason)


def request_pdu(opnum: int, stub: bytes, call_id: int) -> list[bytes]:
    """One call as request PDUs, split into fragments that fit MAX_FRAGMENT."""
    room = MAX_FRAGMENT - 24
    pieces = [stub[i : i + room] for i in range(0, len(stub), room)] or [b""]
    pdus: list[bytes] = []
    for index, piece in enumerate(pieces):
        flags = (0x01 if index == 0 else 0) | (0x02 if index == len(pieces) - 1 else 0)
        body = struct.pack("<IHH", len(stub), 0, opnum) + piece
        pdus.append(_header(_PTYPE_REQUEST, len(body), call_id, flags) + body)
    return pdus


def response_stub(data: bytes) -> bytes:
    """The stub data of a (possibly fragmented) response; RpcFault for a fault PDU."""
    stub = b""
    for ptype, _flags, body in _fragments(data):
        if ptype == _PTYPE_FAULT:
            status = struct.unpack_from("<I", body, 8)[0] if len(body) >= 12 else 0
            raise RpcFault("the server answered with a fault", status)
        if ptype != _PTYPE_RESPONSE:
            raise ValueError(f"expected a response, got PDU type {ptype}")
        if len(body) < 8:
            raise ValueError("response PDU is cut short")
        stub += body[8:]
    return stub


# --- NDR 2.0 -------------------------------------------------------------------------------


@dataclass
class NdrWriter:
    """Marshals the few NDR forms the calls need; ``referent`` numbers unique pointers."""

    data: bytearray = field(default_factory=bytearray)
    referent: int = 0x00020000

    def align(self, size: int) -> None:
        self.data += b"\x00" * (-len(self.data) % size)

    def u32(self, value: int) -> None:
        self.align(4)
        self.data += struct.pack("<I", value)

    def pointer(self, present: bool = True) -> None:
        """A unique pointer's referent id (0 = NULL)."""
        if present:
            self.referent += 4
            self.u32(self.referent)
        else:
            self.u32(0)

    def wstring(self, text: str) -> None:
        """A conformant varying, NUL-terminated UTF-16 string ([string] wchar_t*)."""
        encoded = (text + "\x00").encode("utf-16-le")
        count = len(encoded) // 2
        self.u32(count)
        self.u32(0)
        self.u32(count)
        self.data += encoded

    def raw(self, blob: bytes) -> None:
        self.data += blob

    def bytes(self) -> bytes:
        return bytes(self.data)


class NdrReader:
    """Unmarshals NDR 2.0 little-endian data; every read is bounds-checked."""

    def __init__(self, data: bytes, what: str) -> None:
        self.data = data
        self.at = 0
        self.what = what

    def need(self, size: int) -> None:
        if size < 0 or self.at + size > len(self.data):
            raise ValueError(f"{self.what}: answer cut short at byte {self.at} (needs {size} more)")

    def align(self, size: int) -> None:
        self.at += -self.at % size

    def u16(self) -> int:
        self.align(2)
        self.need(2)
        value: int = struct.unpack_from("<H", self.data, self.at)[0]
        self.at += 2
        return value

    def u32(self) -> int:
        self.align(4)
        self.need(4)
        value: int = struct.unpack_from("<I", self.data, self.at)[0]
        self.at += 4
        return value

    def wstring(self) -> str:
        """A conformant varying UTF-16 string; the trailing NUL is dropped."""
        maximum, offset, actual = self.u32(), self.u32(), self.u32()
        if offset != 0 or actual > maximum:
            raise ValueError(f"{self.what}: string at byte {self.at} has bad counts")
        self.need(actual * 2)
        raw = self.data[self.at : self.at + actual * 2]
        self.at += actual * 2
        return raw.decode("utf-16-le", "replace").rstrip("\x00")

    def byte_array(self) -> bytes:
        """A conformant byte array ([size_is(n)] BYTE*): max count, then the bytes."""
        count = self.u32()
        self.need(count)
        blob = self.data[self.at : self.at + count]
        self.at += count
        return blob
