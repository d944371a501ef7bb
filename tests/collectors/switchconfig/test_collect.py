"""The switchconfig source: files, folders and globs; failed and partial files."""

from __future__ import annotations

import random
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.collectors.run import collect_site
from kszcheck.collectors.switchconfig.collect import collect
from kszcheck.model.errors import InputError
from kszcheck.model.provenance import CollectionStatus
from kszcheck.model.site import SiteProfile, SourceSpec

FIXTURES = Path(__file__).parents[2] / "fixtures" / "switchconfig"
EXAMPLE = Path(__file__).parents[3] / "inventories" / "example" / "switches"
NOW = datetime(2026, 11, 22, tzinfo=UTC)
KINDS = ["network.devices", "network.vlans", "network.ports", "network.svis", "network.acls"]


def spec(path: str, **options: str) -> SourceSpec:
    return SourceSpec(id="sw", type="switchconfig", path=path, options=dict(options))


def test_example_folder_reads_three_dialects() -> None:
    got = collect(spec("."), EXAMPLE, NOW)
    reports = [(r.file, r.dialect, r.device, r.status.value) for r in got.network.parse_reports]
    assert reports == [
        ("acc-sw01.cfg", "procurve", "ACC-SW01", "parsed"),
        ("acc-sw02.cfg", "comware", "ACC-SW02", "parsed"),
        ("core-sw01.cfg", "ios", "CORE-SW01", "parsed"),
    ]
    assert (got.missing, got.partial, got.warnings) == ([], False, [])
    assert [d.name for d in got.network.devices] == ["ACC-SW01", "ACC-SW02", "CORE-SW01"]
    ports = [p.name for p in got.network.ports if p.device == "CORE-SW01"]
    assert ports[:3] == ["GigabitEthernet1/0/1", "GigabitEthernet1/0/2", "GigabitEthernet1/0/3"]
    assert ports[-3:] == [
        "GigabitEthernet1/0/24",
        "TenGigabitEthernet1/0/1",
        "TenGigabitEthernet1/0/2",
    ]


def test_failed_file_makes_network_kinds_missing(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "mis-indented.cfg", tmp_path / "good.cfg")
    (tmp_path / "noise.bin").write_bytes(random.Random(4).randbytes(2048))
    (tmp_path / "notes.txt").write_text("the switch in the cellar was replaced\n")
    (tmp_path / "README.md").write_text("not a configuration")
    got = collect(spec("."), tmp_path, NOW)
    assert got.missing == KINDS
    assert got.reason == (
        "noise.bin: not a text configuration file; notes.txt: configuration dialect not "
        "recognised (known: ios, procurve, comware, aruba-cx)"
    )
    assert [d.name for d in got.network.devices] == ["SW-MISINDENT"]
    assert [r.status.value for r in got.network.parse_reports] == ["parsed", "failed", "failed"]


def test_all_files_failed_fails_the_source(tmp_path: Path) -> None:
    (tmp_path / "noise.bin").write_bytes(random.Random(5).randbytes(512))
    site = SiteProfile(name="t", sources=[spec("noise.bin")])
    snapshot = collect_site(site, tmp_path, NOW)
    source = snapshot.sources[0]
    assert (source.status, source.reason) == (
        CollectionStatus.failed,
        "noise.bin: not a text configuration file",
    )
    assert "network.svis" in source.provides


def test_partial_file_and_glob(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "ios-pitfalls.cfg", tmp_path / "a.cfg")
    shutil.copy(FIXTURES / "comware-pitfalls.cfg", tmp_path / "b.txt")
    got = collect(spec("*.cfg"), tmp_path, NOW)
    assert [r.file for r in got.network.parse_reports] == ["a.cfg"]
    # a partial parse lowers coverage: the kinds of the lines not understood are missing
    assert got.partial and got.missing == ["network.ports", "network.acls"]
    assert got.reason == "a.cfg: 2 line(s) not understood (first: line 67)"
    assert got.warnings == [
        "a.cfg:67: not understood (interface): switchport mode private-vlan host",
        "a.cfg:93: not understood (acl): access-list 120 permit ip 10.0.0.0 0.0.255.0 any",
    ]


def test_vendor_option(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "mis-indented.cfg", tmp_path / "x.cfg")
    with pytest.raises(OSError, match=r"x\.cfg: no VLANs, interfaces or SNMP settings found as"):
        collect(spec("x.cfg", vendor="procurve"), tmp_path, NOW)
    assert (
        collect(spec("x.cfg", vendor="cisco"), tmp_path, NOW).network.devices[0].platform == "ios"
    )
    with pytest.raises(InputError, match=r"options\.vendor 'juniper' is not one of"):
        collect(spec("x.cfg", vendor="juniper"), tmp_path, NOW)


def test_same_hostname_in_two_files_is_keyed_by_file(tmp_path: Path) -> None:
    for name in ("a.cfg", "b.cfg"):
        shutil.copy(FIXTURES / "mis-indented.cfg", tmp_path / name)
    got = collect(spec("."), tmp_path, NOW)
    assert got.reason == ""
    assert got.missing == []
    assert [d.name for d in got.network.devices] == ["SW-MISINDENT@a.cfg", "SW-MISINDENT@b.cfg"]
    assert [r.device for r in got.network.parse_reports] == [
        "SW-MISINDENT@a.cfg",
        "SW-MISINDENT@b.cfg",
    ]
    assert {p.device for p in got.network.ports} == {"SW-MISINDENT@a.cfg", "SW-MISINDENT@b.cfg"}
    assert "a.cfg: hostname 'SW-MISINDENT' is used by 2 files; this device is named " in "".join(
        got.warnings
    )


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        collect(spec("absent"), tmp_path, NOW)


def test_hosts_option_attaches_endpoints(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "mis-indented.cfg", tmp_path / "sw.cfg")
    (tmp_path / "hosts.csv").write_text(
        "device,port,host\nSW-MISINDENT,Gi0/1,SD-PC01\nSW-MISINDENT,Gi0/9,GEM-PC01\n# rows: 2\n"
    )
    got = collect(spec("sw.cfg", hosts="hosts.csv"), tmp_path, NOW)
    assert got.provides[-1] == "network.hosts"
    assert "network.hosts" not in got.missing
    assert {p.name: p.hosts for p in got.network.ports} == {
        "GigabitEthernet0/1": ["SD-PC01"],
        "GigabitEthernet0/2": [],
    }
    assert (
        got.warnings[-1] == "hosts.csv:3: port Gi0/9 of SW-MISINDENT is not in the configurations"
    )
    (tmp_path / "bad.csv").write_text("switch,port\n")
    with pytest.raises(InputError, match="header must start with device,port,host"):
        collect(spec("sw.cfg", hosts="bad.csv"), tmp_path, NOW)


def test_a_hosts_export_without_its_closing_line_leaves_the_hosts_missing(
    tmp_path: Path,
) -> None:
    """A port-hosts export cut at a row boundary still parses: without its closing line the
    hosts are not proven complete, so network.hosts is missing and KSZ-NET-001 not assessed."""
    shutil.copy(FIXTURES / "mis-indented.cfg", tmp_path / "sw.cfg")
    (tmp_path / "hosts.csv").write_text("device,port,host\nSW-MISINDENT,Gi0/1,SD-PC01\n")
    got = collect(spec("sw.cfg", hosts="hosts.csv"), tmp_path, NOW)
    assert got.missing == ["network.hosts"]
    assert got.reason == (
        "hosts.csv: no closing line '# rows: N', so a file cut at a row boundary cannot be told "
        "apart from a complete one (1 rows read); end the list with '# rows: 1' once it is "
        "checked complete"
    )
    (tmp_path / "hosts.csv").write_text("device,port,host\nSW-MISINDENT,Gi0/1,SD-PC01\n# rows: 2\n")
    got = collect(spec("sw.cfg", hosts="hosts.csv"), tmp_path, NOW)
    assert got.missing == ["network.hosts"]
    assert got.warnings[-1] == (
        "hosts.csv:3: onvolledig / incomplete: slotregel / closing line 2, gelezen / read 1"
    )
