"""The LDIF collector on the two sample exports of VOORBEELD.LOCAL (gemeente + OCMW)."""

from __future__ import annotations

import hashlib
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.collectors.base import Collected
from kszcheck.collectors.ldif import parse_ldif
from kszcheck.collectors.ldif_collect import collect
from kszcheck.collectors.run import collect_site
from kszcheck.model.directory import GpoLink, GroupScope
from kszcheck.model.provenance import CollectionStatus
from kszcheck.model.site import SiteProfile, SourceSpec, SourceType
from tests.collectors.conftest import DOMAIN_SID, ocmw_ou_descriptor

SAMPLES = Path(__file__).parent.parent / "fixtures" / "ldif"
LDAPSEARCH = SAMPLES / "voorbeeld-ldapsearch.ldif"
LDIFDE = SAMPLES / "voorbeeld-ldifde.ldf"
NOW = datetime(2025, 6, 1, tzinfo=UTC)
BASE = "DC=voorbeeld,DC=local"
ALL_KINDS = [
    "directory.domain",
    "directory.ous",
    "directory.users",
    "directory.groups",
    "directory.computers",
    "directory.gpos",
]


def run(path: Path, tmp_path: Path) -> Collected:
    shutil.copy(path, tmp_path / path.name)
    spec = SourceSpec(id="ad", type=SourceType.ldif, path=path.name)
    return collect(spec, tmp_path, NOW)


@pytest.fixture(params=[LDAPSEARCH, LDIFDE], ids=["ldapsearch", "ldifde"])
def sample(request: pytest.FixtureRequest, tmp_path: Path) -> Collected:
    path: Path = request.param
    return run(path, tmp_path)


def test_the_samples_really_are_in_the_two_styles() -> None:
    ldifde = LDIFDE.read_bytes()
    assert ldifde.startswith(b"\xff\xfe")
    assert "\r\nchangetype: add\r\n" in ldifde.decode("utf-16")
    ldapsearch = LDAPSEARCH.read_text("utf-8")
    assert "\r" not in ldapsearch and "version:" not in ldapsearch
    assert max(len(line) for line in ldapsearch.splitlines()) == 76
    assert "\ndn:: " in ldapsearch


def test_both_styles_give_the_same_directory(tmp_path: Path) -> None:
    one = run(LDAPSEARCH, tmp_path)
    two = run(LDIFDE, tmp_path)
    assert one.directory == two.directory
    assert one.content_hash != two.content_hash


def test_provenance_of_the_sample(sample: Collected) -> None:
    # Only OU=OCMW carries a descriptor, so the ACLs of the domain and the other OUs are missing.
    assert sample.provides == [*ALL_KINDS, "directory.acls"]
    assert sample.missing == ["directory.acls"]
    assert sample.warnings == [
        "3 domein/OU-objecten zonder nTSecurityDescriptor in de export / 3 domain/OU objects "
        "without nTSecurityDescriptor in the export (first: DC=voorbeeld,DC=local)"
    ]


def test_content_hash_is_the_sha256_of_the_file(tmp_path: Path) -> None:
    collected = run(LDAPSEARCH, tmp_path)
    assert collected.content_hash == hashlib.sha256(LDAPSEARCH.read_bytes()).hexdigest()


def test_domain_and_ous(sample: Collected) -> None:
    d = sample.directory
    assert d is not None
    assert [
        (
            x.dn,
            x.dns_name,
            x.netbios_name,
            x.sid,
            x.functional_level,
            x.min_pwd_length,
            x.max_pwd_age_days,
            x.lockout_threshold,
        )
        for x in d.domains
    ] == [(BASE, "voorbeeld.local", "VOORBEELD", DOMAIN_SID, 4, 7, 42, 0)]
    assert d.domains[0].gp_links == [
        GpoLink(
            gpo_dn=f"cn={{31B2F340-016D-11D2-945F-00C04FB984F9}},cn=policies,cn=system,{BASE}",
            order=1,
        )
    ]
    assert [(ou.dn, ou.name, ou.block_inheritance) for ou in d.ous] == [
        (f"OU=Gemeente,{BASE}", "Gemeente", False),
        (f"OU=OCMW,{BASE}", "OCMW", True),
        (f"OU=Sociale Dienst,OU=OCMW,{BASE}", "Sociale Dienst", False),
    ]
    policy = "cn={{A1B2C3D4-000{}-4000-8000-00000000000{}}},cn=policies,cn=system," + BASE
    assert d.ous[0].gp_links == [
        GpoLink(gpo_dn=policy.format(1, 1), order=2),
        GpoLink(gpo_dn=policy.format(2, 2), order=1, enforced=True),
    ]
    assert d.ous[1].gp_links == [GpoLink(gpo_dn=policy.format(3, 3), order=1, disabled=True)]
    assert d.ous[1].description == (
        "Openbaar Centrum voor Maatschappelijk Welzijn – sociale dienst"
    )


def test_users(sample: Collected) -> None:
    d = sample.directory
    assert d is not None
    rows = [
        (
            u.sam_account_name,
            u.sid.rsplit("-", 1)[1],
            u.enabled,
            u.password_never_expires,
            u.password_not_required,
            u.no_preauth,
            u.admin_count,
            u.display_name,
        )
        for u in d.users
    ]
    assert rows == [
        ("Administrator", "500", True, True, False, False, True, ""),
        ("jpeeters", "1106", True, False, False, False, False, "Jan Peeters"),
        ("hclaes", "1107", True, False, False, False, False, "Hélène Claes"),
        ("opersoneel", "1108", False, False, False, False, False, ""),
        ("phelpdesk", "1109", True, True, True, True, False, "<img src=x onerror=alert(1)>"),
        ("svc_sql", "1110", True, True, False, False, True, ""),
    ]
    admin, jan, helene = d.users[0], d.users[1], d.users[2]
    assert (admin.pwd_last_set, admin.last_logon, admin.when_created, admin.account_expires) == (
        datetime(2024, 2, 28, tzinfo=UTC),
        datetime(2024, 9, 5, 8, 53, 20, tzinfo=UTC),
        datetime(2019, 1, 14, 8, 5, 12, tzinfo=UTC),
        None,
    )
    assert (jan.pwd_last_set, jan.account_expires, jan.when_created) == (
        None,
        None,
        datetime(2021, 3, 1, 9, 15, 30, tzinfo=UTC),
    )
    assert (
        jan.user_principal_name,
        jan.mail,
        jan.employee_id,
        jan.department,
        jan.company,
        jan.title,
    ) == (
        "jan.peeters@voorbeeld.be",
        "jan.peeters@voorbeeld.be",
        "G0042",
        "Burgerzaken",
        "Gemeente Voorbeeld",
        "Baliemedewerker",
    )
    assert helene.dn == f"CN=Hélène Claes,OU=Sociale Dienst,OU=OCMW,{BASE}"
    assert helene.account_expires == datetime(2025, 4, 14, 16, tzinfo=UTC)
    assert d.users[5].spns == ["MSSQLSvc/sql01.voorbeeld.local:1433"]


def test_groups_and_nesting(sample: Collected) -> None:
    d = sample.directory
    assert d is not None
    assert [(g.sam_account_name, g.sid, g.scope, g.security, g.members) for g in d.groups] == [
        (
            "Domain Admins",
            f"{DOMAIN_SID}-512",
            GroupScope.global_,
            True,
            [f"CN=Administrator,CN=Users,{BASE}"],
        ),
        (
            "Administrators",
            "S-1-5-32-544",
            GroupScope.builtin,
            True,
            [f"CN=Domain Admins,CN=Users,{BASE}", f"CN=Administrator,CN=Users,{BASE}"],
        ),
        (
            "GG_Sociale_Dienst",
            f"{DOMAIN_SID}-1111",
            GroupScope.global_,
            True,
            [f"CN=Hélène Claes,OU=Sociale Dienst,OU=OCMW,{BASE}"],
        ),
        (
            "DL_Share_SocDienst_RW",
            f"{DOMAIN_SID}-1112",
            GroupScope.domain_local,
            True,
            [
                f"CN=GG_Sociale_Dienst,OU=Groepen,OU=OCMW,{BASE}",
                f"CN=Jan Peeters,OU=Gemeente,{BASE}",
            ],
        ),
        (
            "GG_Helpdesk_Gemeente",
            f"{DOMAIN_SID}-1105",
            GroupScope.global_,
            True,
            [f"CN=Piet Helpdesk,OU=Gemeente,{BASE}"],
        ),
        ("UG_Alle_Medewerkers", f"{DOMAIN_SID}-1113", GroupScope.universal, False, []),
    ]


def test_computers_and_gpos(sample: Collected) -> None:
    d = sample.directory
    assert d is not None
    assert [
        (
            c.sam_account_name,
            c.enabled,
            c.dns_hostname,
            c.operating_system,
            c.operating_system_version,
            c.last_logon,
        )
        for c in d.computers
    ] == [
        (
            "WS-OCMW-01$",
            True,
            "ws-ocmw-01.voorbeeld.local",
            "Windows 10 Enterprise",
            "10.0 (19045)",
            datetime(2024, 7, 9, 12, tzinfo=UTC),
        ),
        ("SRV-APP01$", False, "", "Windows Server 2012 R2 Standard", "", None),
    ]
    assert [(g.guid, g.display_name) for g in d.gpos] == [
        ("31b2f340-016d-11d2-945f-00c04fb984f9", "Default Domain Policy"),
        ("a1b2c3d4-0001-4000-8000-000000000001", "Gemeente basis"),
        ("a1b2c3d4-0002-4000-8000-000000000002", "Gemeente werkplek"),
        ("a1b2c3d4-0003-4000-8000-000000000003", "OCMW afscherming"),
    ]
    assert d.gpos[0].file_sys_path == (
        "\\\\voorbeeld.local\\SysVol\\voorbeeld.local\\Policies\\"
        "{31B2F340-016D-11D2-945F-00C04FB984F9}"
    )


def test_the_ocmw_ou_descriptor_is_the_one_built_from_known_aces(sample: Collected) -> None:
    d = sample.directory
    assert d is not None
    raw = parse_ldif(LDAPSEARCH.read_bytes(), "x")
    ou = next(r for r in raw if r.dn == f"OU=OCMW,{BASE}")
    assert ou.first("nTSecurityDescriptor") == ocmw_ou_descriptor()
    assert list(d.acls) == [f"OU=OCMW,{BASE}"]
    helpdesk = [a for a in d.acls[f"OU=OCMW,{BASE}"].dacl if a.trustee_sid.endswith("-1105")]
    assert [(a.ace_type, a.flags, a.rights) for a in helpdesk] == [
        ("allow", ["CI"], ["read_property", "write_property"]),
        ("allow_object", ["CI", "IO"], ["reset_password"]),
        ("allow_object", ["CI", "IO"], ["write_member"]),
    ]


def test_an_export_without_descriptors_does_not_provide_acls(tmp_path: Path) -> None:
    (tmp_path / "ad.ldif").write_text(
        f"dn: {BASE}\nobjectClass: domainDNS\n\n"
        f"dn: OU=OCMW,{BASE}\nobjectClass: organizationalUnit\n"
    )
    collected = collect(SourceSpec(id="ad", type=SourceType.ldif, path="ad.ldif"), tmp_path, NOW)
    assert collected.provides == ALL_KINDS
    # two entries are no whole domain: no users, groups or computers (ldif_evidence)
    assert collected.missing == ALL_KINDS
    assert collected.warnings == [
        *(
            f"ad.ldif: no {kind} object at all (a domain always has them): the export is cut "
            "or filtered"
            for kind in ("user", "group", "computer")
        ),
        "de export bevat geen beveiligingsdescriptoren (nTSecurityDescriptor), dus geen "
        "gedelegeerde rechten / the export carries no security descriptors "
        "(nTSecurityDescriptor), so delegated rights were not collected",
    ]
    assert collected.directory is not None
    assert collected.directory.acls == {}
    assert [ou.dn for ou in collected.directory.ous] == [f"OU=OCMW,{BASE}"]


def test_an_export_without_domain_object_proves_nothing(tmp_path: Path) -> None:
    (tmp_path / "ad.ldif").write_text(f"dn: CN=G,{BASE}\nobjectClass: group\nsAMAccountName: G\n")
    collected = collect(SourceSpec(id="ad", type=SourceType.ldif, path="ad.ldif"), tmp_path, NOW)
    assert collected.missing == ALL_KINDS  # a cut or filtered export: nothing is proven
    assert collected.reason == (
        "ad.ldif: no domain head (objectClass domainDNS): not an export of a whole domain, "
        "or cut before it"
    )
    assert collected.warnings[1] == (
        "de export bevat geen domeinobject (objectClass domainDNS) / "
        "the export holds no domain object (objectClass domainDNS)"
    )


def test_a_missing_file_is_an_os_error_for_the_runner(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        collect(SourceSpec(id="ad", type=SourceType.ldif, path="nope.ldif"), tmp_path, NOW)


def test_the_source_runner_records_the_export_and_its_gaps(tmp_path: Path) -> None:
    shutil.copy(LDAPSEARCH, tmp_path / "ad.ldif")
    site = SiteProfile(
        name="Voorbeeld",
        sources=[
            SourceSpec(id="ad", type=SourceType.ldif, path="ad.ldif"),
            SourceSpec(id="ad-old", type=SourceType.ldif, path="weg.ldif"),
        ],
    )
    snapshot = collect_site(site, tmp_path, NOW)
    assert [(s.source_id, s.status, s.missing, s.reason) for s in snapshot.sources] == [
        ("ad", CollectionStatus.partial, ["directory.acls"], ""),
        ("ad-old", CollectionStatus.failed, [], "file not found"),
    ]
    assert [u.sam_account_name for u in snapshot.directory.users] == [
        "Administrator",
        "jpeeters",
        "hclaes",
        "opersoneel",
        "phelpdesk",
        "svc_sql",
    ]
