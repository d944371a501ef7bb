"""The pure SNMP decoder, on recorded varbinds: hand-written ones for each decoding rule, and the
generated Cisco and Comware stacks against their truth."""

from __future__ import annotations

import pytest

from kszcheck.collectors.interface_names import svi_vlan_id
from kszcheck.collectors.snmp_decode import (
    VarBind,
    cisco_bitmap_vlans,
    decode_device,
    long_interface_name,
    oid_from_text,
    portlist_ports,
)
from kszcheck.model.network import Device, Port, PortMode, SnmpAccess, Svi, Vlan
from tests.peers.switch_stack import build_stack, records, truth, varbinds

V2C = SnmpAccess(version="v2c", access="ro")


def vb(oid: str, value: int | bytes | str | tuple[int, ...]) -> VarBind:
    if isinstance(value, str):
        value = value.encode("utf-8")
    return oid_from_text(oid), value


def system(
    name: bytes | str = "sw-test", object_id: str = "1.3.6.1.4.1.11.2.3.7.11.181"
) -> list[VarBind]:
    return [
        vb("1.3.6.1.2.1.1.1.0", "HP J9729A 2920-48G-PoE+ Switch, revision WB.16.10, ROM WB.16.03"),
        vb("1.3.6.1.2.1.1.2.0", oid_from_text(object_id)),
        vb("1.3.6.1.2.1.1.5.0", name),
    ]


def interface(
    index: int, name: str, descr: str = "", alias: str = "", admin: int = 1
) -> list[VarBind]:
    return [
        vb(f"1.3.6.1.2.1.2.2.1.2.{index}", descr or name),
        vb(f"1.3.6.1.2.1.2.2.1.7.{index}", admin),
        vb(f"1.3.6.1.2.1.2.2.1.8.{index}", 1),
        vb(f"1.3.6.1.2.1.31.1.1.1.1.{index}", name),
        vb(f"1.3.6.1.2.1.31.1.1.1.18.{index}", alias),
    ]


# --- bit orders and names ---------------------------------------------------------------------


def test_portlist_high_bit_of_the_first_octet_is_bridge_port_1() -> None:
    assert portlist_ports(bytes([0x80, 0x01, 0x00, 0x40])) == [1, 16, 26]
    assert portlist_ports(b"") == []


def test_cisco_bitmaps_start_at_their_first_vlan_and_keep_only_1_to_4094() -> None:
    assert cisco_bitmap_vlans(bytes([0xC0, 0x00, 0x20]), 0) == [1, 18]  # bit 0 is VLAN 0
    assert cisco_bitmap_vlans(bytes([0x80]), 1024) == [1024]
    all_ones = cisco_bitmap_vlans(b"\xff" * 128, 3072)
    assert all_ones[0] == 3072 and all_ones[-1] == 4094 and len(all_ones) == 1023


@pytest.mark.parametrize(
    ("if_name", "if_descr", "expected"),
    [
        ("Gi1/0/1", "GigabitEthernet1/0/1", "GigabitEthernet1/0/1"),
        ("Gi1/0/1", "", "GigabitEthernet1/0/1"),
        ("Te1/1/1", "", "TenGigabitEthernet1/1/1"),
        ("Po1", "Port-channel1", "Port-channel1"),
        ("Vl10", "Vlan10", "Vlan10"),
        ("Vl10", "", "Vlan10"),
        ("GE1/0/1", "GigabitEthernet1/0/1", "GigabitEthernet1/0/1"),
        ("XGE1/0/49", "", "Ten-GigabitEthernet1/0/49"),
        ("BAGG1", "", "Bridge-Aggregation1"),
        ("Eth1/1", "", "Ethernet1/1"),
        ("1", "1", "1"),
        ("A1", "A1", "A1"),
        ("Trk1", "Trk1", "Trk1"),
        ("", "GigabitEthernet 1/1", "GigabitEthernet1/1"),
        ("Vlan-interface10", "Vlan-interface10 Interface", "Vlan-interface10"),
    ],
)
def test_interface_names_take_the_long_form_of_configurations(
    if_name: str, if_descr: str, expected: str
) -> None:
    assert long_interface_name(if_name, if_descr) == expected


@pytest.mark.parametrize(
    ("name", "vlan"),
    [
        ("Vlan10", 10),
        ("Vl10", 10),
        ("Vlan-interface10", 10),
        ("Vlanif20", 20),
        ("VLAN 30", 30),
        ("GigabitEthernet1/0/10", None),
        ("Vlan5000", None),
        ("Loopback0", None),
    ],
)
def test_svi_vlan_from_the_interface_name(name: str, vlan: int | None) -> None:
    assert svi_vlan_id(name) == vlan


# --- Q-BRIDGE ---------------------------------------------------------------------------------


def qbridge_device() -> list[VarBind]:
    """Bridge ports 1, 2, 3 are ifIndex 101, 102, 103: port 1 access in VLAN 30, port 2
    untagged in 10 and 20 (hybrid: a trunk), port 3 tagged 10/30 with 99 untagged (trunk)."""
    rows = system("sw-zuid.voorbeeld.local")
    rows += interface(101, "1", alias="balie")
    rows += interface(102, "2")
    rows += interface(103, "3", alias="uplink", admin=2)
    rows += [vb(f"1.3.6.1.2.1.17.1.4.1.2.{p}", 100 + p) for p in (1, 2, 3)]
    vlans = {
        10: ("GEMEENTE", 0b01100000, 0b01000000),
        20: ("OCMW", 0b01000000, 0b01000000),
        30: ("sociale dienst – Zuid", 0b10100000, 0b10000000),
        99: ("BEHEER", 0b00100000, 0b00100000),
    }
    for vid, (name, egress, untagged) in vlans.items():
        rows.append(vb(f"1.3.6.1.2.1.17.7.1.4.3.1.1.{vid}", name))
        rows.append(vb(f"1.3.6.1.2.1.17.7.1.4.3.1.2.{vid}", bytes([egress, 0, 0, 0])))
        rows.append(vb(f"1.3.6.1.2.1.17.7.1.4.3.1.4.{vid}", bytes([untagged, 0, 0, 0])))
    rows += [vb("1.3.6.1.2.1.17.7.1.4.5.1.1.1", 30), vb("1.3.6.1.2.1.17.7.1.4.5.1.1.2", 20)]
    rows += [vb("1.3.6.1.2.1.17.7.1.4.5.1.1.3", 99)]
    return rows


def test_qbridge_ports_map_bridge_ports_to_ifindex_and_tagged_is_egress_minus_untagged() -> None:
    facts = decode_device(qbridge_device(), "10.99.0.5:161", "10.99.0.5", V2C)
    assert facts.warnings == [] and facts.missing == []
    assert facts.network.ports == [
        Port(device="sw-zuid", name="1", description="balie", access_vlan=30, oper_status="up"),
        Port(
            device="sw-zuid",
            name="2",
            mode=PortMode.trunk,
            native_vlan=20,
            allowed_vlans=[10, 20],
            oper_status="up",
        ),
        Port(
            device="sw-zuid",
            name="3",
            description="uplink",
            mode=PortMode.trunk,
            native_vlan=99,
            allowed_vlans=[10, 30, 99],
            shutdown=True,
            oper_status="up",
        ),
    ]
    assert facts.network.vlans == [
        Vlan(device="sw-zuid", vlan_id=10, name="GEMEENTE"),
        Vlan(device="sw-zuid", vlan_id=20, name="OCMW"),
        Vlan(device="sw-zuid", vlan_id=30, name="sociale dienst – Zuid"),
        Vlan(device="sw-zuid", vlan_id=99, name="BEHEER"),
    ]
    assert facts.network.devices == [
        Device(
            name="sw-zuid",
            vendor="hpe",
            mgmt_ip="10.99.0.5",
            snmp=[V2C],
            platform="",
            source="10.99.0.5:161",
        )
    ]


def test_qbridge_without_the_bridge_port_table_leaves_the_ports_unknown() -> None:
    rows = [r for r in qbridge_device() if r[0][:11] != oid_from_text("1.3.6.1.2.1.17.1.4.1.2")]
    facts = decode_device(rows, "10.99.0.5:161")
    assert facts.network.ports == []
    assert facts.missing == ["network.ports"]
    assert facts.warnings == [
        "sw-zuid (10.99.0.5:161): no BRIDGE-MIB port table (dot1dBasePortIfIndex); "
        "the VLANs of its ports are unknown"
    ]


def test_a_device_without_any_vlan_table_is_reported_not_silently_empty() -> None:
    rows = system("rtr-1") + interface(1, "Gi0/0")
    facts = decode_device(rows, "10.99.0.1:161")
    assert facts.missing == ["network.vlans", "network.ports"]
    assert facts.warnings == [
        "rtr-1 (10.99.0.1:161): no VLAN table (neither Q-BRIDGE-MIB nor CISCO-VTP-MIB); "
        "its VLANs and ports are unknown"
    ]


# --- Cisco ------------------------------------------------------------------------------------


def cisco_device() -> list[VarBind]:
    trunk = "1.3.6.1.4.1.9.9.46.1.6.1.1"
    rows = system("sw-gh-2", "1.3.6.1.4.1.9.1.1208")
    rows += interface(10101, "Gi1/0/1", "GigabitEthernet1/0/1")
    rows += interface(10102, "Gi1/0/2", "GigabitEthernet1/0/2")
    rows += interface(10103, "Gi1/0/3", "GigabitEthernet1/0/3")
    for vid, vlan_type, name in ((1, 1, "default"), (30, 1, "SD"), (1002, 2, "fddi-default")):
        rows.append(vb(f"1.3.6.1.4.1.9.9.46.1.3.1.1.3.1.{vid}", vlan_type))
        rows.append(vb(f"1.3.6.1.4.1.9.9.46.1.3.1.1.4.1.{vid}", name))
    bitmap = bytearray(128)
    bitmap[0] = 0b01000000  # VLAN 1
    bitmap[3] = 0b00000010  # VLAN 30
    for index, state, status in ((10101, 2, 2), (10102, 4, 2), (10103, 1, 1)):
        rows.append(vb(f"{trunk}.4.{index}", bytes(bitmap) if index == 10103 else b"\xff" * 128))
        rows.append(vb(f"{trunk}.5.{index}", 30 if index == 10103 else 1))
        rows.append(vb(f"{trunk}.13.{index}", state))
        rows.append(vb(f"{trunk}.14.{index}", status))
        rows.append(vb(f"{trunk}.17.{index}", bytes([0x80]) + bytes(127)))  # VLAN 1024
    rows += [
        vb("1.3.6.1.4.1.9.9.68.1.2.2.1.2.10101", 30),
        vb("1.3.6.1.4.1.9.9.68.1.2.2.1.2.10102", 1),
    ]
    rows += [
        vb("1.3.6.1.4.1.9.9.68.1.5.1.1.1.10101", 40),
        vb("1.3.6.1.4.1.9.9.68.1.5.1.1.1.10102", 4096),
    ]
    return rows


def test_cisco_mode_comes_from_the_configured_trunk_state_and_vlans_from_the_bitmaps() -> None:
    facts = decode_device(cisco_device(), "10.99.0.3:161", "10.99.0.3", V2C)
    assert facts.network.ports == [
        Port(
            device="sw-gh-2",
            name="GigabitEthernet1/0/1",
            access_vlan=30,
            voice_vlan=40,
            oper_status="up",
        ),
        Port(
            device="sw-gh-2",
            name="GigabitEthernet1/0/2",
            mode=PortMode.dynamic,
            access_vlan=1,
            oper_status="up",
        ),
        Port(
            device="sw-gh-2",
            name="GigabitEthernet1/0/3",
            mode=PortMode.trunk,
            native_vlan=30,
            allowed_vlans=[1, 30, 1024],
            oper_status="up",
        ),
    ]
    assert facts.network.vlans == [
        Vlan(device="sw-gh-2", vlan_id=1, name="default"),
        Vlan(device="sw-gh-2", vlan_id=30, name="SD"),
    ]
    assert facts.network.devices[0].vendor == "cisco"


# --- SVIs -------------------------------------------------------------------------------------


def svi_device(with_ip_address_table: bool) -> list[VarBind]:
    rows = cisco_device()
    rows += interface(5030, "Vl30", "Vlan30", alias="sociale dienst")
    rows += interface(5099, "Vl99", "Vlan99", admin=2)
    rows += interface(9002, "Lo0", "Loopback0")
    legacy = {
        "10.30.0.1": (5030, "255.255.255.0"),
        "10.31.0.1": (5030, "255.255.255.128"),
        "10.99.0.2": (5099, "255.255.255.0"),
        "10.255.0.1": (9002, "255.255.255.255"),
    }
    for address, (if_index, mask) in legacy.items():
        rows.append(vb(f"1.3.6.1.2.1.4.20.1.2.{address}", if_index))
        rows.append(vb(f"1.3.6.1.2.1.4.20.1.3.{address}", bytes(int(o) for o in mask.split("."))))
    if with_ip_address_table:
        entries = [
            ("1.4.10.31.0.1", 5030, "1.3.6.1.2.1.4.32.1.5.5030.1.4.10.31.0.0.25"),
            ("1.4.10.30.0.1", 5030, "0.0"),  # null RowPointer: the ipAddrTable mask applies
            (
                "2.16.32.1.13.184.0.48.0.0.0.0.0.0.0.0.0.1",
                5030,
                "1.3.6.1.2.1.4.32.1.5.5030.2.16.32.1.13.184.0.48.0.0.0.0.0.0.0.0.0.0.64",
            ),
            ("2.16.254.128.0.0.0.0.0.0.0.0.0.0.0.0.0.1", 5030, "0.0"),  # link-local
        ]
        for index, if_index, prefix in entries:
            rows.append(vb(f"1.3.6.1.2.1.4.34.1.3.{index}", if_index))
            rows.append(vb(f"1.3.6.1.2.1.4.34.1.4.{index}", 1))
            rows.append(vb(f"1.3.6.1.2.1.4.34.1.5.{index}", oid_from_text(prefix)))
    return rows


def test_svis_prefer_ip_address_table_with_prefix_from_the_row_pointer() -> None:
    facts = decode_device(svi_device(with_ip_address_table=True), "10.99.0.3:161")
    assert facts.network.svis == [
        Svi(
            device="sw-gh-2",
            vlan_id=30,
            addresses=["10.30.0.1/24", "10.31.0.1/25", "2001:db8:30::1/64"],
            name="Vlan30",
            description="sociale dienst",
        ),
        Svi(device="sw-gh-2", vlan_id=99, name="Vlan99", shutdown=True),
    ]


def test_svis_fall_back_to_ip_addr_table() -> None:
    facts = decode_device(svi_device(with_ip_address_table=False), "10.99.0.3:161")
    assert facts.network.svis == [
        Svi(
            device="sw-gh-2",
            vlan_id=30,
            addresses=["10.30.0.1/24", "10.31.0.1/25"],
            name="Vlan30",
            description="sociale dienst",
        ),
        Svi(device="sw-gh-2", vlan_id=99, addresses=["10.99.0.2/24"], name="Vlan99", shutdown=True),
    ]


def test_the_device_name_is_the_host_part_of_sysname_and_invalid_utf8_is_replaced() -> None:
    facts = decode_device(system(b"sw-\xff.voorbeeld.local"), "10.99.0.9:1161", "sw9.local")
    device = facts.network.devices[0]
    assert (device.name, device.mgmt_ip, device.source) == ("sw-\ufffd", "", "10.99.0.9:1161")


# --- the generated stacks ---------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["cisco", "comware"])
def test_generated_stack_decodes_to_its_truth(variant: str) -> None:
    spec = build_stack(variant, f"sw-{variant}-1")  # type: ignore[arg-type]
    facts = decode_device(varbinds(records(spec)), "127.0.0.1:16100", "127.0.0.1", V2C)
    expected = truth(spec, "127.0.0.1:16100", "127.0.0.1", "v2c")
    assert (facts.warnings, facts.missing) == ([], [])
    assert facts.network.devices == expected.devices
    assert facts.network.vlans == expected.vlans
    assert facts.network.ports == expected.ports
    assert facts.network.svis == expected.svis
