"""Security descriptors to SMB facts: local SIDs, data rights, protection (pure)."""

from __future__ import annotations

from pathlib import Path

from kszcheck.collectors.smb_normalise import folder_acl, is_local_sid, share_aces
from kszcheck.model.fileshares import FileRights, file_rights

FIXTURES = Path(__file__).parent.parent / "fixtures" / "smb"
MACHINE = "S-1-5-21-3000000001-3000000002-3000000003"


def test_local_sids_are_builtin_and_the_machine_sid() -> None:
    assert is_local_sid("S-1-5-32-544", MACHINE)
    assert is_local_sid(f"{MACHINE}-1001", MACHINE)
    assert not is_local_sid("S-1-5-21-1004336348-1177238915-682003330-513", MACHINE)
    assert not is_local_sid(f"{MACHINE}1-1001", MACHINE)  # a longer number is another domain
    assert not is_local_sid("S-1-1-0", MACHINE)
    assert not is_local_sid(f"{MACHINE}-1001", "")


def test_file_rights_from_masks() -> None:
    assert [file_rights(m) for m in (0x1F01FF, 0x1301BF, 0x1200A9, 0x120089, 0x100000)] == [
        FileRights.full,
        FileRights.change,
        FileRights.read,
        FileRights.read,
        FileRights.other,
    ]
    assert file_rights(0x10000000) is FileRights.full  # GENERIC_ALL
    assert file_rights(0x00040000) is FileRights.full  # WRITE_DAC: can give itself anything
    assert file_rights(0x00000006) is FileRights.change  # write and append without delete


def test_recorded_root_folder_with_local_marks() -> None:
    blob = bytes.fromhex((FIXTURES / "ntfs-sociale-dienst-root.hex").read_text().strip())
    acl = folder_acl(blob, "FS1", "SocialeDienst", "", 0, MACHINE)
    assert (acl.owner_sid, acl.protected, acl.unc) == ("S-1-5-32-544", True, r"\\FS1\SocialeDienst")
    assert [(a.trustee_sid, a.rights.value, a.local_to) for a in acl.dacl] == [
        ("S-1-5-32-544", "full", "FS1"),
        ("S-1-5-21-1004336348-1177238915-682003330-1167", "change", ""),
        ("S-1-1-0", "change", ""),
        ("S-1-5-21-1004336348-1177238915-682003330-513", "read", ""),
    ]


def test_a_share_without_descriptor_is_open_to_everyone() -> None:
    [ace] = share_aces(None, "FS1", MACHINE)
    assert (ace.ace_type, ace.trustee_sid, ace.rights) == ("allow", "S-1-1-0", FileRights.full)
