"""Who administers the social-data zone's servers: the members of each server's local
Administrators group, as the Windows pack read them on the server, else as a GPO (Restricted
Groups) forces them. Never as declared: a server seen neither way has no known administrators.

Used by KSZ-PRV-007 (who may be there) and by the access matrix and administrator register.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kszcheck.analysis.hosts import host_of
from kszcheck.analysis.zone_computers import host_name, is_server, zone_computers

if TYPE_CHECKING:
    from kszcheck.analysis.facts import Facts

__all__ = ["ADMINISTRATORS", "LocalAdmins", "local_administrators", "sdz_servers"]

#: The SID of the built-in Administrators group.
ADMINISTRATORS = "S-1-5-32-544"
_GPO_KINDS = ("gpo.settings", "directory.ous", "directory.gpos", "directory.computers")

#: (name, SID) of the members, and where they were seen ("local_group_members.csv (SRV)")
LocalAdmins = tuple[list[tuple[str, str]], str]


def sdz_servers(facts: Facts) -> list[str]:
    """The zone's servers: those of the inventory and the site, and the enabled server
    computers of the zone's OUs; one name each, sorted by host name."""
    names = {host_of(n): n for n in facts.zones.sdz_server_names(facts.snapshot.inventory.servers)}
    for computer in zone_computers(facts.directory.directory, facts.zones):
        if is_server(computer) and computer.enabled:
            names.setdefault(host_name(computer), computer.sam_account_name.rstrip("$"))
    return [names[k] for k in sorted(names)]


def local_administrators(facts: Facts, server: str) -> LocalAdmins | None:
    """The members of the server's local Administrators and where they were seen; None when
    neither the Windows pack nor a GPO shows them."""
    key = host_of(server)
    hosts = facts.snapshot.hosts
    read = {host_of(h) for h in hosts.hosts_read}
    if facts.collected("host.local_groups") and key in read:
        found = [
            (m.name, m.sid)
            for m in hosts.local_group_members
            if m.group == "administrators" and host_of(m.host) == key
        ]
        return found, f"local_group_members.csv ({server})"
    if all(facts.collected(k) for k in _GPO_KINDS):
        computer = facts.directory.find_computer(server)
        if computer is not None:
            effective = facts.gpo.effective(computer.dn)
            forced = effective.restricted_members(ADMINISTRATORS)
            if forced is not None:
                members = [(m, m if m.upper().startswith("S-1-") else "") for m in forced[0]]
                return members, f"GPO {forced[1]}"
    return None
