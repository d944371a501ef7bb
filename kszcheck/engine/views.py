"""Compute the report views from the facts: access matrix, administrator register, separation.

Pure: reads the analysis views of Facts, returns model objects. A view whose facts were not
collected (or whose source failed) is empty and says so through the ``*_available`` flags.
"""

from __future__ import annotations

from datetime import date

from kszcheck.analysis.accounts import account_enabled
from kszcheck.analysis.facts import Facts
from kszcheck.model.common import LocalizedText, norm_dn
from kszcheck.model.directory import User
from kszcheck.model.provenance import CollectionStatus
from kszcheck.model.records import Person
from kszcheck.model.views import (
    AccessEntry,
    AccessRoute,
    AdminEntry,
    AdminPath,
    OuPresence,
    ReportViews,
    SeparationView,
    ZoneView,
)
from kszcheck.texts import text

__all__ = ["build_views"]


def build_views(facts: Facts) -> ReportViews:
    kinds = _available(facts)
    directory = {"directory.users", "directory.groups"} <= kinds
    records = "records.people" in kinds
    network = "network.vlans" in kinds or "network.svis" in kinds
    return ReportViews(
        directory_available=directory,
        records_available=records,
        network_available=network,
        access=_access(facts) if directory else [],
        admins=_admins(facts) if directory else [],
        separation=_separation(facts, directory, network),
    )


def _available(facts: Facts) -> set[str]:
    return {
        kind
        for source in facts.snapshot.sources
        if source.status is not CollectionStatus.failed
        for kind in source.provides
        if kind not in source.missing
    }


# --------------------------------------------------------------------------- people


def _declaration(facts: Facts, person: Person | None) -> date | None:
    if person is None:
        return None
    dates = [
        d.signed
        for d in facts.persons.declarations_of(person.id)
        if d.signed <= facts.today and any(str(c) in ("ocmw", "both") for c in d.covers)
    ]
    return max(dates, default=None)


def _trainings(facts: Facts) -> dict[str, date]:
    latest: dict[str, date] = {}
    for training in facts.snapshot.records.trainings:
        if training.completed <= facts.today:
            current = latest.get(training.person)
            if current is None or training.completed > current:
                latest[training.person] = training.completed
    return latest


def _body(value: object) -> str:
    return "" if value is None else str(value)


# --------------------------------------------------------------------------- access matrix


def _access(facts: Facts) -> list[AccessEntry]:
    access = facts.sdz_access
    trainings = _trainings(facts)
    entries: list[AccessEntry] = []
    for user in access.accounts():
        person = facts.persons.person_of(user)
        entries.append(
            AccessEntry(
                account=user.sam_account_name,
                display_name=user.display_name,
                dn=user.dn,
                person_id=person.id if person else "",
                person_name=person.name if person else "",
                acts_for=_body(person.acts_for) if person else "",
                employer=_body(person.employer) if person else "",
                person_kind=str(person.kind) if person else "",
                routes=[
                    AccessRoute(
                        kind="share" if p.kind == "share" else "group",
                        resource=p.resource,
                        via=list(p.via),
                    )
                    for p in access.paths_of(user)
                ],
                declaration=_declaration(facts, person),
                training=trainings.get(person.id) if person else None,
                last_logon=user.last_logon,
                privileged=facts.privileged.is_privileged(user),
            )
        )
    return entries


# --------------------------------------------------------------------------- administrators


def _admins(facts: Facts) -> list[AdminEntry]:
    entries: list[AdminEntry] = []
    for account in facts.privileged.accounts.values():
        user: User = account.user
        person = facts.persons.person_of(user)
        service = facts.persons.service_account_of(user) if person is None else None
        entries.append(
            AdminEntry(
                account=user.sam_account_name,
                display_name=user.display_name,
                dn=user.dn,
                enabled=account_enabled(user, facts.now),
                person_id=person.id if person else "",
                person_name=person.name if person else "",
                acts_for=_body(person.acts_for) if person else "",
                employer=_body(person.employer) if person else "",
                person_kind=str(person.kind) if person else "",
                service_owner=service.owner if service else "",
                groups=[
                    AdminPath(group=group, path=list(path))
                    for group, path in sorted(account.via.items(), key=lambda i: i[0].lower())
                ],
                admin_count_only=account.admin_count_only,
                declaration=_declaration(facts, person),
                last_logon=user.last_logon,
            )
        )
    return sorted(entries, key=lambda e: (not e.enabled, e.account.lower()))


# --------------------------------------------------------------------------- separation model


def _separation(facts: Facts, directory: bool, network: bool) -> SeparationView:
    site = facts.site
    declared = site.separation_model.value if site.separation_model else None
    view = SeparationView(
        declared_model=declared,
        zones=[_zone(facts, z.id, network) for z in site.zones],
    )
    if not directory:
        return view
    domains = [d.dns_name or d.dn for d in facts.snapshot.directory.domains]
    domain_dns = {norm_dn(d.dn) for d in facts.snapshot.directory.domains}
    ou_dns = {norm_dn(o.dn) for o in facts.snapshot.directory.ous}
    presence = [
        OuPresence(dn=ou, found=norm_dn(ou) in ou_dns or norm_dn(ou) in domain_dns)
        for ou in facts.zones.sdz_ous
    ]
    detected, reason = _detect(presence, domain_dns, len(domains))
    return view.model_copy(
        update={
            "detected_model": detected,
            "detected_reason": reason,
            "domains": domains,
            "sdz_ous": presence,
        }
    )


def _detect(
    presence: list[OuPresence], domain_dns: set[str], domain_count: int
) -> tuple[str, LocalizedText]:
    found = [p for p in presence if p.found]
    if not presence:
        return "none", text("views.sdz_no_ous")
    if not found:
        return "none", text("views.sdz_ous_not_found")
    if all(norm_dn(p.dn) in domain_dns for p in found) and domain_count > 1:
        return "domain", text("views.sdz_own_domain", domains=domain_count)
    return "ou", text("views.sdz_ou_in_shared_domain", found=len(found), designated=len(presence))


def _zone(facts: Facts, zone_id: str, network: bool) -> ZoneView:
    zone = facts.zones.by_id[zone_id]
    seen: list[int] = []
    routed: list[str] = []
    if network:
        carried = {v.vlan_id for v in facts.snapshot.network.vlans}
        seen = [v for v in zone.vlans if v in carried]
        for svi in facts.network.zone_svis(zone.id):
            name = f"VLAN {svi.vlan}" if svi.vlan is not None else svi.name
            text = f"{svi.device} {name}"
            if svi.addresses:
                text += ": " + ", ".join(svi.addresses)
            text += f" (ACL in: {svi.acl_in})" if svi.acl_in else " (ACL in: -)"
            routed.append(text)
    return ZoneView(
        id=zone.id,
        kind=zone.kind.value,
        name=zone.name,
        ous=list(zone.ous),
        groups=list(zone.groups),
        vlans=list(zone.vlans),
        subnets=list(zone.subnets),
        vlans_seen=seen,
        routed=sorted(routed),
        filtered_by=zone.filtered_by,
    )
