"""Checks of the governance registers: KSZ questionnaire, register of processing activities,
legal basis of data flows, completeness of the server inventory (KSZ-GOV-006, 009, 010, 011)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from fnmatch import fnmatchcase

from kszcheck.analysis.dates import shift_months
from kszcheck.analysis.facts import Facts
from kszcheck.analysis.hosts import host_of
from kszcheck.analysis.zone_computers import host_name, is_server, zone_computers
from kszcheck.checks.helpers import evidence_at, finding
from kszcheck.checks.registry import NotApplicable, Params, check
from kszcheck.model.catalogue import Severity
from kszcheck.model.common import Body
from kszcheck.model.directory import Computer
from kszcheck.model.governance import DataFlowKind
from kszcheck.model.results import ArgValue, Finding
from kszcheck.texts import text

__all__ = [
    "data_flows_authorised",
    "ksz_questionnaire_submitted",
    "processing_register",
    "server_inventory_complete",
]


@check("KSZ-GOV-006")
def ksz_questionnaire_submitted(facts: Facts, params: Params) -> Iterable[Finding]:
    """The OCMW submitted the KSZ questionnaire within the last cycle."""
    items = facts.snapshot.records.questionnaires
    submitted = [q for q in items if q.submitted_on is not None and q.submitted_on <= facts.today]
    months = params.integer("questionnaire_cycle_months")
    if not submitted:
        drafts = sorted(q.year for q in items if q.submitted_on is None)
        if drafts:
            ev = [x for q in items if (x := facts.locator("records.questionnaires", q.line))]
            yield finding("questionnaire", "not_submitted", ev, year=drafts[-1])
        else:
            yield finding("questionnaire", "never_submitted")
        return
    last = max(submitted, key=lambda q: (q.submitted_on, q.year))
    when = last.submitted_on
    if when is not None and when < shift_months(facts.today, -months):
        where = facts.locator("records.questionnaires", last.line)
        ev = [x for x in (where, last.reference.strip()) if x]
        yield finding(
            "questionnaire",
            "overdue",
            ev,
            year=last.year,
            submitted=when.isoformat(),
            months=months,
        )


@check("KSZ-GOV-009")
def processing_register(facts: Facts, params: Params) -> Iterable[Finding]:
    """Both controllers keep a register; every server of the social-data zone is in an entry of
    the OCMW (or of both as joint controllers)."""
    entries = facts.snapshot.records.processing
    for body in (Body.gemeente, Body.ocmw):
        if not any(e.controller in (body, Body.both) for e in entries):
            yield finding(body.value, "no_register")
    covered = {
        host_of(system)
        for e in entries
        if e.controller in (Body.ocmw, Body.both)
        for system in e.systems
    }
    for server in facts.zones.sdz_servers_in(facts.snapshot.inventory.servers):
        if host_of(server.name) not in covered and (
            not server.fqdn or host_of(server.fqdn) not in covered
        ):
            evidence = evidence_at(facts, "inventory.servers", server.line)
            yield finding(server.name, "not_in_register", evidence, server=server.name)
    inventory = {
        host_of(n) for s in facts.snapshot.inventory.servers for n in (s.name, s.fqdn) if n
    }
    for computer in zone_computers(facts.directory.directory, facts.zones):
        name = computer.sam_account_name.rstrip("$")
        if (
            is_server(computer)
            and computer.enabled
            and host_name(computer) not in covered | inventory
        ):
            yield finding(name, "directory_server_not_in_register", [computer.dn], server=name)


_FLOW_MESSAGES = {
    DataFlowKind.ksz: "ksz_no_deliberation",
    DataFlowKind.gemeente_ocmw: "internal_no_basis",
    DataFlowKind.external: "external_no_basis",
}


@check("KSZ-GOV-010")
def data_flows_authorised(facts: Facts, params: Params) -> Iterable[Finding]:
    """The register lists the OCMW's KSZ flows; every flow has a deliberation, protocol or
    agreement reference that has not expired."""
    flows = facts.snapshot.records.data_flows
    if not any(f.kind is DataFlowKind.ksz for f in flows):
        yield finding("ocmw:ksz-flows", "no_ksz_flows")
    for flow in sorted(flows, key=lambda f: f.name.lower()):
        where = facts.locator("records.data_flows", flow.line)
        ev = [where] if where else []
        if not flow.authorisation.strip():
            yield finding(flow.name, _FLOW_MESSAGES[flow.kind], ev, flow=flow.name)
        elif flow.valid_until is not None and flow.valid_until < facts.today:
            yield finding(
                flow.name,
                "basis_expired",
                [*ev, flow.authorisation],
                flow=flow.name,
                reference=flow.authorisation,
                until=flow.valid_until.isoformat(),
            )


NO_SERVER_OBJECTS = text("checks.no_server_objects")


def _discovered_servers(facts: Facts, params: Params) -> list[Computer]:
    patterns = [p.lower() for p in params.strings("server_os_patterns")]
    since = facts.now - timedelta(days=params.integer("active_within_days"))
    return [
        c
        for c in facts.snapshot.directory.computers
        if c.enabled
        and any(fnmatchcase(c.operating_system.lower(), p) for p in patterns)
        and (c.last_logon is None or c.last_logon >= since)
    ]


@check("KSZ-GOV-011")
def server_inventory_complete(facts: Facts, params: Params) -> Iterable[Finding]:
    """Servers found in the directory are in the server inventory. Missing servers of the
    social-data zone always count (high); others once they exceed the allowed share."""
    discovered = _discovered_servers(facts, params)
    if not discovered:
        raise NotApplicable(NO_SERVER_OBJECTS)
    known: set[str] = set()
    for server in facts.snapshot.inventory.servers:
        known.update(host_of(n) for n in (server.name, server.fqdn) if n.strip())
    missing = [
        c
        for c in discovered
        if host_of(c.sam_account_name) not in known
        and (not c.dns_hostname or host_of(c.dns_hostname) not in known)
    ]
    share = round(100 * len(missing) / len(discovered), 1)
    allowed = params.number("inventory_gap_pct")
    for computer in sorted(missing, key=lambda c: c.sam_account_name.lower()):
        name = computer.sam_account_name.strip().rstrip("$")
        sdz = facts.zones.in_sdz_ou(computer.dn) or facts.zones.is_declared_sdz_server(name)
        args: dict[str, ArgValue] = {
            "os": computer.operating_system,
            "pct": share,
            "total": len(discovered),
        }
        if sdz:
            item = finding(name, "missing_sdz", [computer.dn], **args)
            yield item.model_copy(update={"severity": Severity.high})
        elif share > allowed:
            yield finding(name, "missing", [computer.dn], missing=len(missing), **args)
