"""Checks of the network domain: where the social-data servers sit and whether that is filtered."""

from __future__ import annotations

from collections.abc import Iterable

from kszcheck.analysis.facts import Facts
from kszcheck.checks.helpers import finding
from kszcheck.checks.registry import NotApplicable, Params, check
from kszcheck.model.common import LocalizedText
from kszcheck.model.inventory import Server
from kszcheck.model.network import Layer3Interface
from kszcheck.model.results import Finding
from kszcheck.model.site import USER_ZONE_KINDS, Zone

__all__ = ["sdz_server_segment", "sdz_servers", "source_line"]

NO_SDZ_SERVERS = LocalizedText(
    nl="Geen enkele server in de inventaris bevat sociale gegevens of ligt in de sociale zone.",
    en="No server in the inventory holds social data or sits in the social-data zone.",
)


def source_line(facts: Facts, kind: str, line: int | None) -> list[str]:
    """``file:line`` evidence for a fact of ``kind`` declared on ``line``, when known."""
    found = facts.locator(kind, line)
    return [found] if found else []


def sdz_servers(facts: Facts) -> list[Server]:
    """The servers of the social-data zone, by name; NotApplicable when there are none."""
    servers = [s for s in facts.snapshot.inventory.servers if facts.zones.is_sdz_server(s)]
    if not servers:
        raise NotApplicable(NO_SDZ_SERVERS)
    return sorted(servers, key=lambda s: s.name.lower())


def _zone_svis(facts: Facts, zone: Zone) -> list[Layer3Interface]:
    """Active SVIs and routed ports that route the zone: by its VLANs, or by an address inside
    its subnets."""

    def in_zone(svi: Layer3Interface) -> bool:
        return (svi.vlan is not None and svi.vlan in zone.vlans) or any(
            (found := facts.zones.zone_of_ip(a)) is not None and found.id == zone.id
            for a in svi.addresses
        )

    layer3 = facts.snapshot.network.layer3()
    return [svi for svi in layer3 if not svi.shutdown and in_zone(svi)]


def _where(server: Server) -> str:
    parts = [server.ip, f"VLAN {server.vlan}" if server.vlan is not None else "", server.zone]
    return ", ".join(p for p in parts if p)


@check("KSZ-NET-002")
def sdz_server_segment(facts: Facts, params: Params) -> Iterable[Finding]:
    """Each SDZ server sits in a known, non-user zone whose traffic is filtered."""
    for server in sdz_servers(facts):
        name, ev = server.name, source_line(facts, "inventory.servers", server.line)
        zone = facts.zones.zone_of_server(server)
        if zone is None:
            where = _where(server)
            message = "zone_unknown" if where else "no_address"
            yield finding(name, message, ev, server=name, address=where)
        elif zone.kind in USER_ZONE_KINDS:
            yield finding(name, "user_zone", ev, server=name, zone=zone.id, kind=zone.kind.value)
        elif not zone.filtered_by:
            svis = _zone_svis(facts, zone)
            labels = [f"{s.device}:vlan{s.vlan}" if s.vlan is not None else s.label for s in svis]
            if not svis:
                yield finding(name, "no_routed_interface", ev, server=name, zone=zone.id)
            elif not any(s.acl_in or s.acl_out for s in svis):
                interfaces = ", ".join(labels)
                yield finding(
                    name, "no_acl", ev + labels, server=name, zone=zone.id, interfaces=interfaces
                )
