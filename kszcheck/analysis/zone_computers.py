"""The computer objects of the social-data zone as the directory shows them: in an OU of the
zone, or named as a zone server by the site (domain controllers excluded)."""

from __future__ import annotations

from kszcheck.analysis.hosts import host_of
from kszcheck.analysis.zones import ZoneMap
from kszcheck.model.common import norm_dn
from kszcheck.model.directory import Computer, Directory

__all__ = ["host_name", "is_domain_controller", "is_server", "zone_computers"]

_DC_GROUPS = {516, 521}


def host_name(computer: Computer) -> str:
    """The short host name, lower case."""
    return host_of(computer.sam_account_name.rstrip("$") or computer.dns_hostname)


def is_domain_controller(computer: Computer) -> bool:
    return computer.primary_group_id in _DC_GROUPS or ",ou=domain controllers," in norm_dn(
        computer.dn
    )


def is_server(computer: Computer) -> bool:
    return "server" in computer.operating_system.lower()


def zone_computers(directory: Directory, zones: ZoneMap) -> list[Computer]:
    named = {host_of(name) for name in zones.declared_sdz_servers}
    return sorted(
        (
            c
            for c in directory.computers
            if not is_domain_controller(c) and (zones.in_sdz_ou(c.dn) or host_name(c) in named)
        ),
        key=host_name,
    )
