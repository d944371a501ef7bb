"""The SMB collector (source type smb) against a real Samba smbd on 127.0.0.1 with rights
planted by Samba's own tools (tests/live/smb_estate.py): shares, share permissions, NTFS
rights two levels deep, local SIDs, negotiated signing/encryption, partial collections, and
the recorded collection read back by the smb_recorded source."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.collectors.run import collect_site
from kszcheck.model.fileshares import SmbAce
from kszcheck.model.provenance import CollectionStatus
from kszcheck.model.site import SiteProfile
from kszcheck.model.snapshot import Snapshot
from tests.live import smb_estate
from tests.peers import smbd

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
HOST = "127.0.0.1"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[smbd.FileServer]:
    running = smb_estate.start_estate(tmp_path_factory.mktemp("smbd-collector"))
    try:
        yield running
    finally:
        running.stop()


def _site(targets: list[str], **options: object) -> SiteProfile:
    return SiteProfile.model_validate(
        {
            "name": "test",
            "sources": [
                {
                    "id": "fileservers",
                    "type": "smb",
                    "targets": targets,
                    "username": smbd.ADMIN_USER,
                    "password": {"env": "KSZ_TEST_SMB_PASSWORD"},
                    "options": options,
                }
            ],
        }
    )


def _collect(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, targets: list[str], **options: object
) -> Snapshot:
    monkeypatch.setenv("KSZ_TEST_SMB_PASSWORD", smbd.ADMIN_PASSWORD)
    return collect_site(_site(targets, **options), tmp_path, NOW)


def _aces(aces: list[SmbAce] | None) -> list[tuple[str, str, str, str]]:
    return [(a.ace_type, a.trustee_sid, a.rights.value, a.local_to) for a in aces or []]


def test_shares_share_permissions_and_ntfs_rights(
    server: smbd.FileServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    snapshot = _collect(monkeypatch, tmp_path, [server.address])
    facts = snapshot.smb
    [srv] = facts.servers
    assert (srv.name, srv.reached, srv.dialect, srv.signing, srv.encryption) == (
        HOST,
        True,
        "3.1.1",
        True,
        False,
    )
    assert srv.machine_sid == smbd.MACHINE_SID
    shares = {s.name: s for s in facts.shares}
    assert sorted(shares) == ["Afgeschermd", "Algemeen", "SocialeDienst"]
    assert shares["SocialeDienst"].path.endswith("\\shares\\SocialeDienst")
    assert _aces(shares["SocialeDienst"].acl) == [
        ("allow", "S-1-1-0", "full", ""),
        ("allow", "S-1-5-32-544", "full", HOST),
    ]
    assert _aces(shares["Algemeen"].acl) == [("allow", "S-1-5-11", "change", "")]
    folders = {(f.share, f.path): f for f in facts.folders}
    assert sorted(p for s, p in folders if s == "SocialeDienst") == ["", "Dossiers", "Leefloon"]
    root = folders[("SocialeDienst", "")]
    assert (root.owner_sid, root.protected) == ("S-1-5-32-544", True)
    assert _aces(root.dacl) == [
        ("allow", "S-1-5-32-544", "full", HOST),
        ("allow", smb_estate.SD_SHARE_RW, "change", ""),
        ("allow", "S-1-1-0", "change", ""),
        ("allow", smb_estate.DOMAIN_USERS, "read", ""),
    ]
    dossiers = folders[("SocialeDienst", "Dossiers")]
    assert (dossiers.depth, dossiers.protected) == (1, True)
    assert _aces(dossiers.dacl) == [
        ("allow", "S-1-5-32-544", "full", HOST),
        ("allow", smb_estate.SD_SHARE_RW, "change", ""),
        ("allow", smb_estate.LOCAL_USER, "read", HOST),
        ("deny", "S-1-5-32-545", "change", HOST),
    ]
    leefloon = folders[("SocialeDienst", "Leefloon")]
    assert [a.inherited for a in leefloon.dacl] == [True, True]


def test_unreadable_share_makes_the_source_partial(
    server: smbd.FileServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    snapshot = _collect(monkeypatch, tmp_path, [server.address])
    [source] = snapshot.sources
    assert source.status is CollectionStatus.partial
    assert source.missing == ["smb.acls"]
    assert rf"\\{HOST}:{server.port}\Afgeschermd: share not opened (STATUS_ACCESS_DENIED)" in (
        source.reason
    )
    [blocked] = [f for f in snapshot.smb.folders if f.share == "Afgeschermd"]
    assert blocked.dacl == [] and "STATUS_ACCESS_DENIED" in blocked.error


def test_only_the_named_shares_two_levels_deep(
    server: smbd.FileServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    snapshot = _collect(monkeypatch, tmp_path, [server.address], shares=["SocialeDienst"], depth=2)
    [source] = snapshot.sources
    assert source.status is CollectionStatus.complete
    assert [s.name for s in snapshot.smb.shares] == ["SocialeDienst"]
    assert [f.path for f in snapshot.smb.folders] == [
        "",
        "Dossiers",
        "Leefloon",
        "Dossiers\\2026",
    ]


def test_unreachable_server_is_partial_never_complete(
    server: smbd.FileServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dead = f"127.0.0.1:{smbd.free_tcp_port()}"
    snapshot = _collect(
        monkeypatch, tmp_path, [server.address, dead], shares=["SocialeDienst"], timeout=3
    )
    [source] = snapshot.sources
    assert source.status is CollectionStatus.partial
    assert source.missing == ["smb.acls", "smb.shares"]
    assert f"{dead}: no SMB 2/3 connection" in source.reason
    assert [(s.address, s.reached) for s in snapshot.smb.servers] == [
        (server.address, True),
        (dead, False),
    ]


def test_wrong_password_fails_the_source_without_the_secret(
    server: smbd.FileServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KSZ_TEST_SMB_PASSWORD", "Niet-Het-Wachtwoord-7")
    snapshot = collect_site(_site([server.address]), tmp_path, NOW)
    [source] = snapshot.sources
    assert source.status is CollectionStatus.failed
    assert source.reason == f"{server.address}: logon as 'root' refused"
    assert "Niet-Het-Wachtwoord-7" not in snapshot.model_dump_json()


def test_encryption_required_is_recorded(
    server: smbd.FileServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    snapshot = _collect(
        monkeypatch, tmp_path, [server.address], shares=["Algemeen"], require_encryption=True
    )
    [srv] = snapshot.smb.servers
    assert (srv.signing, srv.encryption) == (True, True)


def test_recorded_collection_reads_back_the_same(
    server: smbd.FileServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    live = _collect(monkeypatch, tmp_path, [server.address], record="smb-facts.json")
    recorded_site = SiteProfile.model_validate(
        {
            "name": "test",
            "sources": [{"id": "smb-op-locatie", "type": "smb_recorded", "path": "smb-facts.json"}],
        }
    )
    replay = collect_site(recorded_site, tmp_path, NOW)
    assert replay.smb == live.smb
    [source] = replay.sources
    assert (source.status, source.missing) == (CollectionStatus.partial, ["smb.acls"])
    assert source.reason == live.sources[0].reason
    assert source.warnings == [
        "SMB-gegevens opgenomen op 2026-12-05 / SMB facts recorded on 2026-12-05 (smb-facts.json)"
    ]
    assert smbd.ADMIN_PASSWORD not in (tmp_path / "smb-facts.json").read_text()


def test_example_smb_recording_is_real_collector_output(tmp_path: Path) -> None:
    """inventories/example/smb-facts.json is what the collector reads from the planted server
    (tests/live/record_example_smb.py), apart from the names it documents."""
    from kszcheck.model.fileshares import SmbCollection
    from tests.live import record_example_smb

    smb_estate.require_smbd()
    fresh = record_example_smb.record(tmp_path)
    shipped = SmbCollection.model_validate_json(record_example_smb.EXAMPLE.read_text("utf-8"))
    assert fresh == shipped
