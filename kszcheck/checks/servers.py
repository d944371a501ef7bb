"""Checks of the servers domain: ownership, location, environments, patching and disposal."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

import netaddr

from kszcheck.analysis.access import broad_principal
from kszcheck.analysis.dates import months_before
from kszcheck.analysis.facts import Facts
from kszcheck.analysis.hosts import host_of
from kszcheck.analysis.lifecycle import end_of_support
from kszcheck.analysis.observed_shares import unc_key
from kszcheck.analysis.zone_computers import host_name, is_server, zone_computers
from kszcheck.checks.helpers import declared_not_observed, evidence_at, finding, not_recorded
from kszcheck.checks.registry import Params, check
from kszcheck.model.catalogue import Severity
from kszcheck.model.common import Body, norm_dn
from kszcheck.model.directory import Computer
from kszcheck.model.inventory import Hosting, Server, Share
from kszcheck.model.records import AppointmentRole, CloudOutcome
from kszcheck.model.results import Finding

__all__ = [
    "no_social_data_in_general_shares",
    "production_separated",
    "sdz_assets_classified_and_owned",
    "sdz_hosting_location",
    "secure_disposal",
    "supported_platforms",
]


def _missing_servers(facts: Facts) -> Iterator[Finding]:
    """Servers the site puts in the zone that the inventory does not describe."""
    known = {s.name.lower() for s in facts.snapshot.inventory.servers}
    known |= {s.fqdn.lower() for s in facts.snapshot.inventory.servers if s.fqdn}
    for name in facts.zones.sdz_server_names(facts.snapshot.inventory.servers):
        if name.lower() not in known:
            yield finding(f"site:{name}", "not_in_inventory", server=name)


def _inventory_hosts(facts: Facts) -> set[str]:
    servers = facts.snapshot.inventory.servers
    return {host_of(n) for s in servers for n in (s.name, s.fqdn) if n}


def _directory_servers_not_in_inventory(facts: Facts) -> Iterator[Finding]:
    """Servers the directory places in the zone that the inventory does not describe: nobody
    classified them or named their owner."""
    known = _inventory_hosts(facts)
    for computer in zone_computers(facts.directory.directory, facts.zones):
        name = computer.sam_account_name.rstrip("$")
        if is_server(computer) and computer.enabled and host_name(computer) not in known:
            yield finding(f"{name}:classification", "directory_server_not_in_inventory",
                          [computer.dn], server=name)  # fmt: skip


@check("KSZ-SRV-001")
def sdz_assets_classified_and_owned(facts: Facts, params: Params) -> Iterable[Finding]:
    """Every SDZ server is classified at an accepted level and owned by the OCMW; SDZ shares
    are owned by the OCMW."""
    accepted = params.lowered("accepted_classifications")
    yield from _missing_servers(facts)
    yield from _directory_servers_not_in_inventory(facts)
    for server in facts.zones.sdz_servers_in(facts.snapshot.inventory.servers):
        evidence = evidence_at(facts, "inventory.servers", server.line)
        level = server.classification.strip()
        if not level:
            yield finding(f"{server.name}:classification", "no_classification", evidence)
        elif accepted and level.lower() not in accepted:
            yield finding(
                f"{server.name}:classification", "classification_low", evidence, level=level
            )
        if server.owner_body is not Body.ocmw:
            owner = server.owner_body.value if server.owner_body else "-"
            yield finding(f"{server.name}:owner", "owner_not_ocmw", evidence, owner=owner)
    for share in facts.sdz_access.shares:
        if share.owner_body is not Body.ocmw:
            owner = share.owner_body.value if share.owner_body else "-"
            evidence = [share.unc, *evidence_at(facts, "inventory.shares", share.line)]
            yield finding(f"{share.unc}:owner", "share_owner_not_ocmw", evidence, owner=owner)


def _words(text: str) -> str:
    return " " + re.sub(r"[^0-9a-zà-ÿ]+", " ", text.lower()).strip() + " "


@check("KSZ-SRV-002")
def no_social_data_in_general_shares(facts: Facts, params: Params) -> Iterable[Finding]:
    """Candidates: shares outside the zone, open to broad groups, whose name or path suggests
    social data. A share read over SMB is judged on its observed rights (root folder), and
    observed shares that the inventory does not list are judged too."""
    keywords = [k.strip().lower() for k in params.strings("sdz_keywords") if k.strip()]
    all_staff = params.lowered("all_staff_groups")
    sdz = {unc_key(s.unc) for s in facts.sdz_access.shares}
    observed = facts.observed_shares
    declared = facts.snapshot.inventory.shares
    for share in [*(observed.effective(s) for s in declared), *observed.unlisted(declared)]:
        if unc_key(share.unc) in sdz:
            continue
        seen = observed.share(share.unc)  # its path on the server counts as well as the declared
        text = _words(f"{share.name} {share.path} {seen.path if seen else ''}")
        hits = [k for k in keywords if _words(k) in text]
        broad = [
            label
            for ace in share.acl
            if not ace.deny
            and (label := broad_principal(facts.directory, ace.principal, all_staff))
        ]
        if hits and broad:
            yield finding(
                share.unc,
                "candidate",
                [share.unc, *_share_evidence(facts, share)],
                share=share.unc,
                keywords=", ".join(hits),
                principals=", ".join(dict.fromkeys(broad)),
            )


def _share_evidence(facts: Facts, share: Share) -> list[str]:
    """Where a share's rights were read: over SMB (and its inventory line), else its line."""
    observed = facts.observed_shares.share(share.unc)
    declared = evidence_at(facts, "inventory.shares", share.line)
    return [f"SMB {observed.server}", *declared] if observed is not None else declared


def _on_prem_outside_own_subnets(facts: Facts, server: Server, own: list[str]) -> Iterator[Finding]:
    """A server declared on premises whose address lies in none of the subnets of the
    directory's sites: the declaration and the directory disagree about where it runs."""
    if not own or not server.ip.strip():
        return
    try:
        address = netaddr.IPAddress(server.ip.strip())
    except (netaddr.AddrFormatError, ValueError):
        return
    for prefix in own:
        try:
            if address in netaddr.IPNetwork(prefix).cidr:
                return
        except (netaddr.AddrFormatError, ValueError):
            continue
    yield declared_not_observed(
        f"{server.name}:hosting", "declared_on_prem_not_observed",
        evidence_at(facts, "inventory.servers", server.line),
        server=server.name, declared="on_prem", observed=server.ip.strip(),
    )  # fmt: skip


_CONSULTANTS = (AppointmentRole.security_consultant, AppointmentRole.security_consultant_deputy)


def _is_consultant(facts: Facts, who: str) -> bool:
    """``who`` (a person id or a name) holds a security-consultant appointment."""
    key = who.strip().lower()
    return any(
        a.role in _CONSULTANTS and key in {a.person.strip().lower(), a.name.strip().lower()}
        for a in facts.snapshot.records.appointments
    )


def _cloud_assessment(facts: Facts, server: Server, evidence: list[str]) -> Iterator[Finding]:
    """A server in a public cloud needs the security consultant's assessment: the latest entry of
    the register of cloud assessments for it (approved, or approved under conditions, by an
    appointed consultant), else the reference written in the inventory (``cloud_assessment``)."""
    name = server.name
    hosts = {host_of(server.name), host_of(server.fqdn)} - {""}
    found = [a for a in facts.snapshot.records.cloud_assessments if host_of(a.asset) in hosts]
    if not found:
        if not server.cloud_assessment.strip():
            yield finding(f"{name}:public-cloud", "public_cloud", evidence, hosting="public_cloud")
        return
    last = max(found, key=lambda a: a.assessed_on)
    ev = [*evidence, *evidence_at(facts, "records.cloud_assessments", last.line)]
    day = last.assessed_on.isoformat()
    if last.outcome is CloudOutcome.rejected:
        yield finding(f"{name}:public-cloud", "cloud_rejected", ev, assessor=last.assessor, on=day)
    elif not _is_consultant(facts, last.assessor):
        yield finding(
            f"{name}:public-cloud", "cloud_assessor_not_consultant", ev, assessor=last.assessor
        )


@check("KSZ-SRV-003")
def sdz_hosting_location(facts: Facts, params: Params) -> Iterable[Finding]:
    """SDZ servers hosted elsewhere have a contract and a region; public cloud needs the
    consultant's assessment (an exception goes through a waiver)."""
    regions = params.lowered("allowed_regions")
    own = [s.prefix for s in facts.snapshot.directory.subnets]
    own += [a for svi in facts.snapshot.network.svis for a in svi.addresses]
    for server in facts.zones.sdz_servers_in(facts.snapshot.inventory.servers):
        if server.hosting is Hosting.on_prem:
            yield from _on_prem_outside_own_subnets(facts, server, own)
            continue
        name, evidence = server.name, evidence_at(facts, "inventory.servers", server.line)
        hosting = server.hosting.value
        if server.hosting is Hosting.public_cloud:
            yield from _cloud_assessment(facts, server, evidence)
        region = server.region.strip()
        if not region:
            yield finding(f"{name}:region", "no_region", evidence, hosting=hosting)
        elif regions and region.lower() not in regions:
            yield finding(f"{name}:region", "region_not_allowed", evidence, region=region)
        if not server.contract.strip():
            yield finding(f"{name}:contract", "no_contract", evidence, hosting=hosting)


@check("KSZ-SRV-004")
def production_separated(facts: Facts, params: Params) -> Iterable[Finding]:
    """No test server in an SDZ production segment; no unmasked social data outside production."""
    for server in facts.snapshot.inventory.servers:
        name, evidence = server.name, evidence_at(facts, "inventory.servers", server.line)
        environment = server.environment.strip().lower()
        sdz = facts.zones.is_sdz_server(server)
        if not environment:
            if sdz:
                yield finding(f"{name}:environment", "environment_unknown", evidence)
            continue
        if facts.zones.is_production(server):
            continue
        zone = facts.zones.zone_of_server(server)
        if zone is not None and zone.kind.value in ("social_data", "social_data_servers"):
            yield finding(
                f"{name}:zone", "test_in_production_zone", evidence, env=environment, zone=zone.id
            )
        if server.contains_social_data and server.test_data_masked is not True:
            yield finding(f"{name}:test-data", "unmasked_test_data", evidence, env=environment)
        computer = facts.directory.find_computer(server.fqdn or name)
        if computer is not None and facts.zones.in_sdz_ou(computer.dn):
            yield finding(
                f"{name}:ou", "test_in_production_ou", [computer.dn, *evidence], env=environment
            )


def _domain_controllers(facts: Facts) -> list[str]:
    return sorted(
        c.sam_account_name.rstrip("$")
        for c in facts.directory.directory.computers
        if c.enabled and ",ou=domain controllers," in norm_dn(c.dn)
    )


@check("KSZ-SRV-005")
def supported_platforms(facts: Facts, params: Params) -> Iterable[Finding]:
    """SDZ servers and domain controllers are within vendor support and recently patched. The
    operating system comes from the computer object (operatingSystem, mapped to its end of
    support by the shipped lifecycle data) and the last update from the server itself (the
    Windows pack); the inventory's os_eol and last_patched fill in what was not observed, and
    where both exist a disagreement is a finding."""
    max_days = params.integer("patch_max_days")
    servers = {s.name.lower(): s for s in facts.snapshot.inventory.servers}
    targets = {
        s.name.lower(): s.name for s in facts.zones.sdz_servers_in(facts.snapshot.inventory.servers)
    }
    for dc in _domain_controllers(facts):
        targets.setdefault(dc.lower(), dc)
    updates = _last_updates(facts)
    for key, name in sorted(targets.items()):
        server = servers.get(key)
        computer = facts.directory.find_computer(server.fqdn or name if server else name)
        if server is None:
            yield finding(f"{name}:eol", "dc_not_in_inventory", server=name)
        yield from _support(facts, name, server, computer)
        if server is not None or key in updates:
            yield from _patch_level(facts, name, server, updates.get(key), max_days)


def _support(
    facts: Facts, name: str, server: Server | None, computer: Computer | None
) -> Iterator[Finding]:
    evidence = evidence_at(facts, "inventory.servers", server.line) if server else []
    observed_os = computer.operating_system.strip() if computer else ""
    life = end_of_support(observed_os, computer.operating_system_version) if computer else None
    eol: date | None
    if life is not None:
        evidence = [computer.dn, life.source, *evidence] if computer else evidence
        os_name, eol = observed_os, life.end
        if server is not None and server.os.strip():
            declared = end_of_support(server.os)
            if declared is not None and declared.product != life.product:
                yield declared_not_observed(
                    f"{name}:os", "declared_os_not_observed", evidence, server=name,
                    declared=server.os.strip(), observed=observed_os,
                )  # fmt: skip
    elif server is not None:
        os_name, eol = server.os or observed_os or "-", server.os_eol
    else:
        return  # a DC missing from the inventory whose system is not in the data: said above
    if eol is None:
        yield not_recorded(f"{name}:eol", "os_eol", evidence)
    elif eol < facts.today:
        yield finding(f"{name}:eol", "past_eol", evidence, os=os_name, eol=eol.isoformat())


def _last_updates(facts: Facts) -> dict[str, tuple[date | None, int | None]]:
    """Per server the Windows pack read: the day of the newest installed update (None if none
    has a date) and the line, for evidence."""
    if not facts.collected("host.updates"):
        return {}
    found: dict[str, tuple[date | None, int | None]] = {
        h.lower().split(".", 1)[0]: (None, None) for h in facts.snapshot.hosts.hosts_read
    }
    for update in facts.snapshot.hosts.updates:
        key = update.host.lower().split(".", 1)[0]
        current = found.get(key, (None, None))[0]
        if update.installed_on is not None and (current is None or update.installed_on > current):
            found[key] = (update.installed_on, update.line)
    return found


def _patch_level(
    facts: Facts,
    name: str,
    server: Server | None,
    observed: tuple[date | None, int | None] | None,
    max_days: int,
) -> Iterator[Finding]:
    declared = server.last_patched if server else None
    if observed is not None:
        patched, line = observed
        evidence = [f"updates.csv:{line}"] if line else [f"updates.csv ({name})"]
        if declared is not None and (patched is None or (declared - patched).days > 7):
            yield declared_not_observed(
                f"{name}:patch", "declared_patch_not_observed", evidence, server=name,
                declared=declared.isoformat(), observed=patched.isoformat() if patched else "-",
            )  # fmt: skip
        if patched is None:
            yield _medium(finding(f"{name}:patch", "no_update_observed", evidence, server=name))
            return
    else:
        patched = declared
        evidence = evidence_at(facts, "inventory.servers", server.line) if server else []
        if patched is None:
            yield not_recorded(f"{name}:patch", "last_patched", evidence)
            return
    if (days := (facts.today - patched).days) > max_days:
        item = finding(f"{name}:patch", "patch_old", evidence, last=patched.isoformat(),
                       days=days, max=max_days)  # fmt: skip
        yield _medium(item)


def _medium(item: Finding) -> Finding:
    return item.model_copy(update={"severity": Severity.medium})


def _stale_zone_computers(facts: Facts, days: int) -> Iterator[Finding]:
    """Computers of the zone that are disabled or have not logged on for ``days`` days
    (lastLogonTimestamp) and are not in the disposal register: if they are gone, their disks
    held social data and their disposal is not on record."""
    disposed = {host_of(d.asset) for d in facts.snapshot.inventory.disposals}
    limit = facts.now - timedelta(days=days)
    for computer in zone_computers(facts.directory.directory, facts.zones):
        if host_name(computer) in disposed:
            continue
        stale = computer.last_logon is None or computer.last_logon < limit
        if computer.enabled and not stale:
            continue
        last = computer.last_logon.date().isoformat() if computer.last_logon else "-"
        name = computer.sam_account_name.rstrip("$")
        yield finding(f"{name}:disposal", "stale_not_disposed", [computer.dn], asset=name,
                      last=last, days=days)  # fmt: skip


@check("KSZ-SRV-006")
def secure_disposal(facts: Facts, params: Params) -> Iterable[Finding]:
    """Every recently decommissioned asset that held social data has a wipe certificate."""
    since = months_before(facts.today, params.integer("disposal_lookback_months"))
    recent = [
        d
        for d in facts.snapshot.inventory.disposals
        if since <= d.decommissioned_on <= facts.today
        and (d.social_data or facts.zones.is_declared_sdz_server(d.asset))
    ]
    yield from _stale_zone_computers(facts, params.integer("stale_days"))
    for item in recent:
        if item.certificate.strip():
            continue
        yield finding(
            item.asset,
            "no_certificate",
            evidence_at(facts, "inventory.disposals", item.line),
            asset=item.asset,
            kind=item.kind or "-",
            day=item.decommissioned_on.isoformat(),
            method=item.method or "-",
        )
