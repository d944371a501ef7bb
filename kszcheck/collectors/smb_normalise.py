"""SMB answers to facts: share lists, share security descriptors and folder security
descriptors become ObservedShare / FolderAcl with SmbAce entries. Pure: bytes in, model out.

Which SIDs are local to the server: BUILTIN (S-1-5-32-*) and anything under the server's own
account-domain SID (read over LSA). Those get ``local_to`` = the server, so no later step can
take the file server's local "Administrators" for the domain's built-in group of that name.
"""

from __future__ import annotations

import struct

from kszcheck.collectors.security_descriptor import parse_security_descriptor
from kszcheck.model.directory import SecurityDescriptor
from kszcheck.model.fileshares import FolderAcl, SmbAce, file_rights

__all__ = ["folder_acl", "is_local_sid", "share_aces", "smb_aces"]

_SE_DACL_PROTECTED = 0x1000
_BUILTIN = "S-1-5-32-"


def is_local_sid(sid: str, machine_sid: str) -> bool:
    """True for BUILTIN SIDs and for the server's own accounts and groups."""
    if sid.upper().startswith(_BUILTIN):
        return True
    return bool(machine_sid) and sid.upper().startswith(machine_sid.upper() + "-")


def smb_aces(sd: SecurityDescriptor, server: str, machine_sid: str) -> list[SmbAce]:
    aces: list[SmbAce] = []
    for ace in sd.dacl:
        kind = ace.ace_type if ace.ace_type in ("allow", "deny") else "other"
        aces.append(
            SmbAce(
                ace_type=kind,
                flags=list(ace.flags),
                mask=ace.mask,
                rights=file_rights(ace.mask),
                trustee_sid=ace.trustee_sid,
                local_to=server if is_local_sid(ace.trustee_sid, machine_sid) else "",
            )
        )
    return aces


def share_aces(blob: bytes | None, server: str, machine_sid: str) -> list[SmbAce]:
    """The share permissions. A share without a security descriptor is open to everyone
    (Full Control for Everyone, as Windows and Samba treat it)."""
    if not blob:
        return [
            SmbAce(
                ace_type="allow", mask=0x1F01FF, rights=file_rights(0x1F01FF), trustee_sid="S-1-1-0"
            )
        ]
    return smb_aces(parse_security_descriptor(blob), server, machine_sid)


def folder_acl(
    blob: bytes, server: str, share: str, path: str, depth: int, machine_sid: str
) -> FolderAcl:
    """The NTFS rights of one folder. Raises ValueError for a corrupt descriptor."""
    sd = parse_security_descriptor(blob)
    control = struct.unpack_from("<H", blob, 2)[0]
    return FolderAcl(
        server=server,
        share=share,
        path=path,
        depth=depth,
        owner_sid=sd.owner_sid or "",
        dacl_present=sd.dacl_present,
        dacl=smb_aces(sd, server, machine_sid) if sd.dacl_present else [],
        protected=bool(control & _SE_DACL_PROTECTED),
    )
