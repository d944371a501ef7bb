"""Checks of the logging domain: is every access to social data traceable, kept, protected,
audited and reviewed?

Which servers must log what (KSZ-LOG-001):

- a *file server* of the social-data zone (it hosts an SDZ share, or it holds social data and is
  not an application server) must audit object access (``logging.object_access_audit``);
- an *application server* of the social-data zone (a word of its ``role`` matches one of the
  ``application_roles`` patterns) must log consultations (``logging.consultations_logged``).

A value that is not declared (None) counts as not logged: fail closed.

The other rules (KSZ-LOG-002 to -005) read the retention and forwarding declared per server, and
the operational declarations of the records file (kszcheck/model/operations.py): log platforms,
time sources, audit policies, monitoring and log reviews.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from fnmatch import fnmatchcase

from kszcheck.analysis.access import share_key
from kszcheck.analysis.accounts import account_enabled
from kszcheck.analysis.dates import months_before
from kszcheck.analysis.facts import Facts
from kszcheck.analysis.hosts import host_of
from kszcheck.analysis.zone_computers import host_name
from kszcheck.analysis.zone_computers import is_domain_controller as is_dc_computer
from kszcheck.checks.helpers import NO_SDZ_SERVERS, declared_not_observed, evidence_at, finding
from kszcheck.checks.registry import NotApplicable, Params, check
from kszcheck.model.catalogue import Severity
from kszcheck.model.inventory import Server, Share
from kszcheck.model.operations import LogPlatform, TimeScope
from kszcheck.model.results import Finding
from kszcheck.texts import text

__all__ = [
    "is_application_server",
    "is_domain_controller",
    "log_retention",
    "log_review",
    "logs_centralised",
    "privilege_changes_audited",
    "social_data_access_logged",
]

_WORD = re.compile(r"[\s,;/_+-]+")


def is_application_server(role: str, patterns: Iterable[str]) -> bool:
    """True when one word of the role matches one shell-style pattern, ignoring case."""
    words = [w for w in _WORD.split(role.lower()) if w]
    return any(fnmatchcase(w, p.lower()) for w in words for p in patterns)


def is_domain_controller(role: str, patterns: Iterable[str]) -> bool:
    """True when the whole role, or one word of it, matches a shell-style pattern (any case)."""
    text = role.strip().lower()
    words = [text, *(w for w in _WORD.split(text) if w)]
    return any(fnmatchcase(w, p.lower()) for w in words for p in patterns)


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


def _object_access(facts: Facts, server: Server, ev: list[str]) -> Iterator[Finding]:
    """Object access auditing as observed on the server (auditpol) or in its GPOs; the
    declaration only when neither was observed. A declared "yes" that is observed "no" is a
    declared ≠ observed finding."""
    declared = server.logging.object_access_audit
    observed = facts.observed_audit.audit(server.fqdn or server.name, "object_access")
    if observed is None:
        yield from _aspect(server.name, "object-access", declared, ev)
    elif not observed.success:
        subject, args = f"{server.name}:object-access", {"server": server.name}
        if declared is True:
            yield declared_not_observed(
                subject, "declared_object_access_not_observed", [observed.source, *ev],
                declared="yes", observed="no", source=observed.source, **args,
            )  # fmt: skip
        else:
            yield finding(subject, "object_access_not_audited", [observed.source, *ev],
                          source=observed.source, **args)  # fmt: skip


@check("KSZ-LOG-001")
def social_data_access_logged(facts: Facts, params: Params) -> Iterable[Finding]:
    """SDZ file servers audit object access; SDZ application servers log consultations."""
    patterns = params.strings("application_roles")
    shares = _sdz_shares(facts)
    with_shares = {host_of(s.server) for s in shares}
    servers: list[Server] = [
        s
        for s in facts.snapshot.inventory.servers
        if facts.zones.is_sdz_server(s) or host_of(s.name) in with_shares
    ]
    if not servers and not shares:
        raise NotApplicable(NO_SDZ_SERVERS)
    for server in sorted(servers, key=lambda s: s.name.lower()):
        ev, log = evidence_at(facts, "inventory.servers", server.line), server.logging
        is_app = is_application_server(server.role, patterns)
        if host_of(server.name) in with_shares or (server.contains_social_data and not is_app):
            yield from _object_access(facts, server, ev)
        if is_app:
            yield from _aspect(server.name, "consultations", log.consultations_logged, ev)
    yield from _shares_on_unknown_servers(facts, shares, {host_of(s.name) for s in servers})


def _shares_on_unknown_servers(
    facts: Facts, shares: list[Share], known: set[str]
) -> Iterator[Finding]:
    """SDZ shares on a server missing from the inventory: its auditing is not declared."""
    unknown: dict[str, tuple[str, list[Share]]] = {}
    for share in shares:
        if host_of(share.server) not in known:
            unknown.setdefault(host_of(share.server), (share.server, []))[1].append(share)
    for _, (server, on_server) in sorted(unknown.items()):
        ev = [
            x for s in on_server for x in (s.unc, *evidence_at(facts, "inventory.shares", s.line))
        ]
        names = ", ".join(s.unc for s in on_server)
        yield finding(
            f"{server}:object-access", "server_not_in_inventory", ev, server=server, shares=names
        )


NO_LOGGING_SERVERS = text("checks.no_logging_servers")


def _logging_servers(facts: Facts, dc_roles: list[str]) -> list[tuple[Server, bool, bool]]:
    """(server, in the SDZ, is a domain controller) for the servers whose logs matter here."""
    found = []
    for server in sorted(facts.snapshot.inventory.servers, key=lambda s: s.name.lower()):
        sdz, dc = facts.zones.is_sdz_server(server), is_domain_controller(server.role, dc_roles)
        if sdz or dc:
            found.append((server, sdz, dc))
    if not found:
        raise NotApplicable(NO_LOGGING_SERVERS)
    return found


def _security_log_size(facts: Facts, server: Server, minimum_kb: int) -> Iterator[Finding]:
    """The Security log as observed (Get-WinEvent, else the GPOs): too small a log that
    overwrites itself loses events within days, whatever the declared retention."""
    observed = facts.observed_audit.security_log(server.fqdn or server.name)
    if observed is None or observed.max_size_kb is None or observed.max_size_kb >= minimum_kb:
        return
    if observed.retention in ("never", "archive"):
        return  # kept or archived when full: not overwritten
    yield finding(
        f"{server.name}:security-log-size",
        "security_log_small",
        [observed.source],
        server=server.name,
        size=observed.max_size_kb // 1024,
        minimum=minimum_kb // 1024,
        source=observed.source,
    )


@check("KSZ-LOG-002")
def log_retention(facts: Facts, params: Params) -> Iterable[Finding]:
    """SDZ servers keep their logs for the KSZ term; domain controllers for the security term."""
    years = params.integer("ksz_log_retention_years")
    security_days = params.integer("security_log_retention_days")
    dc_roles = params.strings("domain_controller_roles")
    for server, sdz, dc in _logging_servers(facts, dc_roles):
        required = max(years * 365, security_days) if sdz else security_days
        kind = "consultation" if sdz else "security"
        days, ev = (
            server.logging.retention_days,
            evidence_at(facts, "inventory.servers", server.line),
        )
        central = _collected_by(facts, server, sdz=sdz, dc=dc)
        if central is not None and central.retention_days is not None:
            days = max(days or 0, central.retention_days)  # the platform keeps them this long
            ev = [*ev, *evidence_at(facts, "records.log_platforms", central.line)]
        args: dict[str, str | int] = {"server": server.name, "required": required, "years": years}
        if days is None:
            yield finding(f"{server.name}:retention", f"{kind}_not_declared", ev, **args)
        elif days < required:
            yield finding(f"{server.name}:retention", f"{kind}_too_short", ev, days=days, **args)
        yield from _security_log_size(facts, server, params.integer("security_log_min_kb"))


@check("KSZ-LOG-003")
def logs_centralised(facts: Facts, params: Params) -> Iterable[Finding]:
    """SDZ and DC logs leave the host for a platform that someone other than the admins keeps."""
    dc_roles = params.strings("domain_controller_roles")
    platforms = {
        host_of(n): p for p in facts.snapshot.records.log_platforms for n in (p.name, *p.aliases)
    }
    used: dict[str, tuple[str, list[str]]] = {}
    for server, sdz, dc in _logging_servers(facts, dc_roles):
        target, ev = (
            server.logging.forwarded_to.strip(),
            evidence_at(facts, "inventory.servers", server.line),
        )
        if not target and (central := _collected_by(facts, server, sdz=sdz, dc=dc)) is not None:
            target = central.name  # collection declared once on the platform
        if not target or host_of(target) in {
            host_of(server.name),
            host_of(server.fqdn or server.name),
        }:
            message = "forwarded_to_itself" if target else "not_forwarded"
            yield finding(f"{server.name}:forwarding", message, ev, server=server.name)
        else:
            known = platforms.get(host_of(target))  # one platform under each of its names
            key = host_of(known.name) if known is not None else host_of(target)
            used.setdefault(key, (target, []))[1].append(server.name)
    for key, (target, names) in sorted(used.items()):
        platform = platforms.get(key)
        if platform is None:
            yield finding(
                f"{target}:custodians",
                "platform_not_registered",
                [],
                platform=target,
                servers=", ".join(names),
            )
        else:
            yield from _custodians(facts, platform)
    yield from _time_sync(facts, [TimeScope(s) for s in params.strings("time_sync_scopes")])


def _collected_by(facts: Facts, server: Server, *, sdz: bool, dc: bool) -> LogPlatform | None:
    """The platform that declares it collects this server's logs (its ``collects``): by name,
    or as one of all servers, the domain controllers or the zone's servers; else None. A
    server's own ``forwarded_to`` names where it sends them."""
    names = {host_of(server.name), host_of(server.fqdn)} - {""}
    for platform in facts.snapshot.records.log_platforms:
        scopes = {item.lower() for item in platform.collects}
        if (
            "all_servers" in scopes
            or (dc and "domain_controllers" in scopes)
            or (sdz and "sdz_servers" in scopes)
            or names & {host_of(item) for item in platform.collects}
        ):
            return platform
    return None


def _is_admin(facts: Facts, person_id: str) -> bool:
    """The person has an enabled privileged account (or is unknown: not shown independent)."""
    if person_id not in facts.persons.people:
        return True
    return any(
        facts.privileged.is_privileged(u) and account_enabled(u, facts.now)
        for u in facts.persons.accounts_of(person_id)
    )


def _custodians(facts: Facts, platform: LogPlatform) -> Iterator[Finding]:
    ev = [x for x in [facts.locator("records.log_platforms", platform.line)] if x]
    subject = f"{platform.name}:custodians"
    if not platform.custodians:
        yield finding(subject, "custodians_not_declared", ev, platform=platform.name)
    elif all(_is_admin(facts, pid) for pid in platform.custodians):
        names = ", ".join(platform.custodians)
        yield finding(
            subject, "no_independent_custodian", ev, platform=platform.name, custodians=names
        )


_LOCAL_CLOCKS = frozenset({"local", "cmos", "localhost", "127.0.0.1", "::1", "local cmos clock"})


def _time_sync(facts: Facts, scopes: list[TimeScope]) -> Iterator[Finding]:
    """Each scope has a time source that is not the local clock (a low-severity sub-check)."""
    for scope in scopes:
        entries = [t for t in facts.snapshot.records.time_sync if t.scope is scope]
        ev = [x for t in entries if (x := facts.locator("records.time_sync", t.line))]
        sources = [
            n for t in entries for n in t.ntp_servers if n.strip().lower() not in _LOCAL_CLOCKS
        ]
        if not sources:
            message = "time_not_synchronised" if entries else "time_not_declared"
            item = finding(
                f"time-sync:{scope.value.replace('_', '-')}", f"{message}_{scope.value}", ev
            )
            yield item.model_copy(update={"severity": Severity.low})


#: The audit settings KSZ-LOG-004 requires on the domain controllers: field -> subject aspect.
_DC_AUDIT = {
    "security_group_management": "group-management",
    "directory_service_changes": "directory-changes",
}


def _directory_dcs(facts: Facts) -> set[str]:
    """Short names of the enabled domain controllers in the directory (when it was read)."""
    if not facts.collected("directory.computers"):
        return set()
    return {
        host_name(c) for c in facts.directory.directory.computers if c.enabled and is_dc_computer(c)
    }


@check("KSZ-LOG-004")
def privilege_changes_audited(facts: Facts, params: Params) -> Iterable[Finding]:
    """DCs audit group and directory changes; privileged and SDZ groups are watched."""
    dc_names = {
        host_of(s.name)
        for s in facts.snapshot.inventory.servers
        if is_domain_controller(s.role, params.strings("domain_controller_roles"))
    }
    policies = [
        p
        for p in facts.snapshot.records.audit_policies
        if p.applies_to.strip().lower() == "domain_controllers" or host_of(p.applies_to) in dc_names
    ]
    ev = [x for p in policies if (x := facts.locator("records.audit_policies", p.line))]
    dcs = sorted(dc_names | _directory_dcs(facts))
    for field, aspect in _DC_AUDIT.items():
        values = [getattr(p, field) for p in policies]
        seen = [(dc, facts.observed_audit.audit(dc, field)) for dc in dcs]
        if dcs and all(o is not None for _, o in seen):
            off = [(dc, o) for dc, o in seen if o is not None and not o.success]
            if not off:
                continue
            names = ", ".join(dc for dc, _ in off)
            sources = list(dict.fromkeys(o.source for _, o in off))
            if True in values:
                yield declared_not_observed(
                    f"domain-controllers:{aspect}", f"declared_{field}_not_observed",
                    [*sources, *ev], dcs=names, declared="yes", observed="no",
                    source=", ".join(sources),
                )  # fmt: skip
            else:
                yield finding(f"domain-controllers:{aspect}", f"{field}_not_audited_observed",
                              sources, dcs=names, source=", ".join(sources))  # fmt: skip
        elif False in values or True not in values:
            state = "not_audited" if False in values else "not_declared"
            yield finding(f"domain-controllers:{aspect}", f"{field}_{state}", ev)
    for watch in ("privileged_groups", "sdz_groups"):
        if not any(watch in m.watches for m in facts.snapshot.records.monitoring):
            yield finding(f"monitoring:{watch.replace('_', '-')}", f"{watch}_not_monitored")


@check("KSZ-LOG-005")
def log_review(facts: Facts, params: Params) -> Iterable[Finding]:
    """The consultant reviewed the logs of the social data recently and recorded the outcome."""
    months = params.integer("log_review_max_months")
    reviews = [r for r in facts.snapshot.records.log_reviews if r.reviewed_on <= facts.today]
    latest = max(reviews, key=lambda r: r.reviewed_on, default=None)
    if latest is None:
        yield finding("ocmw:log-review", "no_review", [], months=months)
        return
    ev = [x for x in [facts.locator("records.log_reviews", latest.line)] if x]
    last = latest.reviewed_on.isoformat()
    if latest.reviewed_on < months_before(facts.today, months):
        yield finding("ocmw:log-review", "review_too_old", ev, last=last, months=months)
    elif not latest.outcome.strip():
        yield finding("ocmw:log-review", "no_outcome", ev, last=last, reviewer=latest.reviewer)
