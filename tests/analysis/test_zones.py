"""ZoneMap: longest-prefix match for addresses, deepest OU for directory objects."""

from __future__ import annotations

from kszcheck.analysis.zones import ZoneMap
from kszcheck.model.inventory import Server
from kszcheck.model.site import SiteProfile, Zone, ZoneKind

DOM = "DC=stad,DC=local"


def _zones() -> ZoneMap:
    site = SiteProfile(
        name="Test",
        zones=[
            Zone(
                id="gemeente",
                kind=ZoneKind.gemeente_users,
                subnets=["10.20.0.0/16"],
                vlans=[20],
                ous=[f"OU=Gemeente,{DOM}"],
            ),
            Zone(
                id="sdz-users",
                kind=ZoneKind.social_data_users,
                subnets=["10.20.30.0/24"],
                vlans=[30],
                ous=[f"OU=Sociale Dienst,OU=Gemeente,{DOM}"],
            ),
            Zone(
                id="sdz-servers",
                kind=ZoneKind.social_data_servers,
                subnets=["10.20.30.128/25"],
                servers=["srv-soc02"],
            ),
            Zone(id="mgmt", kind=ZoneKind.management, subnets=["2001:db8::/32"]),
        ],
    )
    return ZoneMap(site)


def _id(zone: Zone | None) -> str | None:
    return zone.id if zone else None


def test_address_goes_to_the_longest_matching_prefix() -> None:
    zones = _zones()
    assert _id(zones.zone_of_ip("10.20.1.5")) == "gemeente"
    assert _id(zones.zone_of_ip("10.20.30.5")) == "sdz-users"
    assert _id(zones.zone_of_ip("10.20.30.200")) == "sdz-servers"
    assert _id(zones.zone_of_ip("10.20.30.200/25")) == "sdz-servers"
    assert _id(zones.zone_of_ip("2001:db8::1")) == "mgmt"
    assert zones.zone_of_ip("192.0.2.1") is None
    assert zones.zone_of_ip("not an address") is None


def test_directory_object_goes_to_the_deepest_ou() -> None:
    zones = _zones()
    inside = f"CN=Jan,OU=Team A,OU=Sociale Dienst,OU=Gemeente,{DOM}"
    gemeente = f"CN=Kim,OU=Financien,OU=Gemeente,{DOM}"
    lookalike = f"CN=Sara,OU=Oude Sociale Dienst,OU=Gemeente,{DOM}"
    assert _id(zones.zone_of_dn(inside)) == "sdz-users"
    assert zones.in_sdz_ou(inside) and not zones.is_gemeente_dn(inside)
    assert _id(zones.zone_of_dn(gemeente)) == "gemeente"
    assert zones.is_gemeente_dn(gemeente) and not zones.in_sdz_ou(gemeente)
    assert not zones.in_sdz_ou(lookalike)
    assert zones.zone_of_dn(f"CN=X,OU=Elders,{DOM}") is None
    assert zones.sdz_ous == [f"OU=Sociale Dienst,OU=Gemeente,{DOM}"]


def test_sdz_servers_from_inventory_and_site() -> None:
    zones = _zones()
    servers = [
        Server(name="srv-soc01", contains_social_data=True),
        Server(name="srv-app", ip="10.20.30.140"),
        Server(name="srv-fs01", ip="10.20.1.10"),
        Server(name="srv-soc02b", fqdn="srv-soc02"),
    ]
    assert _id(zones.zone_of_vlan(30)) == "sdz-users"
    assert zones.sdz_server_names(servers) == ["srv-app", "srv-soc01", "srv-soc02b"]
    assert zones.sdz_server_names([]) == ["srv-soc02"]


def test_a_test_server_placed_in_the_zone_is_not_one_of_its_servers() -> None:
    """SRV-SOCTST sits in the SDZ server subnet, is a test server and holds no social data: its
    place is KSZ-SRV-004's one finding, and the zone's server rules do not judge it. A test
    server with social data, one the site lists, and a production server stay zone servers; an
    empty environment is unknown, never a reason to leave a server out (fail closed)."""
    zones = _zones()
    servers = [
        Server(name="SRV-SOCTST", ip="10.20.30.140", environment="test"),
        Server(name="SRV-SOCACC", ip="10.20.30.141", environment="acc", contains_social_data=True),
        Server(name="srv-soc02", ip="10.20.30.142", environment="test"),
        Server(name="SRV-SOC01", ip="10.20.30.143", environment="Productie"),
        Server(name="SRV-X", ip="10.20.30.144", environment=""),
    ]
    assert [zones.is_test_server_in_zone(s) for s in servers] == [True, False, False, False, False]
    assert zones.sdz_server_names(servers) == ["SRV-SOC01", "srv-soc02", "SRV-SOCACC", "SRV-X"]
