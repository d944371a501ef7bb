"""The smb and smb_recorded sources: settings, default targets, recorded files, completeness
(pure parts; the live tests read a real smbd)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from kszcheck.collectors.base import SourceFailed
from kszcheck.collectors.smb import ServerRead, combine, load_recorded, read_settings
from kszcheck.collectors.smb_targets import smb_default_targets
from kszcheck.model.errors import InputError
from kszcheck.model.fileshares import SmbServer
from kszcheck.model.inventory import Server
from kszcheck.model.site import SiteProfile, SourceSpec
from kszcheck.model.snapshot import Snapshot

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def _spec(**fields: object) -> SourceSpec:
    base: dict[str, object] = {
        "id": "fs",
        "type": "smb",
        "username": "VOORBEELD\\svc_kszcheck",
        "password": {"env": "KSZ_SMB"},
    }
    return SourceSpec.model_validate(base | fields)


def test_settings_defaults_and_bad_options() -> None:
    settings = read_settings(_spec())
    assert (settings.depth, settings.allow_unsigned, settings.require_encryption) == (
        1,
        False,
        False,
    )
    with pytest.raises(InputError, match=r"unknown option\(s\) dept "):
        read_settings(_spec(options={"dept": 1}))
    with pytest.raises(InputError, match="option 'depth' must be 0 to 3, not 7"):
        read_settings(_spec(options={"depth": 7}))
    with pytest.raises(InputError, match="option 'allow_unsigned' has the wrong type"):
        read_settings(_spec(options={"allow_unsigned": "yes"}))


def test_spec_needs_a_user_and_a_password_by_reference() -> None:
    with pytest.raises(ValidationError, match="needs a 'username'"):
        SourceSpec.model_validate({"id": "fs", "type": "smb", "password": {"env": "X"}})
    with pytest.raises(ValidationError, match="never written in the site profile"):
        _spec(password="geheim")


def test_default_targets_are_the_zone_servers_by_fqdn() -> None:
    site = SiteProfile.model_validate(
        {
            "name": "t",
            "zones": [
                {
                    "id": "sdz",
                    "kind": "social_data",
                    "servers": ["SRV-SOC01"],
                    "shares": ["\\\\SRV-FILE02\\SocialeDienst", "\\\\srv-soc01\\app$"],
                }
            ],
        }
    )
    snapshot = Snapshot()
    snapshot.inventory.servers = [
        Server(name="SRV-FILE02", fqdn="srv-file02.voorbeeld.local"),
        Server(name="SRV-FILE01", fqdn="srv-file01.voorbeeld.local"),
    ]
    assert smb_default_targets(site, snapshot, _spec()) == [
        "SRV-SOC01",
        "srv-file02.voorbeeld.local",
    ]
    everything = _spec(options={"all_servers": True})
    assert smb_default_targets(site, snapshot, everything) == [
        "SRV-SOC01",
        "srv-file02.voorbeeld.local",
        "srv-file01.voorbeeld.local",
    ]


def test_no_server_reached_fails_one_unsigned_server_warns() -> None:
    down = ServerRead(
        SmbServer(name="fs2", address="fs2"),
        missing={"smb.shares", "smb.acls"},
        problems=["fs2: no SMB 2/3 connection (timeout)"],
    )
    with pytest.raises(SourceFailed, match=r"^fs2: no SMB 2/3 connection \(timeout\)$"):
        combine([down], NOW)
    unsigned = ServerRead(SmbServer(name="fs1", address="fs1", reached=True, signing=False))
    collection = combine([unsigned, down], NOW)
    assert collection.missing == ["smb.acls", "smb.shares"]
    assert collection.reason == "fs2: no SMB 2/3 connection (timeout)"
    assert collection.warnings == [
        "fs1: SMB zonder ondertekening (allow_unsigned) / SMB without signing "
        "(allow_unsigned): the traffic can be altered on the way"
    ]


def test_recorded_file_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "smb.json"
    bad.write_text('{\n  "format": ', encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON") as caught:
        load_recorded(bad)
    assert str(bad) in str(caught.value)
    bad.write_text('{"format": "iets anders", "version": 1}', encoding="utf-8")
    with pytest.raises(InputError, match=r"not a recorded SMB collection \(format: "):
        load_recorded(bad)


def test_shipped_example_recording_loads() -> None:
    example = Path(__file__).parents[2] / "inventories" / "example" / "smb-facts.json"
    collection = load_recorded(example)
    assert [s.unc for s in collection.facts.shares] == [
        r"\\SRV-FILE02\SocialeDienst",
        r"\\SRV-FILE02\SD_Scan$",
        r"\\SRV-FILE01\Algemeen",
        r"\\SRV-FILE01\Burgerzaken",
        r"\\SRV-FILE01\Financien",
        r"\\SRV-FILE01\Archief",
        r"\\SRV-FILE01\Uitwisseling",
    ]
    assert collection.missing == []
