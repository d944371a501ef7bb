"""Directory facts: domains, OUs, users, groups, computers, GPOs and parsed ACEs."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainSerializer

from kszcheck.model.common import Strict

__all__ = [
    "Ace",
    "Computer",
    "Directory",
    "Domain",
    "Gpo",
    "GpoLink",
    "Group",
    "GroupScope",
    "OrganizationalUnit",
    "SecurityDescriptor",
    "Site",
    "Subnet",
    "Trust",
    "User",
]


class Ace(Strict):
    """One access control entry of a DACL, parsed."""

    ace_type: str  # allow, deny, allow_object, deny_object, audit, audit_object, other
    flags: list[str] = Field(default_factory=list)  # OI, CI, NP, IO, ID
    mask: int = 0
    rights: list[str] = Field(default_factory=list)  # symbolic names of the mask bits
    object_type: str | None = None  # GUID of the attribute, class or extended right
    inherited_object_type: str | None = None
    trustee_sid: str

    @property
    def inherited(self) -> bool:
        return "ID" in self.flags


class SecurityDescriptor(Strict):
    owner_sid: str | None = None
    group_sid: str | None = None
    dacl_present: bool = False
    dacl: list[Ace] = Field(default_factory=list)


class _PackedDescriptor(Strict):
    owner_sid: str | None = None
    group_sid: str | None = None
    dacl_present: bool = False
    dacl: list[int] = Field(default_factory=list)  # positions in the table of ACEs


def _pack_acls(acls: dict[str, SecurityDescriptor]) -> dict[str, Any]:
    """The descriptors as saved: each distinct ACE once (``aces``), each distinct descriptor
    once with its DACL as positions in ``aces`` (``descriptors``), and each object's DN with
    the position of its descriptor (``objects``). A directory gives most objects the same
    descriptor, so this is a few thousand ACEs instead of millions; the same facts give the same
    bytes whether or not the objects in memory are shared."""
    aces: list[dict[str, Any]] = []
    descriptors: list[dict[str, Any]] = []
    objects: dict[str, int] = {}
    ace_at: dict[tuple[Any, ...], int] = {}
    descriptor_at: dict[tuple[Any, ...], int] = {}
    seen_ace: dict[int, int] = {}  # id() of an Ace -> its position (the objects are shared)
    seen_descriptor: dict[int, int] = {}
    for dn, sd in acls.items():
        at = seen_descriptor.get(id(sd))
        if at is None:
            dacl: list[int] = []
            for ace in sd.dacl:
                index = seen_ace.get(id(ace))
                if index is None:
                    dumped = ace.model_dump(mode="json")
                    key = tuple(tuple(v) if isinstance(v, list) else v for v in dumped.values())
                    index = ace_at.get(key)
                    if index is None:
                        index = ace_at[key] = len(aces)
                        aces.append(dumped)
                    seen_ace[id(ace)] = index
                dacl.append(index)
            key = (sd.owner_sid, sd.group_sid, sd.dacl_present, tuple(dacl))
            at = descriptor_at.get(key)
            if at is None:
                at = descriptor_at[key] = len(descriptors)
                descriptors.append(
                    {
                        "owner_sid": sd.owner_sid,
                        "group_sid": sd.group_sid,
                        "dacl_present": sd.dacl_present,
                        "dacl": dacl,
                    }
                )
            seen_descriptor[id(sd)] = at
        objects[dn] = at
    return {"aces": aces, "descriptors": descriptors, "objects": objects}


def _unpack_acls(value: Any) -> Any:
    """The saved form back to descriptors by DN, sharing the ACEs and descriptors (the form of
    snapshots before the tables, a descriptor per DN, is read as it is)."""
    if not (isinstance(value, dict) and set(value) == {"aces", "descriptors", "objects"}):
        return value
    aces = [Ace.model_validate(a) for a in value["aces"]]
    descriptors: list[SecurityDescriptor] = []
    for raw in value["descriptors"]:
        packed = _PackedDescriptor.model_validate(raw)
        if any(not 0 <= i < len(aces) for i in packed.dacl):
            raise ValueError("a descriptor names an ACE that is not in the table")
        descriptors.append(
            SecurityDescriptor.model_construct(
                owner_sid=packed.owner_sid,
                group_sid=packed.group_sid,
                dacl_present=packed.dacl_present,
                dacl=[aces[i] for i in packed.dacl],
            )
        )
    objects = value["objects"]
    if not isinstance(objects, dict):
        raise ValueError("objects is not a mapping of DN to descriptor")
    out: dict[str, SecurityDescriptor] = {}
    for dn, at in objects.items():
        if not isinstance(at, int) or not 0 <= at < len(descriptors):
            raise ValueError(f"the descriptor of {dn} is not in the table")
        out[dn] = descriptors[at]
    return out


#: Security descriptors by object DN; saved in the packed form of ``_pack_acls``.
Acls = Annotated[
    dict[str, SecurityDescriptor],
    BeforeValidator(_unpack_acls),
    PlainSerializer(_pack_acls, return_type=dict[str, Any]),
]


class GpoLink(Strict):
    gpo_dn: str
    order: int
    disabled: bool = False
    enforced: bool = False


class Domain(Strict):
    dn: str
    dns_name: str = ""
    netbios_name: str = ""
    sid: str = ""
    functional_level: int | None = None
    min_pwd_length: int | None = None
    max_pwd_age_days: int | None = None  # None = never expires
    lockout_threshold: int | None = None
    gp_links: list[GpoLink] = Field(default_factory=list)


class OrganizationalUnit(Strict):
    dn: str
    name: str = ""
    description: str = ""
    gp_links: list[GpoLink] = Field(default_factory=list)
    block_inheritance: bool = False


class User(Strict):
    dn: str
    sam_account_name: str
    user_principal_name: str = ""
    display_name: str = ""
    description: str = ""
    sid: str = ""
    enabled: bool = True
    uac: int = 0
    uac_flags: list[str] = Field(default_factory=list)
    password_never_expires: bool = False
    password_not_required: bool = False
    no_preauth: bool = False
    pwd_last_set: datetime | None = None
    last_logon: datetime | None = None
    when_created: datetime | None = None
    account_expires: datetime | None = None
    admin_count: bool = False
    spns: list[str] = Field(default_factory=list)
    primary_group_id: int | None = 513
    mail: str = ""
    employee_id: str = ""
    department: str = ""
    company: str = ""
    title: str = ""

    @property
    def rid(self) -> int | None:
        return _rid(self.sid)


class GroupScope(StrEnum):
    global_ = "global"
    domain_local = "domain_local"
    universal = "universal"
    builtin = "builtin"


class Group(Strict):
    dn: str
    sam_account_name: str
    sid: str = ""
    description: str = ""
    scope: GroupScope = GroupScope.global_
    security: bool = True
    members: list[str] = Field(default_factory=list)  # member DNs
    admin_count: bool = False
    mail: str = ""

    @property
    def rid(self) -> int | None:
        return _rid(self.sid)


class Computer(Strict):
    dn: str
    sam_account_name: str
    dns_hostname: str = ""
    sid: str = ""
    operating_system: str = ""
    operating_system_version: str = ""
    enabled: bool = True
    last_logon: datetime | None = None  # the newer of lastLogonTimestamp and lastLogon
    description: str = ""
    primary_group_id: int | None = None  # 516: a domain controller, 521: a read-only one
    #: LAPS: when the managed local Administrator password expires — legacy Microsoft LAPS
    #: (ms-Mcs-AdmPwdExpirationTime) and Windows LAPS (msLAPS-PasswordExpirationTime). Only
    #: these times are read, never a password attribute.
    laps_expires: datetime | None = None
    windows_laps_expires: datetime | None = None


class Gpo(Strict):
    dn: str
    guid: str = ""
    display_name: str = ""
    file_sys_path: str = ""
    flags: int = 0


class Trust(Strict):
    """A trust of the domain (trustedDomain object in CN=System)."""

    partner: str  # DNS name of the other domain
    flat_name: str = ""  # its NetBIOS name
    sid: str = ""
    direction: str = ""  # inbound, outbound, bidirectional, disabled
    trust_type: str = ""  # downlevel (NT4/external), uplevel (AD), mit, dce
    attributes: int = 0
    forest_transitive: bool = False  # a forest trust (TRUST_ATTRIBUTE_FOREST_TRANSITIVE)
    within_forest: bool = False  # parent/child or tree-root trust inside one forest
    sid_filtering: bool = False  # TRUST_ATTRIBUTE_QUARANTINED_DOMAIN


class Site(Strict):
    """An Active Directory site (configuration partition)."""

    dn: str
    name: str
    description: str = ""


class Subnet(Strict):
    """A subnet object of the configuration partition and the site it belongs to."""

    dn: str
    prefix: str  # e.g. 10.30.0.0/24
    site: str = ""  # site name ('' when the subnet is not bound to a site)
    location: str = ""
    description: str = ""


class Directory(Strict):
    domains: list[Domain] = Field(default_factory=list)
    ous: list[OrganizationalUnit] = Field(default_factory=list)
    users: list[User] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    computers: list[Computer] = Field(default_factory=list)
    gpos: list[Gpo] = Field(default_factory=list)
    #: Security descriptors by object DN (as written by the source).
    acls: Acls = Field(default_factory=dict)
    trusts: list[Trust] = Field(default_factory=list)
    sites: list[Site] = Field(default_factory=list)
    subnets: list[Subnet] = Field(default_factory=list)


def _rid(sid: str) -> int | None:
    tail = sid.rsplit("-", 1)[-1] if sid else ""
    return int(tail) if tail.isdigit() else None
