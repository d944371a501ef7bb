"""The sysvol source reading SYSVOL over SMB from a real Samba smbd (tests/peers/smbd.py) on
127.0.0.1: a share named SYSVOL holding ``<domain>/Policies/{GUID}`` folders in Samba's upper-case
MACHINE layout, with the GptTmpl.inf and audit.csv bytes of tests/live/test_sysvol_live.py. What
the ``smb://`` url reads must equal what the folder path of the same tree reads; a GPO folder the
reading account may not open (its NTFS ACL leaves the account out, as a GPO whose security
filtering drops Authenticated Users does on a DC) makes the source partial, never complete."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.collectors.run import collect_site
from kszcheck.collectors.sysvol.collect import collect as collect_sysvol
from kszcheck.model.policy import GpoContent
from kszcheck.model.provenance import CollectionStatus
from kszcheck.model.site import SiteProfile, SourceSpec, SourceType
from tests.live.smb_estate import FULL, READ, require_smbd
from tests.live.test_sysvol_live import FILE_SYSTEM, _audit, _template, _write_gpo
from tests.peers import smbd

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
DOMAIN = "voorbeeld.local"
GPO_SD = "{7B2E9A10-5C3D-4E8F-9A1B-2C3D4E5F6A71}"
GPO_OCMW = "{8C3F0B21-6D4E-4F90-8B2C-3D4E5F6A7B82}"
#: its folder's ACL grants only the administrators: the reader account cannot open it
GPO_HIDDEN = "{9D401C32-7E5F-4A01-9C3D-4E5F6A7B8C93}"
OPEN = f"O:BAG:SYD:PAI(A;OICI;{FULL};;;BA)(A;OICI;{READ};;;WD)"
CLOSED = f"O:BAG:SYD:PAI(A;OICI;{FULL};;;BA)"


def _plant(sysvol: Path) -> dict[str, str]:
    """Write the GPO folders; return the NTFS ACL of every folder and file (relative path)."""
    policies = sysvol / DOMAIN / "Policies"
    _write_gpo(
        policies,
        GPO_SD,
        _audit("No Auditing", 0),
        _template(["[Security Log]", "MaximumLogSize = 20480", "AuditLogRetentionPeriod = 0"]),
    )
    _write_gpo(
        policies,
        GPO_OCMW,
        _audit("Success", 1),
        _template(["[System Access]", "MinimumPasswordLength = 12"]),
    )
    _write_gpo(policies, GPO_HIDDEN, _audit("Success and Failure", 3), _template([]))
    acls = {"": OPEN}
    for path in sorted(sysvol.rglob("*")):
        rel = path.relative_to(sysvol)
        os.chmod(path, 0o755 if path.is_dir() else 0o644)  # smbd opens as the reader account
        acls[rel.as_posix()] = CLOSED if GPO_HIDDEN in rel.parts else OPEN
    return acls


@pytest.fixture(scope="module")
def server() -> Iterator[smbd.FileServer]:
    require_smbd()
    # not below pytest's own temporary folder (mode 0700): the reader account must reach it
    top = Path(tempfile.mkdtemp(prefix="kszcheck-sysvol-smb-"))
    top.chmod(0o755)
    try:
        sysvol = top / "shares" / "SYSVOL"
        sysvol.mkdir(parents=True)
        (top / "shares").chmod(0o755)
        sysvol.chmod(0o755)
        acls = _plant(sysvol)
        running = smbd.start(top, [smbd.ShareSpec(name="SYSVOL", ntfs=acls)])
        try:
            yield running
        finally:
            running.stop()
    finally:
        shutil.rmtree(top, ignore_errors=True)


def _spec(server: smbd.FileServer, username: str) -> dict[str, object]:
    return {
        "id": "gpo",
        "type": "sysvol",
        "url": f"smb://{server.address}/SYSVOL/{DOMAIN}/Policies",
        "username": username,
        "password": {"env": "KSZ_TEST_SMB_PASSWORD"},
    }


def _without_path(gpos: list[GpoContent]) -> list[GpoContent]:
    return [g.model_copy(update={"path": ""}) for g in gpos]


def test_sysvol_over_smb_equals_the_folder(
    server: smbd.FileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KSZ_TEST_SMB_PASSWORD", smbd.ADMIN_PASSWORD)
    over_smb = collect_sysvol(
        SourceSpec.model_validate(_spec(server, smbd.ADMIN_USER)), Path("."), NOW
    )
    folder = collect_sysvol(
        SourceSpec(id="gpo", type=SourceType.sysvol, path=str(server.share_path("SYSVOL"))),
        Path("."),
        NOW,
    )
    assert over_smb.policy is not None and folder.policy is not None
    assert not over_smb.partial and over_smb.warnings == []
    gpos = {g.guid: g for g in over_smb.policy.gpos}
    assert sorted(gpos) == sorted(g.strip("{}").lower() for g in (GPO_SD, GPO_OCMW, GPO_HIDDEN))
    sd, ocmw = gpos[GPO_SD.strip("{}").lower()], gpos[GPO_OCMW.strip("{}").lower()]
    assert sd.path == rf"\\127.0.0.1\SYSVOL\{DOMAIN}\Policies\{GPO_SD}"
    assert [(a.guid, a.success, a.failure) for a in sd.audit] == [(FILE_SYSTEM, False, False)]
    assert [(a.guid, a.success, a.failure) for a in ocmw.audit] == [(FILE_SYSTEM, True, False)]
    assert [(e.log, e.max_size_kb, e.retention) for e in sd.event_logs] == [
        ("security", 20480, "overwrite")
    ]
    assert ocmw.system_access == {"MinimumPasswordLength": 12}
    assert _without_path(over_smb.policy.gpos) == _without_path(folder.policy.gpos)
    assert over_smb.content_hash == folder.content_hash


def test_gpo_folder_the_reader_cannot_open_is_partial(
    server: smbd.FileServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KSZ_TEST_SMB_PASSWORD", smbd.READER_PASSWORD)
    site = SiteProfile.model_validate(
        {"name": "test", "sources": [_spec(server, smbd.READER_USER)]}
    )
    snapshot = collect_site(site, tmp_path, NOW)
    [source] = snapshot.sources
    assert source.status is CollectionStatus.partial
    folder = rf"{DOMAIN}\Policies\{GPO_HIDDEN}"
    assert source.reason == (
        rf"\\127.0.0.1\SYSVOL\{folder}: cannot list "
        rf"(\\{server.address}\SYSVOL\{folder}: not opened (STATUS_ACCESS_DENIED))"
    )
    assert source.warnings == [source.reason]
    guids = {g.guid: g for g in snapshot.policy.gpos}
    assert guids[GPO_HIDDEN.strip("{}").lower()].audit == []
    assert len(guids[GPO_OCMW.strip("{}").lower()].audit) == 1
