"""The NetBox source (kszcheck/collectors/netbox.py) against a small HTTPS server that speaks
NetBox's REST API in the format documented for NetBox 4.1 (tests/peers/netbox.py: objects
written after that documentation, not recorded from a running NetBox): devices, switch ports
and VLANs become facts; pages are followed; the token is sent only to NetBox and shown nowhere;
TLS is verified; a short or refused read never passes as complete."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from kszcheck.collectors.run import collect_source
from kszcheck.model.errors import InputError
from kszcheck.model.network import ALL_VLANS
from kszcheck.model.provenance import CollectionStatus
from kszcheck.model.site import SourceSpec
from tests.peers.netbox import TOKEN, NetBox, netbox

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[NetBox]:
    with netbox(tmp_path) as state:
        yield state


def spec(server: NetBox, **options: object) -> SourceSpec:
    return SourceSpec.model_validate(
        {
            "id": "netbox",
            "type": "netbox",
            "url": server.base,
            "password": {"env": "KSZ_NETBOX_TOKEN"},
            "ca_file": str(server.ca_file),
            "options": options,
        }
    )


@pytest.fixture(autouse=True)
def token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KSZ_NETBOX_TOKEN", TOKEN)


def test_devices_ports_and_vlans_become_facts(server: NetBox, tmp_path: Path) -> None:
    collected, provenance = collect_source(spec(server, site="voorbeeld"), tmp_path, NOW)
    assert provenance.status is CollectionStatus.complete, provenance.reason
    assert provenance.provides == ["network.ports", "network.vlans"]
    assert collected is not None and collected.network is not None
    network = collected.network
    assert [(d.name, d.vendor, d.model, d.mgmt_ip, d.location) for d in network.devices] == [
        ("ACC-SW01", "Cisco", "C9300-48P", "10.99.0.11", "Voorbeeld"),
        ("CORE-SW01", "Cisco", "C9300-48P", "10.99.0.2", "Voorbeeld"),
        ("SRV-SOC01", "Cisco", "C9300-48P", "", "Voorbeeld"),
    ]
    ports = {(p.device, p.name): p for p in network.ports}
    assert sorted(ports) == [
        ("ACC-SW01", "GigabitEthernet1/0/1"),
        ("ACC-SW01", "GigabitEthernet1/0/2"),
        ("ACC-SW01", "GigabitEthernet1/0/3"),
        ("ACC-SW01", "TenGigabitEthernet1/1/1"),
        ("CORE-SW01", "TenGigabitEthernet1/0/1"),
    ]  # the SVI and the server's NIC have no 802.1Q mode: not switch ports
    first = ports[("ACC-SW01", "GigabitEthernet1/0/1")]
    assert (first.mode.value, first.access_vlan, first.description) == ("access", 10, "GEM-PC01")
    assert ports[("ACC-SW01", "GigabitEthernet1/0/3")].shutdown is True
    uplink = ports[("ACC-SW01", "TenGigabitEthernet1/1/1")]
    assert (uplink.mode.value, uplink.native_vlan, uplink.allowed_vlans, uplink.trunk_group) == (
        "trunk",
        99,
        [10, 30, 99],
        "Po1",
    )
    assert ports[("CORE-SW01", "TenGigabitEthernet1/0/1")].allowed_vlans == list(ALL_VLANS)
    assert [(v.device, v.vlan_id, v.name) for v in network.vlans] == [
        ("ACC-SW01", 10, "gemeente-users"),
        ("ACC-SW01", 30, "sd-users"),
        ("ACC-SW01", 99, "beheer"),
        ("CORE-SW01", 10, "gemeente-users"),
        ("CORE-SW01", 30, "sd-users"),
        ("CORE-SW01", 31, "sd-app"),
        ("CORE-SW01", 99, "beheer"),
    ]
    # every request carried the token, to NetBox only, with the site filter
    assert {auth for _, auth in server.requests} == {f"Token {TOKEN}"}
    assert all("site=voorbeeld" in path for path, _ in server.requests)


def test_pages_are_followed_and_the_role_filter_applies(server: NetBox, tmp_path: Path) -> None:
    source = spec(server, site="voorbeeld", role=["access-switch"], page_size=2)
    collected, provenance = collect_source(source, tmp_path, NOW)
    assert provenance.status is CollectionStatus.complete, provenance.reason
    assert collected is not None and collected.network is not None
    assert [d.name for d in collected.network.devices] == ["ACC-SW01", "CORE-SW01"]
    assert len(collected.network.ports) == 5
    interface_pages = [p for p, _ in server.requests if p.startswith("/api/dcim/interfaces/")]
    assert len(interface_pages) == 4  # 7 interfaces of the site, 2 a page


def test_a_count_that_does_not_match_leaves_the_source_partial(
    server: NetBox, tmp_path: Path
) -> None:
    server.wrong_count["dcim/interfaces"] = 12
    _, provenance = collect_source(spec(server), tmp_path, NOW)
    assert provenance.status is CollectionStatus.partial
    assert provenance.missing == ["network.ports", "network.vlans"]
    assert provenance.reason == (
        f"{server.base}/api/dcim/interfaces/: NetBox counted 12 interfaces, 8 read"
    )


def test_a_refused_token_fails_the_source_without_showing_it(
    server: NetBox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KSZ_NETBOX_TOKEN", "wrong-token-value")
    _, provenance = collect_source(spec(server), tmp_path, NOW)
    assert provenance.status is CollectionStatus.failed
    assert provenance.reason == (
        f"{server.base}/api/dcim/devices/: HTTP 401 (the token was refused)"
    )
    assert provenance.provides == ["network.ports", "network.vlans"]


def test_an_untrusted_certificate_fails_the_source(server: NetBox, tmp_path: Path) -> None:
    source = spec(server).model_copy(update={"ca_file": ""})
    _, provenance = collect_source(source, tmp_path, NOW)
    assert provenance.status is CollectionStatus.failed
    assert provenance.reason.startswith(f"{server.base}/api/dcim/devices/: certificate not trusted")
    assert server.requests == []  # the token never left


def test_a_next_page_elsewhere_is_not_followed(server: NetBox, tmp_path: Path) -> None:
    server.next_host = "https://collector.evil.example"
    _, provenance = collect_source(spec(server, page_size=2), tmp_path, NOW)
    assert provenance.status is CollectionStatus.failed
    assert provenance.reason == (
        f"{server.base}: NetBox's next page is at another address "
        "(https://collector.evil.example); the token is not sent there"
    )
    assert len(server.requests) == 1


def test_plain_http_and_a_missing_token_are_configuration_errors(tmp_path: Path) -> None:
    plain = SourceSpec.model_validate(
        {"id": "nb", "type": "netbox", "url": "http://netbox", "password": {"env": "X"}}
    )
    with pytest.raises(InputError, match="NetBox over plain http sends the token readable"):
        collect_source(plain, tmp_path, NOW)
    with pytest.raises(ValidationError, match="of type netbox needs a 'url' and the API token"):
        SourceSpec.model_validate({"id": "nb", "type": "netbox", "url": "https://netbox"})
    with pytest.raises(ValidationError, match="a password is never written in the site profile"):
        SourceSpec.model_validate(
            {"id": "nb", "type": "netbox", "url": "https://nb", "password": TOKEN}
        )
