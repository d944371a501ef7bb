"""The gemeente/OCMW structure seeded into the test DC, and what the collector must read back.

One shared domain (VOORBEELD.LOCAL) separated by OU, as in ``inventories/example``: the social
service's OU under OCMW, nested groups four levels deep, a gemeente group nested into a social-data
group, a delegated helpdesk with reset-password and write-member rights on the OCMW OU, a
helpdesk that may edit the GPO linked to the social service's OU, privileged and service
accounts with the usual problems, disabled leavers, a second site with subnets, and a trust.
"""

from __future__ import annotations

from tests.peers.samba import BASE_DN, AclStep, Seed

B = BASE_DN
SD_OU = f"OU=Sociale Dienst,OU=OCMW,{B}"
POLICIES = f"CN=Policies,CN=System,{B}"
GPO_SD = "{5A1B2C3D-1111-4A4A-9B9B-0123456789AB}"
GPO_OCMW = "{5A1B2C3D-2222-4A4A-9B9B-0123456789AB}"
GPO_GEM = "{5A1B2C3D-3333-4A4A-9B9B-0123456789AB}"
SITES = f"CN=Sites,CN=Configuration,{B}"

RESET_PASSWORD = "00299570-246d-11d0-a768-00aa006e0529"
MEMBER_ATTR = "bf9679c0-0de6-11d0-a285-00aa003049e2"
USER_CLASS = "bf967aba-0de6-11d0-a285-00aa003049e2"
GROUP_CLASS = "bf967a9c-0de6-11d0-a285-00aa003049e2"

#: Accounts the tests bind as, with their (test-only) passwords.
READER = "svc_kszcheck"
READER_PASSWORD = "Lees-Alleen-2026"
LIMITED = "svc_beperkt"
LIMITED_PASSWORD = "Beperkt-Lezen-2026"

OUS = [
    f"OU=Gemeente,{B}",
    f"OU=Burgerzaken,OU=Gemeente,{B}",
    f"OU=Onthaal,OU=Gemeente,{B}",
    f"OU=Groepen,OU=Gemeente,{B}",
    f"OU=OCMW,{B}",
    SD_OU,
    f"OU=Gebruikers,{SD_OU}",
    f"OU=Groepen,{SD_OU}",
    f"OU=Thuiszorg,OU=OCMW,{B}",
    f"OU=ICT,{B}",
    f"OU=Beheerders,OU=ICT,{B}",
    f"OU=Servers,{B}",
    f"OU=Service Accounts,{B}",
]

#: OU DN -> gPLink value (order in the string: lowest precedence first).
GP_LINKS = {
    f"OU=OCMW,{B}": f"[LDAP://CN={GPO_OCMW},{POLICIES};2]",
    SD_OU: f"[LDAP://CN={GPO_GEM},{POLICIES};1][LDAP://CN={GPO_SD},{POLICIES};0]",
}

GPOS = {
    GPO_SD: "SD Werkplekken",
    GPO_OCMW: "OCMW Basis",
    GPO_GEM: "Gemeente Werkplekken",
}

# sAMAccountName -> (container, userAccountControl, extra attributes)
USERS: dict[str, tuple[str, int, dict[str, str | list[str]]]] = {
    "speeters": (f"OU=Gebruikers,{SD_OU}", 544, {"displayName": "Sofie Peeters"}),
    "imartens": (f"OU=Gebruikers,{SD_OU}", 544, {"displayName": "Ilse Martens"}),
    "hwuyts": (f"OU=Gebruikers,{SD_OU}", 546, {"displayName": "Hilde Wuyts"}),
    "avandenberghe": (f"OU=Burgerzaken,OU=Gemeente,{B}", 544, {}),
    "lwouters": (f"OU=Onthaal,OU=Gemeente,{B}", 544, {}),
    "rverstraete": (f"OU=Thuiszorg,OU=OCMW,{B}", 544, {}),
    "jdewolf": (f"OU=ICT,{B}", 544, {"mail": "jan.dewolf@voorbeeld.be"}),
    "adm.jdewolf": (f"OU=Beheerders,OU=ICT,{B}", 544, {"adminCount": "1"}),
    "adm.pvermeulen": (
        f"OU=Beheerders,OU=ICT,{B}",
        544,
        {"adminCount": "1", "mail": "pieter.vermeulen@voorbeeld.be"},
    ),
    "adm.kdesmet": (f"OU=Beheerders,OU=ICT,{B}", 4194848, {"adminCount": "1"}),
    "hdesk.stijn": (f"OU=ICT,{B}", 544, {}),
    "wgoossens": (f"OU=Gemeente,{B}", 544, {"adminCount": "1"}),
    "ext.bvandamme": (f"OU=Service Accounts,{B}", 544, {"adminCount": "1"}),
    "svc_sqlbck": (
        f"OU=Service Accounts,{B}",
        66080,
        {
            "adminCount": "1",
            "servicePrincipalName": [
                "MSSQLSvc/SRV-BCK01.voorbeeld.local:1433",
                "MSSQLSvc/SRV-BCK01.voorbeeld.local",
            ],
        },
    ),
    "svc_asrep": (f"OU=Service Accounts,{B}", 4194848, {}),
    READER: (f"OU=Service Accounts,{B}", 544, {}),
    LIMITED: (f"OU=Service Accounts,{B}", 544, {}),
    "oud.medewerker": (f"OU=Gemeente,{B}", 546, {}),
}

# sAMAccountName -> (container, groupType, members as account names), in creation order
GROUPS: dict[str, tuple[str, int, list[str]]] = {
    "GG_SD_Team_Noord": (f"OU=Groepen,{SD_OU}", -2147483646, ["imartens"]),
    "GG_SD_Maatschappelijk_Werkers": (
        f"OU=Groepen,{SD_OU}",
        -2147483646,
        ["speeters", "hwuyts", "GG_SD_Team_Noord"],
    ),
    "GG_SD_Dossiers": (
        f"OU=Groepen,{SD_OU}",
        -2147483646,
        ["GG_SD_Maatschappelijk_Werkers", "lwouters"],
    ),
    "GG_GEM_Archief": (f"OU=Groepen,OU=Gemeente,{B}", -2147483646, ["avandenberghe"]),
    "DL_SD_Share_RW": (
        f"OU=Groepen,{SD_OU}",
        -2147483644,
        ["GG_SD_Dossiers", "GG_GEM_Archief", "oud.medewerker"],
    ),
    "GG_SD_Beheer": (f"OU=Groepen,{SD_OU}", -2147483646, ["adm.jdewolf"]),
    "GG_ICT_Beheerders": (
        f"OU=Groepen,OU=Gemeente,{B}",
        -2147483646,
        ["adm.pvermeulen", "adm.kdesmet"],
    ),
    "GG_Helpdesk": (f"OU=Groepen,OU=Gemeente,{B}", -2147483646, ["hdesk.stijn"]),
}

#: Built-in groups and the seeded members added to them.
BUILTIN_ADDS = {
    f"CN=Domain Admins,CN=Users,{B}": ["adm.jdewolf", "GG_ICT_Beheerders"],
    f"CN=Backup Operators,CN=Builtin,{B}": ["svc_sqlbck", "ext.bvandamme"],
}

COMPUTERS = {
    "SRV-SOC01": (f"CN=Computers,{B}", "Windows Server 2012 R2 Standard"),
    "WS-SD-001": (f"OU=Gebruikers,{SD_OU}", "Windows 11 Pro"),
}

SITE_SUBNETS = {"Default-First-Site-Name": ["10.40.0.0/24"], "OCMW-Site": ["10.30.0.0/24"]}

#: Delegated ACEs, with their known meaning (asserted by the live tests).
ACLS = (
    AclStep(
        f"OU=OCMW,{B}",
        f"(OA;CIIO;CR;{RESET_PASSWORD};{USER_CLASS};{{sid:GG_Helpdesk}})"
        f"(OA;CIIO;WP;{MEMBER_ATTR};{GROUP_CLASS};{{sid:GG_Helpdesk}})",
    ),
    AclStep(SD_OU, "(A;CI;GA;;;{sid:GG_SD_Beheer})(A;CI;RPWP;;;{sid:svc_asrep})"),
    AclStep(f"CN={GPO_SD},{POLICIES}", "(A;CI;RPWPCCDCLCSWRCWDWO;;;{sid:GG_Helpdesk})"),
    AclStep(f"OU=Servers,{B}", f"(D;;RC;;;{{sid:{LIMITED}}})"),
)


def dn_of(name: str) -> str:
    if name in USERS:
        return f"CN={name},{USERS[name][0]}"
    if name in GROUPS:
        return f"CN={name},{GROUPS[name][0]}"
    raise KeyError(name)


def _entry(dn: str, attrs: list[tuple[str, str]]) -> str:
    return "\n".join([f"dn: {dn}", *(f"{k}: {v}" for k, v in attrs)]) + "\n"


def seed_ldif() -> str:
    blocks: list[str] = []
    for ou in OUS:
        attrs = [("objectClass", "organizationalUnit")]
        if ou in GP_LINKS:
            attrs.append(("gPLink", GP_LINKS[ou]))
        blocks.append(_entry(ou, attrs))
    for guid, name in GPOS.items():
        blocks.append(
            _entry(
                f"CN={guid},{POLICIES}",
                [
                    ("objectClass", "groupPolicyContainer"),
                    ("displayName", name),
                    (
                        "gPCFileSysPath",
                        f"\\\\voorbeeld.local\\SysVol\\voorbeeld.local\\Policies\\{guid}",
                    ),
                    ("flags", "0"),
                    ("versionNumber", "1"),
                ],
            )
        )
    for name, (_container, uac, extra) in USERS.items():
        attrs = [
            ("objectClass", "user"),
            ("sAMAccountName", name),
            ("userPrincipalName", f"{name}@voorbeeld.local"),
            ("userAccountControl", str(uac)),
        ]
        for key, value in extra.items():
            for item in value if isinstance(value, list) else [value]:
                attrs.append((key, item))
        blocks.append(_entry(dn_of(name), attrs))
    for name, (_container, group_type, members) in GROUPS.items():
        attrs = [("objectClass", "group"), ("sAMAccountName", name), ("groupType", str(group_type))]
        attrs += [("member", dn_of(m)) for m in members]
        blocks.append(_entry(dn_of(name), attrs))
    for group_dn, members in BUILTIN_ADDS.items():
        lines = [f"dn: {group_dn}", "changetype: modify", "add: member"]
        lines += [f"member: {dn_of(m)}" for m in members]
        blocks.append("\n".join([*lines, "-"]) + "\n")
    for name, (container, os_name) in COMPUTERS.items():
        blocks.append(
            _entry(
                f"CN={name},{container}",
                [
                    ("objectClass", "computer"),
                    ("sAMAccountName", f"{name}$"),
                    ("userAccountControl", "4096"),
                    ("dNSHostName", f"{name.lower()}.voorbeeld.local"),
                    ("operatingSystem", os_name),
                ],
            )
        )
    blocks.append(_entry(f"CN=OCMW-Site,{SITES}", [("objectClass", "site")]))
    for site, subnets in SITE_SUBNETS.items():
        for subnet in subnets:
            blocks.append(
                _entry(
                    f"CN={subnet},CN=Subnets,{SITES}",
                    [("objectClass", "subnet"), ("siteObject", f"CN={site},{SITES}")],
                )
            )
    blocks.append(
        "\n".join(
            [
                f"dn: CN=partner.local,CN=System,{B}",
                "objectClass: trustedDomain",
                "trustPartner: partner.local",
                "flatName: PARTNER",
                "trustDirection: 3",
                "trustType: 2",
                "trustAttributes: 8",
            ]
        )
        + "\n"
    )
    return "\n".join(blocks)


def seed() -> Seed:
    return Seed(
        ldif=seed_ldif(),
        acls=ACLS,
        passwords=((READER, READER_PASSWORD), (LIMITED, LIMITED_PASSWORD)),
    )
