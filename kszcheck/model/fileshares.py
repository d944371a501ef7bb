"""Observed file-server facts, read over SMB: the shares, their share permissions and the NTFS
rights of their folders (fact kinds ``smb.shares`` and ``smb.acls``).

These are observations, next to the declarations of the share inventory (``inventory.shares``,
model/inventory.py). A SID is kept as read; ``local_to`` names the server when the SID only has a
meaning on that server: BUILTIN (S-1-5-32-*) and the server's own machine SID
(S-1-5-21-<machine>-*). "BUILTIN\\Administrators" on a file server is that server's local group,
never the domain's built-in group of the same name. The analysis resolves the other SIDs against
the directory (domain SIDs) and treats a declared ``BUILTIN\\...`` entry of shares.yaml the same
way (``ShareAce.local_to``).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field

from kszcheck.model.common import Strict

__all__ = [
    "FileRights",
    "FolderAcl",
    "ObservedShare",
    "SmbAce",
    "SmbCollection",
    "SmbFacts",
    "SmbServer",
    "file_rights",
]


class FileRights(StrEnum):
    """What an access mask lets a principal do with data, in the words of Windows' dialogs."""

    full = "full"  # Full control: also change permissions or take ownership
    change = "change"  # Change / Modify: write, append or delete data
    read = "read"  # Read (and execute): read data
    other = "other"  # only rights that reach no data (list, read attributes, synchronize)


# Access-mask bits (MS-DTYP 2.4.3, MS-SMB2 2.2.13.1.1)
_READ_DATA, _WRITE_DATA, _APPEND_DATA, _EXECUTE = 0x1, 0x2, 0x4, 0x20
_DELETE_CHILD, _DELETE, _WRITE_DAC, _WRITE_OWNER = 0x40, 0x10000, 0x40000, 0x80000
_GENERIC_ALL, _GENERIC_EXECUTE, _GENERIC_WRITE, _GENERIC_READ = (
    0x10000000,
    0x20000000,
    0x40000000,
    0x80000000,
)


def file_rights(mask: int) -> FileRights:
    """The data rights an allow or deny mask carries (generic bits counted as what they map
    to on files). Write without delete still changes data, so it counts as ``change``."""
    if mask & (_GENERIC_ALL | _WRITE_DAC | _WRITE_OWNER):
        return FileRights.full
    if mask & (_GENERIC_WRITE | _WRITE_DATA | _APPEND_DATA | _DELETE | _DELETE_CHILD):
        return FileRights.change
    if mask & (_GENERIC_READ | _GENERIC_EXECUTE | _READ_DATA | _EXECUTE):
        return FileRights.read
    return FileRights.other


class SmbAce(Strict):
    """One entry of a share's or a folder's DACL."""

    ace_type: str  # allow, deny, other (audit and object ACEs do not occur here)
    flags: list[str] = Field(default_factory=list)  # OI, CI, NP, IO, ID
    mask: int = 0
    rights: FileRights = FileRights.other
    trustee_sid: str
    #: The server's name when the SID is local to it (BUILTIN or its machine SID); "" for
    #: domain SIDs and the universal well-known SIDs (Everyone, Authenticated Users, SYSTEM).
    local_to: str = ""

    @property
    def inherited(self) -> bool:
        return "ID" in self.flags


class SmbServer(Strict):
    """One file server as the collector reached it (or did not)."""

    name: str  # as the site names it (inventory / zone / targets)
    address: str = ""  # host[:port] connected to
    reached: bool = False
    dialect: str = ""  # e.g. 3.1.1 (never SMB1: the client has no SMB1)
    signing: bool = False  # every message signed (or encrypted, which covers it)
    encryption: bool = False  # the session's traffic encrypted
    machine_sid: str = ""  # the server's own account-domain SID, when read (LSA)
    error: str = ""  # why the server, or part of it, was not read


class ObservedShare(Strict):
    server: str
    name: str
    share_type: str = "disk"  # disk, printer, device, ipc; '(special)' for admin shares
    remark: str = ""
    path: str = ""  # the server's local path, e.g. D:\Sociaal (read with the share ACL)
    #: The share permissions; None when they could not be read (see ``acl_error``).
    acl: list[SmbAce] | None = None
    acl_error: str = ""
    encrypted: bool = False  # the share asks for encrypted access

    @property
    def unc(self) -> str:
        return f"\\\\{self.server}\\{self.name}"


class FolderAcl(Strict):
    """The NTFS rights of a share's root folder or of a folder below it."""

    server: str
    share: str
    path: str = ""  # relative to the share's root; "" is the root
    depth: int = 0
    owner_sid: str = ""
    dacl_present: bool = True  # False: no DACL at all, which grants everyone everything
    dacl: list[SmbAce] = Field(default_factory=list)
    #: Inheritance from the parent is blocked ("protected", SE_DACL_PROTECTED).
    protected: bool = False
    error: str = ""  # why the descriptor could not be read; then ``dacl`` is empty

    @property
    def unc(self) -> str:
        tail = f"\\{self.path}" if self.path else ""
        return f"\\\\{self.server}\\{self.share}{tail}"


class SmbFacts(Strict):
    servers: list[SmbServer] = Field(default_factory=list)
    shares: list[ObservedShare] = Field(default_factory=list)
    folders: list[FolderAcl] = Field(default_factory=list)


class SmbCollection(Strict):
    """A recorded SMB collection: what an ``smb`` source with ``options: {record: file}``
    writes, and what an ``smb_recorded`` source reads back (on-site collection, evaluation
    later). It keeps the collection's own completeness: what was missing stays missing."""

    format: Literal["kszcheck-smb-collection"] = "kszcheck-smb-collection"
    version: Literal[1] = 1
    collected_at: datetime
    facts: SmbFacts
    missing: list[str] = Field(default_factory=list)  # smb.shares / smb.acls
    reason: str = ""  # why they are missing (servers, shares, folders not read)
    warnings: list[str] = Field(default_factory=list)  # e.g. a server read without signing
