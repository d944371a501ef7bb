"""Parse a self-relative SECURITY_DESCRIPTOR (MS-DTYP 2.4.6) into owner, group and DACL.

Only the DACL is read (the SACL is not needed and is not asked for: sdflags 0x07).
``Ace.rights`` names what an ACE grants or denies in the words the delegation checks use.
Generic bits are expanded with Active Directory's generic mapping, so an ACE with GA also lists
write_dacl, write_owner, create_child and so on. An ACE restricted to an object type keeps the
restriction in its name where it matters: WP on ``member`` is ``write_member`` (not
``write_property``), CR on User-Force-Change-Password is ``reset_password`` (not
``all_extended_rights``). Inherit-only ACEs (flag IO) are listed like the others: callers look
at ``flags`` and ``inherited_object_type`` to see where an ACE applies.

A DACL that is present but NULL (SE_DACL_PRESENT with offset 0) grants everyone everything; it
is represented as one synthetic ACE: allow GENERIC_ALL to Everyone (S-1-1-0).
"""

from __future__ import annotations

import struct
import uuid
from functools import lru_cache

from kszcheck.collectors.sid import sid_from_bytes
from kszcheck.model.directory import Ace, SecurityDescriptor

__all__ = [
    "GUID_CLASS_GROUP",
    "GUID_CLASS_USER",
    "GUID_MEMBER",
    "GUID_RESET_PASSWORD",
    "DescriptorReader",
    "mask_rights",
    "parse_security_descriptor",
]

GUID_RESET_PASSWORD = "00299570-246d-11d0-a768-00aa006e0529"
GUID_MEMBER = "bf9679c0-0de6-11d0-a285-00aa003049e2"
GUID_CLASS_USER = "bf967aba-0de6-11d0-a285-00aa003049e2"
GUID_CLASS_GROUP = "bf967a9c-0de6-11d0-a285-00aa003049e2"
GUID_SPN = "f3a64788-5306-11d1-a9c5-0000f80367c1"
GUID_KEY_CREDENTIAL_LINK = "5b47d60f-6090-40b2-9f37-2a4de88f3063"
GUID_GPLINK = "f30e3bbe-9ff0-11d1-b603-0000f80367c1"
GUID_GET_CHANGES = "1131f6aa-9c07-11d1-f79f-00c04fc2dcd2"
GUID_GET_CHANGES_ALL = "1131f6ad-9c07-11d1-f79f-00c04fc2dcd2"

SE_DACL_PRESENT = 0x0004
SE_SELF_RELATIVE = 0x8000

# Access mask bits (MS-DTYP 2.4.3, MS-ADTS 5.1.3.2).
CC, DC, LC, SW, RP, WP, DT, LO, CR = 0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80, 0x100
SD, RC, WD, WO = 0x10000, 0x20000, 0x40000, 0x80000
GA, GX, GW, GR = 0x10000000, 0x20000000, 0x40000000, 0x80000000
#: Every right an AD object knows: what GENERIC_ALL maps to, and what "Full control" sets.
FULL_CONTROL = 0xF01FF

_GENERIC_MAP = {
    GR: RC | LC | RP | LO,
    GW: RC | WP | SW,
    GX: RC | LC,
    GA: FULL_CONTROL,
}
_GENERIC_NAMES = (
    (GA, "generic_all"),
    (GW, "generic_write"),
    (GR, "generic_read"),
    (GX, "generic_execute"),
)
_PLAIN_NAMES = (
    (CC, "create_child"),
    (DC, "delete_child"),
    (LC, "list_children"),
    (RP, "read_property"),
    (DT, "delete_tree"),
    (LO, "list_object"),
    (SD, "delete"),
    (RC, "read_control"),
    (WD, "write_dacl"),
    (WO, "write_owner"),
)
_WRITE_PROPERTY_NAMES = {
    GUID_MEMBER: "write_member",
    GUID_SPN: "write_spn",
    GUID_KEY_CREDENTIAL_LINK: "write_key_credential_link",
    GUID_GPLINK: "write_gplink",
}
_EXTENDED_RIGHT_NAMES = {
    GUID_RESET_PASSWORD: "reset_password",
    GUID_GET_CHANGES: "replicate_changes",
    GUID_GET_CHANGES_ALL: "replicate_changes_all",
}

_ACE_TYPES = {
    0x00: "allow",
    0x01: "deny",
    0x02: "audit",
    0x05: "allow_object",
    0x06: "deny_object",
    0x07: "audit_object",
    0x09: "allow",  # allowed-callback: conditional, counted as allow (errs towards "can")
    0x0A: "deny",
    0x0B: "allow_object",
    0x0C: "deny_object",
    0x0D: "audit",
    0x0F: "audit_object",
}
_OBJECT_ACE_TYPES = frozenset({0x05, 0x06, 0x07, 0x08, 0x0B, 0x0C, 0x0F, 0x10})
#: Non-object ACE types whose body is mask + SID.
_PLAIN_ACE_TYPES = frozenset({0x00, 0x01, 0x02, 0x03, 0x09, 0x0A, 0x0D, 0x0E, 0x11, 0x12, 0x13})
_ACE_FLAGS = (
    (0x01, "OI"),
    (0x02, "CI"),
    (0x04, "NP"),
    (0x08, "IO"),
    (0x10, "ID"),
    (0x40, "SA"),
    (0x80, "FA"),
)


def parse_security_descriptor(data: bytes) -> SecurityDescriptor:
    """Parse a self-relative security descriptor. Raises ValueError when it is truncated or
    corrupt; the message says what and where (byte offset)."""
    return DescriptorReader().parse(data)


class DescriptorReader:
    """Parses the descriptors of one directory, sharing what repeats.

    AD gives most objects the same descriptor (the class's default ACEs and what the OU passes
    on; AD itself stores each distinct descriptor once), and the same few hundred ACEs recur in
    all of them. A descriptor whose bytes were read before is the same (shared, not copied)
    SecurityDescriptor; an ACE whose bytes were read before is the same Ace. So a directory of
    90 000 objects with about 50 ACEs each makes a few thousand Ace objects, not 4.5 million.
    The parsed objects are facts: nothing may change them.
    """

    def __init__(self) -> None:
        self._descriptors: dict[bytes, SecurityDescriptor] = {}
        self._aces: dict[bytes, Ace] = {}

    def parse(self, data: bytes) -> SecurityDescriptor:
        """As parse_security_descriptor; the same bytes give the same object."""
        found = self._descriptors.get(data)
        if found is None:
            found = self._descriptors[bytes(data)] = self._parse(data)
        return found

    def adopt(self, other: DescriptorReader) -> dict[int, SecurityDescriptor]:
        """Take in what another reader parsed (another part of the same export, read by
        another process): its descriptors and ACEs become this reader's where the bytes are
        the same, so the whole export shares them as if one reader had read it. Returns, by
        ``id`` of the other reader's descriptor, the descriptor to use instead."""
        aces = {id(ace): self._aces.setdefault(body, ace) for body, ace in other._aces.items()}
        instead: dict[int, SecurityDescriptor] = {}
        for data, descriptor in other._descriptors.items():
            mine = self._descriptors.get(data)
            if mine is None:
                mine = self._descriptors[data] = SecurityDescriptor.model_construct(
                    owner_sid=descriptor.owner_sid,
                    group_sid=descriptor.group_sid,
                    dacl_present=descriptor.dacl_present,
                    dacl=[aces.get(id(ace), ace) for ace in descriptor.dacl],
                )
            instead[id(descriptor)] = mine
        return instead

    def _parse(self, data: bytes) -> SecurityDescriptor:
        if len(data) < 20:
            raise ValueError(f"descriptor is {len(data)} bytes, shorter than its 20-byte header")
        revision, _sbz1, control, owner_at, group_at, _sacl_at, dacl_at = struct.unpack_from(
            "<BBHIIII", data, 0
        )
        if revision != 1:
            raise ValueError(f"descriptor revision is {revision}, expected 1")
        if not control & SE_SELF_RELATIVE:
            raise ValueError("descriptor is not in self-relative form")
        owner = sid_from_bytes(data, owner_at)[0] if owner_at else None
        group = sid_from_bytes(data, group_at)[0] if group_at else None
        present = bool(control & SE_DACL_PRESENT)
        dacl: list[Ace] = []
        if present:
            dacl = self._parse_acl(data, dacl_at) if dacl_at else [_null_dacl_ace()]
        return SecurityDescriptor.model_construct(
            owner_sid=owner, group_sid=group, dacl_present=present, dacl=dacl
        )

    def _parse_acl(self, data: bytes, offset: int) -> list[Ace]:
        if offset + 8 > len(data):
            raise ValueError(f"DACL header at offset {offset} runs past the end of the descriptor")
        _rev, _sbz1, size, count, _sbz2 = struct.unpack_from("<BBHHH", data, offset)
        end = offset + size
        if size < 8 or end > len(data):
            raise ValueError(
                f"DACL at offset {offset} claims {size} bytes, the descriptor has {len(data)}"
            )
        aces: list[Ace] = []
        known = self._aces
        at = offset + 8
        for index in range(count):
            if at + 4 > end:
                raise ValueError(f"DACL claims {count} ACEs but ends after {index}")
            kind, flags, ace_size = struct.unpack_from("<BBH", data, at)
            if ace_size < 8 or at + ace_size > end:
                raise ValueError(f"ACE {index} at offset {at} has a bad size ({ace_size} bytes)")
            body = data[at : at + ace_size]
            ace = known.get(body)
            if ace is None:
                ace = known[body] = _parse_ace(body, kind, flags, index)
            aces.append(ace)
            at += ace_size
        return aces


def mask_rights(mask: int, object_type: str | None = None) -> list[str]:
    """Names of the rights an access mask carries (see the module docstring)."""
    return list(_mask_rights(mask, object_type))


@lru_cache(maxsize=4096)  # a domain has few distinct (mask, object type) pairs
def _mask_rights(mask: int, object_type: str | None) -> tuple[str, ...]:
    effective = mask
    names: list[str] = []
    for bit, name in _GENERIC_NAMES:
        if mask & bit:
            names.append(name)
            effective |= _GENERIC_MAP[bit]
    if effective & FULL_CONTROL == FULL_CONTROL and object_type is None:
        names.insert(0, "full_control")
    names.extend(name for bit, name in _PLAIN_NAMES if effective & bit)
    if effective & WP:
        names.append(
            _WRITE_PROPERTY_NAMES.get(object_type, "write_attribute")
            if object_type
            else "write_property"
        )
    if effective & SW:
        names.append("validated_write" if object_type else "all_validated_writes")
    if effective & CR:
        names.append(
            _EXTENDED_RIGHT_NAMES.get(object_type, "extended_right")
            if object_type
            else "all_extended_rights"
        )
    return tuple(names)


def _parse_ace(body: bytes, kind: int, flags: int, index: int) -> Ace:
    flag_names = list(_flag_names(flags))
    mask = struct.unpack_from("<I", body, 4)[0]
    object_type: str | None = None
    inherited_type: str | None = None
    sid_at = 8
    try:
        if kind in _OBJECT_ACE_TYPES:
            if len(body) < 12:
                raise ValueError("object ACE too short for its object flags")
            object_flags = struct.unpack_from("<I", body, 8)[0]
            sid_at = 12
            if object_flags & 0x1:
                object_type = _guid(body, sid_at)
                sid_at += 16
            if object_flags & 0x2:
                inherited_type = _guid(body, sid_at)
                sid_at += 16
        elif kind not in _PLAIN_ACE_TYPES:
            return Ace(ace_type="other", flags=flag_names, mask=mask, trustee_sid="")
        trustee = _trustee(body, sid_at)
    except ValueError as exc:
        raise ValueError(f"ACE {index}: {exc}") from None
    return Ace(
        ace_type=_ACE_TYPES.get(kind, "other"),
        flags=flag_names,
        mask=mask,
        rights=mask_rights(mask, object_type),
        object_type=object_type,
        inherited_object_type=inherited_type,
        trustee_sid=trustee,
    )


@lru_cache(maxsize=256)
def _flag_names(flags: int) -> tuple[str, ...]:
    return tuple(name for bit, name in _ACE_FLAGS if flags & bit)


def _trustee(body: bytes, offset: int) -> str:
    """The SID at ``offset``; the same few trustees recur in every descriptor, so cache them."""
    end = offset + 8 + 4 * body[offset + 1] if offset + 1 < len(body) else len(body) + 1
    if end > len(body):
        sid_from_bytes(body, offset)  # raises, naming the offset
    return _sid_text(bytes(body[offset:end]))


@lru_cache(maxsize=65536)
def _sid_text(raw: bytes) -> str:
    return sid_from_bytes(raw)[0]


def _guid(body: bytes, offset: int) -> str:
    if offset + 16 > len(body):
        raise ValueError("object type GUID runs past the end of the ACE")
    return _guid_text(bytes(body[offset : offset + 16]))


@lru_cache(maxsize=4096)  # schema GUIDs: a few hundred attributes, classes and rights
def _guid_text(raw: bytes) -> str:
    return str(uuid.UUID(bytes_le=raw))


def _null_dacl_ace() -> Ace:
    return Ace(ace_type="allow", mask=GA, rights=mask_rights(GA), trustee_sid="S-1-1-0")
