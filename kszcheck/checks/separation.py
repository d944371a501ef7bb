"""Checks of the separation domain: containers, need-to-know access, nesting, generic accounts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from kszcheck.analysis.access import AccessPath, broad_principal, share_key
from kszcheck.analysis.accounts import account_enabled, generic_pattern
from kszcheck.analysis.authorisation import Authorisations
from kszcheck.analysis.dates import months_before
from kszcheck.analysis.facts import Facts
from kszcheck.analysis.suppliers import supplier_of
from kszcheck.analysis.wellknown import BROAD_SIDS
from kszcheck.checks.helpers import finding
from kszcheck.checks.registry import NotApplicable, Params, check
from kszcheck.model.assets import ApplicationRole, AreaKind
from kszcheck.model.catalogue import Severity
from kszcheck.model.common import Body, norm_dn
from kszcheck.model.directory import Group, User
from kszcheck.model.fileshares import ObservedShare
from kszcheck.model.records import AccessReview, Person, PersonKind
from kszcheck.model.results import Finding
from kszcheck.texts import text

__all__ = [
    "application_roles_by_function",
    "no_broad_nesting",
    "no_broad_principals",
    "no_generic_accounts",
    "sdz_access_by_function",
    "sdz_groups_reviewed",
    "social_service_channels",
    "social_service_in_sdz_ous",
]


def _names(users: Iterable[User]) -> str:
    return ", ".join(sorted((u.sam_account_name for u in users), key=str.lower))


@check("KSZ-SEP-002")
def social_service_in_sdz_ous(facts: Facts, params: Params) -> Iterable[Finding]:
    """Accounts of the OCMW social service and SDZ server objects sit in the SDZ containers."""
    if not facts.zones.sdz_ous:
        yield finding("site:sdz_ous", "no_designated_ou")
        return
    functions = params.lowered("social_service_functions")
    for user in facts.directory.directory.users:
        person = facts.persons.person_of(user)
        if (
            person is None
            or not account_enabled(user, facts.now)
            or person.acts_for not in (Body.ocmw, Body.both)
            or person.function.strip().lower() not in functions
            or facts.zones.in_sdz_ou(user.dn)
        ):
            continue
        where = facts.locator("records.people", person.line)
        evidence = [user.dn, *([where] if where else [])]
        yield finding(
            user.sam_account_name, "user_outside", evidence, dn=user.dn, function=person.function
        )
    for name in facts.zones.sdz_server_names(facts.snapshot.inventory.servers):
        computer = facts.directory.find_computer(name)
        if computer is None or not computer.enabled or facts.zones.in_sdz_ou(computer.dn):
            continue
        yield finding(name, "computer_outside", [computer.dn], dn=computer.dn)


@check("KSZ-SEP-003")
def sdz_access_by_function(facts: Facts, params: Params) -> Iterable[Finding]:
    """Only people acting for the OCMW in an authorised function reach the zone.

    This rule owns a person's unauthorised access: one finding per person, with every
    unauthorised path as evidence and its groups or shares as the finding's resources. A
    function may be authorised for the whole zone or for some of its groups or shares only
    (:mod:`kszcheck.analysis.authorisation`). Accounts that map to no person are left to
    KSZ-SEP-008, and a mover's (a person whose HR events show a move away from the OCMW) to
    KSZ-PPL-005.
    """
    if not facts.sdz_access.declared:
        yield finding("site:sdz", "sdz_not_declared")
        return
    authorised = Authorisations.from_param(params.entries("authorised_functions"))
    reach, _unmapped = facts.persons.group_by_person(facts.sdz_access.accounts())
    for person_id, users in reach.items():
        if person_id in facts.movers:
            continue  # a mover who kept the access: KSZ-PPL-005 reports it, with every path
        person = facts.persons.people[person_id]
        paths = [p for u in users for p in facts.sdz_access.paths_of(u)]
        wrong = authorised.unauthorised(person, paths)
        if not wrong:
            continue
        if person.acts_for is Body.gemeente:
            message = "gemeente_only"
        elif person.acts_for is None:
            message = "acts_for_unknown"
        else:
            message = "function_not_authorised"
        where = facts.locator("records.people", person.line)
        evidence = [*([where] if where else []), *(p.describe() for p in wrong)]
        item = finding(
            person_id,
            message,
            evidence,
            name=person.name,
            function=person.function or "-",
            accounts=_names(users),
        )
        resources = list(dict.fromkeys(p.resource for p in wrong))
        yield item.model_copy(update={"resources": resources})


def _nesting_kind(facts: Facts, member: str, all_staff: set[str]) -> tuple[str, str] | None:
    """(message, label) if a nested member is a broad, all-staff or gemeente group."""
    index = facts.directory
    principal = index.get(member)
    broad = index.broad_label(member)
    if broad is not None:
        return "broad_group", principal.sam_account_name if principal is not None else broad
    if not isinstance(principal, Group):
        return None
    label = principal.sam_account_name
    if label.lower() in all_staff:
        return "all_staff_group", label
    if facts.zones.is_gemeente_dn(principal.dn):
        return "gemeente_group", label
    return None


@check("KSZ-SEP-005")
def no_broad_nesting(facts: Facts, params: Params) -> Iterable[Finding]:
    """No gemeente, all-staff or everyone group inside an SDZ group, directly or nested.

    Only the outermost offending group of a chain is reported; a group nested through another
    SDZ group is reported under that group.
    """
    access = facts.sdz_access
    if not facts.site.sdz_values("groups"):
        raise NotApplicable(text("checks.no_sdz_groups"))
    for name in access.unresolved_groups:
        yield finding(f"site:{name}", "sdz_group_not_found", group=name)
    all_staff = params.lowered("all_staff_groups")
    sdz = {norm_dn(g.dn) for g in access.groups}
    index = facts.directory
    for group in access.groups:
        flagged: set[str] = set()
        for member, path in index.transitive_members(group.dn).items():
            if member in sdz or any(p in sdz or p in flagged for p in path[1:]):
                continue
            kind = _nesting_kind(facts, member, all_staff)
            if kind is None:
                continue
            flagged.add(member)
            message, label = kind
            chain = " → ".join([*(index.label(p) for p in path), label])
            nested = index.get(member)
            yield finding(
                f"{group.sam_account_name}:{label}",
                message,
                [chain, nested.dn if nested is not None else member],
                group=group.sam_account_name,
                nested=label,
                path=chain,
            )


@check("KSZ-SEP-008")
def no_generic_accounts(facts: Facts, params: Params) -> Iterable[Finding]:
    """No account with SDZ access is shared (the register of functional accounts says so, or its
    name is generic) or lacks a person or a registered owner."""
    if not facts.sdz_access.declared:
        yield finding("site:sdz", "sdz_not_declared")
        return
    patterns = params.strings("generic_patterns")
    for user in facts.sdz_access.accounts():
        sam = user.sam_account_name
        how = facts.sdz_access.how(user)
        shared = facts.persons.functional_account_of(user)
        if shared is not None:  # the register says it is shared, whatever its name says
            where = facts.locator("records.functional_accounts", shared.line)
            yield finding(
                sam,
                "shared_account",
                [user.dn, how, *([where] if where else [])],
                path=how,
                name=user.display_name or sam,
                users=len(shared.users),
            )
            continue
        pattern = generic_pattern(sam, patterns)
        if pattern is not None:
            yield finding(
                sam,
                "generic_name",
                [user.dn, how],
                pattern=pattern,
                path=how,
                name=user.display_name or sam,
            )
            continue
        if facts.persons.person_of(user) is not None:
            continue
        service = facts.persons.service_account_of(user)
        if service is None:
            yield finding(sam, "unmapped", [user.dn, how], path=how, name=user.display_name or sam)
        elif not service.owner.strip():
            where = facts.locator("records.service_accounts", service.line)
            evidence = [user.dn, how, *([where] if where else [])]
            yield finding(
                sam, "service_without_owner", evidence, path=how, name=user.display_name or sam
            )


# ------------------------------------------------------------------ broad principals (SEP-004)


@check("KSZ-SEP-004")
def no_broad_principals(facts: Facts, params: Params) -> Iterable[Finding]:
    """No allow entry on an SDZ share gives a broad or all-staff principal any right: judged on
    the share permissions and NTFS rights read over SMB where the share was read, on the
    declared entries (shares.yaml) elsewhere."""
    access = facts.sdz_access
    known = {share_key(s.unc) for s in access.shares}
    missing = [str(s) for s in facts.site.sdz_values("shares") if share_key(str(s)) not in known]
    if not access.shares and not missing:
        yield finding("site:sdz_shares", "no_sdz_shares")
        return
    for name in missing:
        yield finding(f"site:{name}", "share_not_in_inventory", share=name)
    all_staff = params.lowered("all_staff_groups")
    for share in access.shares:
        observed = facts.observed_shares.share(share.unc)
        if observed is not None:
            yield from _broad_observed(facts, share.unc, observed, all_staff)
            continue
        where = facts.locator("inventory.shares", share.line)
        for ace in share.acl:
            label = None if ace.deny else broad_principal(facts.directory, ace.principal, all_staff)
            if label is None:
                continue
            yield finding(
                f"{share.unc}:{label}",
                "broad_principal",
                [share.unc, *([where] if where else [])],
                share=share.unc,
                principal=ace.principal,
                rights=ace.rights,
            )


def _broad_observed(
    facts: Facts, unc: str, observed: ObservedShare, all_staff: set[str]
) -> Iterator[Finding]:
    """Broad principals with an effective right on the share's folders, as read over SMB."""
    seen: set[str] = set()
    for grant in facts.observed_shares.grants(observed):
        label = broad_principal(facts.directory, grant.trustee_sid, all_staff)
        if label is None or (grant.local_to and grant.trustee_sid.upper() not in BROAD_SIDS):
            continue
        label = BROAD_SIDS.get(label.upper(), label)
        folder = unc + (f"\\{grant.path}" if grant.path else "")
        subject = f"{folder}:{label}"
        if subject in seen:
            continue
        seen.add(subject)
        name = label if not grant.local_to else f"{label} ({grant.local_to})"
        yield finding(
            subject,
            "broad_principal_observed",
            [folder, f"SMB {observed.server}"],
            folder=folder,
            principal=name,
            rights=grant.rights.value,
            share_rights=grant.share_rights.value,
            ntfs_rights=grant.ntfs_rights.value,
        )


# --------------------------------------------------------------------- access review (SEP-007)


def _short(name: str) -> str:
    return name.strip().split("\\", 1)[-1].lower()


def _enclosing(facts: Facts, group: str, zone_groups: list[str]) -> set[str]:
    """The zone groups (short names) that hold ``group``, directly or nested. Reviewing who is
    in a group means reviewing its effective members, so that review covers the groups nested
    in it."""
    principal = facts.directory.resolve(group)
    if not isinstance(principal, Group):
        return set()
    names = {_short(g) for g in zone_groups}
    holders = (facts.directory.get(dn) for dn in facts.directory.groups_of(principal.dn))
    return {
        key
        for holder in holders
        if holder is not None and (key := _short(holder.sam_account_name)) in names
    } - {_short(group)}


@check("KSZ-SEP-007")
def sdz_groups_reviewed(facts: Facts, params: Params) -> Iterable[Finding]:
    """Every SDZ group had an access review within the allowed period, by someone of the OCMW.
    The zone's groups are those the site names plus the security groups the directory holds in
    the zone's OUs (a group created there later needs a review too)."""
    groups = [str(g) for g in facts.site.sdz_values("groups")]
    named = {_short(g) for g in groups}
    groups += sorted(
        g.sam_account_name
        for g in facts.directory.directory.groups
        if g.security and facts.zones.in_sdz_ou(g.dn) and _short(g.sam_account_name) not in named
    )
    if not groups:
        raise NotApplicable(text("checks.no_sdz_groups"))
    max_months = params.integer("access_review_max_months")
    since = months_before(facts.today, max_months)
    reviews: dict[str, list[AccessReview]] = {}
    for review in facts.snapshot.records.reviews:
        if review.reviewed_on <= facts.today:
            reviews.setdefault(_short(review.group), []).append(review)
    for group in groups:
        found = reviews.get(_short(group), [])
        covering = [r for g in _enclosing(facts, group, groups) for r in reviews.get(g, [])]
        if not found and covering:
            continue  # judged with the zone group it is nested in, whose review covers it
        if not found:
            yield finding(group, "never_reviewed", group=group, max=max_months)
            continue
        found = found + covering
        last = max(found, key=lambda r: r.reviewed_on)
        where = facts.locator("records.reviews", last.line)
        evidence = [where] if where else []
        if last.reviewed_on < since:
            day = last.reviewed_on.isoformat()
            yield finding(group, "review_overdue", evidence, group=group, last=day, max=max_months)
            continue
        reviewer = facts.persons.people.get(last.reviewer.strip())
        if reviewer is not None and reviewer.acts_for is Body.gemeente:
            item = finding(
                f"{group}:reviewer",
                "reviewer_not_ocmw",
                evidence,
                group=group,
                reviewer=reviewer.name,
                function=reviewer.function or "-",
            )
            yield item.model_copy(update={"severity": Severity.low})


# ---------------------------------------------------------- mail, print and scan (SEP-009)


def _trustee_accounts(facts: Facts, trustee: str) -> list[User] | None:
    """Enabled accounts behind a trustee (an account or a group, nested); None if unknown."""
    target = facts.directory.resolve(trustee)
    if isinstance(target, User):
        return [target] if account_enabled(target, facts.now) else []
    if isinstance(target, Group):
        members = facts.directory.transitive_members(target.dn)
        users = [facts.directory.get(dn) for dn in members]
        return [u for u in users if isinstance(u, User) and account_enabled(u, facts.now)]
    return None


def _not_authorised(person: Person, allowed: set[str]) -> bool:
    return person.acts_for not in (Body.ocmw, Body.both) or (
        person.function.strip().lower() not in allowed
    )


def _through_zone_group(facts: Facts, trustee: str) -> bool:
    """The trustee is a group of the zone, or a group nested in one: the people it lets into the
    mailbox reach the zone by the same membership, and the zone's rules judge that access
    (KSZ-SEP-003 per person, KSZ-SEP-008 for an account without a person, KSZ-PPL-005 for a
    mover). Taking them out of the group closes the mailbox too: one problem, reported there."""
    target = facts.directory.resolve(trustee)
    if not isinstance(target, Group):
        return False
    zone = {_short(str(g)) for g in facts.site.sdz_values("groups")}
    if _short(target.sam_account_name) in zone:
        return True
    holders = (facts.directory.get(dn) for dn in facts.directory.groups_of(target.dn))
    return any(h is not None and _short(h.sam_account_name) in zone for h in holders)


def _mailbox_findings(facts: Facts, params: Params) -> Iterator[Finding]:
    authorised = Authorisations.from_param(params.entries("authorised_functions"))
    all_staff = params.lowered("all_staff_groups")
    ignored = params.lowered("ignored_trustees")
    # (mailbox, subject) -> (message, args, access kinds, evidence)
    found: dict[tuple[str, str], tuple[str, dict[str, str], list[str], list[str]]] = {}
    for perm in facts.snapshot.inventory.mailbox_permissions:
        if not perm.social_data or perm.trustee.strip().lower() in ignored:
            continue
        where = facts.locator("inventory.mailbox_permissions", perm.line)
        hits: list[tuple[str, str, dict[str, str]]] = []
        label = broad_principal(facts.directory, perm.trustee, all_staff)
        accounts = None if label is not None else _trustee_accounts(facts, perm.trustee)
        if label is not None:
            hits.append((label, "mailbox_broad", {"trustee": perm.trustee}))
        elif accounts is None:
            hits.append((perm.trustee, "mailbox_trustee_unknown", {"trustee": perm.trustee}))
        elif _through_zone_group(facts, perm.trustee):
            accounts = []
        for user in accounts or []:
            person = facts.persons.person_of(user)
            via = (_short(perm.trustee), user.sam_account_name)
            path = AccessPath(perm.mailbox, "mailbox", via)
            if person is None and facts.persons.service_account_of(user) is None:
                hits.append((user.sam_account_name, "mailbox_unmapped", {"trustee": perm.trustee}))
            elif person is not None and not authorised.allows(person, path):
                args = {"name": person.name, "function": person.function or "-"}
                hits.append((person.id, "mailbox_not_authorised", args))
        for subject, message, args in hits:
            entry = found.setdefault((perm.mailbox, subject), (message, args, [], []))
            entry[2].append(perm.access.value + (f" ({perm.folder})" if perm.folder else ""))
            entry[3].extend([perm.trustee, *([where] if where else [])])
    for (mailbox, subject), (message, args, kinds, evidence) in found.items():
        access = ", ".join(dict.fromkeys(kinds))
        yield finding(
            f"{mailbox}:{subject}",
            message,
            list(dict.fromkeys(evidence)),
            mailbox=mailbox,
            access=access,
            **args,
        )


def _print_findings(facts: Facts) -> Iterator[Finding]:
    for queue in facts.snapshot.inventory.print_queues:
        if not queue.social_data or queue.secure_print or queue.area is AreaKind.restricted:
            continue
        area = queue.area.value if queue.area is not None else "unknown"
        where = facts.locator("inventory.print_queues", queue.line)
        item = finding(
            f"{queue.name}:secure-print",
            f"print_{area}",
            [*([where] if where else []), *([queue.device] if queue.device else [])],
            queue=queue.name,
            location=queue.location or "-",
        )
        severity = Severity.medium if queue.area is AreaKind.public else Severity.low
        yield item.model_copy(update={"severity": severity})


def _in_sdz_share(facts: Facts, target: str) -> bool:
    key = share_key(target)
    roots = {share_key(s.unc) for s in facts.sdz_access.shares}
    roots |= {share_key(str(s)) for s in facts.site.sdz_values("shares")}
    return any(key == root or key.startswith(root + "\\") for root in roots)


def _scan_findings(facts: Facts) -> Iterator[Finding]:
    sdz_groups = {_short(str(g)) for g in facts.site.sdz_values("groups")}
    for profile in facts.snapshot.inventory.scan_profiles:
        used = profile.social_data or any(_short(u) in sdz_groups for u in profile.used_by)
        target = profile.target.strip()
        if not used or (target.startswith("\\\\") and _in_sdz_share(facts, target)):
            continue
        if target and not target.startswith("\\\\"):
            continue  # scan to mail or another channel: judged with the mailboxes
        where = facts.locator("inventory.scan_profiles", profile.line)
        message = "scan_outside_sdz" if target else "scan_target_unknown"
        item = finding(
            f"{profile.name}:target",
            message,
            [*([where] if where else []), *([profile.device] if profile.device else [])],
            profile=profile.name,
            target=target or "-",
        )
        yield item.model_copy(update={"severity": Severity.low})


@check("KSZ-SEP-009")
def social_service_channels(facts: Facts, params: Params) -> Iterable[Finding]:
    """Social-service mailboxes only for authorised OCMW roles; print and scan stay in the zone."""
    yield from _mailbox_findings(facts, params)
    yield from _print_findings(facts)
    yield from _scan_findings(facts)


# ------------------------------------------------------- roles in the application (SEP-010)


def _active_role(role: ApplicationRole, today: date) -> bool:
    return role.active_on(today)


def _role_names(roles: Iterable[ApplicationRole]) -> str:
    return ", ".join(dict.fromkeys(f"{r.application}: {r.role}" for r in roles))


def _role_holders(
    facts: Facts,
) -> tuple[dict[str, list[ApplicationRole]], dict[str, list[ApplicationRole]]]:
    """Active roles per person id, and per unknown login (``application:login``)."""
    people = facts.persons.people
    by_login: dict[str, Person] = {}
    for person in people.values():
        for account in person.accounts:
            by_login.setdefault(_short(account), person)
    holders: dict[str, list[ApplicationRole]] = {}
    unknown: dict[str, list[ApplicationRole]] = {}
    for role in facts.snapshot.inventory.application_roles:
        if not _active_role(role, facts.today):
            continue
        key = role.person.strip()
        found = people.get(key) if key else by_login.get(_short(role.user))
        if found is None:
            unknown.setdefault(f"{role.application}:{role.user}", []).append(role)
        else:
            holders.setdefault(found.id, []).append(role)
    return holders, unknown


def _accounts_all_disabled(facts: Facts, person_id: str) -> bool:
    """The directory shows the person's accounts, all disabled or expired: the person has most
    likely left, whatever the register says, and the application role stayed. Not so for a
    supplier's engineer whose accounts the supplier register lists with maintenance windows:
    those accounts are kept disabled between interventions on purpose, and the role is used
    during a window."""
    accounts = facts.persons.accounts_of(person_id)
    if not accounts or any(account_enabled(u, facts.now) for u in accounts):
        return False
    person = facts.persons.people[person_id]
    suppliers = facts.snapshot.records.suppliers
    windowed = [supplier_of(suppliers, u, person) for u in accounts]
    return not all(s is not None and s.maintenance_windows for s in windowed)


@check("KSZ-SEP-010")
def application_roles_by_function(facts: Facts, params: Params) -> Iterable[Finding]:
    """KSZ roles only for allowed OCMW functions; no standing role for mandataries or leavers."""
    allowed = params.lowered("ksz_roles_allowed_functions")
    holders, unknown = _role_holders(facts)
    for person_id, roles in holders.items():
        person = facts.persons.people[person_id]
        where = facts.locator("inventory.application_roles", roles[0].line)
        evidence = [where] if where else []
        args = {"name": person.name, "function": person.function or "-"}
        if person.kind is PersonKind.mandatary:
            standing = [r for r in roles if r.valid_until is None]
            if standing:
                yield finding(
                    f"{person_id}:standing-role",
                    "mandatary_standing_role",
                    evidence,
                    roles=_role_names(standing),
                    **args,
                )
        elif person.end is not None and person.end < facts.today:
            yield finding(
                f"{person_id}:left",
                "role_after_leaving",
                evidence,
                roles=_role_names(roles),
                end=person.end.isoformat(),
                **args,
            )
        elif _accounts_all_disabled(facts, person_id):
            yield finding(f"{person_id}:accounts-disabled", "role_with_disabled_accounts",
                          evidence, roles=_role_names(roles), **args)  # fmt: skip
        elif (ksz := [r for r in roles if r.ksz_data]) and _not_authorised(person, allowed):
            yield finding(
                person_id, "function_not_allowed", evidence, roles=_role_names(ksz), **args
            )
    for login, roles in unknown.items():
        where = facts.locator("inventory.application_roles", roles[0].line)
        yield finding(
            login, "unknown_login", [where] if where else [], login=login, roles=_role_names(roles)
        )
