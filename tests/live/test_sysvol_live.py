"""The sysvol source against a real Samba AD DC: the SYSVOL folder Samba provisioned (its
Default Domain and Default Domain Controllers Policy folders, in Samba's upper-case MACHINE
layout) plus GPO folders written by the test for the seeded GPO containers and gPLinks of
tests/live/seed.py, joined with the LDAP collection of the same DC to answer "what audit policy
applies to the social service's OU". Reading SYSVOL over SMB (``url: smb://...``) is tested
against a standalone Samba smbd serving a SYSVOL share in tests/live/test_sysvol_smb_live.py (the
test DC does not run the smbd and winbindd it would need to serve its own sysvol)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.analysis.gpo import GpoResolver
from kszcheck.collectors.ldap import collect as collect_ldap
from kszcheck.collectors.sysvol.collect import collect as collect_sysvol
from kszcheck.model.policy import Policy
from kszcheck.model.site import SourceSpec, SourceType
from tests.live import seed as S
from tests.live.conftest import SambaPool
from tests.peers import samba

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
FILE_SYSTEM = "0cce921d-69ae-11d9-bed3-505054503030"
HEADER = (
    "Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,"
    "Exclusion Setting,Setting Value"
)


def _audit(setting: str, value: int) -> bytes:
    row = f",System,Audit File System,{{{FILE_SYSTEM}}},{setting},,{value}"
    return f"{HEADER}\r\n{row}\r\n".encode()


def _template(lines: list[str]) -> bytes:
    text = "\r\n".join(["[Unicode]", "Unicode=yes", *lines, "[Version]",
                        'signature="$CHICAGO$"', "Revision=1"]) + "\r\n"  # fmt: skip
    return b"\xff\xfe" + text.encode("utf-16-le")


def _write_gpo(policies: Path, guid: str, audit: bytes, template: bytes) -> None:
    gpo = policies / guid
    (gpo / "MACHINE" / "Microsoft" / "Windows NT" / "Audit").mkdir(parents=True, exist_ok=True)
    (gpo / "MACHINE" / "Microsoft" / "Windows NT" / "SecEdit").mkdir(parents=True, exist_ok=True)
    (gpo / "USER").mkdir(exist_ok=True)
    (gpo / "GPT.INI").write_bytes(b"[General]\r\nVersion=1\r\n")
    (gpo / "MACHINE" / "Microsoft" / "Windows NT" / "Audit" / "audit.csv").write_bytes(audit)
    (gpo / "MACHINE" / "Microsoft" / "Windows NT" / "SecEdit" / "GptTmpl.inf").write_bytes(template)


@pytest.fixture(scope="module")
def dc_with_gpos(samba_pool: SambaPool) -> samba.SambaDC:
    dc = samba_pool.get(strong_auth=True)
    policies = dc.dc / "state" / "sysvol" / "voorbeeld.local" / "Policies"
    # OU=Sociale Dienst links "SD Werkplekken" (no File System auditing) and, disabled,
    # "Gemeente Werkplekken"; OU=OCMW links "OCMW Basis" enforced (File System success).
    _write_gpo(
        policies,
        S.GPO_SD,
        _audit("No Auditing", 0),
        _template(["[Security Log]", "MaximumLogSize = 20480", "AuditLogRetentionPeriod = 0"]),
    )
    _write_gpo(
        policies,
        S.GPO_OCMW,
        _audit("Success", 1),
        _template(["[System Access]", "MinimumPasswordLength = 12"]),
    )
    _write_gpo(policies, S.GPO_GEM, _audit("Success and Failure", 3), _template([]))
    return dc


def _ldap(dc: samba.SambaDC, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KSZ_TEST_LDAP_PASSWORD", S.READER_PASSWORD)
    spec = SourceSpec(
        id="ad",
        type=SourceType.ldap,
        url="ldaps://127.0.0.1",
        bind_dn=f"{S.READER}@voorbeeld.local",
        password={"env": "KSZ_TEST_LDAP_PASSWORD"},
        ca_file=str(dc.ca_file),
    )
    return collect_ldap(spec, Path("."), NOW)


def _check(policy: Policy, directory) -> None:  # type: ignore[no-untyped-def]
    guids = {g.guid for g in policy.gpos}
    assert {S.GPO_SD.strip("{}").lower(), S.GPO_OCMW.strip("{}").lower()} <= guids
    effective = GpoResolver(directory, policy).effective(f"OU=Computers,{S.SD_OU}")
    assert [g.name for g in effective.gpos][-2:] == ["SD Werkplekken", "OCMW Basis"]
    audit = effective.audit(FILE_SYSTEM)
    assert audit is not None and (audit[0].success, audit[1]) == (True, "OCMW Basis")
    log, names = effective.event_log("security")
    assert (log.max_size_kb, log.retention, names) == (20480, "overwrite", ["SD Werkplekken"])


def test_sysvol_folder_of_the_dc(
    dc_with_gpos: samba.SambaDC, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = _ldap(dc_with_gpos, monkeypatch).directory
    spec = SourceSpec(
        id="gpo", type=SourceType.sysvol, path=str(dc_with_gpos.dc / "state" / "sysvol")
    )
    collected = collect_sysvol(spec, Path("."), NOW)
    assert collected.policy is not None and directory is not None
    _check(collected.policy, directory)
