"""Joining network facts: ports and SVIs to VLANs, VLANs and subnets to zones, which zones are
routed to each other on a layer-3 device, and whether an ACL filters that routing.

The layer-3 interfaces are the SVIs and the routed ports (:meth:`Network.layer3`); both are treated
alike, a routed port taking its zone from its addresses. Routing between two zones is found where
one device has an active layer-3 interface in each, in the same VRF. Traffic from zone A to zone B
on that device passes the ``in`` ACL of A's interface and the ``out`` ACL of B's; the verdict is the
stricter of the two. An ACL is read top-down, first match, with the implicit deny at the end; an
entry that was not understood and could match makes the verdict ``unknown`` (never harmless). A
referenced ACL that the device does not define filters nothing (IOS behaviour).
A ``permit tcp … established`` entry admits only return traffic of sessions opened from the
other side, so it opens nothing for sessions started by the source zone: it is skipped (a
``deny … established`` still ends nothing either, so it is skipped too).

The one owner of "which zone is this layer-3 interface in" (``NetworkView.zone_of_svi``: the zone
of its VLAN, else of its first address inside a zone's subnets) and "which interfaces route this
zone" (``NetworkView.zone_svis``: the active SVIs and routed ports whose zone it is)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from enum import StrEnum

from kszcheck.analysis.zones import ZoneMap
from kszcheck.model.inventory import Server
from kszcheck.model.network import AccessList, AclEntry, Layer3Interface, Network, Port
from kszcheck.model.site import Zone

__all__ = ["AclVerdict", "FlowState", "NetworkView", "RoutedPair", "judge_acl"]

Net = ipaddress.IPv4Network


class FlowState(StrEnum):
    open = "open"  # everything passes (no ACL, a missing ACL, or a covering permit ip)
    limited = "limited"  # some traffic passes, listed in ``permits``
    closed = "closed"  # nothing passes
    unknown = "unknown"  # an entry not understood could decide


@dataclass
class AclVerdict:
    state: FlowState
    permits: list[AclEntry] = field(default_factory=list)
    acl: str = ""  # the ACL that decided, empty when there was none
    missing: bool = False  # the ACL is referenced but not defined
    decisive: AclEntry | None = None  # the entry that decided an open/unknown verdict


@dataclass
class RoutedPair:
    """One device routes between a layer-3 interface (SVI or routed port) of zone ``source``
    and one of zone ``target``."""

    device: str
    source: Zone
    target: Zone
    source_svi: Layer3Interface
    target_svi: Layer3Interface
    verdict: AclVerdict


def _networks(svi: Layer3Interface) -> list[Net]:
    nets: list[Net] = []
    for address in svi.addresses:
        try:
            nets.append(ipaddress.IPv4Interface(address).network)
        except ValueError:
            continue
    return nets


def _relation(spec: str, nets: list[Net]) -> tuple[bool, bool]:
    """(overlaps, covers) of an ACL address (``any`` or CIDR) against a list of networks."""
    if spec == "any":
        return True, True
    try:
        net = ipaddress.IPv4Network(spec, strict=False)
    except ValueError:
        return True, False
    overlaps = any(net.overlaps(n) for n in nets)
    covers = bool(nets) and all(n.subnet_of(net) for n in nets)
    return overlaps, covers


def judge_acl(
    acl: AccessList | None, name: str, sources: list[Net], targets: list[Net]
) -> AclVerdict:
    """What ``acl`` (bound as ``name``; empty = no ACL) lets through from ``sources`` to
    ``targets``."""
    if not name:
        return AclVerdict(FlowState.open)
    if acl is None:
        return AclVerdict(FlowState.open, acl=name, missing=True)
    permits: list[AclEntry] = []
    for entry in acl.entries:
        if entry.action not in ("permit", "deny"):
            continue
        if not entry.parsed:
            return AclVerdict(FlowState.unknown, permits, acl=name, decisive=entry)
        src_overlap, src_cover = _relation(entry.source, sources)
        dst_overlap, dst_cover = _relation(entry.destination, targets)
        if not (src_overlap and dst_overlap) or entry.established:
            continue
        covering = src_cover and dst_cover and entry.protocol == "ip"
        if entry.action == "permit":
            permits.append(entry)
            if covering:
                return AclVerdict(FlowState.open, permits, acl=name, decisive=entry)
        elif covering:
            break
    return AclVerdict(FlowState.limited if permits else FlowState.closed, permits, acl=name)


def _stricter(first: AclVerdict, second: AclVerdict) -> AclVerdict:
    order = [FlowState.closed, FlowState.limited, FlowState.unknown, FlowState.open]
    return first if order.index(first.state) <= order.index(second.state) else second


class NetworkView:
    """The network facts joined with the site's zones (built once per evaluation)."""

    def __init__(self, network: Network, zones: ZoneMap) -> None:
        self.network = network
        self.zones = zones
        self.acls: dict[tuple[str, str], AccessList] = {
            (a.device.casefold(), a.name): a for a in network.acls
        }
        #: Active SVIs and routed ports.
        self.active_svis = [s for s in network.layer3() if not s.shutdown]
        self.svi_networks: list[tuple[Net, Layer3Interface]] = [
            (net, svi) for svi in self.active_svis for net in _networks(svi)
        ]

    # --- VLANs, SVIs, ports -> zones ---

    def zone_of_svi(self, svi: Layer3Interface) -> Zone | None:
        """The zone of an SVI or routed port: by its VLAN, else by its first address."""
        zone = self.zones.zone_of_vlan(svi.vlan) if svi.vlan is not None else None
        if zone is None:
            for address in svi.addresses:
                if (zone := self.zones.zone_of_ip(address)) is not None:
                    break
        return zone

    def zone_svis(self, zone_id: str) -> list[Layer3Interface]:
        """The active SVIs and routed ports that route the zone (``zone_of_svi`` is that zone):
        the SVIs, then the routed ports, each in snapshot order."""
        return [
            svi
            for svi in self.active_svis
            if (zone := self.zone_of_svi(svi)) is not None and zone.id == zone_id
        ]

    def port_vlans(self, port: Port) -> list[int]:
        """The VLANs whose traffic reaches the port untagged: its access (or native) VLAN."""
        untagged = (
            port.access_vlan if port.mode.value in ("access", "dynamic") else port.native_vlan
        )
        return [untagged] if untagged is not None else []

    def ports_in_vlan(self, vlan_id: int) -> list[Port]:
        return [p for p in self.network.ports if vlan_id in self.port_vlans(p)]

    def discovered_vlans(self) -> dict[int, list[str]]:
        """VLAN id -> the devices that define it, an SVI for it or a port in it (sorted)."""
        found: dict[int, set[str]] = {}
        for vlan in self.network.vlans:
            found.setdefault(vlan.vlan_id, set()).add(vlan.device)
        for svi in self.network.svis:
            found.setdefault(svi.vlan_id, set()).add(svi.device)
        for port in self.network.ports:
            for vid in self.port_vlans(port):
                found.setdefault(vid, set()).add(port.device)
        return {vid: sorted(devs, key=str.casefold) for vid, devs in sorted(found.items())}

    def vlan_of_server(self, server: Server) -> int | None:
        """The VLAN a server sits in: from the inventory, else the SVI subnet holding its IP."""
        if server.vlan is not None:
            return server.vlan
        try:
            ip = ipaddress.IPv4Address(server.ip)
        except ValueError:
            return None
        best: tuple[int, Layer3Interface] | None = None
        for net, svi in self.svi_networks:
            if ip in net and (best is None or net.prefixlen > best[0]):
                best = (net.prefixlen, svi)
        return best[1].vlan if best else None

    # --- routing between zones ---

    def acl(self, device: str, name: str) -> AccessList | None:
        return self.acls.get((device.casefold(), name))

    def routed_pairs(self) -> list[RoutedPair]:
        """Every ordered pair of different zones that one device routes between (within one
        VRF), with the verdict of the ACLs on the way. Sorted by device, source zone, target
        zone."""
        by_table: dict[tuple[str, str], list[tuple[Zone, Layer3Interface]]] = {}
        for svi in self.active_svis:
            zone = self.zone_of_svi(svi)
            if zone is not None and _networks(svi):
                by_table.setdefault((svi.device, svi.vrf), []).append((zone, svi))
        pairs: list[RoutedPair] = []
        for device, vrf in sorted(by_table, key=lambda key: (key[0].casefold(), key[1])):
            members = by_table[(device, vrf)]
            for source, src_svi in members:
                for target, dst_svi in members:
                    if source.id == target.id:
                        continue
                    pairs.append(
                        RoutedPair(
                            device, source, target, src_svi, dst_svi, self.flow(src_svi, dst_svi)
                        )
                    )
        pairs.sort(
            key=lambda p: (p.device.casefold(), p.source.id, p.target.id, p.target_svi.label)
        )
        return pairs

    def flow(
        self,
        source: Layer3Interface,
        target: Layer3Interface,
        targets: list[Net] | None = None,
    ) -> AclVerdict:
        """What passes from ``source``'s subnets to ``target``'s (or to ``targets``)."""
        src, dst = _networks(source), targets if targets is not None else _networks(target)
        inbound = judge_acl(self.acl(source.device, source.acl_in), source.acl_in, src, dst)
        outbound = judge_acl(self.acl(target.device, target.acl_out), target.acl_out, src, dst)
        return _stricter(inbound, outbound)
