"""Builders for test data of the LDIF collector: binary SIDs and security descriptors.

Written independently of kszcheck.collectors.sid / security_descriptor (plain struct), so that
the parser is checked against bytes whose meaning is known, not against its own inverse.
"""

from __future__ import annotations

import struct
import uuid

SE_DACL_PRESENT = 0x0004
SE_SELF_RELATIVE = 0x8000

ACE_ALLOW, ACE_DENY, ACE_ALLOW_OBJECT, ACE_DENY_OBJECT = 0x00, 0x01, 0x05, 0x06
OI, CI, NP, IO, ID = 0x01, 0x02, 0x04, 0x08, 0x10

RESET_PASSWORD = "00299570-246d-11d0-a768-00aa006e0529"
MEMBER_ATTR = "bf9679c0-0de6-11d0-a285-00aa003049e2"
USER_CLASS = "bf967aba-0de6-11d0-a285-00aa003049e2"
GROUP_CLASS = "bf967a9c-0de6-11d0-a285-00aa003049e2"

DOMAIN_SID = "S-1-5-21-1004336348-1177238915-682003330"


def sid(text: str) -> bytes:
    """Binary SID: revision, count, 6-byte big-endian authority, little-endian sub-authorities."""
    parts = text.split("-")
    assert parts[:2] == ["S", "1"]
    subs = [int(p) for p in parts[3:]]
    return (
        bytes([1, len(subs)])
        + int(parts[2]).to_bytes(6, "big")
        + struct.pack(f"<{len(subs)}I", *subs)
    )


def ace(
    kind: int,
    flags: int,
    mask: int,
    trustee: str,
    object_type: str | None = None,
    inherited_type: str | None = None,
) -> bytes:
    """One ACE; object ACE types get object flags and mixed-endian GUIDs."""
    body = struct.pack("<I", mask)
    if kind in (ACE_ALLOW_OBJECT, ACE_DENY_OBJECT):
        object_flags = (1 if object_type else 0) | (2 if inherited_type else 0)
        body += struct.pack("<I", object_flags)
        if object_type:
            body += uuid.UUID(object_type).bytes_le
        if inherited_type:
            body += uuid.UUID(inherited_type).bytes_le
    body += sid(trustee)
    return struct.pack("<BBH", kind, flags, 4 + len(body)) + body


def acl(aces: list[bytes], revision: int = 4) -> bytes:
    content = b"".join(aces)
    return struct.pack("<BBHHH", revision, 0, 8 + len(content), len(aces), 0) + content


def descriptor(
    owner: str | None,
    group: str | None,
    aces: list[bytes] | None,
    control: int = SE_SELF_RELATIVE | SE_DACL_PRESENT,
) -> bytes:
    """Self-relative descriptor: header, then owner, group and DACL in that order.
    ``aces=None`` with SE_DACL_PRESENT gives a NULL DACL (offset 0)."""
    at = 20
    parts: list[bytes] = []
    offsets = []
    for part in (sid(owner) if owner else None, sid(group) if group else None):
        offsets.append(at if part else 0)
        if part:
            parts.append(part)
            at += len(part)
    dacl_at = 0
    if aces is not None:
        dacl_at = at
        parts.append(acl(aces))
    header = struct.pack("<BBHIIII", 1, 0, control, offsets[0], offsets[1], 0, dacl_at)
    return header + b"".join(parts)


def ocmw_ou_descriptor() -> bytes:
    """The descriptor of OU=OCMW in the sample export: delegated helpdesk rights plus the usual
    Domain Admins full control and an inherited read for Authenticated Users.

    SDDL: O:DAG:DAD:(A;CI;RPWP;;;HD)(OA;CIIO;CR;<reset pwd>;<user>;HD)
          (OA;CIIO;WP;<member>;<group>;HD)(A;CI;GA;;;DA)(A;CIID;0x20094;;;AU)
    with HD = GG_Helpdesk_Gemeente (RID 1105), DA = Domain Admins (RID 512)."""
    helpdesk = f"{DOMAIN_SID}-1105"
    admins = f"{DOMAIN_SID}-512"
    return descriptor(
        admins,
        admins,
        [
            ace(ACE_ALLOW, CI, 0x30, helpdesk),
            ace(ACE_ALLOW_OBJECT, CI | IO, 0x100, helpdesk, RESET_PASSWORD, USER_CLASS),
            ace(ACE_ALLOW_OBJECT, CI | IO, 0x20, helpdesk, MEMBER_ATTR, GROUP_CLASS),
            ace(ACE_ALLOW, CI, 0x10000000, admins),
            ace(ACE_ALLOW, CI | ID, 0x20094, "S-1-5-11"),
        ],
    )
