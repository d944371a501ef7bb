"""The LDAP collector against a real Samba AD DC seeded with the gemeente/OCMW structure."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from kszcheck.collectors.base import Collected, SourceFailed, progress_scope
from kszcheck.collectors.ldap import collect
from kszcheck.collectors.run import collect_site
from kszcheck.model.common import norm_dn
from kszcheck.model.directory import Ace, Directory
from kszcheck.model.provenance import CollectionStatus
from kszcheck.model.site import SiteProfile, SourceSpec
from tests.conftest import SambaPool
from tests.live import seed as S
from tests.peers import samba

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
ENV = "KSZ_TEST_LDAP_PASSWORD"


def spec(
    dc: samba.SambaDC,
    url: str = "ldaps://127.0.0.1",
    bind: str = f"{S.READER}@voorbeeld.local",
    ca: Path | None = None,
    **options: Any,
) -> SourceSpec:
    return SourceSpec(
        id="ad",
        type="ldap",
        url=url,
        bind_dn=bind,
        password={"env": ENV},
        ca_file=str(ca or dc.ca_file),
        options={"connect_timeout": 3, "receive_timeout": 10, **options},
    )


def run(source: SourceSpec, monkeypatch: pytest.MonkeyPatch, password: str) -> Collected:
    monkeypatch.setenv(ENV, password)
    return collect(source, Path("."), NOW)


@pytest.fixture(scope="module")
def collected(samba_pool: SambaPool) -> Collected:
    """One LDAPS collection with the read-only account, shared by the comparisons."""
    dc = samba_pool.get(strong_auth=True)
    with pytest.MonkeyPatch.context() as mp:
        return run(spec(dc), mp, S.READER_PASSWORD)


def _directory(collected: Collected) -> Directory:
    assert collected.directory is not None
    return collected.directory


# --- the seeded facts come back exactly -------------------------------------------------------


def test_complete_collection_over_ldaps_with_ca_verification(collected: Collected) -> None:
    assert collected.missing == []
    assert collected.warnings == []
    assert set(collected.provides) >= {"directory.acls", "directory.trusts", "directory.sites"}


def test_every_seeded_ou_user_and_computer(collected: Collected) -> None:
    d = _directory(collected)
    assert {norm_dn(o) for o in S.OUS} <= {norm_dn(o.dn) for o in d.ous}
    users = {u.sam_account_name: u for u in d.users}
    assert set(S.USERS) <= set(users)
    for name, (container, uac, _extra) in S.USERS.items():
        if name in (S.READER, S.LIMITED):
            continue  # their passwords were set afterwards (userAccountControl 512)
        assert (users[name].dn, users[name].uac) == (f"CN={name},{container}", uac)
    assert users["hwuyts"].enabled is False
    assert users["adm.kdesmet"].no_preauth is True
    assert users["svc_sqlbck"].password_never_expires is True
    assert sorted(users["svc_sqlbck"].spns) == [
        "MSSQLSvc/SRV-BCK01.voorbeeld.local",
        "MSSQLSvc/SRV-BCK01.voorbeeld.local:1433",
    ]
    assert users["wgoossens"].admin_count is True
    assert users["adm.pvermeulen"].mail == "pieter.vermeulen@voorbeeld.be"
    computers = {c.sam_account_name: c for c in d.computers}
    assert computers["SRV-SOC01$"].operating_system == "Windows Server 2012 R2 Standard"
    assert computers["SRV-SOC01$"].dn == f"CN=SRV-SOC01,CN=Computers,{S.B}"


def test_group_memberships_and_builtin_groups(collected: Collected) -> None:
    groups = {g.sam_account_name: g for g in _directory(collected).groups}
    for name, (container, _type, members) in S.GROUPS.items():
        assert groups[name].dn == f"CN={name},{container}"
        assert sorted(groups[name].members) == sorted(S.dn_of(m) for m in members)
    assert groups["DL_SD_Share_RW"].scope.value == "domain_local"
    assert sorted(groups["Domain Admins"].members) == sorted(
        [f"CN=Administrator,CN=Users,{S.B}", S.dn_of("adm.jdewolf"), S.dn_of("GG_ICT_Beheerders")]
    )
    assert sorted(groups["Backup Operators"].members) == sorted(
        [S.dn_of("svc_sqlbck"), S.dn_of("ext.bvandamme")]
    )


def test_domain_gpos_links_trusts_sites(collected: Collected) -> None:
    d = _directory(collected)
    (domain,) = d.domains
    assert (domain.dn, domain.dns_name, domain.netbios_name, domain.functional_level) == (
        S.B,
        "voorbeeld.local",
        "VOORBEELD",
        4,
    )
    assert domain.sid.startswith("S-1-5-21-")
    ous = {o.dn: o for o in d.ous}
    assert [(link.gpo_dn, link.order, link.disabled) for link in ous[S.SD_OU].gp_links] == [
        (f"CN={S.GPO_GEM},{S.POLICIES}", 2, True),
        (f"CN={S.GPO_SD},{S.POLICIES}", 1, False),
    ]
    (ocmw_link,) = ous[f"OU=OCMW,{S.B}"].gp_links
    assert (ocmw_link.gpo_dn, ocmw_link.enforced) == (f"CN={S.GPO_OCMW},{S.POLICIES}", True)
    gpos = {g.guid: g.display_name for g in d.gpos}
    for guid, name in S.GPOS.items():
        assert gpos[guid.strip("{}").lower()] == name
    (trust,) = d.trusts
    assert (trust.partner, trust.flat_name, trust.direction, trust.forest_transitive) == (
        "partner.local",
        "PARTNER",
        "bidirectional",
        True,
    )
    assert {s.name for s in d.sites} == {"Default-First-Site-Name", "OCMW-Site"}
    assert sorted((s.prefix, s.site) for s in d.subnets) == [
        ("10.30.0.0/24", "OCMW-Site"),
        ("10.40.0.0/24", "Default-First-Site-Name"),
    ]


# --- security descriptors written with samba-tool dsacl set ----------------------------------


def _aces(d: Directory, dn: str, sid: str) -> list[Ace]:
    return [a for a in d.acls[dn].dacl if a.trustee_sid == sid]


def test_delegated_aces_have_their_known_meaning(collected: Collected, dc: samba.SambaDC) -> None:
    d = _directory(collected)
    helpdesk = dc.sids["gg_helpdesk"]
    on_ocmw = sorted(
        (a.ace_type, a.flags, a.rights, a.object_type, a.inherited_object_type)
        for a in _aces(d, f"OU=OCMW,{S.B}", helpdesk)
    )
    assert on_ocmw == [
        ("allow_object", ["CI", "IO"], ["reset_password"], S.RESET_PASSWORD, S.USER_CLASS),
        ("allow_object", ["CI", "IO"], ["write_member"], S.MEMBER_ATTR, S.GROUP_CLASS),
    ]
    inherited = _aces(d, S.SD_OU, helpdesk)
    assert sorted(a.flags for a in inherited) == [["CI", "IO", "ID"], ["CI", "IO", "ID"]]
    # (A;CI;GA) is stored as AD does: full control here, GENERIC_ALL inherit-only for children
    beheer = _aces(d, S.SD_OU, dc.sids["gg_sd_beheer"])
    assert sorted((a.flags, a.mask, a.rights[0]) for a in beheer) == [
        ([], 0xF01FF, "full_control"),
        (["CI", "IO"], 0x10000000, "full_control"),
    ]
    (sync,) = _aces(d, S.SD_OU, dc.sids["svc_asrep"])
    assert (sync.mask, sync.rights) == (0x30, ["read_property", "write_property"])
    (gpo,) = _aces(d, f"CN={S.GPO_SD},{S.POLICIES}", helpdesk)
    assert {"write_property", "write_dacl", "write_owner", "create_child"} <= set(gpo.rights)
    assert d.acls[f"CN=AdminSDHolder,CN=System,{S.B}"].dacl  # AdminSDHolder was read


def test_users_and_computers_come_with_their_descriptors(
    collected: Collected, dc: samba.SambaDC
) -> None:
    """Read with the SD flags control like the containers: the delegation analysis judges who
    controls the zone's users and computer objects. speeters (in the social service's OU) carries
    the helpdesk's reset-password ACE, inherited from OU=OCMW (object type: the extended right
    User-Force-Change-Password; applies to user objects)."""
    d = _directory(collected)
    acls = {norm_dn(dn) for dn in d.acls}
    assert [u.dn for u in d.users if norm_dn(u.dn) not in acls] == []
    assert [c.dn for c in d.computers if norm_dn(c.dn) not in acls] == []
    speeters = f"CN=speeters,OU=Gebruikers,{S.SD_OU}"
    assert d.acls[speeters].owner_sid == dc.sids["domain admins"]
    (reset,) = [
        a for a in _aces(d, speeters, dc.sids["gg_helpdesk"]) if "reset_password" in a.rights
    ]
    assert (reset.flags, reset.object_type, reset.inherited_object_type) == (
        ["CI", "ID"],  # as Samba stores it on the user: inherited, container-inherit kept
        S.RESET_PASSWORD,
        S.USER_CLASS,
    )
    assert d.acls[f"CN=WS-SD-001,OU=Gebruikers,{S.SD_OU}"].dacl


def test_starttls_reads_the_same_directory(
    collected: Collected, dc: samba.SambaDC, monkeypatch: pytest.MonkeyPatch
) -> None:
    got = run(spec(dc, url="ldap://127.0.0.1"), monkeypatch, S.READER_PASSWORD)
    assert got.missing == []
    assert sorted(u.dn for u in _directory(got).users) == sorted(
        u.dn for u in _directory(collected).users
    )


def test_bind_as_dn_and_as_domain_backslash_user(
    dc: samba.SambaDC, monkeypatch: pytest.MonkeyPatch
) -> None:
    for bind in (S.dn_of(S.READER), f"VOORBEELD\\{S.READER}"):
        got = run(spec(dc, bind=bind), monkeypatch, S.READER_PASSWORD)
        assert S.READER in {u.sam_account_name for u in _directory(got).users}


# --- partial collection and faults -----------------------------------------------------------


def test_descriptors_the_account_may_not_read_make_the_source_partial(
    dc: samba.SambaDC, monkeypatch: pytest.MonkeyPatch
) -> None:
    got = run(spec(dc, bind=f"VOORBEELD\\{S.LIMITED}"), monkeypatch, S.LIMITED_PASSWORD)
    assert got.missing == ["directory.acls"]
    assert f"(first: OU=Servers,{S.B})" in got.warnings[0]
    assert f"OU=Servers,{S.B}" not in _directory(got).acls


def _failure(source: SourceSpec, monkeypatch: pytest.MonkeyPatch, password: str) -> str:
    with pytest.raises(SourceFailed) as caught:
        run(source, monkeypatch, password)
    message = str(caught.value)
    assert "\n" not in message
    assert password not in message
    return message


def test_wrong_password(dc: samba.SambaDC, monkeypatch: pytest.MonkeyPatch) -> None:
    message = _failure(spec(dc), monkeypatch, "Fout-Wachtwoord-123")
    assert message == (
        "ldaps://127.0.0.1:636 (LDAPS): bind as svc_kszcheck@voorbeeld.local refused: "
        "invalid credentials (wrong name or password)"
    )


def test_certificate_of_another_ca_does_not_verify(
    dc: samba.SambaDC, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    other, _key = samba.make_ca(tmp_path, "andere-ca")
    message = _failure(spec(dc, ca=other), monkeypatch, S.READER_PASSWORD)
    assert message.startswith("ldaps://127.0.0.1:636 (LDAPS): the server certificate does not")
    assert f"against {other}" in message


def test_unreachable_port(dc: samba.SambaDC, monkeypatch: pytest.MonkeyPatch) -> None:
    message = _failure(spec(dc, url="ldaps://127.0.0.1:6399"), monkeypatch, S.READER_PASSWORD)
    assert message == (
        "ldaps://127.0.0.1:6399 (LDAPS): connection refused (nothing listens on that port?)"
    )


def test_plain_simple_bind_refused_when_strong_auth_is_required(
    dc: samba.SambaDC, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = spec(dc, url="ldap://127.0.0.1", allow_plain_ldap=True)
    message = _failure(source, monkeypatch, S.READER_PASSWORD)
    assert message == (
        "ldap://127.0.0.1:389 (plain LDAP): bind as svc_kszcheck@voorbeeld.local refused: the "
        "server requires an encrypted connection for a simple bind (strongerAuthRequired); use "
        "ldaps:// or StartTLS"
    )


def test_plain_ldap_only_when_allowed_and_then_with_a_warning(
    samba_pool: SambaPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    dc = samba_pool.get(strong_auth=False)
    site = SiteProfile(name="t", sources=[spec(dc, url="ldap://127.0.0.1", allow_plain_ldap=True)])
    monkeypatch.setenv(ENV, S.READER_PASSWORD)
    snapshot = collect_site(site, Path("."), NOW)
    (source,) = snapshot.sources
    assert source.status is CollectionStatus.complete
    assert source.warnings[0].startswith("onversleutelde LDAP-verbinding naar ldap://127.0.0.1:389")
    assert "plain LDAP to ldap://127.0.0.1:389 (allow_plain_ldap)" in source.warnings[0]
    assert S.READER_PASSWORD not in snapshot.model_dump_json()


def test_server_killed_mid_collection(
    samba_pool: SambaPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    dc = samba_pool.get(strong_auth=True, fresh=True)
    states: list[str] = []

    def kill_after_ous(state: str) -> None:
        states.append(state)
        if state.startswith("OU's / OUs"):
            dc.stop()

    monkeypatch.setenv(ENV, S.READER_PASSWORD)
    with progress_scope(kill_after_ous), pytest.raises(SourceFailed) as caught:
        collect(spec(dc), Path("."), NOW)
    assert states[:2] == ["domein / domain: 1", f"OU's / OUs: {len(S.OUS) + 1}"]
    message = str(caught.value)
    assert message.startswith("ldaps://127.0.0.1:636 (LDAPS): ")
    assert "users" in message or "closed" in message


# --- the whole scan: rules on live facts, exit code, no password anywhere --------------------


def _site(dc: samba.SambaDC, folder: Path, url: str = "ldaps://127.0.0.1") -> Path:
    site = {
        "name": "Live Samba",
        "separation_model": "ou",
        "zones": [
            {
                "id": "sdz",
                "kind": "social_data",
                "ous": [S.SD_OU],
                "groups": ["GG_SD_Dossiers", "DL_SD_Share_RW"],
            },
            {"id": "gemeente", "kind": "gemeente_users", "ous": [f"OU=Gemeente,{S.B}"]},
        ],
        "sources": [
            {
                "id": "ad",
                "type": "ldap",
                "url": url,
                "bind_dn": f"{S.READER}@voorbeeld.local",
                "password": {"env": ENV},
                "ca_file": str(dc.ca_file),
                "options": {"connect_timeout": 3},
            }
        ],
        "params": {"KSZ-SEP-006": {"approved_admins": ["GG_SD_Beheer"]}},
    }
    path = folder / "site.yaml"
    path.write_text(yaml.safe_dump(site), encoding="utf-8")
    return path


def _scan(site: Path, out: Path, password: str) -> subprocess.CompletedProcess[str]:
    env = {**__import__("os").environ, ENV: password}
    return subprocess.run(
        [sys.executable, "-m", "kszcheck", "scan", str(site), "-o", str(out), "--quiet",
         "--now", "2026-11-22T08:00:00+01:00"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip


def _findings(out: Path, rule: str) -> tuple[str, list[tuple[str, str]]]:
    assessment = json.loads((out / "assessment.json").read_text(encoding="utf-8"))
    (result,) = [r for r in assessment["results"] if r["rule_id"] == rule]
    return result["outcome"], sorted((f["subject"], f["message"]) for f in result["findings"])


def test_scan_reports_the_planted_problems(dc: samba.SambaDC, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = _scan(_site(dc, tmp_path), out, S.READER_PASSWORD)
    assert done.returncode == 5, done.stderr  # gaps, and rules needing records not assessed
    assert _findings(out, "KSZ-SEP-006") == (
        "fail",
        [
            ("GG_Helpdesk", "container_rights"),
            ("GG_Helpdesk:gpo:SD Werkplekken", "gpo_rights"),
            ("svc_asrep", "container_rights"),
        ],
    )
    assert _findings(out, "KSZ-SEP-005") == (
        "fail",
        [("DL_SD_Share_RW:GG_GEM_Archief", "gemeente_group")],
    )
    outcome, prv004 = _findings(out, "KSZ-PRV-004")
    assert outcome == "fail"
    assert {
        ("svc_sqlbck:spn", "spn"),
        ("svc_sqlbck:password-never-expires", "password_never_expires"),
        ("adm.kdesmet:no-preauth", "no_preauth"),
        ("wgoossens:stale-admincount", "stale_admincount"),
    } <= set(prv004)
    assert _findings(out, "KSZ-SEP-001") == ("pass", [])
    for path in out.rglob("*"):
        if path.is_file():
            assert S.READER_PASSWORD not in path.read_text(encoding="utf-8", errors="replace")


def test_scan_with_a_wrong_password_fails_the_source_in_one_line(
    dc: samba.SambaDC, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    done = _scan(_site(dc, tmp_path), out, "Geheim-Fout-2026")
    assert done.returncode in (4, 5)
    assert "Traceback" not in done.stderr
    assert "Geheim-Fout-2026" not in done.stdout + done.stderr
    outcome, _ = _findings(out, "KSZ-SEP-006")
    assert outcome == "not_assessed"
    assessment = (out / "assessment.json").read_text(encoding="utf-8")
    assert "invalid credentials (wrong name or password)" in assessment
    assert "Geheim-Fout-2026" not in assessment
