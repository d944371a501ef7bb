"""VLAN lists, port lists and interface names of the three dialects."""

from __future__ import annotations

import pytest

from kszcheck.collectors.interface_names import expand_range, normalise, svi_vlan
from kszcheck.collectors.switchconfig.detect import detect, looks_binary
from kszcheck.collectors.switchconfig.vlanlist import comware_vlans, ios_vlans, procurve_ports
from kszcheck.model.network import vlan_ranges


def test_ios_vlan_lists() -> None:
    assert ios_vlans("1-3,10,30-31") == [1, 2, 3, 10, 30, 31]
    assert ios_vlans("none") == []
    assert len(ios_vlans("all")) == 4094
    for bad in ("0", "4095", "10-5", "1,,2", "abc"):
        with pytest.raises(ValueError):
            ios_vlans(bad)


def test_comware_vlan_lists() -> None:
    assert comware_vlans(["10", "to", "11", "13", "100", "to", "102"]) == [
        10,
        11,
        13,
        100,
        101,
        102,
    ]
    assert comware_vlans(["all"])[-1] == 4094
    with pytest.raises(ValueError):
        comware_vlans(["13", "to", "10"])


def test_procurve_port_lists() -> None:
    assert procurve_ports("1-3,12,A1-A2,Trk1-Trk2,trk4") == [
        "1", "2", "3", "12", "A1", "A2", "Trk1", "Trk2", "Trk4",
    ]  # fmt: skip
    with pytest.raises(ValueError):
        procurve_ports("A1-B4")


@pytest.mark.parametrize(
    ("raw", "long"),
    [
        ("Gi1/0/1", "GigabitEthernet1/0/1"),
        ("GigabitEthernet 1/1", "GigabitEthernet1/1"),
        ("te1/1/1", "TenGigabitEthernet1/1/1"),
        ("Po1", "Port-channel1"),
        ("VLAN24", "Vlan24"),
        ("GE1/0/3", "GigabitEthernet1/0/3"),
        ("XGE1/0/49", "Ten-GigabitEthernet1/0/49"),
        ("BAGG1", "Bridge-Aggregation1"),
    ],
)
def test_interface_names_are_normalised(raw: str, long: str) -> None:
    assert normalise(raw) == long


def test_svi_names_and_ranges() -> None:
    assert svi_vlan("Vlan-interface10") == 10
    assert svi_vlan("GigabitEthernet1/0/1") is None
    assert expand_range("Gi1/0/1 - 2, 1/0/8, Te1/1/1-2") == [
        "GigabitEthernet1/0/1",
        "GigabitEthernet1/0/2",
        "GigabitEthernet1/0/8",
        "TenGigabitEthernet1/1/1",
        "TenGigabitEthernet1/1/2",
    ]
    assert vlan_ranges([1, 2, 3, 10, 30, 31]) == "1-3,10,30-31"


def test_dialect_detection() -> None:
    assert detect("hostname A\n!\ninterface Gi1/0/1\n switchport mode access\n!\nend\n") == "ios"
    assert detect('hostname "A"\nvlan 10\n   untagged 1-4\n   exit\n') == "procurve"
    assert detect("#\n sysname A\n#\ninterface GigabitEthernet1/0/1\n port link-type trunk\n") == (
        "comware"
    )
    assert detect("just some notes about the network\n") == ""
    assert looks_binary(bytes(range(256)) * 4)
    assert not looks_binary("hostname é\n".encode())
