"""Which zone an address, VLAN, server or directory object is in (netaddr, longest prefix), and
which servers belong to the social-data zone. The one owner of these answers:

    ZoneMap(site)
      .zone_of_ip(address) / .zone_of_vlan(vid) / .zone_of_server(server) / .zone_of_dn(dn)
      .in_sdz_ou(dn), .is_gemeente_dn(dn), .sdz_ous
      .is_sdz_server(server)         an inventory server of the zone: it holds social data, the
                                     site lists it (name or FQDN), or its zone is a social-data
                                     server zone and it is not a test server placed there
      .is_test_server_in_zone(server) a non-production server without social data that only its
                                     place puts in a social-data zone: KSZ-SRV-004 reports that
                                     place once; the zone's other rules do not judge it as theirs
      .is_production(server)         its environment is production (PRODUCTION_ENVIRONMENTS)
      .sdz_servers_in(servers)       those servers, sorted by name
      .sdz_server_names(servers)     their names plus the servers the site lists that the
                                     inventory does not know
      .is_declared_sdz_server(name)  the site lists this name among the zone's servers

Which SVIs route a zone is ``analysis.network.NetworkView.zone_svis``.
"""

from __future__ import annotations

import netaddr

from kszcheck.model.common import norm_dn
from kszcheck.model.inventory import Server
from kszcheck.model.site import SDZ_NETWORK_KINDS, SiteProfile, Zone, ZoneKind

__all__ = ["PRODUCTION_ENVIRONMENTS", "ZoneMap"]

#: Values of a server's ``environment`` (any case) that mean production; an empty value is
#: unknown, never production.
PRODUCTION_ENVIRONMENTS = frozenset({"prod", "prd", "production", "productie", "live"})


class ZoneMap:
    def __init__(self, site: SiteProfile) -> None:
        self.site = site
        self.by_id = {z.id: z for z in site.zones}
        self._by_vlan: dict[int, Zone] = {}
        # (version, prefixlen) -> {network value -> zone}; looked up longest prefix first
        self._nets: dict[tuple[int, int], dict[int, Zone]] = {}
        for zone in site.zones:
            for vid in zone.vlans:
                self._by_vlan.setdefault(vid, zone)
            for subnet in zone.subnets:
                net = netaddr.IPNetwork(subnet)
                self._nets.setdefault((net.version, net.prefixlen), {}).setdefault(
                    int(net.network), zone
                )
        self._order = sorted(self._nets, key=lambda k: -k[1])
        self._ou_zones = [(norm_dn(ou), z) for z in site.zones for ou in z.ous]
        self.declared_sdz_servers = frozenset(s.lower() for s in site.sdz_values("servers"))
        self.sdz_shares = {s.lower() for s in site.sdz_values("shares")}

    def zone_of_ip(self, address: str) -> Zone | None:
        try:
            ip = netaddr.IPAddress(address.split("/", 1)[0])
        except (netaddr.AddrFormatError, ValueError):
            return None
        value = int(ip)
        for version, prefixlen in self._order:
            if version != ip.version:
                continue
            width = 32 if version == 4 else 128
            mask = ((1 << prefixlen) - 1) << (width - prefixlen) if prefixlen else 0
            zone = self._nets[(version, prefixlen)].get(value & mask)
            if zone is not None:
                return zone
        return None

    def zone_of_vlan(self, vlan_id: int) -> Zone | None:
        return self._by_vlan.get(vlan_id)

    def zone_of_server(self, server: Server) -> Zone | None:
        if server.zone and server.zone in self.by_id:
            return self.by_id[server.zone]
        if server.ip and (zone := self.zone_of_ip(server.ip)) is not None:
            return zone
        return self.zone_of_vlan(server.vlan) if server.vlan is not None else None

    def zone_of_dn(self, dn: str) -> Zone | None:
        """The zone whose OU holds the object (the deepest OU wins)."""
        key = norm_dn(dn)
        best: tuple[int, Zone] | None = None
        for ou, zone in self._ou_zones:
            if (key == ou or key.endswith("," + ou)) and (best is None or len(ou) > best[0]):
                best = (len(ou), zone)
        return best[1] if best else None

    def in_sdz_ou(self, dn: str) -> bool:
        key = norm_dn(dn)
        return any(
            key == ou or key.endswith("," + ou)
            for ou, zone in self._ou_zones
            if zone.kind in SDZ_NETWORK_KINDS
        )

    @property
    def sdz_ous(self) -> list[str]:
        """The OUs (or domain DNs) designated for the social-data zone, as written in the site."""
        return [str(ou) for ou in self.site.sdz_values("ous")]

    def is_gemeente_dn(self, dn: str) -> bool:
        """True if the object sits in an OU of a gemeente user zone (the deepest OU decides)."""
        zone = self.zone_of_dn(dn)
        return zone is not None and zone.kind is ZoneKind.gemeente_users

    def is_sdz_server(self, server: Server) -> bool:
        zone = self.zone_of_server(server)
        return (
            server.contains_social_data
            or self._declared(server)
            or (
                zone is not None
                and zone.kind.value == "social_data_servers"
                and not self.is_test_server_in_zone(server)
            )
        )

    @staticmethod
    def is_production(server: Server) -> bool:
        return server.environment.strip().lower() in PRODUCTION_ENVIRONMENTS

    def is_test_server_in_zone(self, server: Server) -> bool:
        """A server that the inventory says is not production (its environment is written and
        is not a production value) and holds no social data, that the site does not list among
        the zone's servers, and that sits in a social-data zone by its place only. One problem:
        a test server among the production servers (KSZ-SRV-004). The obligations of the zone's
        servers (backups, logs, register, filtering per server, OU) are not asked of it again."""
        zone = self.zone_of_server(server)
        return (
            zone is not None
            and zone.kind.value in ("social_data", "social_data_servers")
            and bool(server.environment.strip())
            and not self.is_production(server)
            and not server.contains_social_data
            and not self._declared(server)
        )

    def _declared(self, server: Server) -> bool:
        return self.is_declared_sdz_server(server.name) or (
            self.is_declared_sdz_server(server.fqdn) if server.fqdn else False
        )

    def is_declared_sdz_server(self, name: str) -> bool:
        """The site profile lists ``name`` (a name or an FQDN, any case) as an SDZ server."""
        return name.strip().lower() in self.declared_sdz_servers

    def sdz_servers_in(self, servers: list[Server]) -> list[Server]:
        """The servers of the social-data zone among ``servers``, sorted by name."""
        return sorted((s for s in servers if self.is_sdz_server(s)), key=lambda s: s.name.lower())

    def sdz_server_names(self, servers: list[Server]) -> list[str]:
        """Names of the SDZ servers: inventory servers in the zone, plus servers the site lists
        that the inventory does not know (by name or FQDN)."""
        names = [s.name for s in servers if self.is_sdz_server(s)]
        known = {s.name.lower() for s in servers} | {s.fqdn.lower() for s in servers if s.fqdn}
        names += [str(n) for n in self.site.sdz_values("servers") if str(n).lower() not in known]
        return sorted(dict.fromkeys(names), key=str.lower)
