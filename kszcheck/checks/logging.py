"""Checks of the logging domain: is every access to social data traceable?

Which servers must log what (KSZ-LOG-001):

- a *file server* of the social-data zone (it hosts an SDZ share, or it holds social data and is
  not an application server) must audit object access (``logging.object_access_audit``);
- an *application server* of the social-data zone (a word of its ``role`` matches one of the
  ``application_roles`` patterns) must log consultations (``logging.consultations_logged``).

A value that is not declared (None) counts as not logged: fail closed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from fnmatch import fnmatchcase

from kszcheck.analysis.access import share_key
from kszcheck.analysis.facts import Facts
from kszcheck.checks.helpers import finding
from kszcheck.checks.network import NO_SDZ_SERVERS, source_line
from kszcheck.checks.registry import NotApplicable, Params, check
from kszcheck.model.inventory import Server, Share
from kszcheck.model.results import Finding

__all__ = ["is_application_server", "social_data_access_logged"]

_WORD = re.compile(r"[\s,;/_+-]+")


def is_application_server(role: str, patterns: Iterable[str]) -> bool:
    """True when one word of the role matches one shell-style pattern, ignoring case."""
    words = [w for w in _WORD.split(role.lower()) if w]
    return any(fnmatchcase(w, p.lower()) for w in words for p in patterns)


def _host(name: str) -> str:
    return name.strip().lower().split(".", 1)[0]


def _sdz_shares(facts: Facts) -> list[Share]:
    declared = {share_key(s) for s in facts.zones.sdz_shares}
    shares = facts.snapshot.inventory.shares
    return [s for s in shares if s.contains_social_data or share_key(s.unc) in declared]


#: Subject suffix -> message key prefix.
_ASPECTS = {"object-access": "object_access", "consultations": "consultations"}


def _aspect(server: str, aspect: str, value: bool | None, ev: list[str]) -> Iterator[Finding]:
    """A finding unless the server declared the aspect as logged (True)."""
    if value is not True:
        state = "not_declared" if value is None else "not_logged"
        yield finding(f"{server}:{aspect}", f"{_ASPECTS[aspect]}_{state}", ev, server=server)


@check("KSZ-LOG-001")
def social_data_access_logged(facts: Facts, params: Params) -> Iterable[Finding]:
    """SDZ file servers audit object access; SDZ application servers log consultations."""
    patterns = [str(p) for p in params["application_roles"]]
    shares = _sdz_shares(facts)
    with_shares = {_host(s.server) for s in shares}
    servers: list[Server] = [
        s
        for s in facts.snapshot.inventory.servers
        if facts.zones.is_sdz_server(s) or _host(s.name) in with_shares
    ]
    if not servers and not shares:
        raise NotApplicable(NO_SDZ_SERVERS)
    for server in sorted(servers, key=lambda s: s.name.lower()):
        ev, log = source_line(facts, "inventory.servers", server.line), server.logging
        is_app = is_application_server(server.role, patterns)
        if _host(server.name) in with_shares or (server.contains_social_data and not is_app):
            yield from _aspect(server.name, "object-access", log.object_access_audit, ev)
        if is_app:
            yield from _aspect(server.name, "consultations", log.consultations_logged, ev)
    yield from _shares_on_unknown_servers(facts, shares, {_host(s.name) for s in servers})


def _shares_on_unknown_servers(
    facts: Facts, shares: list[Share], known: set[str]
) -> Iterator[Finding]:
    """SDZ shares on a server missing from the inventory: its auditing is not declared."""
    unknown: dict[str, tuple[str, list[Share]]] = {}
    for share in shares:
        if _host(share.server) not in known:
            unknown.setdefault(_host(share.server), (share.server, []))[1].append(share)
    for _, (server, on_server) in sorted(unknown.items()):
        ev = [
            x for s in on_server for x in (s.unc, *source_line(facts, "inventory.shares", s.line))
        ]
        names = ", ".join(s.unc for s in on_server)
        yield finding(
            f"{server}:object-access", "server_not_in_inventory", ev, server=server, shares=names
        )
