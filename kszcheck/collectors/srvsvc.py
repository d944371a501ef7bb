"""The two SRVSVC calls (MS-SRVS) the SMB collector needs, as pure encoders and decoders:
NetrShareEnum level 1 (name, type, remark of every share) and NetrShareGetInfo level 502 (the
share's local path and its share-level security descriptor, the "share permissions").

Level 502 needs administrative rights on the file server (local Administrators or Server
Operators on Windows; on Samba the share's ``admin users`` or root): without them the server
answers ERROR_ACCESS_DENIED (5), which the collector records for that share.
"""

from __future__ import annotations

from dataclasses import dataclass

from kszcheck.collectors.dcerpc import NdrReader, NdrWriter

__all__ = [
    "OPNUM_SHARE_ENUM",
    "OPNUM_SHARE_GET_INFO",
    "SRVSVC",
    "ShareInfo",
    "SrvsvcError",
    "decode_share_enum",
    "decode_share_info_502",
    "encode_share_enum",
    "encode_share_info_502",
    "share_type_name",
]

#: Interface UUID and version of SRVSVC.
SRVSVC = ("4b324fc8-1670-01d3-1278-5a47bf6ee188", 3)
OPNUM_SHARE_ENUM = 15
OPNUM_SHARE_GET_INFO = 16

_STYPE_MASK = 0x000000FF
_STYPE_NAMES = {0: "disk", 1: "printer", 2: "device", 3: "ipc"}
_STYPE_SPECIAL = 0x80000000
_STYPE_TEMPORARY = 0x40000000
_ERROR_NAMES = {
    5: "ERROR_ACCESS_DENIED",
    53: "ERROR_BAD_NETPATH",
    87: "ERROR_INVALID_PARAMETER",
    123: "ERROR_INVALID_NAME",
    124: "ERROR_INVALID_LEVEL",
    2310: "NERR_NetNameNotFound",
}


class SrvsvcError(ValueError):
    """The server answered the call with a Win32 error."""

    def __init__(self, call: str, code: int) -> None:
        self.code = code
        self.name = _ERROR_NAMES.get(code, f"error {code}")
        super().__init__(f"{call}: {self.name}")


@dataclass(frozen=True)
class ShareInfo:
    name: str
    share_type: int
    remark: str = ""
    path: str = ""  # the server's local path (level 502 only)
    security_descriptor: bytes | None = None  # level 502 only; None when the share has none


def share_type_name(share_type: int) -> str:
    """'disk', 'printer', 'device' or 'ipc', with ' (special)' for administrative shares."""
    name = _STYPE_NAMES.get(share_type & _STYPE_MASK, f"type {share_type & _STYPE_MASK}")
    return f"{name} (special)" if share_type & _STYPE_SPECIAL else name


def _server_name(writer: NdrWriter, server: str) -> None:
    writer.pointer()
    writer.wstring(f"\\\\{server}")


def encode_share_enum(server: str) -> bytes:
    """NetrShareEnum(ServerName, InfoStruct{Level 1, empty container}, MAXDWORD, resume 0)."""
    writer = NdrWriter()
    _server_name(writer, server)
    writer.u32(1)  # Level
    writer.u32(1)  # union arm
    writer.pointer()  # SHARE_INFO_1_CONTAINER*
    writer.u32(0)  # EntriesRead
    writer.pointer(present=False)  # Buffer
    writer.u32(0xFFFFFFFF)  # PreferedMaximumLength
    writer.pointer()  # ResumeHandle*
    writer.u32(0)
    return writer.bytes()


def decode_share_enum(stub: bytes) -> list[ShareInfo]:
    reader = NdrReader(stub, "NetrShareEnum")
    level, arm = reader.u32(), reader.u32()
    if level != 1 or arm != 1:
        raise ValueError(f"NetrShareEnum: answered level {level}/{arm}, asked 1")
    shares: list[ShareInfo] = []
    if reader.u32():  # container pointer
        count = reader.u32()
        if reader.u32():  # buffer pointer
            if reader.u32() != count:
                raise ValueError("NetrShareEnum: array count differs from EntriesRead")
            fixed = [(reader.u32(), reader.u32(), reader.u32()) for _ in range(count)]
            for name_ptr, kind, remark_ptr in fixed:
                name = reader.wstring() if name_ptr else ""
                remark = reader.wstring() if remark_ptr else ""
                shares.append(ShareInfo(name=name, share_type=kind, remark=remark))
    reader.u32()  # TotalEntries
    if reader.u32():
        reader.u32()  # resume handle value
    status = reader.u32()
    if status not in (0, 234):  # 234 ERROR_MORE_DATA cannot happen with MAXDWORD
        raise SrvsvcError("NetrShareEnum", status)
    return shares


def encode_share_info_502(server: str, share: str) -> bytes:
    """NetrShareGetInfo(ServerName, NetName, 502)."""
    writer = NdrWriter()
    _server_name(writer, server)
    writer.wstring(share)  # [in, string] WCHAR* NetName: a reference pointer, no referent id
    writer.u32(502)
    return writer.bytes()


def decode_share_info_502(stub: bytes) -> ShareInfo:
    reader = NdrReader(stub, "NetrShareGetInfo")
    arm = reader.u32()
    if arm != 502:
        raise ValueError(f"NetrShareGetInfo: answered level {arm}, asked 502")
    if not reader.u32():  # SHARE_INFO_502_I* is NULL: only the status follows
        status = reader.u32()
        raise SrvsvcError("NetrShareGetInfo", status or 87)
    name_ptr, kind, remark_ptr = reader.u32(), reader.u32(), reader.u32()
    reader.u32()  # permissions
    reader.u32()  # max uses
    reader.u32()  # current uses
    path_ptr, passwd_ptr = reader.u32(), reader.u32()
    reader.u32()  # reserved = length of the security descriptor
    sd_ptr = reader.u32()
    name = reader.wstring() if name_ptr else ""
    remark = reader.wstring() if remark_ptr else ""
    path = reader.wstring() if path_ptr else ""
    if passwd_ptr:
        reader.wstring()  # share-level password: always empty on NT; never kept
    descriptor = reader.byte_array() if sd_ptr else None
    status = reader.u32()
    if status != 0:
        raise SrvsvcError("NetrShareGetInfo", status)
    return ShareInfo(
        name=name, share_type=kind, remark=remark, path=path, security_descriptor=descriptor
    )
