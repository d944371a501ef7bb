"""The same estate read two ways: the generated stacks over SNMP (their recorded varbinds through
the SNMP decoder; tests/live proves the live agents give the same) and as saved configurations
(Cisco IOS, HPE Comware) through the switchconfig parsers. VLANs, ports (mode, access, native and
allowed VLANs, shutdown, description) and SVIs (addresses, shutdown) must agree.

Known, intended differences, not compared: IOS configurations never list VLAN 1, which SNMP
reports (so VLAN 1 is left out on Cisco); Comware writes no name for VLAN 1, which SNMP names
"VLAN 0001"; SNMP does not tell primary from secondary SVI addresses (addresses are compared as
sets); operational status exists only in SNMP, line numbers only in configurations.
"""

from __future__ import annotations

from typing import Any

import pytest

from kszcheck.collectors.snmp_decode import decode_device
from kszcheck.collectors.switchconfig.collect import parse_config
from kszcheck.model.network import Network
from tests.peers.switch_configs import render
from tests.peers.switch_stack import build_stack, records, varbinds

PORT_FIELDS = (
    "name",
    "mode",
    "access_vlan",
    "native_vlan",
    "allowed_vlans",
    "shutdown",
    "description",
)


def _vlans(network: Network, variant: str) -> dict[int, str]:
    result = {}
    for vlan in network.vlans:
        if vlan.vlan_id == 1:
            if variant == "cisco":
                continue
            result[1] = ""
        else:
            result[vlan.vlan_id] = vlan.name
    return result


def _ports(network: Network) -> dict[str, tuple[Any, ...]]:
    return {p.name: tuple(getattr(p, f) for f in PORT_FIELDS) for p in network.ports}


def _svis(network: Network) -> dict[int, tuple[Any, ...]]:
    return {s.vlan_id: (s.name, set(s.addresses), s.shutdown, s.description) for s in network.svis}


@pytest.mark.parametrize(("variant", "dialect"), [("cisco", "ios"), ("comware", "comware")])
def test_snmp_and_configuration_give_the_same_vlans_ports_and_svis(
    variant: str, dialect: str
) -> None:
    stack = build_stack(variant, f"sw-{variant}-1")  # type: ignore[arg-type]
    snmp = decode_device(varbinds(records(stack)), "127.0.0.1:16100", "127.0.0.1").network
    config_text = render(stack)
    parsed, report = parse_config(config_text.encode("utf-8"), f"{stack.hostname}.cfg")
    assert parsed is not None, report.reason
    assert (report.dialect, report.status.value, report.unrecognised) == (dialect, "parsed", [])
    assert parsed.device.name == snmp.devices[0].name == stack.hostname
    config = Network(
        vlans=list(parsed.vlans.values()),
        ports=list(parsed.ports.values()),
        svis=list(parsed.svis.values()),
    )
    assert _vlans(config, variant) == _vlans(snmp, variant)
    assert _ports(config) == _ports(snmp)
    assert _svis(config) == _svis(snmp)
    # the comparison is not vacuous: the planted trunk is on both sides
    trunk = _ports(snmp)[f"GigabitEthernet1/0/{stack.ports_per_member}"]
    assert trunk[1:4] == ("trunk", None, 30)
