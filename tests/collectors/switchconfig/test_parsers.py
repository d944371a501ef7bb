"""The three dialect parsers on fixtures that cover every pitfall (tests/fixtures/switchconfig)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kszcheck.collectors.switchconfig.collect import parse_config
from kszcheck.collectors.switchconfig.lines import Parsed
from kszcheck.model.network import ParseReport, Port, PortMode

FIXTURES = Path(__file__).parents[2] / "fixtures" / "switchconfig"


def parse(name: str) -> tuple[Parsed, ParseReport]:
    parsed, report = parse_config((FIXTURES / name).read_bytes(), name)
    assert parsed is not None, report.reason
    return parsed, report


def summary(port: Port) -> tuple[object, ...]:
    allowed = "all" if len(port.allowed_vlans) == 4094 else port.allowed_vlans
    return (port.mode.value, port.access_vlan, port.native_vlan, allowed, port.shutdown)


@pytest.fixture(scope="module")
def ios() -> tuple[Parsed, ParseReport]:
    return parse("ios-pitfalls.cfg")


def test_ios_vlans(ios: tuple[Parsed, ParseReport]) -> None:
    parsed, _ = ios
    assert {v.vlan_id: v.name for v in parsed.vlans.values()} == {
        10: "", 20: "", 30: "SOCIALE-DIENST", 40: "", 41: "", 42: "", 99: "BEHEER",
    }  # fmt: skip


def test_ios_ports(ios: tuple[Parsed, ParseReport]) -> None:
    ports = ios[0].ports
    for name in ("GigabitEthernet1/0/1", "GigabitEthernet1/0/3", "GigabitEthernet1/0/7"):
        assert summary(ports[name]) == ("access", 30, None, [], False)
        assert ports[name].voice_vlan == 42
    assert "GigabitEthernet1/0/5" in ports and "GigabitEthernet1/0/4" in ports
    assert summary(ports["GigabitEthernet1/0/4"]) == ("dynamic", 10, None, [], False)
    assert summary(ports["GigabitEthernet1/0/5"]) == ("access", 1, None, [], False)
    assert summary(ports["GigabitEthernet1/0/6"]) == ("access", 20, None, [], True)
    assert summary(ports["GigabitEthernet1/0/8"]) == ("trunk", None, 30, "all", False)
    assert ports["GigabitEthernet1/0/9"].allowed_vlans == [
        1, 2, 3, 4, 6, 7, 8, 9, 10, 20, 30, 31, 32, 99, 100, 101, 102,
    ]  # fmt: skip
    assert ports["GigabitEthernet1/0/10"].allowed_vlans == list(range(4001, 4095))
    assert ports["GigabitEthernet1/0/11"].allowed_vlans == []
    assert summary(ports["GigabitEthernet1/0/12"])[3] == "all"
    assert ports["GigabitEthernet1/0/12"].trunk_group == "Port-channel1"
    assert summary(ports["Port-channel1"]) == ("trunk", None, 1, [10, 30], False)
    assert ports["GigabitEthernet1/0/14"].mode is PortMode.routed
    assert "Loopback0" not in ports


def test_ios_svis_acls_snmp_vty(ios: tuple[Parsed, ParseReport]) -> None:
    parsed, report = ios
    svi = parsed.svis[30]
    assert (svi.name, svi.addresses, svi.secondary) == (
        "Vlan30",
        ["10.30.0.1/24", "10.30.1.1/24"],
        ["10.30.1.1/24"],
    )
    assert (svi.acl_in, svi.acl_out, svi.shutdown) == ("SDZ-IN", "120", False)
    assert parsed.svis[10].shutdown
    assert {a.name: a.kind for a in parsed.acls.values()} == {
        "SDZ-IN": "extended", "MGMT": "standard", "120": "extended", "5": "standard",
    }  # fmt: skip
    entry = parsed.acls["SDZ-IN"].entries[1]
    assert (entry.protocol, entry.source, entry.destination) == (
        "tcp",
        "10.30.0.0/24",
        "10.31.0.10/32",
    )
    assert [(r.low, r.high) for r in entry.dst_ports] == [(443, 443)]
    snmp = [(s.version, s.access, s.default_community, s.acl, s.view) for s in parsed.device.snmp]
    assert snmp == [
        ("v2c", "ro", True, "", ""),
        ("v2c", "rw", False, "5", ""),
        ("v2c", "ro", False, "MGMT", "LIMITED"),
        ("v3", "rw", False, "MGMT", ""),
    ]
    assert [(v.lines, v.access_class) for v in parsed.vty] == [("0 4", "MGMT"), ("5 15", "")]
    assert report.status.value == "partial"
    assert [(u.line, u.area, u.text) for u in report.unrecognised] == [
        (67, "interface", "switchport mode private-vlan host"),
        (93, "acl", "access-list 120 permit ip 10.0.0.0 0.0.255.0 any"),
    ]


def test_no_secret_is_kept(ios: tuple[Parsed, ParseReport]) -> None:
    dump = ios[0].device.model_dump_json() + ios[1].model_dump_json()
    for secret in ("S3cr3tRW", "AuthPass1", "PrivPass1", "public"):
        assert secret not in dump


def test_mis_indented_interface_is_re_anchored() -> None:
    parsed, report = parse("mis-indented.cfg")
    assert summary(parsed.ports["GigabitEthernet0/1"]) == ("access", 30, None, [], False)
    assert summary(parsed.ports["GigabitEthernet0/2"]) == ("trunk", None, 1, [30, 99], False)
    assert report.warnings == [
        "mis-indented.cfg:6: indented 'interface GigabitEthernet0/2' read as a new stanza, "
        "not as part of the one above"
    ]


def test_procurve() -> None:
    parsed, report = parse("procurve-pitfalls.cfg")
    ports = parsed.ports
    assert parsed.device.name == "SW-BIB 2"
    assert {v.vlan_id: v.name for v in parsed.vlans.values()} == {
        1: "DEFAULT_VLAN", 10: "GEMEENTE", 30: "SOCIALE DIENST", 99: "BEHEER",
    }  # fmt: skip
    assert summary(ports["A1"]) == ("access", 1, None, [], False)
    assert ports["A1"].description == "publieke pc 1"
    assert summary(ports["A2"]) == ("access", 10, None, [], False)
    assert summary(ports["A5"]) == ("access", 1, None, [], True)
    assert summary(ports["A10"]) == ("access", 30, None, [], False)
    assert summary(ports["Trk1"]) == ("trunk", None, None, [10, 30, 99], False)
    assert summary(ports["Trk2"]) == ("access", 30, None, [], False)
    assert summary(ports["A20"]) == ("trunk", None, 1, [1, 99], False)
    assert (ports["A23"].trunk_group, ports["B2"].trunk_group) == ("Trk1", "Trk2")
    groups = [(t.name, t.members, t.protocol) for t in parsed.trunk_groups.values()]
    assert groups == [("Trk1", ["A23", "A24"], "lacp"), ("Trk2", ["B1", "B2"], "static")]
    svi = parsed.svis[30]
    assert (svi.addresses, svi.secondary, svi.acl_in) == (
        ["10.30.0.2/24", "10.30.9.2/24"],
        ["10.30.9.2/24"],
        "SDZ-IN",
    )
    assert parsed.svis[99].addresses == ["10.99.0.21/24"] and 1 not in parsed.svis
    deny = parsed.acls["SDZ-IN"].entries[1]
    assert (deny.source, deny.destination) == ("any", "any")
    snmp = [(s.access, s.default_community, s.view) for s in parsed.device.snmp]
    assert snmp == [("rw", True, "operator"), ("ro", False, "manager"), ("ro", False, "")]
    assert [(v.lines, v.access_class) for v in parsed.vty] == [("telnet/ssh/web", "")]
    assert [(u.line, u.area, u.text) for u in report.unrecognised] == [
        (45, "vlan", "forbid A21"),
        (47, "vlan", "vlan 4095"),
    ]


def test_comware() -> None:
    parsed, report = parse("comware-pitfalls.cfg")
    ports = parsed.ports
    assert parsed.device.name == "SW-OCMW-3"
    assert sorted(parsed.vlans) == [1, 10, 11, 12, 13, 30, 99]
    assert summary(ports["Bridge-Aggregation1"]) == ("trunk", None, 99, [1, 10, 11, 13, 30], False)
    assert summary(ports["GigabitEthernet1/0/1"]) == ("access", 30, None, [], False)
    assert summary(ports["GigabitEthernet1/0/2"]) == ("access", 1, None, [], True)
    assert summary(ports["GigabitEthernet1/0/3"]) == ("trunk", None, 1, [100, 101, 102], False)
    assert summary(ports["GigabitEthernet1/0/4"]) == ("trunk", None, 1, "all", False)
    assert summary(ports["GigabitEthernet1/0/5"]) == ("trunk", None, 99, [1, 10, 30, 99], False)
    assert ports["GigabitEthernet1/0/6"].trunk_group == "Bridge-Aggregation1"
    svi = parsed.svis[30]
    assert (svi.name, svi.addresses, svi.secondary, svi.acl_in) == (
        "Vlan-interface30",
        ["10.30.0.3/24", "10.30.8.3/24"],
        ["10.30.8.3/24"],
        "3000",
    )
    texts = [(e.action, e.text) for e in parsed.acls["3000"].entries]
    assert texts[:3] == [
        ("permit", "tcp 10.30.0.0 0.0.0.255 host 10.31.0.10 eq 443"),
        ("permit", "udp any any range 53 54"),
        ("deny", "ip any any"),
    ]
    assert parsed.acls["2001"].kind == "standard"
    snmp = [(s.version, s.access, s.default_community, s.acl) for s in parsed.device.snmp]
    assert snmp == [("v2c", "ro", True, ""), ("v2c", "rw", False, "2001")]
    assert [(v.lines, v.access_class) for v in parsed.vty] == [("0 4", "")]
    assert [(u.line, u.area) for u in report.unrecognised] == [(19, "acl"), (71, "interface")]
