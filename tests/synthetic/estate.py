"""A deterministic, seeded synthetic estate of a large Flemish administration (gemeente + OCMW).

``build_estate(users, seed=…)`` returns a kszcheck :class:`Snapshot` with its
:class:`SiteProfile` and the evaluation time, plus the findings that were planted on purpose
(``Estate.planted``: rule id -> exact subjects). The same size and seed give the same estate,
byte for byte.

The estate: one AD domain (``DC=groot,DC=local``) with OUs per gemeente department, the OCMW with
its social service (the social-data zone, SDZ) and home care, ICT with separate admin accounts,
well-known privileged groups, department and team groups, resource groups nested up to four
levels deep (with one nesting loop), delegated ACEs on the OUs (``Directory.acls``), computers;
two core switches routing every VLAN through SVIs with access lists, access switches with 48
access ports, an LACP uplink trunk and a management SVI each; servers, shares and backups; the
people register with confidentiality declarations and trainings.

Sizes scale with ``users``: 1 group per 5 users, 1 switch per 100 users, 1 server per 25 users
(50 000 users: 10 000 groups, 500 switches, 2 000 servers).

Planted gaps (counts in :class:`Gaps`), each visible to one or more rules:

* ``no_declaration`` social-service persons without a confidentiality declaration (KSZ-PPL-001);
* ``generic_accounts`` shared front-desk accounts ``balieNNNN`` in ``GG_SD_Dossiers`` (KSZ-SEP-008);
* ``leavers``: gemeente staff whose end date passed while their account is enabled
  (KSZ-PPL-005 ``<sam>:leaver``);
* ``tier0_extra`` administrators added to Domain Admins on top of the five allowed (KSZ-PRV-003);
* ``gemeente_reach`` gemeente staff in ``GG_GEM_Archief``, a gemeente group nested in the SDZ
  group ``DL_SD_Share_RW`` (KSZ-SEP-005 once, KSZ-SEP-003 per person; no HR event shows a move,
  so they are no KSZ-PPL-005 movers);
* always one: the SVI of VLAN 32 (SDZ file server segment) has no access list, so its server
  ``SRV-SDFILE01`` is unfiltered (KSZ-NET-002).

Not part of kszcheck: tests and benchmarks import it (``tests/synthetic/estate.py``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from kszcheck.model.common import Body
from kszcheck.model.directory import (
    Ace,
    Computer,
    Directory,
    Domain,
    Gpo,
    GpoLink,
    Group,
    GroupScope,
    OrganizationalUnit,
    SecurityDescriptor,
    User,
)
from kszcheck.model.inventory import Backup, Inventory, Server, ServerLogging, Share, ShareAce
from kszcheck.model.network import (
    AccessList,
    AclEntry,
    Device,
    Network,
    Port,
    PortMode,
    SnmpAccess,
    Svi,
    TrunkGroup,
    Vlan,
    VtyAccess,
)
from kszcheck.model.provenance import CollectionStatus, Provenance
from kszcheck.model.records import (
    Appointment,
    AppointmentRole,
    Declaration,
    Person,
    Records,
    ServiceAccount,
    Training,
)
from kszcheck.model.site import Organisation, Organisations, SiteProfile, SourceSpec, Zone
from kszcheck.model.snapshot import Snapshot

__all__ = ["NOW", "Estate", "Gaps", "Size", "build_estate", "gaps_for", "size_for"]

#: The evaluation time every estate is built for.
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

DOMAIN_DN = "DC=groot,DC=local"
DOMAIN_SID = "S-1-5-21-3100000001-2200000002-1300000003"
NETBIOS = "GROOT"
SDZ_OU = f"OU=Sociale Dienst,OU=OCMW,{DOMAIN_DN}"
GEM_OU = f"OU=Gemeente,{DOMAIN_DN}"
SDZ_GROUPS = ("GG_SD_Dossiers", "DL_SD_Share_RW", "DL_SD_Toepassing")
ALL_STAFF = ("GG_Alle_Personeel", "GG_Gemeente_Personeel", "GG_OCMW_Alle_Personeel")
SD_FUNCTIONS = (
    "maatschappelijk werker",
    "administratief medewerker sociale dienst",
    "hoofdmaatschappelijk werker",
)
GEM_FUNCTIONS = ("administratief medewerker", "deskundige", "technisch assistent", "diensthoofd")
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
    "Youssef",
    "Elke",
    "Dirk",
    "Hanne",
    "Jonas",
    "Marie",
    "Stijn",
    "Nele",
    "Bart",
    "Eva",
    "Arne",
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
    "Verstraete",
    "Vermeulen",
    "Desmet",
    "Hermans",
    "Aerts",
    "Michiels",
    "Van Damme",
    "El Amrani",
    "Lemmens",
    "Smets",
    "Cools",
    "Martens",
    "Coppens",
    "Vandenberghe",
    "De Clercq",
    "Pauwels",
    "Segers",
)
GUID_USER = "bf967aba-0de6-11d0-a285-00aa003049e2"
GUID_GROUP = "bf967a9c-0de6-11d0-a285-00aa003049e2"
GUID_RESET = "00299570-246d-11d0-a768-00aa006e0529"
GUID_MEMBER = "bf9679c0-0de6-11d0-a285-00aa003049e2"
FULL = [
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


@dataclass(frozen=True)
class Size:
    users: int
    groups: int
    switches: int
    servers: int


def size_for(users: int) -> Size:
    """The estate size for a number of users: 1 group per 5 users, 1 switch per 100, 1 server
    per 25 (50 000 users: 10 000 groups, 500 switches, 2 000 servers)."""
    return Size(users, max(80, users // 5), max(6, users // 100), max(12, users // 25))


@dataclass(frozen=True)
class Gaps:
    no_declaration: int = 3
    generic_accounts: int = 3
    leavers: int = 3
    tier0_extra: int = 2
    gemeente_reach: int = 2


def gaps_for(users: int) -> Gaps:
    """Planted gaps proportional to the size: k = max(3, users // 1000) of each kind."""
    k = max(3, users // 1000)
    return Gaps(k, k, k, max(2, k // 5), k)


@dataclass
class Estate:
    snapshot: Snapshot
    site: SiteProfile
    now: datetime
    #: rule id -> the exact subjects the planted gaps produce (sorted)
    planted: dict[str, list[str]]
    #: the enabled tier-0 accounts (KSZ-PRV-003 lists them), sorted by name
    tier0_accounts: list[str] = field(default_factory=list)


def _sid(rid: int) -> str:
    return f"{DOMAIN_SID}-{rid}"


def _ace(sid: str, rights: list[str], flags: list[str] | None = None, **extra: Any) -> Ace:
    kind = "allow_object" if extra.get("object_type") else "allow"
    return Ace(ace_type=kind, flags=flags or [], rights=rights, trustee_sid=sid, **extra)


class _Builder:
    """Accumulates the facts; one method per part of the estate."""

    def __init__(self, size: Size, gaps: Gaps, seed: int) -> None:
        self.size = size
        self.gaps = gaps
        self.rng = random.Random(seed)
        self.now = NOW
        self.today = NOW.date()
        self.next_rid = 1100
        self.users: list[User] = []
        self.groups: dict[str, Group] = {}
        self.computers: list[Computer] = []
        self.ous: list[OrganizationalUnit] = []
        self.acls: dict[str, SecurityDescriptor] = {}
        self.people: list[Person] = []
        self.declarations: list[Declaration] = []
        self.trainings: list[Training] = []
        self.service_accounts: list[ServiceAccount] = []
        self.planted: dict[str, list[str]] = {}
        self.tier0: list[str] = []
        self.line = 1

    # --- helpers ---

    def rid(self) -> int:
        self.next_rid += 1
        return self.next_rid

    def when(self, lo_days: int, hi_days: int) -> datetime:
        return self.now - timedelta(days=self.rng.randint(lo_days, hi_days), minutes=17)

    def ou(self, dn: str, delegated: list[Ace] | None = None) -> str:
        name = dn.split(",", 1)[0].split("=", 1)[1]
        self.ous.append(OrganizationalUnit(dn=dn, name=name))
        dacl = [
            _ace(_sid(512), FULL),
            _ace("S-1-5-18", FULL),
            _ace(_sid(519), FULL, ["CI"]),
            _ace("S-1-5-11", ["list_children", "read_property", "list_object", "read_control"]),
            *(delegated or []),
        ]
        self.acls[dn] = SecurityDescriptor(
            owner_sid=_sid(512), group_sid=_sid(512), dacl_present=True, dacl=dacl
        )
        return dn

    def group(
        self,
        name: str,
        ou: str,
        *,
        sid: str | None = None,
        scope: GroupScope = GroupScope.global_,
        members: list[str] | None = None,
    ) -> Group:
        dn = f"CN={name},{ou}"
        group = Group(
            dn=dn,
            sam_account_name=name,
            sid=sid or _sid(self.rid()),
            scope=scope,
            members=list(members or []),
        )
        self.groups[name] = group
        return group

    def add_member(self, group: str, dn: str) -> None:
        self.groups[group].members.append(dn)

    def user(
        self, sam: str, display: str, ou: str, *, person: str = "", title: str = "", **extra: Any
    ) -> User:
        dn = f"CN={display},{ou}"
        values: dict[str, Any] = {
            "dn": dn,
            "sam_account_name": sam,
            "user_principal_name": f"{sam}@groot.local",
            "display_name": display,
            "sid": _sid(self.rid()),
            "uac": 512,
            "uac_flags": ["NORMAL_ACCOUNT"],
            "pwd_last_set": self.when(5, 150),
            "last_logon": self.when(0, 20),
            "when_created": datetime(2016, 1, 4, 8, 0, tzinfo=UTC)
            + timedelta(days=self.rng.randint(0, 3000)),
            "employee_id": person,
            "title": title,
        }
        values.update(extra)
        user = User(**values)
        self.users.append(user)
        return user

    def person(
        self,
        employer: Body,
        acts_for: Body,
        function: str,
        department: str,
        accounts: list[str],
        **extra: Any,
    ) -> Person:
        pid = f"P{len(self.people) + 1:06d}"
        first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
        self.line += 1
        person = Person(
            id=pid,
            name=f"{first} {last}",
            employer=employer,
            acts_for=acts_for,
            function=function,
            department=department,
            accounts=accounts,
            start=date(2010, 1, 1) + timedelta(days=self.rng.randint(0, 5000)),
            line=self.line,
            **extra,
        )
        self.people.append(person)
        return person

    def declare(self, pid: str, covers: list[Body]) -> None:
        signed = self.today - timedelta(days=self.rng.randint(30, 1500))
        self.declarations.append(
            Declaration(person=pid, signed=signed, version="2024.1", covers=covers)
        )

    def train(self, pid: str) -> None:
        completed = self.today - timedelta(days=self.rng.randint(10, 300))
        self.trainings.append(
            Training(person=pid, completed=completed, topic="Informatieveiligheid")
        )

    def staff(
        self,
        ou: str,
        employer: Body,
        acts_for: Body,
        function: str,
        department: str,
        **person_extra: Any,
    ) -> tuple[Person, User]:
        """A person with one account in ``ou``."""
        index = len(self.people) + 1
        person = self.person(employer, acts_for, function, department, [], **person_extra)
        first, last = person.name.split(" ", 1)
        sam = f"{first[0]}{last.replace(' ', '')}{index}".lower()
        person.accounts.append(sam)
        enabled = True
        if person.end is not None and person.end < self.today - timedelta(days=400):
            enabled = False  # a leaver handled well: the account is disabled
        user = self.user(
            sam,
            f"{person.name} ({index})",
            ou,
            person=person.id,
            title=function,
            department=department,
            enabled=enabled,
            uac=512 if enabled else 514,
        )
        return person, user


def _describe_objects(b: _Builder) -> None:
    """Every user, group and computer has its descriptor, as an export with the SD flags control
    gives it (one shared object: Domain Admins own, SYSTEM and Domain Admins full control,
    Authenticated Users read)."""
    plain = SecurityDescriptor(
        owner_sid=_sid(512),
        group_sid=_sid(512),
        dacl_present=True,
        dacl=[
            _ace(_sid(512), FULL),
            _ace("S-1-5-18", FULL),
            _ace("S-1-5-11", ["list_children", "read_property", "list_object", "read_control"]),
        ],
    )
    for item in (*b.users, *b.groups.values(), *b.computers):
        b.acls.setdefault(item.dn, plain)


def build_estate(users: int, seed: int = 7, gaps: Gaps | None = None) -> Estate:
    """The estate of ``users`` accounts (persons), sized by :func:`size_for`."""
    size = size_for(users)
    b = _Builder(size, gaps or gaps_for(users), seed)
    _directory_skeleton(b)
    sd_people, sd_accounts = _social_service(b)
    ict_people = _ict(b)
    gem_people = _gemeente(b)
    _planted_directory(b, sd_people, sd_accounts, ict_people, gem_people)
    _resource_groups(b)
    inventory = _inventory(b)  # adds the servers' computer objects
    _describe_objects(b)
    directory = Directory(
        domains=[
            Domain(
                dn=DOMAIN_DN,
                dns_name="groot.local",
                netbios_name=NETBIOS,
                sid=DOMAIN_SID,
                functional_level=7,
                min_pwd_length=14,
                max_pwd_age_days=180,
                lockout_threshold=10,
                gp_links=[GpoLink(gpo_dn=_gpo_dn("DEFAULT"), order=1)],
            )
        ],
        ous=b.ous,
        users=b.users,
        groups=list(b.groups.values()),
        computers=b.computers,
        gpos=[
            Gpo(dn=_gpo_dn("DEFAULT"), guid="DEFAULT", display_name="Default Domain Policy"),
            Gpo(dn=_gpo_dn("SDZ"), guid="SDZ", display_name="Werkplekbeveiliging SDZ"),
        ],
        acls=b.acls,
    )
    network, sdz_vlans = _network(b)
    records = Records(
        people=b.people,
        declarations=b.declarations,
        trainings=b.trainings,
        service_accounts=b.service_accounts,
        appointments=_appointments(b, ict_people[-1]),
    )
    snapshot = Snapshot(
        tool_version="synthetic",
        site_name="Stad en OCMW Groot (synthetisch)",
        collected_at=NOW - timedelta(hours=1),
        sources=_sources(),
        directory=directory,
        network=network,
        inventory=inventory,
        records=records,
    )
    site = _site(b, sdz_vlans)
    planted = {
        rule: sorted(subjects, key=str.lower) for rule, subjects in b.planted.items() if subjects
    }
    return Estate(snapshot, site, NOW, planted, sorted(b.tier0, key=str.lower))


# --- the directory ---------------------------------------------------------------------------


def _gpo_dn(guid: str) -> str:
    return f"CN={{{guid}}},CN=Policies,CN=System,{DOMAIN_DN}"


def _directory_skeleton(b: _Builder) -> None:
    users_cn, builtin = f"CN=Users,{DOMAIN_DN}", f"CN=Builtin,{DOMAIN_DN}"
    for name, rid in (("Administrators", 544), ("Account Operators", 548)):
        b.group(name, builtin, sid=f"S-1-5-32-{rid}", scope=GroupScope.builtin)
    for name, rid in (("Server Operators", 549), ("Print Operators", 550)):
        b.group(name, builtin, sid=f"S-1-5-32-{rid}", scope=GroupScope.builtin)
    b.group("Backup Operators", builtin, sid="S-1-5-32-551", scope=GroupScope.builtin)
    b.group("Users", builtin, sid="S-1-5-32-545", scope=GroupScope.builtin)
    for name, rid in (("Domain Admins", 512), ("Domain Users", 513), ("Schema Admins", 518)):
        b.group(name, users_cn, sid=_sid(rid))
    b.group("Enterprise Admins", users_cn, sid=_sid(519), scope=GroupScope.universal)
    b.group("Protected Users", users_cn, sid=_sid(525))
    for name in ("Domain Admins", "Enterprise Admins"):
        b.add_member("Administrators", b.groups[name].dn)
    b.add_member("Users", b.groups["Domain Users"].dn)
    admin = b.user("Administrator", "Administrator", users_cn, sid=_sid(500), admin_count=True)
    for group in ("Domain Admins", "Enterprise Admins", "Protected Users"):
        b.add_member(group, admin.dn)
    b.tier0.append("Administrator")
    for sam in ("krbtgt", "Guest"):
        b.user(sam, sam, users_cn, enabled=False, uac=514, last_logon=None)
    # the containers
    b.ou(f"OU=Domain Controllers,{DOMAIN_DN}")
    b.ou(GEM_OU)
    b.ou(f"OU=Groepen,{GEM_OU}")
    b.ou(f"OU=Werkplekken,{GEM_OU}")
    b.ou(f"OU=OCMW,{DOMAIN_DN}")
    b.ou(f"OU=Thuiszorg,OU=OCMW,{DOMAIN_DN}")
    b.ou(f"OU=ICT,{DOMAIN_DN}")
    b.ou(f"OU=Beheerders,OU=ICT,{DOMAIN_DN}")
    b.ou(f"OU=Servers,{DOMAIN_DN}")
    b.ou(f"OU=Groepen,{DOMAIN_DN}")
    b.ou(f"OU=Service Accounts,{DOMAIN_DN}")
    groups = f"OU=Groepen,{DOMAIN_DN}"
    for name in ("GG_ICT_Domeinbeheerders", "GG_ICT_Helpdesk", "GG_SD_Beheer", *ALL_STAFF):
        b.group(name, groups)
    b.add_member("Domain Admins", b.groups["GG_ICT_Domeinbeheerders"].dn)
    b.add_member("Protected Users", b.groups["GG_ICT_Domeinbeheerders"].dn)
    b.add_member("GG_Alle_Personeel", b.groups["GG_Gemeente_Personeel"].dn)
    b.add_member("GG_Alle_Personeel", b.groups["GG_OCMW_Alle_Personeel"].dn)
    sdz_admins = b.groups["GG_SD_Beheer"].sid
    b.ou(
        SDZ_OU,
        [
            _ace(sdz_admins, ["reset_password"], ["CI", "IO"], object_type=GUID_RESET,
                 inherited_object_type=GUID_USER),
            _ace(sdz_admins, ["write_member"], ["CI", "IO"], object_type=GUID_MEMBER,
                 inherited_object_type=GUID_GROUP),
        ],
    )  # fmt: skip
    b.ous[-1].gp_links.append(GpoLink(gpo_dn=_gpo_dn("SDZ"), order=1))
    for sub in ("Gebruikers", "Groepen", "Computers"):
        b.ou(f"OU={sub},{SDZ_OU}")


def _social_service(b: _Builder) -> tuple[list[Person], list[User]]:
    """The social service: about 5 % of the users, in the SDZ OU and groups."""
    ou_users, ou_groups = f"OU=Gebruikers,{SDZ_OU}", f"OU=Groepen,{SDZ_OU}"
    role = {
        SD_FUNCTIONS[0]: "GG_SD_Maatschappelijk_Werkers",
        SD_FUNCTIONS[1]: "GG_SD_Administratie",
        SD_FUNCTIONS[2]: "GG_SD_Diensthoofd",
    }
    for name in role.values():
        b.group(name, ou_groups)
    b.group("GG_SD_Dossiers", ou_groups, members=[b.groups[n].dn for n in role.values()])
    b.group("DL_SD_Share_RW", ou_groups, scope=GroupScope.domain_local)
    b.group("DL_SD_Toepassing", ou_groups, scope=GroupScope.domain_local)
    b.add_member("DL_SD_Share_RW", b.groups["GG_SD_Dossiers"].dn)
    for name in ("GG_SD_Maatschappelijk_Werkers", "GG_SD_Diensthoofd"):
        b.add_member("DL_SD_Toepassing", b.groups[name].dn)
    for name in role.values():
        b.add_member("GG_OCMW_Alle_Personeel", b.groups[name].dn)
    people: list[Person] = []
    accounts: list[User] = []
    count = max(12, b.size.users * 5 // 100)
    for i in range(count):
        function = SD_FUNCTIONS[2] if i % 50 == 0 else SD_FUNCTIONS[0 if i % 10 < 7 else 1]
        person, user = b.staff(ou_users, Body.ocmw, Body.ocmw, function, "Sociale Dienst")
        b.add_member(role[function], user.dn)
        b.train(person.id)
        people.append(person)
        accounts.append(user)
        b.computers.append(_computer(b, f"SD-PC{i + 1:05d}", f"OU=Computers,{SDZ_OU}"))
    return people, accounts


def _computer(b: _Builder, name: str, ou: str, os: str = "Windows 11 Enterprise") -> Computer:
    return Computer(
        dn=f"CN={name},{ou}",
        sam_account_name=f"{name}$",
        dns_hostname=f"{name.lower()}.groot.local",
        sid=_sid(b.rid()),
        operating_system=os,
        last_logon=b.when(0, 5),
        windows_laps_expires=b.now + timedelta(days=20),  # LAPS everywhere (KSZ-PRV-008)
    )


def _ict(b: _Builder) -> list[Person]:
    """ICT staff: a normal account each and a separate adm.* account: four domain admins (plus
    the built-in Administrator: five, the default limit), the rest helpdesk; all declared."""
    ou_users, ou_admins = f"OU=ICT,{DOMAIN_DN}", f"OU=Beheerders,OU=ICT,{DOMAIN_DN}"
    count = max(8 + b.gaps.tier0_extra, b.size.users // 500)
    people: list[Person] = []
    for i in range(count):
        person, user = b.staff(ou_users, Body.gemeente, Body.both, "ICT-medewerker", "ICT")
        admin = b.user(f"adm.{user.sam_account_name}", f"adm {person.name} ({i})", ou_admins)
        person.accounts.append(admin.sam_account_name)
        target = "GG_ICT_Domeinbeheerders" if i < 4 else "GG_ICT_Helpdesk"
        b.add_member(target, admin.dn)
        if i < 4:
            b.tier0.append(admin.sam_account_name)
        b.add_member("GG_SD_Beheer" if i % 2 else "GG_Gemeente_Personeel", user.dn)
        b.declare(person.id, [Body.both])
        b.train(person.id)
        people.append(person)
    # the built-in Administrator belongs to the head of ICT
    people[0].accounts.append("Administrator")
    # the security consultant and DPO: outside ICT, declared
    consultant, _ = b.staff(
        f"OU=Groepen,{DOMAIN_DN}",
        Body.gemeente,
        Body.both,
        "informatieveiligheidsconsulent",
        "Secretariaat",
    )
    b.declare(consultant.id, [Body.both])
    b.train(consultant.id)
    people.append(consultant)
    # service accounts, registered with an owner who signed
    ou_svc = f"OU=Service Accounts,{DOMAIN_DN}"
    for sam, group in (("svc_scan", "DL_SD_Share_RW"), ("svc_socapp", "DL_SD_Toepassing")):
        user = b.user(sam, sam, ou_svc)
        b.add_member(group, user.dn)
        b.service_accounts.append(
            ServiceAccount(account=sam, owner=people[1].id, purpose="synthetisch")
        )
    b.user("svc_backup", "svc_backup", ou_svc)
    b.service_accounts.append(ServiceAccount(account="svc_backup", owner=people[1].id))
    return people


def _gemeente(b: _Builder) -> list[Person]:
    """Gemeente and home-care staff in departments with teams; one team pair loops."""
    home_care = f"OU=Thuiszorg,OU=OCMW,{DOMAIN_DN}"
    b.group("GG_OCMW_Thuiszorg", f"OU=Groepen,{DOMAIN_DN}")
    b.add_member("GG_OCMW_Alle_Personeel", b.groups["GG_OCMW_Thuiszorg"].dn)
    departments = max(4, b.size.users // 500)
    for d in range(departments):
        b.ou(f"OU=Dienst{d + 1:03d},{GEM_OU}", _helpdesk_aces(b))
        b.group(f"GG_GEM_D{d + 1:03d}", f"OU=Groepen,{GEM_OU}")
        b.add_member("GG_Gemeente_Personeel", b.groups[f"GG_GEM_D{d + 1:03d}"].dn)
    rest = b.size.users - len(b.people)
    home = rest // 8
    people: list[Person] = []
    team_size = 15
    workstations = f"OU=Werkplekken,{GEM_OU}"
    for i in range(rest):
        if i < home:
            person, user = b.staff(home_care, Body.ocmw, Body.ocmw, "verzorgende", "Thuiszorg")
            b.add_member("GG_OCMW_Thuiszorg", user.dn)
        else:
            j = i - home
            d = j % departments + 1
            extra: dict[str, Any] = {}
            if j % 97 == 5:  # left long ago, account disabled: handled well
                extra["end"] = b.today - timedelta(days=500 + j % 300)
            person, user = b.staff(
                f"OU=Dienst{d:03d},{GEM_OU}",
                Body.gemeente,
                Body.gemeente,
                GEM_FUNCTIONS[j % len(GEM_FUNCTIONS)],
                f"Dienst{d:03d}",
                **extra,
            )
            team = f"GG_GEM_D{d:03d}_T{(j // departments) // team_size + 1:02d}"
            if team not in b.groups:
                b.group(team, f"OU=Groepen,{GEM_OU}")
                b.add_member(f"GG_GEM_D{d:03d}", b.groups[team].dn)
            b.add_member(team, user.dn)
            people.append(person)
        if i % 2 == 0:
            b.computers.append(_computer(b, f"WS{i // 2 + 1:06d}", workstations))
        if b.rng.random() < 0.3:
            b.declare(person.id, [Body.gemeente])
    # the nesting loop: the first two teams of the first department contain each other
    first, second = b.groups.get("GG_GEM_D001_T01"), b.groups.get("GG_GEM_D001_T02")
    if first is not None and second is not None:
        first.members.append(second.dn)
        second.members.append(first.dn)
    return people


def _helpdesk_aces(b: _Builder) -> list[Ace]:
    helpdesk = b.groups["GG_ICT_Helpdesk"].sid
    return [
        _ace(helpdesk, ["reset_password"], ["CI", "IO"], object_type=GUID_RESET,
             inherited_object_type=GUID_USER),
    ]  # fmt: skip


def _planted_directory(
    b: _Builder,
    sd_people: list[Person],
    sd_accounts: list[User],
    ict_people: list[Person],
    gem_people: list[Person],
) -> None:
    gaps, rng = b.gaps, b.rng
    # declarations of the social service, except the planted ones
    missing = set(rng.sample(range(len(sd_people)), gaps.no_declaration))
    for i, person in enumerate(sd_people):
        if i not in missing:
            b.declare(person.id, [Body.ocmw])
    b.planted["KSZ-PPL-001"] = [sd_people[i].id for i in sorted(missing)]
    # generic front-desk accounts in the dossiers group
    generic: list[str] = []
    for i in range(gaps.generic_accounts):
        user = b.user(f"balie{i + 1:04d}", f"Balie {i + 1}", f"OU=Gebruikers,{SDZ_OU}")
        b.add_member("GG_SD_Dossiers", user.dn)
        generic.append(user.sam_account_name)
    b.planted["KSZ-SEP-008"] = generic
    # they map to no person too: KSZ-PPL-006 counts them, KSZ-SEP-008 alone reports them
    # leavers and gemeente staff reaching the zone, from the active gemeente staff
    active = [p for p in gem_people if p.end is None]
    chosen = rng.sample(active, gaps.leavers + gaps.gemeente_reach)
    leavers, reach = chosen[: gaps.leavers], chosen[gaps.leavers :]
    for person in leavers:
        person.end = b.today - timedelta(days=rng.randint(20, 300))
    ppl005 = [f"{p.accounts[0]}:leaver" for p in leavers]
    if reach:
        archive = b.group("GG_GEM_Archief", f"OU=Groepen,{GEM_OU}")
        b.add_member("DL_SD_Share_RW", archive.dn)
        accounts = {u.sam_account_name: u for u in b.users}
        for person in reach:
            b.add_member("GG_GEM_Archief", accounts[person.accounts[0]].dn)
            b.declare(person.id, [Body.ocmw])
            b.train(person.id)
        b.planted["KSZ-SEP-005"] = ["DL_SD_Share_RW:GG_GEM_Archief"]
        b.planted["KSZ-SEP-003"] = [p.id for p in reach]
    b.planted["KSZ-PPL-005"] = ppl005
    # extra tier-0 members: helpdesk admins put straight into Domain Admins (and so not in
    # Protected Users either)
    extra = ict_people[4 : 4 + gaps.tier0_extra]
    for person in extra:
        sam = person.accounts[1]
        dn = next(u.dn for u in b.users if u.sam_account_name == sam)
        b.add_member("Domain Admins", dn)
        b.tier0.append(sam)
    if extra:
        b.planted["KSZ-PRV-003"] = ["tier-0"]
        b.planted["KSZ-PRV-004"] = [f"{p.accounts[1]}:not-protected" for p in extra]
    b.planted["KSZ-NET-002"] = ["SRV-SDFILE01"]


def _resource_groups(b: _Builder) -> None:
    """Fill up to the group count with resource groups: each holds a few team groups and a few
    accounts; every fifth also holds an earlier resource group (nesting up to four deep)."""
    teams = [g for name, g in b.groups.items() if name.startswith("GG_GEM_D") and "_T" in name]
    staff = [u for u in b.users if u.employee_id]
    ou = f"OU=Groepen,{DOMAIN_DN}"
    made: list[Group] = []
    n = 0
    while len(b.groups) < b.size.groups:
        n += 1
        members = [t.dn for t in b.rng.sample(teams, min(2, len(teams)))]
        members += [u.dn for u in b.rng.sample(staff, 3)]
        if made and n % 5 == 0:
            members.append(made[-b.rng.randint(1, min(len(made), 40))].dn)
        made.append(b.group(f"DL_RES_{n:05d}", ou, scope=GroupScope.domain_local, members=members))


# --- the network ---------------------------------------------------------------------------


def _acl(device: str, name: str, lines: list[str]) -> AccessList:
    entries = [AclEntry(action=line.split(" ", 1)[0], text=line.split(" ", 1)[1]) for line in lines]
    return AccessList(device=device, name=name, entries=entries, kind="extended")


SDZ_DENY = [
    "deny ip any 10.30.0.0 0.0.15.255",
    "deny ip any 10.31.0.0 0.0.0.255",
    "deny ip any 10.32.0.0 0.0.0.255",
]


def _core_acls(device: str) -> list[AccessList]:
    return [
        _acl(device, "ACL-USERS", [
            *SDZ_DENY, "deny ip any 10.99.0.0 0.0.3.255", "permit ip any any",
        ]),
        _acl(device, "ACL-SERVERS", [*SDZ_DENY, "permit ip any any"]),
        _acl(device, "ACL-SDZ-USERS", [
            "permit tcp 10.30.0.0 0.0.15.255 10.31.0.0 0.0.0.255 eq 443",
            "permit tcp 10.30.0.0 0.0.15.255 10.32.0.0 0.0.0.255 eq 445",
            "permit udp 10.30.0.0 0.0.15.255 10.40.0.0 0.0.15.255 eq 53",
            "deny ip any any",
        ]),
        _acl(device, "ACL-SDZ-APP", [
            "permit tcp 10.31.0.0 0.0.0.255 10.40.0.0 0.0.15.255 eq 53",
            "deny ip any any",
        ]),
        _acl(device, "ACL-GUEST", ["deny ip any 10.0.0.0 0.255.255.255", "permit ip any any"]),
        _acl(device, "ACL-MGMT", ["permit ip 10.99.0.0 0.0.3.255 any", "deny ip any any"]),
    ]  # fmt: skip


def _gem_vlans(b: _Builder) -> list[int]:
    return [100 + g for g in range(max(2, min(100, (b.size.switches - 2) // 5)))]


def _network(b: _Builder) -> tuple[Network, dict[str, Any]]:
    net = Network()
    gem = _gem_vlans(b)
    svis = {
        20: ("10.20.0.1/20", "ACL-USERS"),
        30: ("10.30.0.1/20", "ACL-SDZ-USERS"),
        31: ("10.31.0.1/24", "ACL-SDZ-APP"),
        32: ("10.32.0.1/24", ""),  # planted: the SDZ file server segment is not filtered
        40: ("10.40.0.1/20", "ACL-SERVERS"),
        50: ("10.50.0.1/24", "ACL-GUEST"),
        99: ("10.99.0.1/22", "ACL-MGMT"),
    }
    svis.update({v: (f"10.1.{v - 100}.1/24", "ACL-USERS") for v in gem})
    all_vlans = sorted([*svis, 999])
    for c in (1, 2):
        core = f"CORE-SW{c:02d}"
        net.devices.append(_device(core, f"10.99.0.{c + 1}"))
        net.vlans += [Vlan(device=core, vlan_id=v, name=f"VLAN{v}") for v in all_vlans]
        if c == 1:
            net.svis += [
                Svi(device=core, vlan_id=v, addresses=[addr], acl_in=acl, name=f"Vlan{v}")
                for v, (addr, acl) in sorted(svis.items())
            ]
            net.acls += _core_acls(core)
        net.ports.append(
            Port(device=core, name="Port-channel1", mode=PortMode.trunk, native_vlan=999,
                 allowed_vlans=all_vlans)
        )  # fmt: skip
    sd_hosts = [c.sam_account_name.rstrip("$") for c in b.computers if c.dn.startswith("CN=SD-PC")]
    ws_hosts = [c.sam_account_name.rstrip("$") for c in b.computers if c.dn.startswith("CN=WS")]
    access = b.size.switches - 2
    sd_switches = max(1, -(-len(sd_hosts) // 46))
    for i in range(access):
        name = f"ACC-SW{i + 1:04d}"
        if i < sd_switches:
            vlan, hosts = 30, sd_hosts[i * 46 : (i + 1) * 46]
        else:
            j = i - sd_switches
            vlan = 20 if j % 8 == 0 else gem[j % len(gem)]
            per = -(-len(ws_hosts) // max(1, access - sd_switches))
            hosts = ws_hosts[j * per : (j + 1) * per][:46]
        _access_switch(net, name, i, vlan, hosts)
    sdz_vlans = {"users": 30, "app": 31, "files": 32, "gem": gem}
    return net, sdz_vlans


def _device(name: str, mgmt: str) -> Device:
    return Device(
        name=name,
        vendor="cisco",
        model="C9300-48P",
        mgmt_ip=mgmt,
        location="synthetisch",
        snmp=[SnmpAccess(version="v3", access="ro", acl="ACL-MGMT")],
        mgmt_acl="ACL-MGMT",
        platform="ios",
        source=f"switches/{name.lower()}.cfg",
        vty=[VtyAccess(lines="0 15", access_class="ACL-MGMT")],
    )


def _access_switch(net: Network, name: str, i: int, vlan: int, hosts: list[str]) -> None:
    mgmt = f"10.99.{(i + 10) // 250}.{(i + 10) % 250 + 2}"
    net.devices.append(_device(name, mgmt))
    net.vlans += [Vlan(device=name, vlan_id=v, name=f"VLAN{v}") for v in (vlan, 99, 999)]
    net.svis.append(Svi(device=name, vlan_id=99, addresses=[f"{mgmt}/22"], name="Vlan99"))
    net.acls.append(
        _acl(name, "ACL-MGMT", ["permit ip 10.99.0.0 0.0.3.255 any", "deny ip any any"])
    )
    for p in range(1, 49):
        host = hosts[p - 1] if p - 1 < len(hosts) else ""
        net.ports.append(
            Port(
                device=name,
                name=f"GigabitEthernet1/0/{p}",
                description=host or "ongebruikt",
                access_vlan=vlan if host else 999,
                shutdown=not host,
                hosts=[host] if host else [],
            )
        )
    members = ["TenGigabitEthernet1/1/1", "TenGigabitEthernet1/1/2"]
    for member in members:
        net.ports.append(
            Port(device=name, name=member, mode=PortMode.trunk, native_vlan=999,
                 allowed_vlans=[vlan, 99], trunk_group="Port-channel1")
        )  # fmt: skip
    net.ports.append(
        Port(device=name, name="Port-channel1", mode=PortMode.trunk, native_vlan=999,
             allowed_vlans=[vlan, 99], description="uplink CORE-SW01")
    )  # fmt: skip
    net.trunk_groups.append(
        TrunkGroup(device=name, name="Port-channel1", members=members, protocol="lacp")
    )


# --- inventory, records, provenance, site ----------------------------------------------------


def _inventory(b: _Builder) -> Inventory:
    servers: list[Server] = []
    sdz_count = max(2, b.size.servers // 200)
    dc_role = "domeincontroller"
    sd_ou, srv_ou = f"OU=Computers,{SDZ_OU}", f"OU=Servers,{DOMAIN_DN}"
    for i in range(b.size.servers):
        if i < 2:
            name, vlan, ip, ou = f"DC{i + 1:02d}", 40, f"10.40.0.{10 + i}", "OU=Domain Controllers"
            ou = f"{ou},{DOMAIN_DN}"
        elif i < 1 + sdz_count:
            name, vlan, ip, ou = f"SRV-SOC{i - 1:02d}", 31, f"10.31.0.{10 + i}", sd_ou
        elif i == 1 + sdz_count:
            name, vlan, ip, ou = "SRV-SDFILE01", 32, "10.32.0.10", sd_ou
        else:
            name, vlan, ip, ou = f"SRV-{i:04d}", 40, f"10.40.{i // 250}.{i % 250 + 2}", srv_ou
        sdz = vlan in (31, 32)
        servers.append(
            Server(
                name=name,
                fqdn=f"{name.lower()}.groot.local",
                ip=ip,
                vlan=vlan,
                zone={31: "sdz-app", 32: "sdz-files"}.get(vlan, "servers"),
                role="sociale toepassing" if sdz else dc_role if i < 2 else "applicatieserver",
                os="Windows Server 2022 Standard",
                os_version="21H2",
                os_eol=date(2031, 10, 14),
                classification="vertrouwelijk" if sdz else "intern",
                owner_body=Body.ocmw if sdz else Body.both,
                contains_social_data=sdz,
                logging=ServerLogging(
                    object_access_audit=True,
                    consultations_logged=True,
                    forwarded_to="siem.groot.local",
                    retention_days=3660 if sdz else 400,
                ),
                last_patched=b.today - timedelta(days=b.rng.randint(1, 25)),
                line=i + 2,
            )
        )
        b.computers.append(_computer(b, name, ou, "Windows Server 2022 Standard"))
    teams = [g.sam_account_name for n, g in b.groups.items() if n.startswith("GG_GEM_D")]
    shares = [
        Share(
            name="SocialeDienst",
            server="SRV-SDFILE01",
            path=r"E:\Shares\SocialeDienst",
            contains_social_data=True,
            owner_body=Body.ocmw,
            acl=[
                ShareAce(principal=f"{NETBIOS}\\DL_SD_Share_RW", rights="change"),
                ShareAce(principal=f"{NETBIOS}\\GG_SD_Diensthoofd", rights="full"),
            ],
            line=2,
        )
    ]
    for k, server in enumerate(servers[2 + sdz_count :: 4]):
        shares.append(
            Share(
                name=f"Data{k + 1:04d}",
                server=server.name,
                path=rf"D:\Data{k + 1:04d}",
                owner_body=Body.gemeente,
                acl=[ShareAce(principal=f"{NETBIOS}\\{b.rng.choice(teams)}", rights="change")],
                line=k + 3,
            )
        )
    backups = [
        Backup(
            asset=s.name,
            job=f"dagelijks-{s.name}",
            target="SRV-BCK01",
            last_success=NOW - timedelta(hours=8),
            last_restore_test=b.today - timedelta(days=60),
            offsite_copy=True,
            immutable_copy=True,
            encrypted=True,
            retention_days=90,
            line=i + 2,
        )
        for i, s in enumerate(servers)
    ]
    return Inventory(servers=servers, shares=shares, backups=backups)


def _appointments(b: _Builder, head: Person) -> list[Appointment]:
    return [
        Appointment(
            role=role,
            name=head.name,
            person=head.id,
            body=Body.both,
            decision_date=date(2023, 3, 1),
            deciding_body="vast bureau",
            start=date(2023, 3, 1),
            notified_to="VTC" if role is AppointmentRole.dpo else "KSZ",
            notified_on=date(2023, 3, 15),
            published_contact="informatieveiligheid@groot.be",
        )
        for role in (AppointmentRole.security_consultant, AppointmentRole.dpo)
    ]


_PROVIDES = {
    "ad": ("ldif", "ad-export.ldif", [
        "directory.domain", "directory.ous", "directory.users", "directory.groups",
        "directory.computers", "directory.gpos", "directory.acls",
    ]),
    "servers": ("servers", "servers.csv", ["inventory.servers"]),
    "shares": ("shares", "shares.yaml", ["inventory.shares"]),
    "backups": ("backups", "backups.csv", ["inventory.backups"]),
    "people": ("people", "people.csv", ["records.people"]),
    "records": ("records", "records.yaml", [
        "records.declarations", "records.trainings", "records.appointments",
        "records.service_accounts", "records.hr_events",  # hr_events: none
    ]),
    "switches": ("switchconfig", "switches", [
        "network.devices", "network.vlans", "network.ports", "network.svis", "network.acls",
        "network.hosts",
    ]),
}  # fmt: skip


def _sources() -> list[Provenance]:
    started = NOW - timedelta(hours=1)
    return [
        Provenance(
            source_id=sid,
            collector=collector,
            target=target,
            started=started,
            finished=started + timedelta(seconds=30),
            status=CollectionStatus.complete,
            provides=provides,
        )
        for sid, (collector, target, provides) in _PROVIDES.items()
    ]


def _site(b: _Builder, vlans: dict[str, Any]) -> SiteProfile:
    gem: list[int] = vlans["gem"]
    sdz_servers = ["SRV-SDFILE01"]
    zones = [
        Zone(
            id="sdz",
            kind="social_data",
            name="Sociale dienst OCMW",
            ous=[SDZ_OU],
            groups=list(SDZ_GROUPS),
            servers=sdz_servers,
            shares=[r"\\SRV-SDFILE01\SocialeDienst"],
        ),
        Zone(id="sdz-users", kind="social_data_users", vlans=[30], subnets=["10.30.0.0/20"]),
        Zone(id="sdz-app", kind="social_data_servers", vlans=[31], subnets=["10.31.0.0/24"]),
        Zone(id="sdz-files", kind="social_data_servers", vlans=[32], subnets=["10.32.0.0/24"]),
        Zone(
            id="gemeente-users",
            kind="gemeente_users",
            vlans=gem,
            subnets=[f"10.1.{v - 100}.0/24" for v in gem],
            ous=[GEM_OU],
        ),
        Zone(
            id="ocmw-users",
            kind="ocmw_users",
            vlans=[20],
            subnets=["10.20.0.0/20"],
            ous=[f"OU=OCMW,{DOMAIN_DN}"],
        ),
        Zone(
            id="servers",
            kind="servers",
            vlans=[40],
            subnets=["10.40.0.0/20"],
            ous=[f"OU=Servers,{DOMAIN_DN}"],
        ),
        Zone(id="management", kind="management", vlans=[99], subnets=["10.99.0.0/22"]),
        Zone(id="guest", kind="guest", vlans=[50], subnets=["10.50.0.0/24"]),
        Zone(id="parking", kind="other", vlans=[999]),
    ]
    sources = [
        SourceSpec(id=sid, type=collector, path=target)
        for sid, (collector, target, _) in _PROVIDES.items()
    ]
    staff = list(ALL_STAFF)
    return SiteProfile(
        name="Stad en OCMW Groot (synthetisch)",
        organisations=Organisations(
            gemeente=Organisation(name="Stad Groot", short_name="Stad"),
            ocmw=Organisation(name="OCMW Groot", short_name="OCMW"),
        ),
        separation_model="ou",
        zones=zones,
        sources=sources,
        params={
            "KSZ-SEP-005": {"all_staff_groups": staff},
            "KSZ-SEP-004": {"all_staff_groups": staff},
            "KSZ-SRV-002": {"all_staff_groups": staff},
            "KSZ-SEP-006": {"approved_admins": ["GG_SD_Beheer"]},
        },
    )
