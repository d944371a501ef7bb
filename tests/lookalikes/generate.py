"""Write the generated files of the second example administration, ``inventories/lookalikes/``.

    python -m tests.lookalikes.generate

Stad en OCMW Lindeveld (fictional) run two Active Directory forests joined by a forest trust:
the city's ``LINDEVELD.LOCAL`` and the OCMW's ``OCMW-LINDEVELD.LOCAL``. This script writes the
two AD exports (as ``ldapsearch -L -o ldif-wrap=76`` writes them, trailer included), the people
register and the records file, because they hold some 180 accounts and persons. Everything is
deterministic: the same script writes the same bytes, and ``tests/test_lookalikes.py`` checks
that the committed files are this script's output. The planted gaps and look-alikes are not
random: each is written out below, where its comment says which row of the README it is.
The other files of the folder (site.yaml, servers.csv, shares.yaml, switches/, …) are written
by hand.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

from tests.collectors.conftest import (
    ACE_ALLOW,
    ACE_ALLOW_OBJECT,
    ACE_DENY,
    CI,
    ID,
    IO,
    MEMBER_ATTR,
    RESET_PASSWORD,
    USER_CLASS,
    ace,
    descriptor,
    sid,
)

FOLDER = Path(__file__).resolve().parents[2] / "inventories" / "lookalikes"

GEM = "DC=lindeveld,DC=local"
OCMW = "DC=ocmw-lindeveld,DC=local"
GEM_SID = "S-1-5-21-3112000001-3112000002-3112000003"
OCMW_SID = "S-1-5-21-3112000011-3112000012-3112000013"
SD = f"OU=Sociale Dienst,{OCMW}"

# well-known RIDs and rights
FULL = 0x000F01FF
READ = 0x00020094  # generic read as AD writes it: RC | LC | RP | LO
WP, RP = 0x20, 0x10
GA = 0x10000000

Value = str | bytes
Entry = tuple[str, list[tuple[str, Value]]]


def filetime(day: str, hour: int = 8) -> str:
    moment = datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)
    return str(int((moment.timestamp() + 11644473600) * 10_000_000))


def gentime(day: str) -> str:
    return day.replace("-", "") + "080000.0Z"


NEVER = "9223372036854775807"


# --------------------------------------------------------------------------- the people


class P:
    """One person of the register and the account(s) behind them."""

    def __init__(
        self,
        pid: str,
        name: str,
        sam: str,
        *,
        domain: str,
        ou: str,
        employer: str,
        acts_for: str,
        function: str,
        department: str,
        start: str = "2015-03-01",
        end: str = "",
        kind: str = "staff",
        supplier: str = "",
        declared: str = "2019-02-11",
        covers: str = "ocmw",
        trained: str = "2025-10-14",
        enabled: bool = True,
        last_logon: str = "2026-11-19",
        extra_accounts: tuple[str, ...] = (),
    ) -> None:
        self.pid, self.name, self.sam = pid, name, sam
        self.domain, self.ou = domain, ou
        self.employer, self.acts_for, self.function = employer, acts_for, function
        self.department, self.start, self.end = department, start, end
        self.kind, self.supplier = kind, supplier
        self.declared, self.covers, self.trained = declared, covers, trained
        self.enabled, self.last_logon = enabled, last_logon
        self.extra_accounts = extra_accounts

    @property
    def netbios(self) -> str:
        return "LINDEVELD" if self.domain == GEM else "OCMWLV"

    @property
    def dn(self) -> str:
        return f"CN={self.name},{self.ou}"


def _words(text: str) -> list[str]:
    """Names separated by spaces; ``_`` stands for a space inside one (``De_Backer``)."""
    return [word.replace("_", " ") for word in text.split()]


FIRST = _words(
    "An Bart Carine Dirk Els Filip Greet Hans Ilse Joris Katrien Luc Marleen Nico Olga Patrick "
    "Rita Stefan Tine Wim Yasmine Zeynep Arne Bieke Cedric Dorien Emre Fien Gert Hanne"
)
LAST = _words(
    "Aerts Bogaert Claes De_Backer De_Smet Dewaele Engels Goossens Hermans Jacobs "
    "Lambrechts Maes Martens Mertens Nijs Op_de_Beeck Peeters Raes Segers Smets Thys "
    "Van_Dyck Verbeke Verhoeven Willems Wouters Yildiz Bulut Coppens Daems Geerts Hendrickx"
)


def _sam(first: str, last: str) -> str:
    return (first[0] + last.replace(" ", "")).lower()


def _names(count: int, offset: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    i = offset
    while len(out) < count:
        out.append((FIRST[i % len(FIRST)], LAST[(i * 7 + i // len(FIRST)) % len(LAST)]))
        i += 1
    return out


#: gemeente departments: (OU name, count, function, group)
GEM_DEPTS = [
    ("Burgerzaken", 15, "medewerker burgerzaken", "GG_STAD_Burgerzaken"),
    ("Financien", 12, "medewerker financien", "GG_STAD_Financien"),
    ("Technische Dienst", 20, "technisch medewerker", "GG_STAD_Technische_Dienst"),
    ("Cultuur", 12, "medewerker cultuur", "GG_STAD_Cultuur"),
    ("Onthaal", 6, "onthaalmedewerker", "GG_STAD_Onthaal"),
    ("Archief", 3, "archivaris", "GG_STAD_Archief"),
    ("Juridische Dienst", 4, "jurist", "GG_STAD_Juridisch"),
    ("Personeelsdienst", 6, "hr-medewerker", "GG_STAD_Personeel_HR"),
    ("Secretariaat", 5, "medewerker secretariaat", "GG_STAD_Secretariaat"),
    ("Welzijn", 7, "medewerker welzijn stad", "GG_STAD_Welzijn"),
]


def people() -> list[P]:
    out: list[P] = []
    seen: set[str] = set()

    def add(person: P) -> P:
        base, n = person.sam, 2
        while person.sam in seen:
            person.sam = f"{base}{n}"
            n += 1
        seen.add(person.sam)
        out.append(person)
        return person

    number = 1
    offset = 0
    for ou_name, count, function, _group in GEM_DEPTS:
        for first, last in _names(count, offset):
            add(
                P(
                    f"G{number:03d}",
                    f"{first} {last}",
                    _sam(first, last),
                    domain=GEM,
                    ou=f"OU={ou_name},OU=Stad,{GEM}",
                    employer="gemeente",
                    acts_for="gemeente",
                    function=function,
                    department=ou_name,
                    declared="",
                    trained="2025-11-18",
                )
            )
            number += 1
        offset += count
    ict = [
        ("G091", "Jonas Vercammen", "jvercammen", "ict-beheerder"),
        ("G092", "Sara Lemmens", "slemmens", "ict-beheerder"),
        ("G093", "Koen Dierckx", "kdierckx", "ict-beheerder"),
        ("G094", "Jef De Clercq", "jdeclercq", "servicedeskmedewerker"),
        ("G095", "Mira Stevens", "mstevens", "servicedeskmedewerker"),
        # administers the city's forest only (look-alike: KSZ-PRV-003 counts per forest)
        ("G096", "Tom Wauters", "twauters", "ict-beheerder"),
    ]
    for pid, name, sam, function in ict:
        admin = (f"adm.{sam}",) if function == "ict-beheerder" else ()
        add(
            P(
                pid,
                name,
                sam,
                domain=GEM,
                ou=f"OU=ICT,{GEM}",
                employer="gemeente",
                acts_for="both",
                function=function,
                department="ICT",
                covers="both",
                extra_accounts=admin,
            )
        )
    # --- the OCMW -----------------------------------------------------------------------
    sd_users = f"OU=Gebruikers,{SD}"
    add(
        P(
            "O001",
            "Veerle Van Acker",
            "vvanacker",
            domain=OCMW,
            ou=sd_users,
            employer="ocmw",
            acts_for="ocmw",
            function="diensthoofd sociale dienst",
            department="Sociale Dienst",
        )
    )
    for i, (first, last) in enumerate(_names(21, 140)):
        add(
            P(
                f"O{i + 2:03d}",
                f"{first} {last}",
                _sam(first, last),
                domain=OCMW,
                ou=sd_users,
                employer="ocmw",
                acts_for="ocmw",
                function="maatschappelijk werker",
                department="Sociale Dienst",
            )
        )
    for i, (first, last) in enumerate(_names(6, 170)):
        add(
            P(
                f"O{i + 23:03d}",
                f"{first} {last}",
                _sam(first, last),
                domain=OCMW,
                ou=sd_users,
                employer="ocmw",
                acts_for="ocmw",
                function="administratief medewerker sociale dienst",
                department="Sociale Dienst",
            )
        )
    add(
        P(
            "O029",
            "Lore Van Hoof",
            "lvanhoof",
            domain=OCMW,
            ou=sd_users,
            employer="ocmw",
            acts_for="ocmw",
            function="jurist sociale dienst",
            department="Sociale Dienst",
        )
    )
    add(
        P(
            "O030",
            "Ruben Sels",
            "rsels",
            domain=OCMW,
            ou=sd_users,
            employer="ocmw",
            acts_for="ocmw",
            function="trajectbegeleider",
            department="Sociale Dienst",
        )
    )
    for i, (first, last) in enumerate(_names(25, 200)):
        add(
            P(
                f"O{i + 31:03d}",
                f"{first} {last}",
                _sam(first, last),
                domain=OCMW,
                ou=f"OU=Thuiszorg,{OCMW}",
                employer="ocmw",
                acts_for="ocmw",
                function="verzorgende",
                department="Thuiszorg",
                declared="",
                trained="",
            )
        )
    for i, (first, last) in enumerate(_names(9, 240)):
        add(
            P(
                f"O{i + 56:03d}",
                f"{first} {last}",
                _sam(first, last),
                domain=OCMW,
                ou=f"OU=Administratie,{OCMW}",
                employer="ocmw",
                acts_for="ocmw",
                function="medewerker ocmw-administratie",
                department="Administratie",
                declared="",
                trained="",
            )
        )
    add(
        P(
            "O066",
            "Lise Vandamme",
            "lvandamme",
            domain=OCMW,
            ou=f"OU=Beheer,{OCMW}",
            employer="ocmw",
            acts_for="ocmw",
            function="ict-beheerder ocmw",
            department="ICT",
            extra_accounts=("adm.lvandamme",),
        )
    )
    # a supplier engineer of the social application, kept disabled between maintenance windows
    add(
        P(
            "X001",
            "Dries Peirs",
            "ext.dpeirs",
            domain=OCMW,
            ou=f"OU=Externen,{OCMW}",
            employer="",
            acts_for="ocmw",
            function="consultant sociale software",
            department="SocialSoft NV",
            kind="external",
            supplier="SocialSoft NV",
            declared="2024-05-02",
            trained="",
            enabled=False,
            last_logon="2026-10-14",
        )
    )
    _plant(out)
    return out


def _plant(everyone: list[P]) -> None:
    """The planted situations that rest on the people register (README: gaps and look-alikes)."""
    by_id = {p.pid: p for p in everyone}
    # look-alike: the gemeente front desk (G060-G065) reaches the intake share through
    # DL_SD_Aanmelding, authorised by a scoped function; they signed declarations for the OCMW.
    for pid in ("G060", "G061", "G062", "G063", "G064", "G065"):
        by_id[pid].declared, by_id[pid].covers = "2024-03-04", "ocmw"
    # gap: the archivists reach the dossiers through GG_STAD_Archief (G066 signed for the OCMW
    # when she helped with the move of the archive in 2023; G067 and G068 never did).
    by_id["G066"].declared, by_id["G066"].covers = "2023-05-15", "ocmw"
    # gap: a social worker's account was created in the home-care OU (KSZ-SEP-002)
    by_id["O022"].ou = f"OU=Thuiszorg,{OCMW}"
    # look-alike: a social worker who left yesterday is within the leaver grace period
    by_id["O020"].end = "2026-11-20"
    # gap: a social worker who left on 2026-06-30 keeps an enabled account
    by_id["O021"].end, by_id["O021"].last_logon = "2026-06-30", "2026-10-02"
    # gap: a dormant social worker (long illness)
    by_id["O019"].last_logon = "2025-02-03"
    # look-alike: a social worker on long leave whose account is disabled
    by_id["O018"].enabled, by_id["O018"].last_logon = False, "2025-03-01"
    # look-alike: 1 of the 31 people with access is not trained (96.8 % >= 95 %)
    by_id["O017"].trained = "2023-10-10"
    # look-alike: a home-care nurse moved to the social service; new declaration after the move
    by_id["O030"].start, by_id["O030"].declared = "2026-04-01", "2026-04-01"
    # the home-care nurse O035 (a gap: she was put in the social workers' group) is trained
    by_id["O035"].trained = "2025-10-14"


# ------------------------------------------------------------------------ LDIF writing


def _fold(line: str) -> list[str]:
    out = [line[:76]]
    rest = line[76:]
    while rest:
        out.append(" " + rest[:75])
        rest = rest[75:]
    return out


def _attr(name: str, value: Value) -> list[str]:
    if isinstance(value, bytes):
        return _fold(f"{name}:: {base64.b64encode(value).decode()}")
    if not value.isascii() or value.startswith((" ", ":", "<")) or value.endswith(" "):
        return _fold(f"{name}:: {base64.b64encode(value.encode()).decode()}")
    return _fold(f"{name}: {value}")


def write_ldif(path: Path, header: list[str], entries: list[Entry]) -> None:
    lines = [f"# {h}" if h else "#" for h in header]
    lines.append("")
    for dn, attrs in entries:
        lines += _attr("dn", dn)
        for name, value in attrs:
            lines += _attr(name, value)
        lines.append("")
    lines += ["# search result", "search: 2", "result: 0 Success", ""]
    lines += ["# numResponses: " + str(len(entries) + 1), f"# numEntries: {len(entries)}", ""]
    path.write_text("\n".join(lines), "utf-8", newline="\n")


class Domain:
    """Entries of one domain, with RIDs handed out in order."""

    def __init__(self, base: str, domain_sid: str, netbios: str, dns: str) -> None:
        self.base, self.sid, self.netbios, self.dns = base, domain_sid, netbios, dns
        self.entries: list[Entry] = []
        self.next_rid = 1104
        self.sids: dict[str, str] = {}  # sam -> SID

    def new_sid(self, sam: str, rid: int | None = None) -> str:
        if rid is None:
            rid = self.next_rid
            self.next_rid += 1
        value = f"{self.sid}-{rid}"
        self.sids[sam] = value
        return value

    def container(self, dn: str, cls: str = "container", *extra: tuple[str, Value]) -> None:
        name = dn.split(",", 1)[0].split("=", 1)[1]
        key = "ou" if cls == "organizationalUnit" else "cn"
        self.entries.append(
            (
                dn,
                [
                    ("objectClass", "top"),
                    ("objectClass", cls),
                    (key, name),
                    ("whenCreated", gentime("2017-09-04")),
                    *extra,
                ],
            )
        )

    def user(
        self,
        dn: str,
        sam: str,
        *,
        uac: int = 512,
        rid: int | None = None,
        last_logon: str = "2026-11-19",
        pwd_set: str = "2026-08-01",
        extra: Iterable[tuple[str, Value]] = (),
    ) -> str:
        value = self.new_sid(sam, rid)
        attrs: list[tuple[str, Value]] = [
            ("objectClass", c) for c in ("top", "person", "organizationalPerson", "user")
        ]
        attrs += [
            ("sAMAccountName", sam),
            ("userPrincipalName", f"{sam}@{self.dns}"),
            ("objectSid", sid(value)),
            ("userAccountControl", str(uac)),
            ("pwdLastSet", filetime(pwd_set)),
            ("whenCreated", gentime("2019-01-14")),
            ("accountExpires", NEVER),
        ]
        if last_logon:
            attrs.append(("lastLogonTimestamp", filetime(last_logon)))
        attrs += list(extra)
        self.entries.append((dn, attrs))
        return value

    def group(
        self,
        dn: str,
        sam: str,
        members: Iterable[str],
        *,
        scope: str = "global",
        rid: int | None = None,
        builtin: bool = False,
        extra: Iterable[tuple[str, Value]] = (),
    ) -> str:
        if builtin:
            value = f"S-1-5-32-{rid}"
            self.sids[sam] = value
        else:
            value = self.new_sid(sam, rid)
        group_type = {
            "global": -2147483646,
            "domain_local": -2147483644,
            "universal": -2147483640,
            "builtin": -2147483643,
        }[scope]
        attrs: list[tuple[str, Value]] = [("objectClass", "top"), ("objectClass", "group")]
        attrs += [
            ("sAMAccountName", sam),
            ("objectSid", sid(value)),
            ("groupType", str(group_type)),
            ("whenCreated", gentime("2019-01-14")),
        ]
        attrs += [("member", m) for m in members]
        attrs += list(extra)
        self.entries.append((dn, attrs))
        return value

    def computer(
        self,
        dn: str,
        name: str,
        os: str,
        version: str,
        *,
        primary: int = 515,
        laps: bool = True,
        extra: Iterable[tuple[str, Value]] = (),
    ) -> None:
        value = self.new_sid(f"{name}$")
        attrs: list[tuple[str, Value]] = [
            ("objectClass", c)
            for c in ("top", "person", "organizationalPerson", "user", "computer")
        ]
        attrs += [
            ("cn", name),
            ("sAMAccountName", f"{name}$"),
            ("objectSid", sid(value)),
            ("userAccountControl", "532480" if primary == 516 else "4096"),
            ("primaryGroupID", str(primary)),
            ("operatingSystem", os),
            ("operatingSystemVersion", version),
            ("dNSHostName", f"{name.lower()}.{self.dns}"),
            ("lastLogonTimestamp", filetime("2026-11-20")),
        ]
        if laps:
            attrs.append(("msLAPS-PasswordExpirationTime", filetime("2026-12-15")))
        attrs += list(extra)
        self.entries.append((dn, attrs))

    def fsp(self, foreign_sid: str) -> str:
        """The DN by which a group of this domain names a principal of the other forest."""
        return f"CN={foreign_sid},CN=ForeignSecurityPrincipals,{self.base}"

    def head(self, gplink: str, sd: bytes) -> None:
        self.entries.insert(
            0,
            (
                self.base,
                [
                    ("objectClass", "top"),
                    ("objectClass", "domain"),
                    ("objectClass", "domainDNS"),
                    ("dc", self.dns.split(".")[0]),
                    ("objectSid", sid(self.sid)),
                    ("whenCreated", gentime("2017-09-04")),
                    ("minPwdLength", "12"),
                    ("maxPwdAge", "-155520000000000"),
                    ("lockoutThreshold", "10"),
                    ("msDS-Behavior-Version", "7"),
                    ("gPLink", gplink),
                    ("nTSecurityDescriptor", sd),
                ],
            ),
        )

    def cross_ref(self) -> None:
        self.entries.append(
            (
                f"CN={self.netbios},CN=Partitions,CN=Configuration,{self.base}",
                [
                    ("objectClass", "top"),
                    ("objectClass", "crossRef"),
                    ("cn", self.netbios),
                    ("nCName", self.base),
                    ("dnsRoot", self.dns),
                    ("nETBIOSName", self.netbios),
                ],
            )
        )

    def trust(self, partner: str, flat: str, partner_sid: str) -> None:
        self.entries.append(
            (
                f"CN={partner},CN=System,{self.base}",
                [
                    ("objectClass", "top"),
                    ("objectClass", "leaf"),
                    ("objectClass", "trustedDomain"),
                    ("cn", partner),
                    ("trustPartner", partner),
                    ("flatName", flat),
                    ("securityIdentifier", sid(partner_sid)),
                    ("trustDirection", "3"),
                    ("trustType", "2"),
                    ("trustAttributes", "8"),
                ],
            )
        )

    def gpo(self, guid: str, name: str, sd: bytes) -> str:
        dn = f"CN={guid},CN=Policies,CN=System,{self.base}"
        self.entries.append(
            (
                dn,
                [
                    ("objectClass", "top"),
                    ("objectClass", "container"),
                    ("objectClass", "groupPolicyContainer"),
                    ("cn", guid),
                    ("displayName", name),
                    ("gPCFileSysPath", f"\\\\{self.dns}\\SysVol\\{self.dns}\\Policies\\{guid}"),
                    ("flags", "0"),
                    ("nTSecurityDescriptor", sd),
                ],
            )
        )
        return dn

    def link(self, *guids: str) -> str:
        return "".join(f"[LDAP://CN={g},CN=Policies,CN=System,{self.base};0]" for g in guids)


def _standard_sd(domain_sid: str, *aces: bytes) -> bytes:
    """Domain Admins own; SYSTEM and Domain Admins full control; Authenticated Users read;
    then the given ACEs."""
    admins = f"{domain_sid}-512"
    return descriptor(
        admins,
        admins,
        [
            ace(ACE_ALLOW, CI, FULL, "S-1-5-18"),
            ace(ACE_ALLOW, CI, FULL, admins),
            ace(ACE_ALLOW, CI | ID, READ, "S-1-5-11"),
            *aces,
        ],
    )


def _describe_objects(d: Domain) -> None:
    """Every user, group and computer carries its descriptor, as an export with the SD flags
    control gives it: Domain Admins own; SYSTEM and Domain Admins full control and
    Authenticated Users read, set on the object itself (unless the entry has its own)."""
    admins = f"{d.sid}-512"
    plain = descriptor(
        admins,
        admins,
        [
            ace(ACE_ALLOW, 0, FULL, "S-1-5-18"),
            ace(ACE_ALLOW, 0, FULL, admins),
            ace(ACE_ALLOW, 0, READ, "S-1-5-11"),
        ],
    )
    for _dn, attrs in d.entries:
        classes = {str(v).lower() for k, v in attrs if k == "objectClass"}
        if classes & {"user", "group", "computer"} and all(
            k != "nTSecurityDescriptor" for k, _ in attrs
        ):
            attrs.append(("nTSecurityDescriptor", plain))


def _skeleton(d: Domain) -> None:
    for name in ("Users", "Computers", "System"):
        d.container(f"CN={name},{d.base}")
    d.container(f"CN=Policies,CN=System,{d.base}")
    d.container(f"CN=Builtin,{d.base}", "builtinDomain")


DEFAULT_POLICY = "{31B2F340-016D-11D2-945F-00C04FB984F9}"
DC_POLICY = "{6AC1786C-016F-11D2-945F-00C04FB984F9}"
GPO_SD_WERKPLEK = "{5C0A7E21-3D44-4B8E-9A1F-2B6C7D8E9F01}"
GPO_STAD_WERKPLEK = "{5C0A7E21-3D44-4B8E-9A1F-2B6C7D8E9F02}"


def gemeente(everyone: list[P]) -> tuple[Domain, dict[str, str]]:
    d = Domain(GEM, GEM_SID, "LINDEVELD", "lindeveld.local")
    _skeleton(d)
    sd = _standard_sd(GEM_SID)
    d.container(
        f"OU=Domain Controllers,{GEM}",
        "organizationalUnit",
        ("gPLink", d.link(DC_POLICY)),
        ("nTSecurityDescriptor", sd),
    )
    for ou in ("Stad", "ICT", "Groepen", "Servers", "Werkplekken", "Service Accounts"):
        d.container(f"OU={ou},{GEM}", "organizationalUnit", ("nTSecurityDescriptor", sd))
    d.container(f"OU=Beheerders,OU=ICT,{GEM}", "organizationalUnit", ("nTSecurityDescriptor", sd))
    for ou_name, *_rest in GEM_DEPTS:
        d.container(
            f"OU={ou_name},OU=Stad,{GEM}", "organizationalUnit", ("nTSecurityDescriptor", sd)
        )
    users = f"CN=Users,{GEM}"
    # the built-in Administrator is disabled in the city's forest (look-alike: no PRV findings)
    admin = f"CN=Administrator,{users}"
    d.user(admin, "Administrator", uac=514, rid=500, last_logon="2023-02-01", pwd_set="2023-02-01")
    d.user(f"CN=Guest,{users}", "Guest", uac=546, rid=501, last_logon="")
    d.user(f"CN=krbtgt,{users}", "krbtgt", uac=514, rid=502, last_logon="", pwd_set="2026-05-04")
    dns: dict[str, str] = {}
    for person in everyone:
        if person.domain != GEM:
            continue
        extra: list[tuple[str, Value]] = [
            ("displayName", person.name),
            ("department", person.department),
            ("company", "Stad Lindeveld"),
            ("title", person.function),
            ("mail", f"{person.sam}@lindeveld.be"),
        ]
        d.user(
            person.dn,
            person.sam,
            uac=512 if person.enabled else 514,
            last_logon=person.last_logon,
            extra=extra,
        )
        dns[person.sam] = person.dn
        for account in person.extra_accounts:
            dn = f"CN={account},OU=Beheerders,OU=ICT,{GEM}"
            d.user(dn, account, extra=[("displayName", f"{person.name} (beheer)")])
            dns[account] = dn
    # the deployment service account that joins computers (registered: look-alike for SEP-008;
    # it owns the computer object of OCMW-APP01 in the other forest: a gap under KSZ-SEP-006)
    svc = f"CN=svc_deploy,OU=Service Accounts,{GEM}"
    d.user(svc, "svc_deploy", extra=[("description", "MDT/SCCM domain join")])
    dns["svc_deploy"] = svc
    groups = f"OU=Groepen,{GEM}"
    dept_groups: list[str] = []
    for ou_name, _count, _function, group in GEM_DEPTS:
        members = [p.dn for p in everyone if p.ou == f"OU={ou_name},OU=Stad,{GEM}"]
        dn = f"CN={group},{groups}"
        d.group(dn, group, members)
        dns[group] = dn
        dept_groups.append(dn)
    d.group(f"CN=GG_STAD_Personeel,{groups}", "GG_STAD_Personeel", dept_groups)
    ict_admins = [dns[f"adm.{s}"] for s in ("jvercammen", "slemmens", "kdierckx")]
    beheer = f"CN=GG_ICT_Beheer,{groups}"
    d.group(beheer, "GG_ICT_Beheer", ict_admins)
    dns["GG_ICT_Beheer"] = beheer
    ict_admins.append(dns["adm.twauters"])
    servicedesk = f"CN=GG_ICT_Servicedesk,{groups}"
    d.group(servicedesk, "GG_ICT_Servicedesk", [dns["jdeclercq"], dns["mstevens"]])
    dns["GG_ICT_Servicedesk"] = servicedesk
    domain_admins = f"CN=Domain Admins,{users}"
    d.group(domain_admins, "Domain Admins", [beheer, dns["adm.twauters"]], rid=512)
    d.group(f"CN=Domain Users,{users}", "Domain Users", [], rid=513)
    d.group(
        f"CN=Enterprise Admins,{users}",
        "Enterprise Admins",
        [domain_admins],
        scope="universal",
        rid=519,
    )
    d.group(f"CN=Schema Admins,{users}", "Schema Admins", [], scope="universal", rid=518)
    d.group(f"CN=Protected Users,{users}", "Protected Users", ict_admins, rid=525)
    d.group(
        f"CN=Administrators,CN=Builtin,{GEM}",
        "Administrators",
        [domain_admins, f"CN=Enterprise Admins,{users}", admin],
        scope="builtin",
        rid=544,
        builtin=True,
    )
    for rid, name in (
        (548, "Account Operators"),
        (549, "Server Operators"),
        (550, "Print Operators"),
        (551, "Backup Operators"),
    ):
        d.group(f"CN={name},CN=Builtin,{GEM}", name, [], scope="builtin", rid=rid, builtin=True)
    d.new_sid("GG_STAD_Sociaal_Overleg", 1099)  # the group is written by _loop_group
    # computers
    for name, os, version in (
        ("GEM-DC01", "Windows Server 2022 Standard", "10.0 (20348)"),
        ("GEM-DC02", "Windows Server 2022 Standard", "10.0 (20348)"),
    ):
        d.computer(
            f"CN={name},OU=Domain Controllers,{GEM}", name, os, version, primary=516, laps=False
        )
    for name in ("GEM-FS01", "GEM-APP01"):
        d.computer(
            f"CN={name},OU=Servers,{GEM}", name, "Windows Server 2022 Standard", "10.0 (20348)"
        )
    for i in range(1, 9):
        d.computer(
            f"CN=GEM-PC{i:02d},OU=Werkplekken,{GEM}",
            f"GEM-PC{i:02d}",
            "Windows 11 Enterprise",
            "10.0 (26100)",
        )
    d.gpo(DEFAULT_POLICY, "Default Domain Policy", _standard_sd(GEM_SID))
    d.gpo(DC_POLICY, "Default Domain Controllers Policy", _standard_sd(GEM_SID))
    d.gpo(
        GPO_STAD_WERKPLEK,
        "Stad - Werkplekbeveiliging",
        _standard_sd(GEM_SID, ace(ACE_ALLOW, CI, FULL, d.sids["GG_ICT_Servicedesk"])),
    )
    d.head(d.link(DEFAULT_POLICY), _standard_sd(GEM_SID))
    return d, dns


def ocmw(everyone: list[P], gem: Domain, gem_dns: dict[str, str]) -> Domain:
    d = Domain(OCMW, OCMW_SID, "OCMWLV", "ocmw-lindeveld.local")
    _skeleton(d)
    g = gem.sids
    sd = _standard_sd(OCMW_SID)
    servicedesk = g["GG_ICT_Servicedesk"]
    d.container(
        f"OU=Domain Controllers,{OCMW}",
        "organizationalUnit",
        ("gPLink", d.link(DC_POLICY)),
        ("nTSecurityDescriptor", sd),
    )
    # OU=Sociale Dienst: the zone. The city's servicedesk may only read it, and a deny ACE
    # stops it from deleting objects (look-alikes: no administrative right); the servicedesk
    # account jdeclercq may reset passwords of the users below (a gap: an inherit-only ACE
    # set for a password reset "just for a week" in 2025).
    d.container(
        SD,
        "organizationalUnit",
        ("gPLink", d.link(GPO_SD_WERKPLEK)),
        (
            "nTSecurityDescriptor",
            _standard_sd(
                OCMW_SID,
                ace(ACE_ALLOW, CI, READ, servicedesk),
                ace(ACE_DENY, CI, 0x10000 | 0x40, servicedesk),
            ),
        ),
    )
    d.container(
        f"OU=Gebruikers,{SD}",
        "organizationalUnit",
        (
            "nTSecurityDescriptor",
            _standard_sd(
                OCMW_SID,
                ace(ACE_ALLOW_OBJECT, CI | IO, 0x100, g["jdeclercq"], RESET_PASSWORD, USER_CLASS),
            ),
        ),
    )
    # the OCMW's own ICT administrator manages the social-service groups by delegation
    # (look-alike: adm.lvandamme is an approved administrator)
    d.container(
        f"OU=Groepen,{SD}", "organizationalUnit", ("nTSecurityDescriptor", _standard_sd(OCMW_SID))
    )
    d.container(f"OU=Computers,{SD}", "organizationalUnit", ("nTSecurityDescriptor", sd))
    # OU=Thuiszorg: the city's servicedesk resets passwords of home-care staff (look-alike:
    # outside the zone, so no KSZ-SEP-006)
    d.container(
        f"OU=Thuiszorg,{OCMW}",
        "organizationalUnit",
        (
            "nTSecurityDescriptor",
            _standard_sd(
                OCMW_SID,
                ace(ACE_ALLOW_OBJECT, CI | IO, 0x100, servicedesk, RESET_PASSWORD, USER_CLASS),
            ),
        ),
    )
    for ou in ("Administratie", "Beheer", "Externen", "Groepen", "Servers", "Service Accounts"):
        d.container(f"OU={ou},{OCMW}", "organizationalUnit", ("nTSecurityDescriptor", sd))
    users = f"CN=Users,{OCMW}"
    admin = f"CN=Administrator,{users}"
    dns: dict[str, str] = {}
    for person in everyone:
        if person.domain != OCMW:
            continue
        extra: list[tuple[str, Value]] = [
            ("displayName", person.name),
            ("department", person.department),
            ("company", "OCMW Lindeveld" if person.kind == "staff" else person.supplier),
            ("title", person.function),
        ]
        if person.kind == "external":
            extra.append(("accountExpires", filetime("2026-10-15", 18)))
        d.user(
            person.dn,
            person.sam,
            uac=512 if person.enabled else 514,
            last_logon=person.last_logon,
            extra=extra,
        )
        dns[person.sam] = person.dn
        for account in person.extra_accounts:
            dn = f"CN={account},OU=Beheer,{OCMW}"
            # gap: the OCMW's administrator account never has to change its password
            d.user(dn, account, uac=66048, extra=[("displayName", f"{person.name} (beheer)")])
            dns[account] = dn
    # the built-in Administrator is the break-glass account, in Protected Users, registered
    # and linked to the OCMW's ICT administrator (look-alike: no KSZ-PPL-002 "no person")
    d.user(admin, "Administrator", rid=500, last_logon="2026-03-02", pwd_set="2026-09-01")
    d.user(f"CN=Guest,{users}", "Guest", uac=546, rid=501, last_logon="")
    d.user(f"CN=krbtgt,{users}", "krbtgt", uac=514, rid=502, last_logon="", pwd_set="2026-05-04")
    svc = f"OU=Service Accounts,{OCMW}"
    # registered service account of the social application (look-alike for KSZ-SEP-008)
    d.user(f"CN=svc_sdapp,{svc}", "svc_sdapp", extra=[("description", "SociaalDossier")])
    # the scanner's account reaches the dossiers and is in no register (gap, KSZ-SEP-008)
    d.user(f"CN=svc_scan_sh,{svc}", "svc_scan_sh", extra=[("description", "scan naar map")])
    # a generic trainee account in the social workers' group (gap, KSZ-SEP-008)
    d.user(
        f"CN=stagiair.sd,OU=Gebruikers,{SD}",
        "stagiair.sd",
        extra=[("displayName", "Stagiair sociale dienst")],
    )
    sd_groups = f"OU=Groepen,{SD}"

    def social(function: str) -> list[str]:
        return [
            p.dn
            for p in everyone
            if p.domain == OCMW and p.function == function and p.department == "Sociale Dienst"
        ]

    mw_members = social("maatschappelijk werker") + social("trajectbegeleider")
    # gap: the home-care nurse O035 was added to the social workers' group "to read one file"
    mw_members.append(next(p.dn for p in everyone if p.pid == "O035"))
    mw_members.append(f"CN=stagiair.sd,OU=Gebruikers,{SD}")
    mw = f"CN=GG_SD_Maatschappelijk_Werkers,{sd_groups}"
    # gap: the city's servicedesk may change the social workers' group membership
    d.group(
        mw,
        "GG_SD_Maatschappelijk_Werkers",
        mw_members,
        extra=[
            (
                "nTSecurityDescriptor",
                _standard_sd(
                    OCMW_SID,
                    ace(ACE_ALLOW_OBJECT, 0, WP, servicedesk, MEMBER_ATTR),
                ),
            )
        ],
    )
    adm = f"CN=GG_SD_Administratie,{sd_groups}"
    d.group(
        adm,
        "GG_SD_Administratie",
        social("administratief medewerker sociale dienst"),
        extra=[
            (
                "nTSecurityDescriptor",
                _standard_sd(
                    OCMW_SID,
                    # look-alike: the OCMW's own admin account manages membership
                    ace(ACE_ALLOW_OBJECT, 0, WP, d.sids["adm.lvandamme"], MEMBER_ATTR),
                    # look-alike: the servicedesk may read the group (read is no administration)
                    ace(ACE_ALLOW, 0, READ, servicedesk),
                ),
            )
        ],
    )
    head = f"CN=GG_SD_Diensthoofd,{sd_groups}"
    d.group(head, "GG_SD_Diensthoofd", social("diensthoofd sociale dienst"))
    legal = f"CN=GG_SD_Juridisch,{sd_groups}"
    d.group(legal, "GG_SD_Juridisch", social("jurist sociale dienst"))
    archief = d.fsp(g["GG_STAD_Archief"])
    onthaal_fsps = [
        d.fsp(g[p.sam])
        for p in everyone
        if p.pid in ("G060", "G061", "G062", "G063", "G064", "G065")
    ]
    g063 = next(p for p in everyone if p.pid == "G063")
    # gap: GG_STAD_Archief (gemeente) is nested into the dossiers group across the trust; and
    # front-desk employee G063 is a direct member as well (scoped authorisation: intake only)
    d.group(
        f"CN=DL_SD_Dossiers_RW,{sd_groups}",
        "DL_SD_Dossiers_RW",
        [mw, adm, head, legal, archief, d.fsp(g[g063.sam]), f"CN=svc_scan_sh,{svc}"],
        scope="domain_local",
    )
    d.group(
        f"CN=DL_SD_Toepassing,{sd_groups}",
        "DL_SD_Toepassing",
        [mw, head, adm, f"CN=svc_sdapp,{svc}"],
        scope="domain_local",
    )
    # look-alike: the city's front desk registers intake requests (scoped function)
    d.group(
        f"CN=DL_SD_Aanmelding,{sd_groups}",
        "DL_SD_Aanmelding",
        [adm, head, *onthaal_fsps],
        scope="domain_local",
    )
    groups = f"OU=Groepen,{OCMW}"
    thuiszorg = f"CN=GG_OCMW_Thuiszorg,{groups}"
    d.group(
        thuiszorg,
        "GG_OCMW_Thuiszorg",
        [p.dn for p in everyone if p.domain == OCMW and p.department == "Thuiszorg"],
    )
    administratie = f"CN=GG_OCMW_Administratie,{groups}"
    d.group(
        administratie,
        "GG_OCMW_Administratie",
        [p.dn for p in everyone if p.domain == OCMW and p.department == "Administratie"],
    )
    d.group(
        f"CN=GG_OCMW_Personeel,{groups}",
        "GG_OCMW_Personeel",
        [thuiszorg, administratie, mw, adm, head, legal],
    )
    # look-alike: a loop across the trust between two consultation groups that reach nothing
    overleg = f"CN=GG_OCMW_Overleg,{groups}"
    d.group(overleg, "GG_OCMW_Overleg", [d.fsp(g["GG_STAD_Sociaal_Overleg"])])
    ocmw_admin = f"CN=adm.lvandamme,OU=Beheer,{OCMW}"
    domain_admins = f"CN=Domain Admins,{users}"
    d.group(domain_admins, "Domain Admins", [ocmw_admin], rid=512)
    d.group(f"CN=Domain Users,{users}", "Domain Users", [], rid=513)
    d.group(
        f"CN=Enterprise Admins,{users}",
        "Enterprise Admins",
        [domain_admins],
        scope="universal",
        rid=519,
    )
    d.group(f"CN=Schema Admins,{users}", "Schema Admins", [], scope="universal", rid=518)
    d.group(f"CN=Protected Users,{users}", "Protected Users", [ocmw_admin, admin], rid=525)
    # the city's ICT administrators administer the OCMW forest through the trust (look-alike:
    # registered, declared for both bodies, separate admin accounts in Protected Users)
    d.group(
        f"CN=Administrators,CN=Builtin,{OCMW}",
        "Administrators",
        [domain_admins, f"CN=Enterprise Admins,{users}", admin, d.fsp(g["GG_ICT_Beheer"])],
        scope="builtin",
        rid=544,
        builtin=True,
    )
    for rid, name in (
        (548, "Account Operators"),
        (549, "Server Operators"),
        (550, "Print Operators"),
        (551, "Backup Operators"),
    ):
        d.group(f"CN={name},CN=Builtin,{OCMW}", name, [], scope="builtin", rid=rid, builtin=True)
    # computers
    for name in ("OCMW-DC01", "OCMW-DC02"):
        d.computer(
            f"CN={name},OU=Domain Controllers,{OCMW}",
            name,
            "Windows Server 2022 Standard",
            "10.0 (20348)",
            primary=516,
            laps=False,
        )
    d.computer(
        f"CN=OCMW-FS01,OU=Computers,{SD}",
        "OCMW-FS01",
        "Windows Server 2022 Standard",
        "10.0 (20348)",
    )
    # gap: the application server was joined by the city's deployment account, which still
    # owns its computer object (and it sits in the default container: KSZ-SEP-002)
    d.computer(
        f"CN=OCMW-APP01,CN=Computers,{OCMW}",
        "OCMW-APP01",
        "Windows Server 2022 Standard",
        "10.0 (20348)",
        extra=[
            (
                "nTSecurityDescriptor",
                descriptor(
                    g["svc_deploy"],
                    f"{OCMW_SID}-513",
                    [
                        ace(ACE_ALLOW, 0, FULL, f"{OCMW_SID}-512"),
                        ace(ACE_ALLOW, 0, FULL, "S-1-5-18"),
                    ],
                ),
            )
        ],
    )
    for i in range(1, 7):
        d.computer(
            f"CN=SD-PC{i:02d},OU=Computers,{SD}",
            f"SD-PC{i:02d}",
            "Windows 11 Enterprise",
            "10.0 (26100)",
        )
    d.gpo(DEFAULT_POLICY, "Default Domain Policy", _standard_sd(OCMW_SID))
    d.gpo(DC_POLICY, "Default Domain Controllers Policy", _standard_sd(OCMW_SID))
    # look-alike: the workstation GPO of the social service is edited by the OCMW's own admin
    d.gpo(
        GPO_SD_WERKPLEK,
        "OCMW Sociale Dienst - Werkplekken",
        _standard_sd(OCMW_SID, ace(ACE_ALLOW, 0, FULL, d.sids["adm.lvandamme"])),
    )
    d.head(d.link(DEFAULT_POLICY), _standard_sd(OCMW_SID))
    return d


def _loop_group(gem: Domain, ocmw_domain: Domain) -> None:
    """The city's half of the consultation-group loop (needs the OCMW group's SID)."""
    gem.group(
        f"CN=GG_STAD_Sociaal_Overleg,OU=Groepen,{GEM}",
        "GG_STAD_Sociaal_Overleg",
        [gem.fsp(ocmw_domain.sids["GG_OCMW_Overleg"])],
        rid=1099,
    )


# ------------------------------------------------------------------ people and records


def people_csv(everyone: list[P]) -> str:
    rows = ["id,name,employer,acts_for,function,department,kind,supplier,accounts,start,end"]
    for p in everyone:
        accounts = ";".join(f"{p.netbios}\\{a}" for a in (p.sam, *p.extra_accounts))
        rows.append(
            ",".join(
                [
                    p.pid,
                    p.name,
                    p.employer,
                    p.acts_for,
                    p.function,
                    p.department,
                    p.kind,
                    p.supplier,
                    accounts,
                    p.start,
                    p.end,
                ]
            )
        )
    return "\n".join(rows) + "\n"


def records_yaml(everyone: list[P], static: str) -> str:
    lines = [
        "# Organisational records of Stad en OCMW Lindeveld, written by",
        "# tests/lookalikes/generate.py: the declarations and trainings follow the people",
        "# register; the rest is the text of tests/lookalikes/records-tail.yaml.",
        "",
        "declarations:",
    ]
    for p in everyone:
        if p.declared:
            lines.append(
                f"  - {{person: {p.pid}, signed: {p.declared}, version: '2023.1', "
                f"covers: [{p.covers}], reference: LV-VV-{p.pid}}}"
            )
    lines += ["", "trainings:"]
    for p in everyone:
        if p.trained:
            lines.append(
                f"  - {{person: {p.pid}, completed: {p.trained}, "
                "topic: Informatieveiligheid en beroepsgeheim}"
            )
    return "\n".join(lines) + "\n\n" + static


def write(folder: Path = FOLDER) -> list[Path]:
    everyone = people()
    gem, gem_dns = gemeente(everyone)
    ocmw_domain = ocmw(everyone, gem, gem_dns)
    _loop_group(gem, ocmw_domain)
    gem.trust("ocmw-lindeveld.local", "OCMWLV", OCMW_SID)
    ocmw_domain.trust("lindeveld.local", "LINDEVELD", GEM_SID)
    gem.cross_ref()
    ocmw_domain.cross_ref()
    _describe_objects(gem)
    _describe_objects(ocmw_domain)
    header = [
        "Stad Lindeveld - export of the forest root LINDEVELD.LOCAL (fictional)",
        "ldapsearch -L -o ldif-wrap=76 -H ldaps://gem-dc01.lindeveld.local",
        "  -b DC=lindeveld,DC=local",
        "  -E pr=1000/noprompt -E '!1.2.840.113556.1.4.801=::MAMCAQc=' (see inventories/README.md)",
    ]
    written = []
    path = folder / "ad-gemeente.ldif"
    write_ldif(path, header, gem.entries)
    written.append(path)
    header = [
        h.replace("Stad Lindeveld", "OCMW Lindeveld")
        .replace("LINDEVELD.LOCAL", "OCMW-LINDEVELD.LOCAL")
        .replace("gem-dc01.lindeveld", "ocmw-dc01.ocmw-lindeveld")
        .replace("DC=lindeveld", "DC=ocmw-lindeveld")
        for h in header
    ]
    path = folder / "ad-ocmw.ldif"
    write_ldif(path, header, ocmw_domain.entries)
    written.append(path)
    path = folder / "people.csv"
    path.write_text(people_csv(everyone), "utf-8", newline="\n")
    written.append(path)
    tail = (Path(__file__).parent / "records-tail.yaml").read_text("utf-8")
    path = folder / "records.yaml"
    path.write_text(records_yaml(everyone, tail), "utf-8", newline="\n")
    written.append(path)
    return written


def today() -> date:  # the reference date of the example
    return date(2026, 11, 23)


if __name__ == "__main__":
    for item in write():
        print(item)
