"""Write a realistic Active Directory export of N users, as ``ldapsearch -LLL`` writes it, with the
inventories and switch configurations of the same administration, as a site kszcheck can scan.

    python benchmarks/directory_export.py --users 50000 --out /tmp/dir-50k
    python -m kszcheck scan /tmp/dir-50k -o /tmp/dir-50k/run --now 2026-11-23T09:00:00+00:00

The shape (issue 13) per N users: 0.6 N computers (workstations, 1 server per 100 users, two
domain controllers), 0.2 N groups (department, team and resource groups, resource groups nested
in chains 7 deep, one all-staff group holding every user), about 10 ``member`` values per user
(each also written as the user's ``memberOf``), GPOs linked to the domain and the OUs, and a
security descriptor (owner, group, DACL of about 50 ACEs, 2.3-2.6 kB) on every object, as AD
gives it with the SD-flags control 0x07. The descriptors are built the way AD builds them: the
explicit ACEs of the class's default security descriptor, the ACEs inherited from the domain
head and from the OU (delegations: a helpdesk resetting passwords, workstation admins joining
computers), an owner that is Domain Admins or the provisioning account that created the object,
and on 2 % of the objects one extra explicit ACE for one person. Values are written the way
``ldapsearch -LLL`` writes them: lines folded at 76 columns, base64 (``::``) for binary values
and for text that is not plain ASCII (some names and their DNs).

Besides ``ad-export.ldif`` the folder holds ``site.yaml`` (zones as in the example
administration: the social service's OU, groups and servers), ``servers.csv`` (every server
computer), ``people.csv`` (the HR register: one person per account) and ``switches/`` (one Cisco
IOS configuration per 100 users and a core switch routing every VLAN). The same N and seed give
the same bytes. Nothing else in the project imports this file.
"""

from __future__ import annotations

import argparse
import base64
import itertools
import random
import struct
import time
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

__all__ = ["Export", "write_site"]

DOMAIN = "DC=groot,DC=local"
DNS = "groot.local"
NETBIOS = "GROOT"
DOMAIN_SID = "S-1-5-21-3100000001-2200000002-1300000003"
CONFIG = f"CN=Configuration,{DOMAIN}"
SDZ_OU = f"OU=Sociale Dienst,OU=OCMW,{DOMAIN}"
SDZ_GROUPS = ("GG_SD_Dossiers", "DL_SD_Share_RW", "DL_SD_Toepassing")
SDZ_SERVERS = ("SRV-SOC01", "SRV-SDFILE01")
NESTING_DEPTH = 7

GEMEENTE = (
    "Burgerzaken",
    "Financien",
    "Omgeving",
    "Secretariaat",
    "Onthaal",
    "Welzijn",
    "Vrije Tijd",
    "Cultuur",
    "Sport",
    "Personeel",
    "Communicatie",
    "Mobiliteit",
    "Wegen",
    "Groendienst",
    "Bibliotheek",
    "Jeugd",
    "Onderwijs",
    "Economie",
    "Patrimonium",
    "Preventie",
)
OCMW = ("Sociale Dienst", "Thuiszorg", "Woonzorgcentrum", "Kinderopvang", "Schuldbemiddeling")
FIRST = (
    "Sofie",
    "Jan",
    "Lotte",
    "Pieter",
    "Emma",
    "Tom",
    "Nathalie",
    "Koen",
    "Ann",
    "Bram",
    "Laura",
    "Rita",
    "Fien",
    "Ahmed",
    "Inge",
    "Wout",
    "Lies",
    "Maarten",
    "Sara",
    "Zoë",
    "Gaëlle",
    "Noël",
    "Yasmine",
    "Dirk",
    "Joke",
    "Hilde",
    "Marc",
    "Els",
    "Griet",
    "Ilse",
    "Stijn",
    "Kato",
)
LAST = (
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Lambert",
    "Dupont",
    "Hermans",
    "Aerts",
    "Van Damme",
    "Verstraete",
    "Müller",
    "Çelik",
    "D'haene",
    "Vermeulen",
    "Bogaert",
    "De Wolf",
    "Smets",
    "Cools",
    "Pauwels",
)
WHEN = "20190301083015.0Z"
FILETIME_2026 = 134070000000000000  # about 2025-11 in 100 ns ticks since 1601
NEVER = 9223372036854775807

# --- binary encodings: SIDs, GUIDs, ACEs, security descriptors (MS-DTYP 2.4) ---------------


def sid_bytes(text: str) -> bytes:
    parts = text.split("-")
    subs = [int(p) for p in parts[3:]]
    return (
        struct.pack("<BB", 1, len(subs))
        + int(parts[2]).to_bytes(6, "big")
        + struct.pack(f"<{len(subs)}I", *subs)
    )


def guid_bytes(text: str) -> bytes:
    return uuid.UUID(text).bytes_le


def dsid(rid: int) -> str:
    return f"{DOMAIN_SID}-{rid}"


# Access masks and ACE flags
FULL, READ, GA = 0xF01FF, 0x20094, 0x10000000
RP, WP, CR, SW, CC, DC = 0x10, 0x20, 0x100, 0x8, 0x1, 0x2
CI, IO, ID = 0x02, 0x08, 0x10
# Schema GUIDs (attributes, property sets, classes, extended rights)
G_USER = "bf967aba-0de6-11d0-a285-00aa003049e2"
G_GROUP = "bf967a9c-0de6-11d0-a285-00aa003049e2"
G_COMPUTER = "bf967a86-0de6-11d0-a285-00aa003049e2"
G_INETORG = "4828cc14-1437-45bc-9b07-ad6f015e5f28"
G_RESET_PWD = "00299570-246d-11d0-a768-00aa006e0529"
G_CHANGE_PWD = "ab721a53-1e2f-11d0-9819-00aa0040529b"
G_PERSONAL = "77b5b886-944a-11d1-aebd-0000f80367c1"
G_PUBLIC = "e48d0154-bcf8-11d1-8702-00c04fb96050"
G_GENERAL = "59ba2f42-79a2-11d0-9020-00c04fc2d3cf"
G_WEB = "e45795b3-9455-11d1-aebd-0000f80367c1"
G_ACCOUNT_RESTR = "4c164200-20c0-11d0-a768-00aa006e0529"
G_LOGON = "5f202010-79a5-11d0-9020-00c04fc2d4cf"
G_MEMBERSHIP = "bc0ac240-79a9-11d0-9020-00c04fc2d4cf"
G_RAS = "037088f8-0ae1-11d2-b422-00a0c968f939"
G_TOKEN_GROUPS = "b7c69e6d-2cc7-11d2-854e-00a0c983f608"
G_TOKEN_GU = "46a9b11d-60ae-405a-b7e8-ff8a58d456d2"
G_USER_CERT = "bf967a7f-0de6-11d0-a285-00aa003049e2"
G_KEY_CRED = "5b47d60f-6090-40b2-9f37-2a4de88f3063"
G_TS = "5805bc62-bdc9-4428-a5e2-856a0f4c185e"
G_PWD_LAST_SET = "bf967a0a-0de6-11d0-a285-00aa003049e2"
G_LOCKOUT = "28630ebf-41d5-11d1-a9c1-0000f80367c1"
G_MEMBER = "bf9679c0-0de6-11d0-a285-00aa003049e2"
G_SPN = "f3a64788-5306-11d1-a9c5-0000f80367c1"
G_DNS_HOST = "72e39547-7b18-11d1-adef-00c04fd8d5cd"
G_ALLOWED_TO_AUTH = "68b1d179-0d15-4d4f-ab71-46152e79a7bc"
G_EMAIL = "e45795b2-9455-11d1-aebd-0000f80367c1"
G_UAC = "bf967a68-0de6-11d0-a285-00aa003049e2"
G_PHONE_MAIL = "bf967a49-0de6-11d0-a285-00aa003049e2"
G_RECEIVE_AS = "ab721a56-1e2f-11d0-9819-00aa0040529b"
G_SEND_AS = "ab721a54-1e2f-11d0-9819-00aa0040529b"

SYSTEM, AUTH_USERS, EVERYONE, SELF, CREATOR = (
    "S-1-5-18",
    "S-1-5-11",
    "S-1-1-0",
    "S-1-5-10",
    "S-1-3-0",
)
ENT_DCS, ADMINS, ACCOUNT_OPS = "S-1-5-9", "S-1-5-32-544", "S-1-5-32-548"
PRE2000, WAA, TS_LICENSE = "S-1-5-32-554", "S-1-5-32-560", "S-1-5-32-561"
DOMAIN_ADMINS, ENT_ADMINS, CERT_PUB, RAS = dsid(512), dsid(519), dsid(517), dsid(553)
KEY_ADMINS, ENT_KEY_ADMINS, ENT_RODCS = dsid(526), dsid(527), dsid(498)


@dataclass(frozen=True)
class Ace:
    trustee: str
    mask: int
    flags: int = 0
    object_type: str | None = None
    inherited_type: str | None = None
    deny: bool = False

    def encode(self) -> bytes:
        sid = sid_bytes(self.trustee)
        if self.object_type is None and self.inherited_type is None:
            kind = 0x01 if self.deny else 0x00
            body = struct.pack("<I", self.mask) + sid
        else:
            kind = 0x06 if self.deny else 0x05
            present = (1 if self.object_type else 0) | (2 if self.inherited_type else 0)
            body = struct.pack("<II", self.mask, present)
            if self.object_type:
                body += guid_bytes(self.object_type)
            if self.inherited_type:
                body += guid_bytes(self.inherited_type)
            body += sid
        return struct.pack("<BBH", kind, self.flags, 4 + len(body)) + body

    def inherited(self) -> Ace:
        """The ACE as a child object receives it (flag ID; inherit-only dropped)."""
        return Ace(
            self.trustee,
            self.mask,
            (self.flags & ~IO) | ID,
            self.object_type,
            self.inherited_type,
            self.deny,
        )


def descriptor(owner: str, group: str, dacl: list[Ace]) -> bytes:
    """A self-relative security descriptor: header, owner, group, DACL (as AD returns it)."""
    aces = b"".join(a.encode() for a in dacl)
    acl = struct.pack("<BBHHH", 4, 0, 8 + len(aces), len(dacl), 0) + aces
    owner_b, group_b = sid_bytes(owner), sid_bytes(group)
    owner_at = 20
    group_at = owner_at + len(owner_b)
    dacl_at = group_at + len(group_b)
    control = 0x8000 | 0x0400 | 0x0004  # self-relative, DACL auto-inherited, DACL present
    header = struct.pack("<BBHIIII", 1, 0, control, owner_at, group_at, 0, dacl_at)
    return header + owner_b + group_b + acl


#: ACEs of the domain head that every object inherits (as on a Windows Server 2022 domain).
ROOT_INHERITABLE = [
    Ace(ENT_ADMINS, FULL, CI),
    Ace(ADMINS, 0xF01BD, CI),
    Ace(PRE2000, 0x14, CI | IO, None, G_INETORG),
    Ace(PRE2000, 0x14, CI | IO, None, G_GROUP),
    Ace(PRE2000, 0x14, CI | IO, None, G_USER),
    Ace(PRE2000, RP, CI | IO, G_ACCOUNT_RESTR, G_INETORG),
    Ace(PRE2000, RP, CI | IO, G_ACCOUNT_RESTR, G_USER),
    Ace(PRE2000, RP, CI | IO, G_LOGON, G_INETORG),
    Ace(PRE2000, RP, CI | IO, G_LOGON, G_USER),
    Ace(PRE2000, RP, CI | IO, G_MEMBERSHIP, G_INETORG),
    Ace(PRE2000, RP, CI | IO, G_MEMBERSHIP, G_USER),
    Ace(PRE2000, RP, CI | IO, G_GENERAL, G_INETORG),
    Ace(PRE2000, RP, CI | IO, G_GENERAL, G_USER),
    Ace(PRE2000, RP, CI | IO, G_RAS, G_INETORG),
    Ace(PRE2000, RP, CI | IO, G_RAS, G_USER),
    Ace(ENT_DCS, RP, CI | IO, G_TOKEN_GROUPS, G_COMPUTER),
    Ace(ENT_DCS, RP, CI | IO, G_TOKEN_GROUPS, G_GROUP),
    Ace(ENT_DCS, RP, CI | IO, G_TOKEN_GROUPS, G_USER),
    Ace(KEY_ADMINS, RP | WP, CI, G_KEY_CRED),
    Ace(ENT_KEY_ADMINS, RP | WP, CI, G_KEY_CRED),
    Ace(SELF, SW, CI, G_KEY_CRED),
    Ace(CREATOR, SW, CI | IO, G_KEY_CRED, G_COMPUTER),
    Ace(SELF, RP | WP, CI, G_ALLOWED_TO_AUTH),
    Ace(AUTH_USERS, 0x20094, CI | IO, None, G_COMPUTER),
    Ace(SELF, WP, CI | IO, G_DNS_HOST, G_COMPUTER),
    Ace(SELF, SW, CI | IO, G_SPN, G_COMPUTER),
    Ace(WAA, RP, CI | IO, G_TOKEN_GU, G_USER),
    Ace(TS_LICENSE, RP | WP, CI | IO, G_TS, G_USER),
    Ace(ENT_RODCS, RP, CI | IO, G_TOKEN_GROUPS, G_COMPUTER),
    Ace(ENT_RODCS, RP, CI | IO, G_TOKEN_GROUPS, G_GROUP),
    Ace(ENT_RODCS, RP, CI | IO, G_TOKEN_GROUPS, G_USER),
    Ace(AUTH_USERS, RP, CI | IO, G_UAC, G_USER),
    Ace(AUTH_USERS, RP, CI | IO, G_UAC, G_COMPUTER),
    Ace(PRE2000, 0x14, CI | IO, None, G_COMPUTER),
]
#: Explicit ACEs of each class's default security descriptor (schema defaultSecurityDescriptor).
CLASS_DEFAULT = {
    "user": [
        Ace(DOMAIN_ADMINS, FULL),
        Ace(ACCOUNT_OPS, FULL),
        Ace(SYSTEM, FULL),
        Ace(AUTH_USERS, READ),
        Ace(SELF, READ),
        Ace(EVERYONE, CR, 0, G_CHANGE_PWD),
        Ace(SELF, CR, 0, G_CHANGE_PWD),
        Ace(SELF, RP | WP, 0, G_PERSONAL),
        Ace(SELF, RP | WP, 0, G_WEB),
        Ace(SELF, RP | WP, 0, G_EMAIL),
        Ace(AUTH_USERS, RP, 0, G_GENERAL),
        Ace(AUTH_USERS, RP, 0, G_PUBLIC),
        Ace(AUTH_USERS, RP, 0, G_PERSONAL),
        Ace(AUTH_USERS, RP, 0, G_WEB),
        Ace(CERT_PUB, WP, 0, G_USER_CERT),
        Ace(RAS, RP, 0, G_ACCOUNT_RESTR),
        Ace(RAS, RP, 0, G_LOGON),
        Ace(RAS, RP, 0, G_MEMBERSHIP),
        Ace(RAS, RP, 0, G_RAS),
        Ace(WAA, RP, 0, G_TOKEN_GU),
        Ace(TS_LICENSE, RP | WP, 0, G_TS),
        Ace(SELF, RP | WP, 0, G_PHONE_MAIL),
        Ace(AUTH_USERS, RP, 0, G_PHONE_MAIL),
        Ace(SELF, SW, 0, G_KEY_CRED),
        Ace(SELF, CR, 0, G_RECEIVE_AS),
        Ace(SELF, CR, 0, G_SEND_AS),
    ],
    "computer": [
        Ace(DOMAIN_ADMINS, FULL),
        Ace(ACCOUNT_OPS, FULL),
        Ace(SYSTEM, FULL),
        Ace(AUTH_USERS, READ),
        Ace(SELF, READ),
        Ace(CREATOR, READ),
        Ace(SELF, WP, 0, G_DNS_HOST),
        Ace(SELF, SW, 0, G_SPN),
        Ace(AUTH_USERS, RP, 0, G_GENERAL),
        Ace(AUTH_USERS, RP, 0, G_PUBLIC),
        Ace(CERT_PUB, WP, 0, G_USER_CERT),
        Ace(RAS, RP, 0, G_ACCOUNT_RESTR),
        Ace(RAS, RP, 0, G_LOGON),
        Ace(RAS, RP, 0, G_MEMBERSHIP),
        Ace(RAS, RP, 0, G_RAS),
        Ace(WAA, RP, 0, G_TOKEN_GU),
        Ace(TS_LICENSE, RP | WP, 0, G_TS),
        Ace(EVERYONE, CR, 0, G_CHANGE_PWD),
        Ace(SELF, CR, 0, G_CHANGE_PWD),
        Ace(SELF, RP | WP, 0, G_PERSONAL),
        Ace(AUTH_USERS, RP, 0, G_PERSONAL),
        Ace(SELF, CR, 0, G_RECEIVE_AS),
        Ace(SELF, CR, 0, G_SEND_AS),
    ],
    "group": [
        Ace(DOMAIN_ADMINS, FULL),
        Ace(ACCOUNT_OPS, FULL),
        Ace(SYSTEM, FULL),
        Ace(AUTH_USERS, READ),
        Ace(SELF, READ),
        Ace(AUTH_USERS, RP, 0, G_GENERAL),
        Ace(AUTH_USERS, RP, 0, G_PUBLIC),
        Ace(AUTH_USERS, RP, 0, G_MEMBERSHIP),
        Ace(SELF, CR, 0, G_CHANGE_PWD),
        Ace(WAA, RP, 0, G_TOKEN_GU),
        Ace(RAS, RP, 0, G_MEMBERSHIP),
        Ace(AUTH_USERS, RP, 0, G_EMAIL),
    ],
    "organizationalUnit": [
        Ace(DOMAIN_ADMINS, FULL),
        Ace(SYSTEM, FULL),
        Ace(AUTH_USERS, READ),
        Ace(ACCOUNT_OPS, CC | DC, 0, G_USER),
        Ace(ACCOUNT_OPS, CC | DC, 0, G_GROUP),
        Ace(ACCOUNT_OPS, CC | DC, 0, G_COMPUTER),
        Ace(ACCOUNT_OPS, CC | DC, 0, G_INETORG),
        Ace(ENT_DCS, READ),
    ],
    "groupPolicyContainer": [
        Ace(DOMAIN_ADMINS, 0xF00FF),
        Ace(ENT_ADMINS, 0xF00FF),
        Ace(SYSTEM, FULL),
        Ace(AUTH_USERS, READ),
        Ace(ENT_DCS, READ),
        Ace(CREATOR, FULL, CI | IO),
        Ace(AUTH_USERS, CR, 0, "edacfd8f-ffb3-11d1-b41d-00a0c968f939"),
    ],
    "domainDNS": [
        Ace(DOMAIN_ADMINS, 0xF01BD),
        Ace(SYSTEM, FULL),
        Ace(AUTH_USERS, READ),
        Ace(ENT_DCS, CR, 0, "1131f6ab-9c07-11d1-f79f-00c04fc2dcd2"),
        Ace(ADMINS, CR, 0, "1131f6aa-9c07-11d1-f79f-00c04fc2dcd2"),
        Ace(ADMINS, CR, 0, "1131f6ad-9c07-11d1-f79f-00c04fc2dcd2"),
    ],
    "container": [Ace(DOMAIN_ADMINS, 0xF01BD), Ace(SYSTEM, FULL), Ace(AUTH_USERS, READ)],
}


# --- LDIF writing as ldapsearch -LLL does -----------------------------------------------------

_SAFE_FIRST = frozenset(range(0x21, 0x7F)) - {ord(":"), ord("<")}


def _fold(line: str) -> str:
    if len(line) <= 76:
        return line + "\n"
    parts = [line[:76]] + [" " + line[i : i + 75] for i in range(76, len(line), 75)]
    return "\n".join(parts) + "\n"


def attr(name: str, value: str | bytes) -> str:
    """One attribute line (folded), base64 when binary or not plain printable ASCII."""
    if isinstance(value, bytes):
        return _fold(f"{name}:: {base64.b64encode(value).decode('ascii')}")
    raw = value.encode("utf-8")
    if raw and (
        raw[0] not in _SAFE_FIRST or value.endswith(" ") or any(b > 0x7E or b < 0x20 for b in raw)
    ):
        return _fold(f"{name}:: {base64.b64encode(raw).decode('ascii')}")
    return _fold(f"{name}: {value}")


@dataclass
class Obj:
    dn: str
    cls: str  # user, computer, group, organizationalUnit, groupPolicyContainer, ...
    attrs: list[tuple[str, str | bytes]] = field(default_factory=list)
    member_of: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    sd: bytes = b""


@dataclass
class Export:
    """The generated administration: the objects in export order and what the inventories need."""

    objects: list[Obj] = field(default_factory=list)
    servers: list[tuple[str, str, int, str]] = field(default_factory=list)  # name, ip, vlan, zone
    people: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    workstations: list[tuple[str, int]] = field(default_factory=list)  # host, vlan
    gpos: list[str] = field(default_factory=list)


class _Builder:
    def __init__(self, users: int, seed: int) -> None:
        self.n = users
        self.rng = random.Random(seed)
        self.next_rid = 1103
        self.export = Export()
        self.ou_aces: dict[str, list[Ace]] = {DOMAIN: ROOT_INHERITABLE}
        self.sd_cache: dict[tuple[str, str, str, tuple[Ace, ...]], bytes] = {}
        self.provisioning = ""
        self.wks_sid = ""
        self.groups: dict[str, Obj] = {}
        self.names: set[str] = set()

    def rid(self) -> int:
        self.next_rid += 1
        return self.next_rid

    def inherited_for(self, parent: str, cls: str) -> list[Ace]:
        """What an object of class ``cls`` under ``parent`` inherits from the parent's chain: an
        ACE for another class passes through a container as inherit-only, a leaf skips it."""
        out = []
        container = cls in ("organizationalUnit", "container")
        for ace in self.ou_aces.get(parent, []):
            if ace.inherited_type and ace.inherited_type != _CLASS_GUID.get(cls):
                if container:
                    out.append(replace(ace, flags=ace.flags | IO | ID))
                continue
            out.append(ace.inherited())
        return out

    def sd(self, cls: str, parent: str, owner: str, extra: list[Ace] | None = None) -> bytes:
        explicit = CLASS_DEFAULT.get(cls, CLASS_DEFAULT["container"]) + (extra or [])
        key = (cls, parent, owner, tuple(extra or []))
        cached = self.sd_cache.get(key)
        if cached is None:
            dacl = explicit + self.inherited_for(parent, cls)
            cached = self.sd_cache[key] = descriptor(owner, DOMAIN_ADMINS, dacl)
        return cached

    def container(self, dn: str, cls: str, name: str, delegated: list[Ace] | None = None) -> Obj:
        parent = dn.split(",", 1)[1]
        kind = "organizationalUnit" if cls == "organizationalUnit" else "container"
        own = delegated or []
        obj = Obj(dn, cls, sd=self.sd(kind, parent, DOMAIN_ADMINS, own))
        # what the children inherit: the parent's inheritable ACEs and this OU's own CI ones
        self.ou_aces[dn] = [a for a in self.ou_aces.get(parent, []) if a.flags & CI] + [
            a for a in own if a.flags & CI
        ]
        if cls == "organizationalUnit":
            obj.attrs = [
                ("objectClass", "top"),
                ("objectClass", "organizationalUnit"),
                ("ou", name),
                ("name", name),
            ]
        else:
            obj.attrs = [
                ("objectClass", "top"),
                ("objectClass", "container"),
                ("cn", name),
                ("name", name),
            ]
        self.export.objects.append(obj)
        return obj

    def group(
        self, name: str, parent: str, sid: str, gtype: str = "-2147483646", admin: bool = False
    ) -> Obj:
        obj = Obj(f"CN={name},{parent}", "group", sd=self.sd("group", parent, DOMAIN_ADMINS))
        obj.attrs = [
            ("objectClass", "top"),
            ("objectClass", "group"),
            ("cn", name),
            ("name", name),
            ("sAMAccountName", name),
            ("groupType", gtype),
            ("sAMAccountType", "268435456"),
            ("objectCategory", f"CN=Group,CN=Schema,{CONFIG}"),
        ]
        if admin:
            obj.attrs.append(("adminCount", "1"))
        _common(obj, self, sid, WHEN)
        self.groups[name] = obj
        self.export.objects.append(obj)
        return obj

    def user(
        self,
        cn: str,
        parent: str,
        sam: str,
        owner: str,
        *,
        uac: int = 512,
        extra: list[tuple[str, str | bytes]] | None = None,
        admin: bool = False,
        special: Ace | None = None,
        rid: int | None = None,
    ) -> Obj:
        sid = dsid(rid if rid is not None else self.rid())
        obj = Obj(
            f"CN={cn},{parent}",
            "user",
            sd=self.sd("user", parent, owner, [special] if special else None),
        )
        given, _, surname = cn.partition(" ")
        obj.attrs = [
            ("objectClass", "top"),
            ("objectClass", "person"),
            ("objectClass", "organizationalPerson"),
            ("objectClass", "user"),
            ("cn", cn),
            ("sn", surname or cn),
            ("givenName", given),
            ("displayName", cn),
            ("name", cn),
            ("userAccountControl", str(uac)),
            ("badPwdCount", "0"),
            ("codePage", "0"),
            ("countryCode", "56"),
            ("badPasswordTime", str(FILETIME_2026 - self.rng.randrange(10**13))),
            ("lastLogoff", "0"),
            ("lastLogon", str(FILETIME_2026 - self.rng.randrange(10**13))),
            ("pwdLastSet", str(FILETIME_2026 - self.rng.randrange(3 * 10**14))),
            ("primaryGroupID", "513"),
            ("accountExpires", str(NEVER)),
            ("logonCount", str(self.rng.randrange(5000))),
            ("sAMAccountName", sam),
            ("sAMAccountType", "805306368"),
            ("userPrincipalName", f"{sam}@{DNS}"),
            ("objectCategory", f"CN=Person,CN=Schema,{CONFIG}"),
            ("dSCorePropagationData", "16010101000000.0Z"),
            ("lastLogonTimestamp", str(FILETIME_2026 - self.rng.randrange(10**13))),
        ]
        if admin:
            obj.attrs.append(("adminCount", "1"))
        obj.attrs += extra or []
        _common(obj, self, sid, WHEN)
        self.export.objects.append(obj)
        return obj

    def computer(self, name: str, parent: str, os: str, uac: int = 4096, pgid: int = 515) -> Obj:
        owner = DOMAIN_ADMINS if parent.startswith(("OU=Domain", "OU=Servers")) else self.wks_sid
        obj = Obj(f"CN={name},{parent}", "computer", sd=self.sd("computer", parent, owner))
        obj.attrs = [
            ("objectClass", "top"),
            ("objectClass", "person"),
            ("objectClass", "organizationalPerson"),
            ("objectClass", "user"),
            ("objectClass", "computer"),
            ("cn", name),
            ("name", name),
            ("userAccountControl", str(uac)),
            ("primaryGroupID", str(pgid)),
            ("sAMAccountName", f"{name}$"),
            ("sAMAccountType", "805306369"),
            ("dNSHostName", f"{name.lower()}.{DNS}"),
            ("operatingSystem", os),
            ("operatingSystemVersion", "10.0 (20348)" if "Server" in os else "10.0 (22631)"),
            ("lastLogonTimestamp", str(FILETIME_2026 - self.rng.randrange(10**13))),
            ("msLAPS-PasswordExpirationTime", str(FILETIME_2026 + 10**13)),
            ("objectCategory", f"CN=Computer,CN=Schema,{CONFIG}"),
        ]
        _common(obj, self, dsid(self.rid()), WHEN)
        self.export.objects.append(obj)
        return obj


_CLASS_GUID = {"user": G_USER, "group": G_GROUP, "computer": G_COMPUTER}


def _common(obj: Obj, b: _Builder, rid_sid: str, created: str) -> None:
    obj.attrs += [
        ("distinguishedName", obj.dn),
        ("instanceType", "4"),
        ("whenCreated", created),
        ("whenChanged", "20261101101500.0Z"),
        ("uSNCreated", str(b.rng.randrange(12000, 9_000_000))),
        ("uSNChanged", str(b.rng.randrange(9_000_000, 9_900_000))),
        ("objectGUID", uuid.UUID(int=b.rng.getrandbits(128)).bytes_le),
        ("objectSid", sid_bytes(rid_sid)),
    ]


def _person_name(b: _Builder) -> tuple[str, str, str]:
    while True:
        first, last = b.rng.choice(FIRST), b.rng.choice(LAST)
        number = b.rng.randrange(1, 10_000)
        sam = (first[0] + last.replace(" ", "").replace("'", "")).lower()
        sam = sam.encode("ascii", "ignore").decode() + str(number)
        if sam not in b.names:
            b.names.add(sam)
            return first, last, sam


def build(users: int, seed: int) -> Export:
    """The administration of ``users`` people, deterministic from ``seed``."""
    b = _Builder(users, seed)
    gpo_dns = _domain_head(b)
    _well_known_groups(b)
    departments = _ou_tree(b, gpo_dns)
    _accounts(b)
    staff = _staff(b, departments)
    _group_tree(b, staff)
    _computers(b, departments)
    _back_links(b)
    return b.export


def _domain_head(b: _Builder) -> list[str]:
    """The domain head, its containers and the GPOs; returns the GPOs' DNs."""
    gpo_guids = [str(uuid.UUID(int=b.rng.getrandbits(128))).upper() for _ in range(30)]
    gpo_guids[0] = "31B2F340-016D-11D2-945F-00C04FB984F9"
    gpo_dns = [f"CN={{{g}}},CN=Policies,CN=System,{DOMAIN}" for g in gpo_guids]
    b.export.gpos = gpo_guids
    head = Obj(
        DOMAIN,
        "domainDNS",
        sd=descriptor(DOMAIN_ADMINS, DOMAIN_ADMINS, CLASS_DEFAULT["domainDNS"] + ROOT_INHERITABLE),
    )
    head.attrs = [
        ("objectClass", "top"),
        ("objectClass", "domain"),
        ("objectClass", "domainDNS"),
        ("name", "groot"),
        ("dc", "groot"),
        ("minPwdLength", "12"),
        ("maxPwdAge", "-31104000000000"),
        ("lockoutThreshold", "10"),
        ("msDS-Behavior-Version", "7"),
        ("gPLink", f"[LDAP://{gpo_dns[0]};0]"),
    ]
    _common(head, b, DOMAIN_SID, "20150301083015.0Z")
    b.export.objects.append(head)
    for name in ("Users", "Computers", "System", "Builtin"):
        b.container(f"CN={name},{DOMAIN}", "container", name)
    b.container(f"CN=Policies,CN=System,{DOMAIN}", "container", "Policies")
    b.container(f"CN=AdminSDHolder,CN=System,{DOMAIN}", "container", "AdminSDHolder")
    for i, (guid, dn) in enumerate(zip(gpo_guids, gpo_dns, strict=True)):
        gpo = Obj(
            dn,
            "groupPolicyContainer",
            sd=b.sd("groupPolicyContainer", f"CN=Policies,CN=System,{DOMAIN}", DOMAIN_ADMINS),
        )
        gpo.attrs = [
            ("objectClass", "top"),
            ("objectClass", "container"),
            ("objectClass", "groupPolicyContainer"),
            ("cn", f"{{{guid}}}"),
            ("name", f"{{{guid}}}"),
            ("displayName", "Default Domain Policy" if i == 0 else f"GPO {i:02d} werkplekken"),
            ("gPCFileSysPath", f"\\\\{DNS}\\SysVol\\{DNS}\\Policies\\{{{guid}}}"),
            ("flags", "0"),
        ]
        b.export.objects.append(gpo)
    return gpo_dns


def _well_known_groups(b: _Builder) -> None:
    builtin, users_dn = f"CN=Builtin,{DOMAIN}", f"CN=Users,{DOMAIN}"
    b.group("Administrators", builtin, ADMINS, "-2147483643", admin=True)
    b.group("Account Operators", builtin, ACCOUNT_OPS, "-2147483643", admin=True)
    b.group("Pre-Windows 2000 Compatible Access", builtin, PRE2000, "-2147483643")
    for rid, name in (
        (512, "Domain Admins"),
        (513, "Domain Users"),
        (515, "Domain Computers"),
        (516, "Domain Controllers"),
        (517, "Cert Publishers"),
        (518, "Schema Admins"),
        (519, "Enterprise Admins"),
        (526, "Key Admins"),
        (527, "Enterprise Key Admins"),
    ):
        b.group(
            name,
            users_dn,
            dsid(rid),
            "-2147483640" if rid in (518, 519, 527) else "-2147483646",
            admin=rid in (512, 518, 519),
        )
    b.group("RAS and IAS Servers", users_dn, RAS, "-2147483644")


def _ou_tree(b: _Builder, gpo_dns: list[str]) -> list[tuple[str, str, str, str]]:
    """The OUs with their delegations and gPLinks; returns the departments (name, users OU,
    computers OU, body). The helpdesk resets passwords everywhere users live (in the social
    service too: a delegation the zone's rules report), workstation admins join computers."""
    b.container(f"OU=Domain Controllers,{DOMAIN}", "organizationalUnit", "Domain Controllers")
    for top in ("Gemeente", "OCMW", "ICT", "Servers", "Groepen", "Service Accounts"):
        b.container(f"OU={top},{DOMAIN}", "organizationalUnit", top)
    b.container(f"OU=Beheerders,OU=ICT,{DOMAIN}", "organizationalUnit", "Beheerders")
    helpdesk_sid, b.wks_sid = dsid(b.rid()), dsid(b.rid())
    helpdesk = [
        Ace(helpdesk_sid, CR, CI | IO, G_RESET_PWD, G_USER),
        Ace(helpdesk_sid, RP | WP, CI | IO, G_PWD_LAST_SET, G_USER),
        Ace(helpdesk_sid, RP | WP, CI | IO, G_LOCKOUT, G_USER),
    ]
    joiners = [
        Ace(b.wks_sid, CC | DC, CI, G_COMPUTER),
        Ace(b.wks_sid, FULL, CI | IO, None, G_COMPUTER),
    ]
    departments: list[tuple[str, str, str, str]] = []
    for body, names in (("Gemeente", GEMEENTE), ("OCMW", OCMW)):
        for name in names:
            dept = f"OU={name},OU={body},{DOMAIN}"
            b.container(dept, "organizationalUnit", name)
            b.container(f"OU=Gebruikers,{dept}", "organizationalUnit", "Gebruikers", helpdesk)
            b.container(f"OU=Werkplekken,{dept}", "organizationalUnit", "Werkplekken", joiners)
            b.container(f"OU=Groepen,{dept}", "organizationalUnit", "Groepen")
            departments.append((name, f"OU=Gebruikers,{dept}", f"OU=Werkplekken,{dept}", body))
    b.group("GG_Helpdesk", f"OU=Groepen,{DOMAIN}", helpdesk_sid)
    b.group("GG_Werkplekbeheer", f"OU=Groepen,{DOMAIN}", b.wks_sid)
    ous = [o for o in b.export.objects if o.cls == "organizationalUnit"]
    for index, obj in enumerate(ous):
        links = [gpo_dns[1 + (index + k) % 29] for k in range(index % 3)]
        if links:
            obj.attrs.append(("gPLink", "".join(f"[LDAP://{d};0]" for d in links)))
    return departments


def _accounts(b: _Builder) -> None:
    """Built-in accounts, the provisioning account (the owner of what it creates), admins."""
    users_dn, groups = f"CN=Users,{DOMAIN}", b.groups
    admin = b.user(
        "Administrator", users_dn, "Administrator", DOMAIN_ADMINS, uac=66048, admin=True, rid=500
    )
    b.user("Guest", users_dn, "Guest", DOMAIN_ADMINS, uac=66082, rid=501)
    b.user("krbtgt", users_dn, "krbtgt", DOMAIN_ADMINS, uac=514, rid=502)
    provisioning = b.user(
        "svc_provisioning",
        f"OU=Service Accounts,{DOMAIN}",
        "svc_provisioning",
        DOMAIN_ADMINS,
        uac=66048,
    )
    b.provisioning = _sid_of(provisioning)
    groups["Domain Admins"].members.append(admin.dn)
    groups["Administrators"].members += [
        groups["Domain Admins"].dn,
        groups["Enterprise Admins"].dn,
        admin.dn,
    ]
    groups["Enterprise Admins"].members.append(admin.dn)
    groups["Schema Admins"].members.append(admin.dn)
    groups["Pre-Windows 2000 Compatible Access"].members.append(
        f"CN=S-1-5-11,CN=ForeignSecurityPrincipals,{DOMAIN}"
    )
    for k in range(5):
        adm = b.user(
            f"adm beheerder{k}",
            f"OU=Beheerders,OU=ICT,{DOMAIN}",
            f"adm.beheerder{k}",
            DOMAIN_ADMINS,
            admin=True,
        )
        groups["Domain Admins"].members.append(adm.dn)
        groups["GG_Helpdesk"].members.append(adm.dn)


_TITLES = (
    "medewerker",
    "deskundige",
    "maatschappelijk werker",
    "diensthoofd",
    "administratief medewerker",
    "technisch assistent",
)


def _staff(b: _Builder, departments: list[tuple[str, str, str, str]]) -> list[tuple[Obj, str]]:
    """Staff accounts (the social service a few per cent), one person each in people.csv, in the
    all-staff group, their department's group and (social service) the zone's groups."""
    all_staff = b.group("GG_Alle_Personeel", f"OU=Groepen,{DOMAIN}", dsid(b.rid()))
    dept_groups = {
        name: b.group(
            f"GG_{name.replace(' ', '_')}", f"OU=Groepen,{ucou.split(',', 1)[1]}", dsid(b.rid())
        )
        for name, ucou, _, _ in departments
    }
    for name in SDZ_GROUPS:
        gtype = "-2147483644" if name.startswith("DL_") else "-2147483646"
        b.group(name, f"OU=Groepen,{SDZ_OU}", dsid(b.rid()), gtype)
    staff: list[tuple[Obj, str]] = []
    ict_users = max(5, b.n // 500)
    for i in range(b.n):
        first, last, sam = _person_name(b)
        if i < ict_users:
            dept, parent, body = "ICT", f"OU=ICT,{DOMAIN}", "Gemeente"
        else:
            dept, parent, _, body = b.rng.choices(departments, _weights(departments))[0]
        owner = b.provisioning if b.rng.random() < 0.7 else DOMAIN_ADMINS
        special = (
            Ace(dsid(b.rng.randrange(1104, 1104 + b.n)), RP | WP, 0, G_PERSONAL)
            if b.rng.random() < 0.02
            else None
        )
        employee = f"E{100000 + i}"
        phone = (
            f"+32 9 {b.rng.randrange(100, 999)} {b.rng.randrange(10, 99)} {b.rng.randrange(10, 99)}"
        )
        disabled = b.rng.random() < 0.05
        obj = b.user(
            f"{first} {last} {sam[-4:]}",
            parent,
            sam,
            owner,
            uac=514 if disabled else 512,
            special=special,
            extra=[
                ("mail", f"{sam}@{DNS}"),
                ("employeeID", employee),
                ("department", dept),
                ("title", b.rng.choice(_TITLES)),
                ("company", body),
                ("physicalDeliveryOfficeName", "Gemeentehuis"),
                ("telephoneNumber", phone),
            ],
        )
        staff.append((obj, dept))
        all_staff.members.append(obj.dn)
        if dept in dept_groups:
            dept_groups[dept].members.append(obj.dn)
        if dept == "Sociale Dienst":
            b.groups["GG_SD_Dossiers"].members.append(obj.dn)
        b.export.people.append((employee, f"{first} {last}", sam, dept, "2026-06-30" * disabled))
    b.groups["DL_SD_Share_RW"].members.append(b.groups["GG_SD_Dossiers"].dn)
    b.groups["DL_SD_Toepassing"].members.append(b.groups["GG_SD_Dossiers"].dn)
    return staff


def _weights(departments: list[tuple[str, str, str, str]]) -> list[int]:
    return [12 if name == "Sociale Dienst" else 20 for name, *_ in departments]


def _group_tree(b: _Builder, staff: list[tuple[Obj, str]]) -> None:
    """Teams (about 25 people) and resource groups (the rest of 0.2 N groups): every person is
    in 7 resource groups; resource groups are nested in chains NESTING_DEPTH deep."""
    teams = max(1, b.n // 25)
    resources = max(NESTING_DEPTH, b.n // 5 - len(b.groups) - teams)
    team_groups = [
        b.group(f"GG_Team_{t:05d}", f"OU=Groepen,{DOMAIN}", dsid(b.rid())) for t in range(teams)
    ]
    for index, (obj, _) in enumerate(staff):
        team_groups[index * teams // len(staff)].members.append(obj.dn)
    resource_groups = [
        b.group(f"DL_Res_{r:05d}", f"OU=Groepen,{DOMAIN}", dsid(b.rid()), "-2147483644")
        for r in range(resources)
    ]
    for obj, _ in staff:
        for target in b.rng.sample(resource_groups, min(7, len(resource_groups))):
            target.members.append(obj.dn)
    for start in range(0, len(resource_groups) - NESTING_DEPTH + 1, NESTING_DEPTH * 4):
        chain = resource_groups[start : start + NESTING_DEPTH]
        for outer, inner in itertools.pairwise(chain):
            outer.members.append(inner.dn)


def _computers(b: _Builder, departments: list[tuple[str, str, str, str]]) -> None:
    """Domain controllers, servers (1 per 100 users), workstations (0.6 N computers in all)."""
    for k in (1, 2):
        dc = b.computer(
            f"DC{k:02d}",
            f"OU=Domain Controllers,{DOMAIN}",
            "Windows Server 2022 Standard",
            532480,
            516,
        )
        b.groups["Domain Controllers"].members.append(dc.dn)
        b.export.servers.append((f"DC{k:02d}", f"10.40.0.{9 + k}", 40, "servers"))
    server_count = max(4, b.n // 100)
    for k in range(server_count):
        if k < len(SDZ_SERVERS):
            name, vlan, zone = SDZ_SERVERS[k], 31 + k, ("sdz-app", "sdz-files")[k]
        else:
            name, vlan, zone = f"SRV-{k:04d}", 40, "servers"
        b.computer(name, f"OU=Servers,{DOMAIN}", "Windows Server 2022 Standard")
        b.export.servers.append((name, f"10.{vlan}.{k // 250}.{10 + k % 240}", vlan, zone))
    weights = _weights(departments)
    for k in range(max(1, b.n * 6 // 10 - server_count - 2)):
        name, _, wou, body = b.rng.choices(departments, weights)[0]
        host = f"WS-{k:06d}"
        b.computer(host, wou, "Windows 11 Enterprise")
        vlan = 30 if name == "Sociale Dienst" else (20 if body == "OCMW" else 10)
        b.export.workstations.append((host, vlan))


def _back_links(b: _Builder) -> None:
    """memberOf: the back-link of every member value inside the export (as AD returns it)."""
    by_dn = {o.dn: o for o in b.export.objects}
    for g in b.groups.values():
        for member in g.members:
            target = by_dn.get(member)
            if target is not None:
                target.member_of.append(g.dn)


def _sid_of(obj: Obj) -> str:
    raw = next(v for k, v in obj.attrs if k == "objectSid")
    assert isinstance(raw, bytes)
    subs = struct.unpack_from(f"<{raw[1]}I", raw, 8)
    return "S-1-5-" + "-".join(map(str, subs))


def _crossref() -> str:
    dn = f"CN={NETBIOS},CN=Partitions,{CONFIG}"
    return "".join(
        [
            attr("dn", dn),
            attr("objectClass", "top"),
            attr("objectClass", "crossRef"),
            attr("cn", NETBIOS),
            attr("nCName", DOMAIN),
            attr("nETBIOSName", NETBIOS),
            attr("dnsRoot", DNS),
            "\n",
        ]
    )


def write_ldif(export: Export, path: Path) -> int:
    """Write the export as ldapsearch -LLL does; returns the number of entries."""
    sd_text: dict[bytes, str] = {}
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for obj in export.objects:
            parts = [attr("dn", obj.dn)]
            parts += [attr(k, v) for k, v in obj.attrs]
            parts += [attr("member", m) for m in obj.members]
            parts += [attr("memberOf", m) for m in obj.member_of]
            text = sd_text.get(obj.sd)
            if text is None:
                text = sd_text[obj.sd] = attr("nTSecurityDescriptor", obj.sd)
            parts.append(text)
            parts.append("\n")
            out.write("".join(parts))
        out.write(_crossref())
    return len(export.objects) + 1


# --- the site: profile, inventories, switches -------------------------------------------------


def write_site(export: Export, out: Path) -> None:
    (out / "site.yaml").write_text(
        _SITE.format(ou=SDZ_OU, groups=list(SDZ_GROUPS), servers=list(SDZ_SERVERS)),
        encoding="utf-8",
    )
    rows = [
        "name,fqdn,ip,vlan,zone,role,os,os_version,os_eol,hosting,environment,"
        "classification,owner_body,contains_social_data,last_patched"
    ]
    for name, ip, vlan, zone in export.servers:
        sdz = zone.startswith("sdz")
        rows.append(
            f"{name},{name.lower()}.{DNS},{ip},{vlan},{zone},"
            f"{'domeincontroller' if name.startswith('DC') else 'server'},"
            f"Windows Server 2022 Standard,21H2,2031-10-14,on_prem,prod,"
            f"{'vertrouwelijk - sociale gegevens' if sdz else 'intern'},"
            f"{'ocmw' if sdz else 'both'},{'yes' if sdz else 'no'},2026-11-12"
        )
    (out / "servers.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    rows = ["id,name,employer,acts_for,function,department,kind,supplier,accounts,start,end"]
    for pid, name, sam, dept, end in export.people:
        body = "ocmw" if dept in OCMW else "gemeente"
        rows.append(f"{pid},{name},{body},{body},medewerker,{dept},staff,,{sam},2015-01-01,{end}")
    (out / "people.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    switches = out / "switches"
    switches.mkdir(exist_ok=True)
    per_switch = 48
    for s in range(0, len(export.workstations), per_switch):
        hosts = export.workstations[s : s + per_switch]
        name = f"ACC-SW{s // per_switch + 1:04d}"
        lines = ["!", f"hostname {name}", "!"]
        for vlan, vname in (
            (10, "GEMEENTE"),
            (20, "OCMW"),
            (30, "SD-WERKPLEKKEN"),
            (99, "BEHEER"),
            (999, "PARKING"),
        ):
            lines += [f"vlan {vlan}", f" name {vname}", "!"]
        for port, (host, vlan) in enumerate(hosts, start=1):
            lines += [
                f"interface GigabitEthernet1/0/{port}",
                f" description {host}",
                f" switchport access vlan {vlan}",
                " switchport mode access",
                " spanning-tree portfast",
                "!",
            ]
        lines += [
            "interface TenGigabitEthernet1/1/1",
            " description uplink CORE-SW01",
            " switchport mode trunk",
            " switchport trunk native vlan 999",
            " switchport trunk allowed vlan 10,20,30,99",
            "!",
            "interface Vlan99",
            f" ip address 10.99.{s // 48 // 250}.{10 + s // 48 % 240} 255.255.255.0",
            "!",
            "snmp-server community Gr00tRO RO 10",
            "access-list 10 permit 10.99.0.0 0.0.0.255",
            "line vty 0 15",
            " access-class 10 in",
            " transport input ssh",
            "!",
            "end",
        ]
        (switches / f"{name.lower()}.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")
    core = ["!", "hostname CORE-SW01", "!", "ip routing", "!"]
    vlans = (
        (10, "GEMEENTE"),
        (20, "OCMW"),
        (30, "SD-WERKPLEKKEN"),
        (31, "SD-TOEPASSING"),
        (32, "SD-BESTANDEN"),
        (40, "SERVERS"),
        (99, "BEHEER"),
    )
    for vlan, name in vlans:
        core += [f"vlan {vlan}", f" name {name}", "!"]
    for vlan, _ in vlans:
        core += [f"interface Vlan{vlan}", f" ip address 10.{vlan}.0.1 255.255.0.0"]
        if vlan in (31, 32):
            core += [" ip access-group SDZ-IN out"]
        core += ["!"]
    core += [
        "ip access-list extended SDZ-IN",
        " permit tcp 10.30.0.0 0.0.255.255 any eq 443",
        " permit tcp 10.30.0.0 0.0.255.255 any eq 445",
        " deny ip any any log",
        "!",
        "line vty 0 15",
        " transport input ssh",
        "!",
        "end",
    ]
    (switches / "core-sw01.cfg").write_text("\n".join(core) + "\n", encoding="utf-8")


_SITE = """\
# A generated administration (benchmarks/directory_export.py): one AD domain GROOT.LOCAL.
name: Groot (gegenereerd)
language: nl
organisations:
  gemeente:
    name: Gemeente Groot
  ocmw:
    name: OCMW Groot
separation_model: ou
zones:
  - id: sdz
    kind: social_data
    name: Sociale dienst OCMW
    ous: ['{ou}']
    groups: {groups}
    servers: {servers}
  - id: sdz-app
    kind: social_data_servers
    name: Serversegment sociale toepassing
    vlans: [31]
    subnets: [10.31.0.0/16]
  - id: sdz-files
    kind: social_data_servers
    name: Serversegment bestanden sociale dienst
    vlans: [32]
    subnets: [10.32.0.0/16]
  - id: sdz-users
    kind: social_data_users
    name: Werkplekken sociale dienst
    vlans: [30]
    subnets: [10.30.0.0/16]
  - id: gemeente-users
    kind: gemeente_users
    name: Werkplekken gemeente
    vlans: [10]
    subnets: [10.10.0.0/16]
  - id: ocmw-users
    kind: ocmw_users
    name: Werkplekken OCMW
    vlans: [20]
    subnets: [10.20.0.0/16]
  - id: servers
    kind: servers
    name: Algemene servers
    vlans: [40]
    subnets: [10.40.0.0/16]
  - id: management
    kind: management
    name: Beheer
    vlans: [99]
    subnets: [10.99.0.0/16]
  - id: parking
    kind: other
    name: Parkeer-VLAN
    vlans: [999]
sources:
  - id: ad
    type: ldif
    path: ad-export.ldif
  - id: servers
    type: servers
    path: servers.csv
  - id: people
    type: people
    path: people.csv
  - id: switches
    type: switchconfig
    path: switches
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    started = time.perf_counter()
    export = build(args.users, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    entries = write_ldif(export, args.out / "ad-export.ldif")
    write_site(export, args.out)
    size = (args.out / "ad-export.ldif").stat().st_size
    kinds: dict[str, int] = {}
    for obj in export.objects:
        kinds[obj.cls] = kinds.get(obj.cls, 0) + 1
    members = sum(len(o.members) for o in export.objects)
    shape = ", ".join(f"{v} {k}" for k, v in sorted(kinds.items()))
    print(
        f"{args.out}: {entries} entries ({shape}),"
        f" {members} member values, {len({o.sd for o in export.objects})} distinct descriptors,"
        f" LDIF {size / 2**20:.0f} MiB ({time.perf_counter() - started:.1f} s)"
    )


if __name__ == "__main__":
    main()
