"""The security-descriptor and SID parsers, against descriptors whose meaning is known."""

from __future__ import annotations

import struct

import pytest

from kszcheck.collectors.security_descriptor import mask_rights, parse_security_descriptor
from kszcheck.collectors.sid import is_sid, sid_from_bytes, sid_to_bytes, sid_to_str
from kszcheck.model.directory import Ace
from tests.collectors.conftest import (
    ACE_ALLOW,
    ACE_ALLOW_OBJECT,
    ACE_DENY,
    ACE_DENY_OBJECT,
    CI,
    DOMAIN_SID,
    GROUP_CLASS,
    ID,
    MEMBER_ATTR,
    OI,
    RESET_PASSWORD,
    SE_DACL_PRESENT,
    SE_SELF_RELATIVE,
    USER_CLASS,
    ace,
    descriptor,
    ocmw_ou_descriptor,
    sid,
)

HELPDESK = f"{DOMAIN_SID}-1105"
ADMINS = f"{DOMAIN_SID}-512"

#: What GENERIC_ALL (and "Full control", 0xF01FF) grants on an AD object.
FULL_RIGHTS = [
    "full_control",
    "create_child",
    "delete_child",
    "list_children",
    "read_property",
    "delete_tree",
    "list_object",
    "delete",
    "read_control",
    "write_dacl",
    "write_owner",
    "write_property",
    "all_validated_writes",
    "all_extended_rights",
]


def test_the_delegated_ou_descriptor_parses_to_its_sddl_meaning() -> None:
    # O:DAG:DAD:(A;CI;RPWP;;;HD)(OA;CIIO;CR;<reset>;<user>;HD)(OA;CIIO;WP;<member>;<group>;HD)
    #           (A;CI;GA;;;DA)(A;CIID;0x20094;;;AU)
    parsed = parse_security_descriptor(ocmw_ou_descriptor())
    assert parsed.owner_sid == ADMINS
    assert parsed.group_sid == ADMINS
    assert parsed.dacl_present is True
    assert parsed.dacl == [
        Ace(
            ace_type="allow",
            flags=["CI"],
            mask=0x30,
            rights=["read_property", "write_property"],
            trustee_sid=HELPDESK,
        ),
        Ace(
            ace_type="allow_object",
            flags=["CI", "IO"],
            mask=0x100,
            rights=["reset_password"],
            object_type=RESET_PASSWORD,
            inherited_object_type=USER_CLASS,
            trustee_sid=HELPDESK,
        ),
        Ace(
            ace_type="allow_object",
            flags=["CI", "IO"],
            mask=0x20,
            rights=["write_member"],
            object_type=MEMBER_ATTR,
            inherited_object_type=GROUP_CLASS,
            trustee_sid=HELPDESK,
        ),
        Ace(
            ace_type="allow",
            flags=["CI"],
            mask=0x10000000,
            rights=[FULL_RIGHTS[0], "generic_all", *FULL_RIGHTS[1:]],
            trustee_sid=ADMINS,
        ),
        Ace(
            ace_type="allow",
            flags=["CI", "ID"],
            mask=0x20094,
            rights=["list_children", "read_property", "list_object", "read_control"],
            trustee_sid="S-1-5-11",
        ),
    ]
    assert [a.inherited for a in parsed.dacl] == [False, False, False, False, True]


@pytest.mark.parametrize(
    ("mask", "object_type", "rights"),
    [
        (0xF01FF, None, FULL_RIGHTS),
        (0x40000, None, ["write_dacl"]),
        (0x80000, None, ["write_owner"]),
        (0x1 | 0x2, None, ["create_child", "delete_child"]),
        (0x1, USER_CLASS, ["create_child"]),
        (0x100, None, ["all_extended_rights"]),
        (0x100, RESET_PASSWORD, ["reset_password"]),
        (0x100, "1131f6ad-9c07-11d1-f79f-00c04fc2dcd2", ["replicate_changes_all"]),
        (0x100, "ab721a53-1e2f-11d0-9819-00aa0040529b", ["extended_right"]),
        (0x20, MEMBER_ATTR, ["write_member"]),
        (0x20, "f30e3bbe-9ff0-11d1-b603-0000f80367c1", ["write_gplink"]),
        (0x20, "bf967950-0de6-11d0-a285-00aa003049e2", ["write_attribute"]),
        (0x8, MEMBER_ATTR, ["validated_write"]),
        (
            0x40000000,
            None,
            ["generic_write", "read_control", "write_property", "all_validated_writes"],
        ),
        (
            0x80000000,
            None,
            ["generic_read", "list_children", "read_property", "list_object", "read_control"],
        ),
        (0x20000000, None, ["generic_execute", "list_children", "read_control"]),
        (
            0xF01FF,
            MEMBER_ATTR,
            [*FULL_RIGHTS[1:11], "write_member", "validated_write", "extended_right"],
        ),
    ],
)
def test_mask_rights_names_what_delegation_checks_look_for(
    mask: int, object_type: str | None, rights: list[str]
) -> None:
    assert mask_rights(mask, object_type) == rights


def test_deny_and_object_deny_aces_keep_their_type_and_flags() -> None:
    blob = descriptor(
        None,
        None,
        [
            ace(ACE_DENY, OI | CI, 0x10000, "S-1-1-0"),
            ace(ACE_DENY_OBJECT, 0, 0x100, "S-1-1-0", RESET_PASSWORD),
            ace(ACE_ALLOW_OBJECT, CI | ID, 0x20, HELPDESK, None, USER_CLASS),
        ],
    )
    parsed = parse_security_descriptor(blob)
    assert parsed.owner_sid is None and parsed.group_sid is None
    assert [
        (a.ace_type, a.flags, a.rights, a.object_type, a.inherited_object_type) for a in parsed.dacl
    ] == [
        ("deny", ["OI", "CI"], ["delete"], None, None),
        ("deny_object", [], ["reset_password"], RESET_PASSWORD, None),
        ("allow_object", ["CI", "ID"], ["write_property"], None, USER_CLASS),
    ]


def test_the_parser_advances_by_the_ace_size_field() -> None:
    # The first ACE is padded with 8 extra bytes after its SID, as Windows may write.
    padded = bytearray(ace(ACE_ALLOW, 0, 0x20, HELPDESK) + b"\x00" * 8)
    struct.pack_into("<H", padded, 2, len(padded))
    blob = descriptor(None, None, [bytes(padded), ace(ACE_ALLOW, 0, 0x40000, ADMINS)])
    parsed = parse_security_descriptor(blob)
    assert [(a.trustee_sid, a.rights) for a in parsed.dacl] == [
        (HELPDESK, ["write_property"]),
        (ADMINS, ["write_dacl"]),
    ]


def test_a_null_dacl_means_everyone_has_full_control() -> None:
    parsed = parse_security_descriptor(descriptor(ADMINS, None, None))
    assert parsed.dacl_present is True
    assert [(a.ace_type, a.trustee_sid, a.mask) for a in parsed.dacl] == [
        ("allow", "S-1-1-0", 0x10000000)
    ]
    assert "full_control" in parsed.dacl[0].rights


def test_a_descriptor_without_dacl_present_has_no_dacl() -> None:
    blob = descriptor(ADMINS, ADMINS, [ace(ACE_ALLOW, 0, 0x20, HELPDESK)], control=SE_SELF_RELATIVE)
    parsed = parse_security_descriptor(blob)
    assert (parsed.dacl_present, parsed.dacl) == (False, [])


def _with_acl_count(count: int) -> bytes:
    blob = bytearray(descriptor(None, None, [ace(ACE_ALLOW, 0, 0x20, HELPDESK)]))
    struct.pack_into("<H", blob, 20 + 4, count)
    return bytes(blob)


def _with_ace_size(size: int) -> bytes:
    blob = bytearray(descriptor(None, None, [ace(ACE_ALLOW, 0, 0x20, HELPDESK)]))
    struct.pack_into("<H", blob, 20 + 8 + 2, size)
    return bytes(blob)


@pytest.mark.parametrize(
    ("blob", "message"),
    [
        (b"\x01\x00\x04\x80", "descriptor is 4 bytes, shorter than its 20-byte header"),
        (b"\x02" + ocmw_ou_descriptor()[1:], "descriptor revision is 2, expected 1"),
        (
            descriptor(None, None, [], control=SE_DACL_PRESENT),
            "descriptor is not in self-relative form",
        ),
        (ocmw_ou_descriptor()[:-6], "DACL at offset 76 claims 244 bytes, the descriptor has 314"),
        (_with_acl_count(2), "DACL claims 2 ACEs but ends after 1"),
        (_with_ace_size(4), "ACE 0 at offset 28 has a bad size (4 bytes)"),
        (_with_ace_size(200), "ACE 0 at offset 28 has a bad size (200 bytes)"),
        (_with_ace_size(16), "ACE 0: SID at offset 8 runs past the end of the data"),
        (
            struct.pack("<BBHIIII", 1, 0, 0x8004, 20, 0, 0, 0) + sid(ADMINS)[:10],
            "SID at offset 20 runs past the end of the data",
        ),
    ],
)
def test_truncated_or_corrupt_descriptors_raise_value_error(blob: bytes, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_security_descriptor(blob)
    assert str(caught.value) == message


def test_sid_round_trip_and_text_forms() -> None:
    raw = sid(f"{DOMAIN_SID}-1105")
    assert sid_to_str(raw) == "S-1-5-21-1004336348-1177238915-682003330-1105"
    assert sid_to_bytes("S-1-5-21-1004336348-1177238915-682003330-1105") == raw
    assert sid_to_str(bytes.fromhex("010100000000000100000000")) == "S-1-1-0"
    assert sid_from_bytes(b"xx" + sid("S-1-5-32-544"), 2) == ("S-1-5-32-544", 16)
    assert is_sid("S-1-5-32-544") and not is_sid("S-1-5-abc") and not is_sid("CN=x")


def test_sid_errors() -> None:
    with pytest.raises(ValueError, match="SID is 12 bytes but the value holds 13"):
        sid_to_str(sid("S-1-1-0") + b"\x00")
    with pytest.raises(ValueError, match="has revision 2"):
        sid_to_str(b"\x02" + sid("S-1-1-0")[1:])
    with pytest.raises(ValueError, match="is not a SID"):
        sid_to_bytes("S-1-5-x")
