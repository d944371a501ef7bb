"""network.yaml: exact values, warnings for unknown devices, errors with their line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.collectors.base import Collected
from kszcheck.collectors.network_yaml import collect
from kszcheck.model.errors import InputError
from kszcheck.model.network import (
    AccessList,
    AclEntry,
    Device,
    Network,
    Port,
    PortMode,
    SnmpAccess,
    Svi,
    Vlan,
)
from kszcheck.model.site import SourceSpec, SourceType

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "inventory"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def network(path: str | Path) -> Collected:
    return collect(SourceSpec(id="net", type=SourceType.network, path=str(path)), FIXTURES, NOW)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_network_yaml_exact_values() -> None:
    collected = network("network.yaml")
    assert collected.provides == [
        "network.devices",
        "network.vlans",
        "network.ports",
        "network.svis",
        "network.acls",
    ]
    assert collected.warnings == []
    assert collected.network == Network(
        devices=[
            Device(
                name="SW-CORE01",
                vendor="cisco",
                model="C9300-48P",
                mgmt_ip="10.99.0.2",
                snmp=[SnmpAccess(version="v2c", access="ro", default_community=True)],
            )
        ],
        vlans=[
            Vlan(device="SW-CORE01", vlan_id=30, name="SOCIALE-DIENST"),
            Vlan(device="SW-CORE01", vlan_id=20, name="GEMEENTE"),
        ],
        ports=[
            Port(
                device="SW-CORE01",
                name="Gi1/0/1",
                description="<img src=x onerror=alert(1)>",  # stays plain text
                access_vlan=30,
            ),
            Port(
                device="SW-CORE01",
                name="Te1/1/1",
                mode=PortMode.trunk,
                native_vlan=1,
                allowed_vlans=[20, 30],
            ),
        ],
        svis=[Svi(device="SW-CORE01", vlan_id=30, addresses=["10.30.0.1/24"], acl_in="SD-IN")],
        acls=[
            AccessList(
                device="SW-CORE01",
                name="SD-IN",
                entries=[
                    AclEntry(action="permit", text="ip 10.30.0.0 0.0.0.255 any"),
                    AclEntry(action="deny", text="ip any any log"),
                ],
            )
        ],
    )


def test_items_naming_an_unlisted_device_give_a_warning(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "network.yaml",
        "devices:\n  - name: SW1\nports:\n  - {device: sw1, name: Gi1}\n"
        "  - {device: SW9, name: Gi2}\nvlans:\n  - {device: SW8, vlan_id: 5}\n",
    )
    collected = network(path)
    assert collected.warnings == [
        f"{path}:7: vlans entry names device 'SW8', which is not listed under devices",
        f"{path}:5: ports entry names device 'SW9', which is not listed under devices",
    ]


@pytest.mark.parametrize(
    ("name", "text", "message", "line"),
    [
        (
            "n.yaml",
            "",
            "the file is empty; expected a mapping with 'devices:', 'vlans:', "
            "'ports:', 'svis:', 'acls:'",
            1,
        ),
        (
            "n.yaml",
            "devices: []\nfirewalls: []\n",
            "unknown key 'firewalls' (this file may hold: "
            "'devices', 'vlans', 'ports', 'svis', 'acls')",
            2,
        ),
        (
            "n.yaml",
            "devices:\n  - name: SW1\n    colour: red\n",
            "unknown key 'colour' in devices.0",
            3,
        ),
        (
            "n.yaml",
            "devices:\n  - name: SW1\n  - name: sw1\n",
            "device 'sw1' is listed twice (first on line 2)",
            3,
        ),
        (
            "n.yaml",
            "ports:\n  - device: SW1\n    name: Gi1\n    mode: hybrid\n",
            "ports.0.mode: 'hybrid' is not one of 'access', 'trunk', 'dynamic' or 'routed'",
            4,
        ),
        (
            "n.yaml",
            "vlans:\n  - device: SW1\n    vlan_id: dertig\n",
            "vlans.0.vlan_id: 'dertig' is not a whole number",
            3,
        ),
        (
            "n.yaml",
            "ports:\n  - device: SW1\n    name: Gi1\n    shutdown: misschien\n",
            "ports.0.shutdown: 'misschien' is not a yes/no value (use yes/no, ja/nee, true/false "
            "or 1/0)",
            4,
        ),
        (
            "n.yaml",
            "devices: [\n",
            "invalid YAML: expected the node content, but found '<stream end>'",
            2,
        ),
        (
            "network.csv",
            "name\nSW1\n",
            "unsupported file type '.csv': expected .yaml or .yml",
            None,
        ),
    ],
)
def test_bad_network_input(
    tmp_path: Path, name: str, text: str, message: str, line: int | None
) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(InputError) as caught:
        network(path)
    assert (caught.value.source, caught.value.message, caught.value.line) == (
        str(path),
        message,
        line,
    )
