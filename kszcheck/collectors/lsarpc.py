"""The LSA calls (MS-LSAD) that tell a file server's own account-domain SID, as pure encoders
and decoders: LsarOpenPolicy2 (view local information), LsarQueryInformationPolicy
(PolicyAccountDomainInformation) and LsarClose.

A member server's or standalone server's account domain is the machine itself: its SID is the
prefix of every local account and group (S-1-5-21-<machine>-<rid>). On a domain controller the
account domain is the domain.
"""

from __future__ import annotations

import struct

from kszcheck.collectors.dcerpc import NdrReader, NdrWriter
from kszcheck.collectors.sid import sid_from_bytes

__all__ = [
    "LSARPC",
    "OPNUM_CLOSE",
    "OPNUM_OPEN_POLICY2",
    "OPNUM_QUERY_INFORMATION_POLICY",
    "LsaError",
    "decode_account_domain",
    "decode_open_policy2",
    "encode_close",
    "encode_open_policy2",
    "encode_query_account_domain",
]

#: Interface UUID and version of LSARPC.
LSARPC = ("12345778-1234-abcd-ef00-0123456789ab", 0)
OPNUM_CLOSE = 0
OPNUM_QUERY_INFORMATION_POLICY = 7
OPNUM_OPEN_POLICY2 = 44
_POLICY_VIEW_LOCAL_INFORMATION = 0x00000001
_POLICY_ACCOUNT_DOMAIN_INFORMATION = 5


class LsaError(ValueError):
    def __init__(self, call: str, status: int) -> None:
        self.status = status
        super().__init__(f"{call}: NTSTATUS 0x{status:08x}")


def encode_open_policy2() -> bytes:
    writer = NdrWriter()
    writer.pointer(present=False)  # SystemName: NULL, the server we are talking to
    writer.u32(24)  # LSAPR_OBJECT_ATTRIBUTES.Length
    writer.pointer(present=False)  # RootDirectory
    writer.pointer(present=False)  # ObjectName
    writer.u32(0)  # Attributes
    writer.pointer(present=False)  # SecurityDescriptor
    writer.pointer(present=False)  # SecurityQualityOfService
    writer.u32(_POLICY_VIEW_LOCAL_INFORMATION)
    return writer.bytes()


def decode_open_policy2(stub: bytes) -> bytes:
    """The 20-byte policy handle."""
    if len(stub) < 24:
        raise ValueError(f"LsarOpenPolicy2: answer of {len(stub)} bytes, expected 24")
    status = struct.unpack_from("<I", stub, 20)[0]
    if status != 0:
        raise LsaError("LsarOpenPolicy2", status)
    return stub[:20]


def encode_query_account_domain(handle: bytes) -> bytes:
    return handle + struct.pack("<H", _POLICY_ACCOUNT_DOMAIN_INFORMATION)


def encode_close(handle: bytes) -> bytes:
    return handle


def decode_account_domain(stub: bytes) -> tuple[str, str]:
    """(domain name, domain SID) of the server's account domain."""
    reader = NdrReader(stub, "LsarQueryInformationPolicy")
    if not reader.u32():  # NULL: only the status follows
        raise LsaError("LsarQueryInformationPolicy", reader.u32())
    level = reader.u16()
    if level != _POLICY_ACCOUNT_DOMAIN_INFORMATION:
        raise ValueError(f"LsarQueryInformationPolicy: answered class {level}, asked 5")
    reader.align(4)
    reader.u16()  # Length (bytes)
    reader.u16()  # MaximumLength
    name_ptr, sid_ptr = reader.u32(), reader.u32()
    name = ""
    if name_ptr:
        maximum, offset, actual = reader.u32(), reader.u32(), reader.u32()
        if offset != 0 or actual > maximum:
            raise ValueError("LsarQueryInformationPolicy: domain name has bad counts")
        reader.need(actual * 2)
        name = stub[reader.at : reader.at + actual * 2].decode("utf-16-le", "replace")
        reader.at += actual * 2
    sid = ""
    if sid_ptr:
        count = reader.u32()
        reader.need(8 + 4 * count)
        sid, size = sid_from_bytes(stub, reader.at)
        reader.at += size
    status = reader.u32()
    if status != 0:
        raise LsaError("LsarQueryInformationPolicy", status)
    return name, sid
