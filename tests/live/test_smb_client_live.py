"""The SMB reading client (kszcheck/collectors/smb_client.py) against a real Samba smbd on
127.0.0.1: SMB 3.1.1 with signing, listing, reading, security descriptors, refusals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kszcheck.collectors.security_descriptor import parse_security_descriptor
from kszcheck.collectors.smb_client import SmbClient, SmbError, SmbTarget
from tests.live import smb_estate
from tests.peers import smbd


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[smbd.FileServer]:
    running = smb_estate.start_estate(tmp_path_factory.mktemp("smbd-client"))
    try:
        yield running
    finally:
        running.stop()


def _admin(server: smbd.FileServer, **options: object) -> SmbClient:
    target = SmbTarget(host=server.host, port=server.port, username=smbd.ADMIN_USER, **options)  # type: ignore[arg-type]
    return SmbClient(target, smbd.ADMIN_PASSWORD)


def test_session_is_smb3_and_signed(server: smbd.FileServer) -> None:
    with _admin(server) as client:
        info = client.info
    assert (info.dialect, info.signing, info.encryption) == ("3.1.1", True, False)


def test_encryption_when_required(server: smbd.FileServer) -> None:
    with _admin(server, require_encryption=True) as client:
        info = client.info
        names = [e.name for e in client.list_directory("SocialeDienst")]
    assert info.encryption is True
    assert names == ["Dossiers", "Leefloon"]


def test_lists_folders_and_reads_a_file(server: smbd.FileServer) -> None:
    with _admin(server) as client:
        root = client.list_directory("SocialeDienst")
        below = client.list_directory("SocialeDienst", "Leefloon")
        data = client.read_file("SocialeDienst", "Leefloon/GPT.INI")
    assert [(e.name, e.is_dir) for e in root] == [("Dossiers", True), ("Leefloon", True)]
    assert [(e.name, e.is_dir, e.size) for e in below] == [("GPT.INI", False, len(data))]
    assert data == smb_estate.GPT_INI


def test_reads_the_ntfs_acl_planted_by_samba(server: smbd.FileServer) -> None:
    with _admin(server) as client:
        blob = client.security_descriptor("SocialeDienst", "Dossiers")
    sd = parse_security_descriptor(blob)
    assert sd.owner_sid == "S-1-5-32-544"
    assert [(a.ace_type, a.trustee_sid, a.mask) for a in sd.dacl] == [
        ("allow", "S-1-5-32-544", 0x1F01FF),
        ("allow", smb_estate.SD_SHARE_RW, 0x1301BF),
        ("allow", smb_estate.LOCAL_USER, 0x1200A9),
        ("deny", "S-1-5-32-545", 0x1301BF),
    ]


def test_wrong_password_is_one_line_without_the_secret(server: smbd.FileServer) -> None:
    target = SmbTarget(host=server.host, port=server.port, username=smbd.ADMIN_USER)
    with pytest.raises(SmbError) as caught:
        SmbClient(target, "Fout-Wachtwoord-99").connect()
    text = str(caught.value)
    assert text == f"{server.address}: logon as 'root' refused"
    assert "Fout-Wachtwoord-99" not in text


def test_refused_share_and_missing_file_name_the_path(server: smbd.FileServer) -> None:
    with _admin(server) as client:
        with pytest.raises(SmbError) as refused:
            client.list_directory("Afgeschermd")
        with pytest.raises(SmbError) as missing:
            client.read_file("SocialeDienst", "Leefloon/geen.txt")
    assert refused.value.status == "STATUS_ACCESS_DENIED"
    assert str(refused.value).startswith(rf"\\{server.address}\Afgeschermd: share not opened")
    assert missing.value.status == "STATUS_OBJECT_NAME_NOT_FOUND"
    assert str(missing.value) == (
        rf"\\{server.address}\SocialeDienst\Leefloon/geen.txt: not opened "
        "(STATUS_OBJECT_NAME_NOT_FOUND)"
    )


def test_no_server_listening(tmp_path: Path) -> None:
    port = smbd.free_tcp_port()
    with pytest.raises(SmbError) as caught:
        SmbClient(SmbTarget(host="127.0.0.1", port=port, timeout=3), "x").connect()
    assert str(caught.value).startswith(f"127.0.0.1:{port}: no SMB 2/3 connection")
