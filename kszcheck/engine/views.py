"""Compute the report views from the facts: access matrix, administrator register, separation.

Pure: reads the analysis views of Facts, returns model objects. A view whose facts were not
collected (or whose source failed) is empty and says so through the ``*_available`` flags.
"""

from __future__ import annotations

from datetime import date

from kszcheck.analysis.accounts import account_enabled
from kszcheck.analysis.directory_index import BROAD
from kszcheck.analysis.facts import Facts
from kszcheck.analysis.server_admins import local_administrators, sdz_servers
from kszcheck.model.common import LocalizedText, norm_dn
from kszcheck.model.directory import Group, User
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
    ZoneResource,
    ZoneView,
)
from kszcheck.texts import text

__all__ = ["build_views"]


def build_views(facts: Facts) -> ReportViews:
    kinds = _available(facts)
    directory = {"directory.users", "directory.groups"} <= kinds
    records = "records.people" in kinds
    network = "network.vlans" in kinds or "network.svis" in kinds
    servers = _server_admins(facts) if directory else {}
    return ReportViews(
        directory_available=directory,
        records_available=records,
        network_available=network,
        resources=_resources(facts, servers) if directory else [],
        access=_access(facts, servers) if directory else [],
        admins=_admins(facts, servers) if directory else [],
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


#: server name -> (account DN -> route), None when its local Administrators were not seen
ServerAdmins = dict[str, dict[str, AccessRoute] | None]


def _server_admins(facts: Facts) -> ServerAdmins:
    """The enabled accounts in each zone server's local Administrators (groups expanded), as
    observed; a server that was not observed maps to None."""
    index = facts.directory
    enabled = {norm_dn(u.dn) for u in index.directory.users if account_enabled(u, facts.now)}
    out: ServerAdmins = {}
    for server in sdz_servers(facts):
        seen = local_administrators(facts, server)
        if seen is None:
            out[server] = None
            continue
        routes: dict[str, AccessRoute] = {}
        for name, sid in seen[0]:
            principal = index.resolve(sid or name)
            label = name.split("\\", 1)[-1]
            members: dict[str, tuple[str, ...]] = {}
            if principal == BROAD:
                members = {dn: (label,) for dn in enabled}
            elif isinstance(principal, Group):
                members = {
                    dn: tuple(index.label(p) for p in path)
                    for dn, path in index.transitive_members(principal.dn).items()
                }
            elif isinstance(principal, User):
                members = {norm_dn(principal.dn): ()}
            for dn, path in members.items():
                user = index.by_dn.get(dn)
                if dn in enabled and isinstance(user, User) and dn not in routes:
                    via = [*path, user.sam_account_name]
                    routes[dn] = AccessRoute(
                        kind="server", resource=server, via=via, rights="admin"
                    )
        out[server] = routes
    return out


def _resources(facts: Facts, servers: ServerAdmins) -> list[ZoneResource]:
    access = facts.sdz_access
    groups = [g.sam_account_name for g in access.groups] + list(access.unresolved_groups)
    applications = sorted({r.application for r in facts.snapshot.inventory.application_roles})
    return [
        *(ZoneResource(kind="group", name=g) for g in dict.fromkeys(groups)),
        *(ZoneResource(kind="share", name=s.unc) for s in access.shares),
        *(ZoneResource(kind="server", name=n, observed=r is not None) for n, r in servers.items()),
        *(ZoneResource(kind="application", name=a) for a in applications),
    ]


def _entry(facts: Facts, user: User, trainings: dict[str, date]) -> AccessEntry:
    person = facts.persons.person_of(user)
    service = facts.persons.service_account_of(user) if person is None else None
    return AccessEntry(
        service_owner=service.owner if service else "",
        account=user.sam_account_name,
        display_name=user.display_name,
        dn=user.dn,
        person_id=person.id if person else "",
        person_name=person.name if person else "",
        acts_for=_body(person.acts_for) if person else "",
        employer=_body(person.employer) if person else "",
        person_kind=str(person.kind) if person else "",
        declaration=_declaration(facts, person),
        training=trainings.get(person.id) if person else None,
        last_logon=user.last_logon,
        privileged=facts.privileged.is_privileged(user),
    )


def _access(facts: Facts, servers: ServerAdmins) -> list[AccessEntry]:
    """Every enabled account that reaches the zone, by any route, sorted by account name; an
    application login that is no directory account is an entry of its own."""
    access = facts.sdz_access
    trainings = _trainings(facts)
    routes: dict[str, list[AccessRoute]] = {}
    users: dict[str, User] = {}
    for user in access.accounts():
        key = norm_dn(user.dn)
        users[key] = user
        routes[key] = [
            AccessRoute(
                kind="share" if p.kind == "share" else "group",
                resource=p.resource,
                via=list(p.via),
                rights=p.rights if p.kind == "share" else "member",
            )
            for p in access.paths_of(user)
        ]
    for admins in servers.values():
        for dn, route in (admins or {}).items():
            admin = facts.directory.by_dn.get(dn)
            if isinstance(admin, User):
                users.setdefault(dn, admin)
                routes.setdefault(dn, []).append(route)
    logins: dict[str, AccessEntry] = {}
    for role in facts.snapshot.inventory.application_roles:
        if not role.active_on(facts.today):
            continue
        route = AccessRoute(
            kind="application",
            resource=role.application,
            via=[role.user],
            rights="role",
            detail=role.role,
        )
        holder = facts.directory.resolve(role.user)
        if isinstance(holder, User) and account_enabled(holder, facts.now):
            key = norm_dn(holder.dn)
            users.setdefault(key, holder)
            routes.setdefault(key, []).append(route)
            continue
        entry = logins.get(role.user.lower())
        if entry is None:
            person = facts.persons.people.get(role.person.strip()) if role.person else None
            entry = AccessEntry(
                account=role.user,
                dn="",
                person_id=person.id if person else "",
                person_name=person.name if person else "",
                acts_for=_body(person.acts_for) if person and person.acts_for else "",
                employer=_body(person.employer) if person else "",
                person_kind=str(person.kind) if person else "",
                declaration=_declaration(facts, person),
                training=trainings.get(person.id) if person else None,
            )
            logins[role.user.lower()] = entry
        entry.routes.append(route)
    entries = [
        _entry(facts, user, trainings).model_copy(update={"routes": routes[key]})
        for key, user in users.items()
    ]
    return sorted([*entries, *logins.values()], key=lambda e: e.account.lower())


# --------------------------------------------------------------------------- administrators


def _admins(facts: Facts, servers: ServerAdmins) -> list[AdminEntry]:
    """The tier-0 accounts (and adminCount holders), and the local administrators of the zone's
    servers (tier 1 when they have no power over the directory)."""
    administers: dict[str, list[str]] = {}
    for server, admins in servers.items():
        for dn in admins or {}:
            administers.setdefault(dn, []).append(server)
    entries: list[AdminEntry] = []
    for dn, names in administers.items():
        user = facts.directory.by_dn.get(dn)
        if dn not in facts.privileged.accounts and isinstance(user, User):
            entries.append(_admin_entry(facts, user, tier=1, servers=names))
    for key, account in facts.privileged.accounts.items():
        groups = [
            AdminPath(group=group, path=list(path))
            for group, path in sorted(account.via.items(), key=lambda i: i[0].lower())
        ]
        entries.append(
            _admin_entry(
                facts,
                account.user,
                groups=groups,
                admin_count_only=account.admin_count_only,
                servers=administers.get(key, []),
            )
        )
    return sorted(entries, key=lambda e: (not e.enabled, e.tier, e.account.lower()))


def _admin_entry(facts: Facts, user: User, **power: object) -> AdminEntry:
    person = facts.persons.person_of(user)
    service = facts.persons.service_account_of(user) if person is None else None
    return AdminEntry.model_validate(
        {
            "account": user.sam_account_name,
            "display_name": user.display_name,
            "dn": user.dn,
            "enabled": account_enabled(user, facts.now),
            "person_id": person.id if person else "",
            "person_name": person.name if person else "",
            "acts_for": _body(person.acts_for) if person else "",
            "employer": _body(person.employer) if person else "",
            "person_kind": str(person.kind) if person else "",
            "service_owner": service.owner if service else "",
            "declaration": _declaration(facts, person),
            "last_logon": user.last_logon,
            **power,
        }
    )


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
