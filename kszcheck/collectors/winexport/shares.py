"""The Windows pack's share files as SMB facts (``smb.shares``, ``smb.acls``), in the same
vocabulary as the SMB collector (:mod:`~kszcheck.collectors.smb_normalise`): ObservedShare with
its share permissions, and the FolderAcl of each share's root folder. Pure: texts in, facts out.

The files, as the pack writes them with ``Export-Csv -NoTypeInformation -Encoding UTF8``:

- ``shares.csv`` (``Get-SmbShare -Special $false``): ComputerName, Name, Path, Description;
- ``share_access.csv`` (``Get-SmbShareAccess``): ComputerName, Name, AccountName,
  AccessControlType (``Allow``/``Deny``), AccessRight (``Full``/``Change``/``Read``/``Custom``),
  SID (the account translated on the server);
- ``ntfs_acl.csv`` (``Get-Acl`` of the share's folder, its access rules with SIDs):
  ComputerName, Share, Path, IdentityReference, FileSystemRights (the flag names of
  System.Security.AccessControl.FileSystemRights, e.g. ``Modify, Synchronize``, or a number
  for generic rights such as ``268435456``), AccessControlType, IsInherited
  (``True``/``False``), InheritanceFlags (``ContainerInherit, ObjectInherit``),
  PropagationFlags (``None``, ``InheritOnly``, ``NoPropagateInherit``), SID.

A SID is what the facts hold; a row without one (an export of an older pack) keeps its account
only when the account is written as a SID, else the share's permissions or its folder are not
read (``smb.shares`` or ``smb.acls`` missing, naming the share), never guessed from a name.
BUILTIN SIDs, and accounts of the server itself (``SRV-FILE02\\beheer``), are local to the
server. A share with permissions ``Custom`` cannot be judged and is not read either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kszcheck.collectors.winexport.parse import rows
from kszcheck.model.fileshares import (
    FolderAcl,
    ObservedShare,
    SmbAce,
    SmbFacts,
    SmbServer,
    file_rights,
)

__all__ = ["SharesRead", "file_system_rights", "parse_shares"]

#: Get-SmbShareAccess AccessRight -> the access mask Windows stores for it.
_SHARE_RIGHTS = {"full": 0x1F01FF, "change": 0x1301BF, "read": 0x1200A9}
#: System.Security.AccessControl.FileSystemRights: flag name -> value.
_FILE_SYSTEM_RIGHTS = {
    "listdirectory": 0x1, "readdata": 0x1, "createfiles": 0x2, "writedata": 0x2,
    "appenddata": 0x4, "createdirectories": 0x4, "readextendedattributes": 0x8,
    "writeextendedattributes": 0x10, "executefile": 0x20, "traverse": 0x20,
    "deletesubdirectoriesandfiles": 0x40, "readattributes": 0x80, "writeattributes": 0x100,
    "write": 0x116, "delete": 0x10000, "readpermissions": 0x20000, "read": 0x20089,
    "readandexecute": 0x200A9, "modify": 0x301BF, "changepermissions": 0x40000,
    "takeownership": 0x80000, "synchronize": 0x100000, "fullcontrol": 0x1F01FF,
}  # fmt: skip
_SID = re.compile(r"^S-1-\d+(?:-\d+)+$", re.I)
_BUILTIN = "S-1-5-32-"
SHARES = "shares.csv"
ACCESS = "share_access.csv"
NTFS = "ntfs_acl.csv"


@dataclass
class SharesRead:
    """The pack's share facts, what could not be read (fact kinds) and why."""

    facts: SmbFacts
    missing: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def file_system_rights(text: str) -> int:
    """The access mask of a FileSystemRights value as PowerShell writes it: flag names joined
    by ', ', or a number (generic rights have no name; a negative number is the int32 form).
    ValueError for a name that is not one of the enumeration's."""
    value = text.strip()
    if re.fullmatch(r"-?\d+", value):
        return int(value) & 0xFFFFFFFF
    mask = 0
    for name in value.split(","):
        key = name.strip().lower()
        if key not in _FILE_SYSTEM_RIGHTS:
            raise ValueError(f"'{name.strip()}' is not a FileSystemRights name")
        mask |= _FILE_SYSTEM_RIGHTS[key]
    return mask


def _key(host: str, share: str) -> tuple[str, str]:
    return host.strip().lower().split(".", 1)[0], share.strip().lower()


def _sid(row: dict[str, str], account_column: str) -> str:
    sid = row.get("SID", "").strip() or row[account_column].strip()
    return sid.upper() if _SID.match(sid) else ""


def _local(sid: str, account: str, host: str) -> str:
    """The server, when the SID only has a meaning there."""
    domain = account.split("\\", 1)[0].strip().lower() if "\\" in account else ""
    if sid.startswith(_BUILTIN) or (domain and domain == host.strip().lower().split(".", 1)[0]):
        return host
    return ""


def _flags(row: dict[str, str]) -> list[str]:
    inheritance = {f.strip().lower() for f in row["InheritanceFlags"].split(",")}
    propagation = {f.strip().lower() for f in row["PropagationFlags"].split(",")}
    flags = [
        flag
        for flag, present in (
            ("OI", "objectinherit" in inheritance),
            ("CI", "containerinherit" in inheritance),
            ("NP", "nopropagateinherit" in propagation),
            ("IO", "inheritonly" in propagation),
            ("ID", row["IsInherited"].strip().lower() == "true"),
        )
        if present
    ]
    return flags


def _ace_type(text: str, name: str, line: int) -> str:
    kind = text.strip().lower()
    if kind not in ("allow", "deny"):
        raise ValueError(f"{name}:{line}: AccessControlType '{text}' is not Allow or Deny")
    return kind


def parse_shares(
    shares: str,
    access: str | None,
    ntfs: str | None,
    hosts_read: Iterable[str],
) -> SharesRead:
    """The facts of ``shares.csv`` with ``share_access.csv`` and ``ntfs_acl.csv`` (None: the
    file is absent). ValueError ``'<file>:<line>: what'`` for a malformed row."""
    read = SharesRead(SmbFacts(servers=[SmbServer(name=h, reached=True) for h in hosts_read]))
    listed: dict[tuple[str, str], ObservedShare] = {}
    for _line, row in rows(shares, SHARES, ("ComputerName", "Name", "Path", "Description")):
        share = ObservedShare(
            server=row["ComputerName"],
            name=row["Name"],
            path=row["Path"],
            remark=row["Description"],
        )
        listed[_key(share.server, share.name)] = share
        read.facts.shares.append(share)
    _share_permissions(read, listed, access)
    _root_folders(read, listed, ntfs)
    return read


def _not_read(
    key: tuple[str, str],
    name: str,
    text: str | None,
    unreadable: dict[tuple[str, str], str],
    aces: dict[tuple[str, str], list[SmbAce]],
) -> str:
    """Why the entries of the file ``name`` for one share were not read ('' when they were)."""
    if text is None:
        return f"{name} is absent"
    if key in unreadable:
        return unreadable[key]
    if key not in aces:
        return f"{name} has no entry for it"
    return ""


def _share_permissions(
    read: SharesRead, listed: dict[tuple[str, str], ObservedShare], text: str | None
) -> None:
    aces: dict[tuple[str, str], list[SmbAce]] = {}
    unreadable: dict[tuple[str, str], str] = {}
    if text is not None:
        columns = ("ComputerName", "Name", "AccountName", "AccessControlType", "AccessRight")
        for line, row in rows(text, ACCESS, columns):
            key = _key(row["ComputerName"], row["Name"])
            kind = _ace_type(row["AccessControlType"], ACCESS, line)
            right = row["AccessRight"].strip().lower()
            sid = _sid(row, "AccountName")
            if right not in (*_SHARE_RIGHTS, "custom"):
                raise ValueError(
                    f"{ACCESS}:{line}: AccessRight '{row['AccessRight']}' is not Full, Change, "
                    "Read or Custom"
                )
            if right == "custom" or not sid:
                why = "a Custom right" if sid else f"no SID for '{row['AccountName']}'"
                unreadable.setdefault(key, f"{ACCESS}:{line}: {why}")
                continue
            mask = _SHARE_RIGHTS[right]
            local = _local(sid, row["AccountName"], row["ComputerName"])
            aces.setdefault(key, []).append(
                SmbAce(ace_type=kind, mask=mask, rights=file_rights(mask), trustee_sid=sid,
                       local_to=local)
            )  # fmt: skip
    for key, share in listed.items():
        why = _not_read(key, ACCESS, text, unreadable, aces)
        if not why:
            share.acl = aces[key]
            continue
        share.acl_error = f"{share.unc}: share permissions not read ({why})"
        read.missing.add("smb.shares")
        read.problems.append(share.acl_error)


def _root_folders(
    read: SharesRead, listed: dict[tuple[str, str], ObservedShare], text: str | None
) -> None:
    aces: dict[tuple[str, str], list[SmbAce]] = {}
    unreadable: dict[tuple[str, str], str] = {}
    if text is not None:
        columns = (
            "ComputerName", "Share", "Path", "IdentityReference", "FileSystemRights",
            "AccessControlType", "IsInherited", "InheritanceFlags", "PropagationFlags",
        )  # fmt: skip
        for line, row in rows(text, NTFS, columns):
            key = _key(row["ComputerName"], row["Share"])
            kind = _ace_type(row["AccessControlType"], NTFS, line)
            try:
                mask = file_system_rights(row["FileSystemRights"])
            except ValueError as exc:
                raise ValueError(f"{NTFS}:{line}: FileSystemRights: {exc}") from None
            sid = _sid(row, "IdentityReference")
            if not sid:
                unreadable.setdefault(
                    key, f"{NTFS}:{line}: no SID for '{row['IdentityReference']}'"
                )
                continue
            local = _local(sid, row["IdentityReference"], row["ComputerName"])
            aces.setdefault(key, []).append(
                SmbAce(ace_type=kind, flags=_flags(row), mask=mask, rights=file_rights(mask),
                       trustee_sid=sid, local_to=local)
            )  # fmt: skip
    for key, share in listed.items():
        error = _not_read(key, NTFS, text, unreadable, aces)
        if not error:
            read.facts.folders.append(
                FolderAcl(server=share.server, share=share.name, dacl=aces[key])
            )
            continue
        read.facts.folders.append(FolderAcl(server=share.server, share=share.name, error=error))
        read.missing.add("smb.acls")
        read.problems.append(f"{share.unc}: NTFS rights not read ({error})")
