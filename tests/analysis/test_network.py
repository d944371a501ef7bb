"""The network view: zones of SVIs, routed pairs and ACL verdicts, servers in VLANs."""

from __future__ import annotations

from ipaddress import IPv4Network

from kszcheck.analysis.network import FlowState, NetworkView, judge_acl
from kszcheck.analysis.zones import ZoneMap
from kszcheck.model.inventory import Server
from kszcheck.model.network import AccessList, AclEntry, Network, Port, RoutedPort, Svi
from kszcheck.model.site import SiteProfile, Zone

SITE = SiteProfile(
    name="t",
    zones=[
        Zone(id="gem", kind="gemeente_users", vlans=[10], subnets=["10.10.0.0/24"]),
        Zone(id="sdz", kind="social_data_users", vlans=[30], subnets=["10.30.0.0/24"]),
        Zone(id="srv", kind="servers", subnets=["10.40.0.0/24"]),
    ],
)


def acl(*lines: str) -> AccessList:
    entries = [AclEntry(action=line.split()[0], text=line.split(" ", 1)[1]) for line in lines]
    return AccessList(device="core", name="A", entries=entries)


def verdict(*lines: str) -> FlowState:
    from ipaddress import IPv4Network

    src, dst = [IPv4Network("10.10.0.0/24")], [IPv4Network("10.30.0.0/24")]
    return judge_acl(acl(*lines), "A", src, dst).state


def test_acl_verdicts_read_first_match() -> None:
    assert verdict("permit ip any any") is FlowState.open
    assert verdict("deny ip 10.10.0.0 0.0.0.255 10.30.0.0 0.0.0.255", "permit ip any any") is (
        FlowState.closed
    )
    assert verdict("deny ip any 10.31.0.0 0.0.0.255", "permit ip 10.10.0.0 0.0.0.255 any") is (
        FlowState.open
    )
    assert verdict("permit tcp any host 10.30.0.5 eq 443") is FlowState.limited
    assert verdict("deny ip host 10.10.0.9 any", "permit ip any any") is FlowState.open
    assert verdict("permit ip 10.10.0.0 0.0.255.0 any") is FlowState.unknown
    assert verdict("remark nothing") is FlowState.closed
    ipv = NetworkView(Network(), ZoneMap(SITE))
    assert ipv.acl("core", "A") is None


def test_established_admits_only_return_traffic() -> None:
    """``permit tcp any <net> established`` lets answers to sessions opened from the
    destination side back in; it opens no port to new sessions from the source zone."""
    assert AclEntry(action="permit", text="tcp any 10.30.0.0 0.0.0.255 established").established
    assert not AclEntry(action="permit", text="tcp any 10.30.0.0 0.0.0.255 eq 22").established
    assert verdict("permit tcp any 10.30.0.0 0.0.0.255 established") is FlowState.closed
    # return traffic first, then a real service opening: only the service counts
    src, dst = [IPv4Network("10.10.0.0/24")], [IPv4Network("10.30.0.0/24")]
    result = judge_acl(
        acl("permit tcp any 10.30.0.0 0.0.0.255 established", "permit tcp any any eq 443"),
        "A",
        src,
        dst,
    )
    assert result.state is FlowState.limited
    assert [e.text for e in result.permits] == ["tcp any any eq 443"]


def test_routed_pairs_and_servers() -> None:
    network = Network(
        svis=[
            Svi(device="core", vlan_id=10, addresses=["10.10.0.1/24"], acl_in="GEM"),
            Svi(device="core", vlan_id=30, addresses=["10.30.0.1/24"]),
            Svi(device="core", vlan_id=40, addresses=["10.40.0.1/24"], acl_out="MISSING"),
            Svi(device="edge", vlan_id=30, addresses=["10.30.0.2/24"], shutdown=True),
        ],
        acls=[
            AccessList(
                device="core",
                name="GEM",
                entries=[AclEntry(action="deny", text="ip any 10.30.0.0 0.0.0.255")],
            )
        ],
        ports=[Port(device="sw", name="GigabitEthernet1/0/1", access_vlan=30)],
    )
    view = NetworkView(network, ZoneMap(SITE))
    pairs = {
        (p.source.id, p.target.id): (p.verdict.state, p.verdict.missing)
        for p in view.routed_pairs()
    }
    assert pairs == {
        ("gem", "sdz"): (FlowState.closed, False),
        ("gem", "srv"): (FlowState.closed, False),
        ("sdz", "gem"): (FlowState.open, False),
        ("sdz", "srv"): (FlowState.open, False),
        ("srv", "gem"): (FlowState.open, False),
        ("srv", "sdz"): (FlowState.open, False),
    }
    assert view.zone_of_svi(network.svis[2]).id == "srv"  # type: ignore[union-attr]
    assert view.vlan_of_server(Server(name="S1", ip="10.40.0.9")) == 40
    assert view.vlan_of_server(Server(name="S2", ip="192.0.2.1")) is None
    assert view.discovered_vlans() == {10: ["core"], 30: ["core", "edge", "sw"], 40: ["core"]}
    assert [p.name for p in view.ports_in_vlan(30)] == ["GigabitEthernet1/0/1"]


def test_routed_ports_route_like_svis_within_one_vrf() -> None:
    network = Network(
        svis=[
            Svi(device="core", vlan_id=10, addresses=["10.10.0.1/24"]),
            Svi(device="core", vlan_id=30, addresses=["10.30.0.1/24"], vrf="SOC"),
        ],
        routed_ports=[
            RoutedPort(device="core", name="Gi1/0/1", addresses=["10.40.0.1/30"], acl_in="SRV-IN"),
            RoutedPort(device="core", name="Gi1/0/2", addresses=["10.40.0.5/30"], vrf="SOC"),
            RoutedPort(device="core", name="Dialer1", acl_in="X"),  # no address: no zone
        ],
        acls=[
            AccessList(
                device="core",
                name="SRV-IN",
                entries=[AclEntry(action="permit", text="tcp any any eq 443")],
            )
        ],
    )
    view = NetworkView(network, ZoneMap(SITE))
    pairs = {(p.source_svi.label, p.target_svi.label): p.verdict.state for p in view.routed_pairs()}
    # Vlan10 and Gi1/0/1 share the global table; Vlan30 and Gi1/0/2 the VRF SOC. No pair
    # crosses the two tables.
    assert pairs == {
        ("core:Vlan10", "core:Gi1/0/1"): FlowState.open,
        ("core:Gi1/0/1", "core:Vlan10"): FlowState.limited,
        ("core:Vlan30", "core:Gi1/0/2"): FlowState.open,
        ("core:Gi1/0/2", "core:Vlan30"): FlowState.open,
    }
    assert view.zone_of_svi(network.routed_ports[0]).id == "srv"  # type: ignore[union-attr]
    assert view.vlan_of_server(Server(name="S3", ip="10.40.0.2")) is None


def test_the_svis_of_a_zone_are_its_active_svis_by_vlan_or_address() -> None:
    network = Network(
        svis=[
            Svi(device="core", vlan_id=30, addresses=["10.30.0.1/24"]),
            Svi(device="core", vlan_id=40, addresses=["10.40.0.1/24"]),  # srv by its address
            Svi(device="edge", vlan_id=30, addresses=["10.30.0.2/24"], shutdown=True),
            Svi(device="edge", vlan_id=99, addresses=["192.0.2.1/24"]),  # in no zone
        ]
    )
    view = NetworkView(network, ZoneMap(SITE))
    assert [(s.device, s.vlan_id) for s in view.zone_svis("sdz")] == [("core", 30)]
    assert [(s.device, s.vlan_id) for s in view.zone_svis("srv")] == [("core", 40)]
    assert view.zone_svis("gem") == []
