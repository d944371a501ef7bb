"""Checks of local administrator rights on the social-data zone's computers: who is in the
local Administrators group of its servers (KSZ-PRV-007) and whether LAPS manages the local
Administrator password (KSZ-PRV-008)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta

from kszcheck.analysis.facts import Facts
from kszcheck.analysis.hosts import host_of
from kszcheck.analysis.server_admins import ADMINISTRATORS, local_administrators, sdz_servers
from kszcheck.analysis.zone_computers import zone_computers
from kszcheck.checks.helpers import NO_SDZ_SERVERS, finding
from kszcheck.checks.registry import NotApplicable, Params, check
from kszcheck.model.results import Finding

__all__ = ["laps_coverage", "sdz_local_admins"]

#: RIDs allowed by default: the built-in Administrator, Domain Admins, Enterprise Admins
_ALLOWED_RIDS = ("-500", "-512", "-519")
#: everyone-like principals: Everyone, Authenticated Users, Users, Domain Users/Computers
_BROAD_SIDS = ("S-1-1-0", "S-1-5-11", "S-1-5-32-545")
_BROAD_RIDS = ("-513", "-515")


def _allowed(facts: Facts, name: str, sid: str, extra: set[str]) -> bool:
    if sid.upper().endswith(_ALLOWED_RIDS):
        return True
    short = name.split("\\", 1)[-1].lower()
    principal = facts.directory.resolve(sid or name)
    label = getattr(principal, "sam_account_name", "").lower()
    return bool({name.lower(), short, sid.upper().lower(), label} & extra)


@check("KSZ-PRV-007")
def sdz_local_admins(facts: Facts, params: Params) -> Iterable[Finding]:
    """The local Administrators of the zone's servers are the built-in account, Domain Admins,
    Enterprise Admins and the groups the site allows — as observed, never as declared."""
    servers = sdz_servers(facts)
    if not servers:
        raise NotApplicable(NO_SDZ_SERVERS)
    extra = params.lowered("allowed_local_admins")
    for server in servers:
        seen = local_administrators(facts, server)
        if seen is None:
            yield finding(f"{server}:local-admins", "not_observed", [], server=server)
            continue
        members, source = seen
        yield from _judge(facts, server, members, source, extra)


def _share_grants(facts: Facts, server: str) -> list[str]:
    """The zone's shares on this server that grant its local Administrators a right (a local
    grant, whose members the directory does not show): what a local administrator reaches."""
    host = host_of(server)
    return [
        f"{grant.resource} → {grant.server}\\Administrators ({grant.rights})"
        for grant in facts.sdz_access.local_grants
        if host_of(grant.server) == host
        and (
            grant.principal.strip().upper() == ADMINISTRATORS
            or grant.principal.rpartition("\\")[2].strip().lower() == "administrators"
        )
    ]


def _judge(
    facts: Facts, server: str, members: list[tuple[str, str]], source: str, extra: set[str]
) -> Iterator[Finding]:
    grants = _share_grants(facts, server)
    for name, sid in members:
        if _allowed(facts, name, sid, extra):
            continue
        broad = sid.upper() in _BROAD_SIDS or sid.upper().endswith(_BROAD_RIDS)
        message = "broad_local_admin" if broad else "unexpected_local_admin"
        yield finding(f"{server}:{name}", message, [source, *grants], server=server,
                      member=name, source=source)  # fmt: skip


@check("KSZ-PRV-008")
def laps_coverage(facts: Facts, params: Params) -> Iterable[Finding]:
    """Every enabled, recently used computer of the zone (servers and workstations, not the
    domain controllers) has a LAPS password that is rotated."""
    computers = zone_computers(facts.directory.directory, facts.zones)
    if not computers:
        raise NotApplicable(NO_SDZ_SERVERS)
    grace = timedelta(days=params.integer("laps_grace_days"))
    stale = facts.now - timedelta(days=params.integer("stale_days"))
    for computer in computers:
        if not computer.enabled or computer.last_logon is None or computer.last_logon < stale:
            continue  # gone or unused: KSZ-SRV-006
        name = computer.sam_account_name.rstrip("$")
        expires = [t for t in (computer.laps_expires, computer.windows_laps_expires) if t]
        if not expires:
            yield finding(f"{name}:laps", "no_laps", [computer.dn], computer=name)
        elif max(expires) < facts.now - grace:
            yield finding(f"{name}:laps", "laps_not_rotating", [computer.dn], computer=name,
                          expired=max(expires).date().isoformat())  # fmt: skip
