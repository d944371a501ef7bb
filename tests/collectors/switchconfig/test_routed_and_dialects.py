"""Routed ports, lines that were not attached, Aruba-CX, stacked and headerless ProCurve: each
fixture in tests/fixtures/switchconfig (written for this project from the vendors' documented
syntax, see ORIGIN.md) with every fact it must give, and the lines it must report."""

from __future__ import annotations

from pathlib import Path

import pytest

from kszcheck.collectors.switchconfig.collect import parse_config
from kszcheck.collectors.switchconfig.detect import detect
from kszcheck.collectors.switchconfig.lines import Parsed
from kszcheck.model.network import Layer3Interface, ParseReport, ParseStatus, Port

FIXTURES = Path(__file__).parents[2] / "fixtures" / "switchconfig"


def parse(name: str, dialect: str = "") -> tuple[Parsed, ParseReport]:
    parsed, report = parse_config((FIXTURES / name).read_bytes(), name, dialect)
    assert parsed is not None, report.reason
    return parsed, report


def port(item: Port) -> tuple[object, ...]:
    allowed = "all" if len(item.allowed_vlans) == 4094 else item.allowed_vlans
    return (
        item.mode.value, item.access_vlan, item.native_vlan, allowed, item.shutdown,
        item.trunk_group, item.acl_in, item.acl_out,
    )  # fmt: skip


def layer3(item: Layer3Interface) -> tuple[object, ...]:
    return (item.addresses, item.secondary, item.vrf, item.acl_in, item.acl_out, item.shutdown)


def unrecognised(report: ParseReport) -> list[tuple[int, str, str]]:
    return [(u.line, u.area, u.text) for u in report.unrecognised]


# --- Cisco IOS ----------------------------------------------------------------------------------


def test_ios_routed_ports_dialer_and_port_acl() -> None:
    parsed, report = parse("ios-routed.cfg")
    assert report.status is ParseStatus.parsed
    assert {name: layer3(r) for name, r in parsed.routed.items()} == {
        "GigabitEthernet1/0/1": (["10.31.255.1/30"], [], "SOCIAAL", "SDZ-IN", "SDZ-OUT", False),
        "GigabitEthernet1/0/2": (
            ["10.21.0.1/24", "10.21.1.1/24"], ["10.21.1.1/24"], "", "110", "", False,
        ),
        "GigabitEthernet1/0/4": ([], [], "", "", "", True),
        "Dialer1": ([], [], "", "INTERNET-IN", "", False),
    }  # fmt: skip
    assert "Loopback0" not in parsed.routed
    assert port(parsed.ports["GigabitEthernet1/0/1"])[0] == "routed"
    assert port(parsed.ports["GigabitEthernet1/0/3"]) == (
        "access", 20, None, [], False, "", "PORT-FILTER", "",
    )  # fmt: skip
    assert layer3(parsed.svis[20]) == (["10.20.0.1/24"], [], "", "", "", False)


def test_ios_pasted_script_gives_no_port_facts_and_lists_the_lines() -> None:
    parsed, report = parse("ios-pasted-script.cfg")
    assert report.status is ParseStatus.partial
    assert unrecognised(report) == [
        (8, "interface", "interface range GigabitEthernet1/0/1 - 4"),
        (9, "interface", "switchport mode access"),
        (10, "interface", "switchport access vlan 30"),
    ]
    # Not "dynamic in VLAN 1": the four ports of the range have no facts at all.
    assert list(parsed.ports) == ["GigabitEthernet1/0/5"]
    assert port(parsed.ports["GigabitEthernet1/0/5"])[:2] == ("access", 30)
    assert list(parsed.vlans) == [30]


# --- HPE Comware --------------------------------------------------------------------------------


def test_comware_link_mode_route_and_packet_filters() -> None:
    parsed, report = parse("comware-routed.cfg")
    assert {name: layer3(r) for name, r in parsed.routed.items()} == {
        "GigabitEthernet1/0/1": (["10.31.254.1/30"], [], "SOCIAAL", "3001", "SDZ-OUT", False),
        "GigabitEthernet1/0/2": (["10.22.0.1/24"], [], "", "", "", False),
    }
    # Routed, not access VLAN 1.
    assert port(parsed.ports["GigabitEthernet1/0/1"]) == (
        "routed", None, None, [], False, "", "", "",
    )  # fmt: skip
    assert port(parsed.ports["GigabitEthernet1/0/3"]) == (
        "access", 20, None, [], False, "", "3001", "",
    )  # fmt: skip
    # The interface whose command stands at column 0 gives no facts and is listed.
    assert "GigabitEthernet1/0/4" not in parsed.ports
    assert unrecognised(report) == [
        (29, "interface", "interface GigabitEthernet1/0/4"),
        (30, "interface", "port access vlan 20"),
    ]


# --- HPE ProCurve / ArubaOS-Switch -------------------------------------------------------------


def test_headerless_procurve_fragment_is_detected_and_read() -> None:
    text = (FIXTURES / "procurve-fragment.cfg").read_text()
    assert detect(text) == "procurve"
    parsed, report = parse("procurve-fragment.cfg")
    assert (report.dialect, report.status) == ("procurve", ParseStatus.parsed)
    ports = parsed.ports
    assert [p for p in ports if ports[p].access_vlan == 10] == [
        *(f"1/{n}" for n in range(1, 21)), *(f"2/{n}" for n in range(1, 21)),
    ]  # fmt: skip
    assert [p for p in ports if ports[p].access_vlan == 30] == [
        "1/21", "1/22", "1/23", "1/24", "2/A1", "2/A2",
    ]  # fmt: skip
    assert port(ports["Trk1"]) == ("trunk", None, None, [30], False, "", "", "")
    assert layer3(parsed.svis[10]) == (["10.10.0.2/24"], [], "", "", "", False)


def test_declared_vendor_wins_over_detection() -> None:
    data = (FIXTURES / "procurve-fragment.cfg").read_bytes()
    _, detected = parse_config(data, "f.cfg")
    forced, report = parse_config(data, "f.cfg", "comware")
    assert (detected.dialect, report.dialect) == ("procurve", "comware")
    assert forced is None or not forced.ports


def test_stacked_procurve_names() -> None:
    parsed, report = parse("procurve-stacked.cfg")
    assert report.status is ParseStatus.parsed
    ports = parsed.ports
    assert parsed.trunk_groups["Trk1"].members == ["1/49", "2/49"]
    assert parsed.trunk_groups["Trk1"].protocol == "lacp"
    assert port(ports["1/49"])[5] == "Trk1"
    assert port(ports["Trk1"]) == ("trunk", None, None, [30, 40], False, "", "", "")
    assert port(ports["1/A1"]) == ("access", 30, None, [], False, "", "PRINTERS", "")
    assert ports["1/A1"].description == "printer sociale dienst"
    assert port(ports["1/24"])[:2] == ("access", 30)
    assert port(ports["1/25"])[:2] == ("access", 1)
    assert port(ports["2/1"]) == ("access", 40, None, [], True, "", "", "")
    assert layer3(parsed.svis[30]) == (["10.30.0.3/24"], [], "", "", "", False)


# --- Aruba AOS-CX -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cx() -> tuple[Parsed, ParseReport]:
    return parse("arubacx-access.cfg")


def test_aruba_cx_is_detected_not_mistaken_for_ios(cx: tuple[Parsed, ParseReport]) -> None:
    parsed, report = cx
    assert (report.dialect, parsed.device.name, parsed.device.platform) == (
        "aruba-cx", "CX-SOCIAAL-HUIS", "aruba-cx",
    )  # fmt: skip
    assert report.status is ParseStatus.parsed
    assert report.warnings == [
        "arubacx-access.cfg:62: interface 1/1/5 says neither 'routing' nor 'no routing' nor a "
        "VLAN; its mode depends on the platform and is not read"
    ]


def test_aruba_cx_vlans_and_ports(cx: tuple[Parsed, ParseReport]) -> None:
    parsed, _ = cx
    assert {v.vlan_id: v.name for v in parsed.vlans.values()} == {
        1: "", 10: "GEMEENTE", 30: "SOCIALE-DIENST", 50: "GASTEN", 99: "BEHEER",
    }  # fmt: skip
    ports = parsed.ports
    assert {name: port(p) for name, p in ports.items()} == {
        "lag1": ("trunk", None, 99, [10, 30, 50, 99], False, "", "", ""),
        "1/1/1": ("access", 30, None, [], False, "", "", ""),
        "1/1/2": ("access", 10, None, [], False, "", "", ""),
        "1/1/3": ("access", 1, None, [], False, "", "", ""),
        "1/1/4": ("trunk", None, 10, "all", False, "", "", ""),
        "1/1/6": ("access", 10, None, [], False, "", "GUEST-IN", ""),
        "1/1/47": ("routed", None, None, [], False, "", "", ""),
        "1/1/49": ("access", None, None, [], False, "lag1", "", ""),
        "1/1/50": ("access", None, None, [], False, "lag1", "", ""),
    }
    assert ports["1/1/1"].description == "werkpost sociale dienst"
    assert parsed.trunk_groups["lag1"].members == ["1/1/49", "1/1/50"]


def test_aruba_cx_svis_routed_port_and_acls(cx: tuple[Parsed, ParseReport]) -> None:
    parsed, _ = cx
    assert {vid: (s.name, *layer3(s)) for vid, s in parsed.svis.items()} == {
        10: ("Vlan10", ["10.10.0.1/24"], [], "", "", "", False),
        30: (
            "Vlan30", ["10.30.0.1/24", "10.30.1.1/24"], ["10.30.1.1/24"], "SOCIAAL", "SDZ-IN", "",
            False,
        ),
        50: ("Vlan50", ["10.50.0.1/24"], [], "", "GUEST-IN", "", False),  # the VLAN's ACL
        99: ("Vlan99", ["10.99.0.1/24"], [], "", "", "", False),
    }  # fmt: skip
    assert {n: layer3(r) for n, r in parsed.routed.items()} == {
        "1/1/47": (["10.31.253.1/30"], [], "SOCIAAL", "SDZ-IN", "", False),
    }
    assert [(e.action, e.text) for e in parsed.acls["SDZ-IN"].entries] == [
        ("remark", "alleen HTTPS naar de servers van de sociale dienst"),
        ("permit", "tcp 10.30.0.0/24 host 10.31.0.10 eq 443"),
        ("permit", "udp 10.30.0.0/24 any eq 53"),
        ("deny", "ip any any"),
    ]
    entry = parsed.acls["SDZ-IN"].entries[1]
    assert (entry.protocol, entry.source, entry.destination) == (
        "tcp", "10.30.0.0/24", "10.31.0.10/32",
    )  # fmt: skip
    assert [(e.action, e.destination) for e in parsed.acls["GUEST-IN"].entries] == [
        ("deny", "10.0.0.0/8"), ("permit", "any"),
    ]  # fmt: skip


def test_aruba_cx_snmp_and_management(cx: tuple[Parsed, ParseReport]) -> None:
    parsed, _ = cx
    assert [(s.version, s.access, s.default_community) for s in parsed.device.snmp] == [
        ("v2c", "rw", True),
        ("v3", "ro", False),
    ]
    assert [(v.lines, v.access_class) for v in parsed.vty] == [("ssh/https", "SDZ-IN")]


def test_aruba_cx_pasted_interface_lines_are_reported() -> None:
    text = (
        "hostname CX-SCRIPT\nvlan 30\ninterface 1/1/1\nvlan access 30\nno routing\n"
        "interface 1/1/2\n    no shutdown\n    no routing\n    vlan access 30\n"
    )
    parsed, report = parse_config(text.encode(), "script.cfg")
    assert parsed is not None and report.dialect == "aruba-cx"
    assert list(parsed.ports) == ["1/1/2"]
    assert unrecognised(report) == [
        (3, "interface", "interface 1/1/1"),
        (4, "interface", "vlan access 30"),
        (5, "interface", "no routing"),
    ]
