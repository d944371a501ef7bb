"""Checks of the network domain: where the social-data servers sit and whether that is filtered."""

from __future__ import annotations

from collections.abc import Iterable

from kszcheck.analysis.facts import Facts
from kszcheck.checks.helpers import evidence_at, finding, sdz_servers
from kszcheck.checks.registry import Params, check
from kszcheck.model.inventory import Server
from kszcheck.model.results import Finding
from kszcheck.model.site import USER_ZONE_KINDS

__all__ = ["sdz_server_segment"]


def _where(server: Server) -> str:
    parts = [server.ip, f"VLAN {server.vlan}" if server.vlan is not None else "", server.zone]
    return ", ".join(p for p in parts if p)


@check("KSZ-NET-002")
def sdz_server_segment(facts: Facts, params: Params) -> Iterable[Finding]:
    """Each SDZ server sits in a known, non-user zone whose traffic is filtered."""
    for server in sdz_servers(facts):
        name, ev = server.name, evidence_at(facts, "inventory.servers", server.line)
        zone = facts.zones.zone_of_server(server)
        if zone is None:
            where = _where(server)
            message = "zone_unknown" if where else "no_address"
            yield finding(name, message, ev, server=name, address=where)
        elif zone.kind in USER_ZONE_KINDS:
            yield finding(name, "user_zone", ev, server=name, zone=zone.id, kind=zone.kind.value)
        elif not zone.filtered_by:
            svis = facts.network.zone_svis(zone.id)
            labels = [f"{s.device}:vlan{s.vlan}" if s.vlan is not None else s.label for s in svis]
            if not svis:
                yield finding(name, "no_routed_interface", ev, server=name, zone=zone.id)
            elif not any(s.acl_in or s.acl_out for s in svis):
                interfaces = ", ".join(labels)
                yield finding(
                    name, "no_acl", ev + labels, server=name, zone=zone.id, interfaces=interfaces
                )
