"""The Windows pack's share files as smb.* facts, in the SMB collector's vocabulary.

The inputs are tests/fixtures/windows-export/recorded (written by build.py there) in the exact
formats Windows PowerShell 5.1 writes: ``Export-Csv -NoTypeInformation -Encoding UTF8`` (BOM,
CRLF, every value quoted) of the properties the pack selects from ``Get-SmbShare``,
``Get-SmbShareAccess`` (AccessControlType Allow/Deny, AccessRight Full/Change/Read/Custom) and
``Get-Acl`` access rules (FileSystemRights as the [Flags] enumeration's names, e.g.
``Modify, Synchronize``, or a number for generic rights: 268435456 is GENERIC_ALL, -1610612736
the int32 of GENERIC_READ|GENERIC_EXECUTE; InheritanceFlags, PropagationFlags, IsInherited as
.NET writes them). Hand-written from the documented formats, not copied from a real server.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.collectors.winexport.collect import collect
from kszcheck.collectors.winexport.shares import file_system_rights, parse_shares
from kszcheck.collectors.wintext import decode_windows_text
from kszcheck.model.fileshares import FileRights, SmbAce

RECORDED = Path(__file__).parent.parent / "fixtures" / "windows-export" / "recorded"
DOMAIN = "S-1-5-21-1004336348-1177238915-682003330"
NOW = datetime(2026, 12, 5, tzinfo=UTC)


def _text(name: str) -> str:
    return decode_windows_text((RECORDED / name).read_bytes())


def _ace(kind: str, sid: str, mask: int, flags: list[str], local: str = "") -> SmbAce:
    from kszcheck.model.fileshares import file_rights

    return SmbAce(
        ace_type=kind, flags=flags, mask=mask, rights=file_rights(mask), trustee_sid=sid,
        local_to=local,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "mask"),
    [
        ("FullControl", 0x1F01FF),
        ("Modify, Synchronize", 0x1301BF),
        ("ReadAndExecute, Synchronize", 0x1200A9),
        ("Write, ReadAndExecute, Synchronize", 0x1201BF),
        ("268435456", 0x10000000),
        ("-1610612736", 0xA0000000),
    ],
)
def test_file_system_rights_as_powershell_writes_them(text: str, mask: int) -> None:
    assert file_system_rights(text) == mask


def test_an_unknown_right_name_is_refused() -> None:
    with pytest.raises(ValueError, match="'Everything' is not a FileSystemRights name"):
        file_system_rights("Read, Everything")


def test_the_recorded_share_files_become_shares_and_root_folders() -> None:
    read = parse_shares(
        _text("shares.csv"), _text("share_access.csv"), _text("ntfs_acl.csv"),
        ["SRV-FILE02", "SRV-SOC01"],
    )  # fmt: skip
    facts = read.facts
    assert [(s.name, s.reached) for s in facts.servers] == [
        ("SRV-FILE02", True),
        ("SRV-SOC01", True),
    ]
    shares = {s.unc: s for s in facts.shares}
    assert [(s.unc, s.path, s.remark) for s in facts.shares] == [
        ("\\\\SRV-FILE02\\SocialeDienst", "D:\\Shares\\SocialeDienst", "Dossiers sociale dienst"),
        ("\\\\SRV-FILE02\\SD_Scan$", "D:\\Shares\\SD_Scan$", ""),
        ("\\\\SRV-SOC01\\Export", "E:\\SociaalDossier\\Export", "Exports, aangepaste rechten"),
    ]
    assert shares["\\\\SRV-FILE02\\SocialeDienst"].acl == [_ace("allow", "S-1-1-0", 0x1F01FF, [])]
    assert shares["\\\\SRV-FILE02\\SD_Scan$"].acl == [
        _ace("allow", "S-1-5-11", 0x1301BF, []),
        _ace("allow", "S-1-5-32-544", 0x1F01FF, [], "SRV-FILE02"),  # the server's own group
        _ace("deny", f"{DOMAIN}-1188", 0x1F01FF, []),
    ]
    # a Custom share right cannot be judged: the share's permissions are not read
    export = shares["\\\\SRV-SOC01\\Export"]
    assert export.acl is None
    assert export.acl_error == (
        "\\\\SRV-SOC01\\Export: share permissions not read (share_access.csv:6: a Custom right)"
    )
    folders = {(f.server, f.share): f for f in facts.folders}
    assert [(f.server, f.share, f.path, f.depth, f.error) for f in facts.folders] == [
        ("SRV-FILE02", "SocialeDienst", "", 0, ""),
        ("SRV-FILE02", "SD_Scan$", "", 0, ""),
        ("SRV-SOC01", "Export", "", 0, ""),
    ]
    assert folders[("SRV-FILE02", "SocialeDienst")].dacl == [
        _ace("allow", "S-1-5-32-544", 0x1F01FF, ["OI", "CI"], "SRV-FILE02"),
        _ace("allow", "S-1-5-18", 0x1F01FF, ["OI", "CI"]),
        _ace("allow", "S-1-3-0", 0x10000000, ["OI", "CI", "IO"]),
        _ace("allow", f"{DOMAIN}-1164", 0x1301BF, ["OI", "CI"]),
        # an account of the server itself (SRV-FILE02\beheer) is local to it
        _ace("allow", "S-1-5-21-3623811015-3361044348-30300820-1001", 0x1200A9, ["ID"],
             "SRV-FILE02"),
    ]  # fmt: skip
    assert folders[("SRV-FILE02", "SD_Scan$")].dacl == [
        _ace("allow", "S-1-5-32-545", 0xA0000000, ["OI", "CI", "NP", "IO", "ID"], "SRV-FILE02"),
        _ace("deny", f"{DOMAIN}-1299", 0x1201BF, ["CI"]),
    ]
    assert folders[("SRV-FILE02", "SD_Scan$")].dacl[0].rights is FileRights.read
    assert read.missing == {"smb.shares"}
    assert read.problems == [export.acl_error]


def test_rows_without_a_sid_are_not_guessed_from_names() -> None:
    """An export of an older pack (no SID column): an account written as a SID is kept; a
    name is not resolved here, so that share's permissions or folder is not read."""
    shares = '"ComputerName","Name","Path","Description"\r\n"SRV-A","S","D:\\S",""\r\n'
    access = (
        '"ComputerName","Name","AccountName","AccessControlType","AccessRight"\r\n'
        '"SRV-A","S","S-1-5-21-1-2-3-1105","Allow","Change"\r\n'
    )
    ntfs = (
        '"ComputerName","Share","Path","IdentityReference","FileSystemRights",'
        '"AccessControlType","IsInherited","InheritanceFlags","PropagationFlags"\r\n'
        '"SRV-A","S","D:\\S","VOORBEELD\\GG_X","Modify, Synchronize","Allow","False","None",'
        '"None"\r\n'
    )
    read = parse_shares(shares, access, ntfs, ["SRV-A"])
    assert read.facts.shares[0].acl == [_ace("allow", "S-1-5-21-1-2-3-1105", 0x1301BF, [])]
    assert [(f.error, f.dacl) for f in read.facts.folders] == [
        ("ntfs_acl.csv:2: no SID for 'VOORBEELD\\GG_X'", [])
    ]
    assert read.missing == {"smb.acls"}
    assert read.problems == [
        "\\\\SRV-A\\S: NTFS rights not read (ntfs_acl.csv:2: no SID for 'VOORBEELD\\GG_X')"
    ]


def test_absent_permission_files_leave_the_kinds_missing() -> None:
    shares = '"ComputerName","Name","Path","Description"\r\n"SRV-A","S","D:\\S",""\r\n'
    read = parse_shares(shares, None, None, ["SRV-A"])
    assert read.missing == {"smb.shares", "smb.acls"}
    assert read.problems == [
        "\\\\SRV-A\\S: share permissions not read (share_access.csv is absent)",
        "\\\\SRV-A\\S: NTFS rights not read (ntfs_acl.csv is absent)",
    ]


def test_a_malformed_row_names_the_file_and_line() -> None:
    shares = '"ComputerName","Name","Path","Description"\r\n"SRV-A","S","D:\\S",""\r\n'
    access = (
        '"ComputerName","Name","AccountName","AccessControlType","AccessRight","SID"\r\n'
        '"SRV-A","S","Everyone","Allow","Alles","S-1-1-0"\r\n'
    )
    with pytest.raises(ValueError) as caught:
        parse_shares(shares, access, None, ["SRV-A"])
    assert str(caught.value) == (
        "share_access.csv:2: AccessRight 'Alles' is not Full, Change, Read or Custom"
    )


def test_the_source_provides_the_smb_kinds_with_what_it_could_not_read() -> None:
    spec_path = str(RECORDED)
    from kszcheck.model.site import SourceSpec, SourceType

    collected = collect(
        SourceSpec(id="windows", type=SourceType.windows_export, path=spec_path), Path("."), NOW
    )
    assert "smb.shares" in collected.provides and "smb.acls" in collected.provides
    # srv-soctst01 was not read (manifest.json): its shares are unknown, so both kinds are
    # missing, as for a file server the SMB collector could not reach
    assert collected.missing == ["smb.acls", "smb.shares"]
    assert collected.smb is not None
    assert [s.unc for s in collected.smb.shares] == [
        "\\\\SRV-FILE02\\SocialeDienst",
        "\\\\SRV-FILE02\\SD_Scan$",
        "\\\\SRV-SOC01\\Export",
    ]
    assert (
        "\\\\SRV-SOC01\\Export: share permissions not read (share_access.csv:6: a Custom right)"
        in collected.reason
    )
