"""Checks of the separation domain: containers, need-to-know access, nesting, generic accounts."""

from __future__ import annotations

from collections.abc import Iterable

from kszcheck.analysis.accounts import account_enabled, generic_pattern
from kszcheck.analysis.facts import Facts
from kszcheck.checks.helpers import finding
from kszcheck.checks.registry import NotApplicable, Params, check
from kszcheck.model.common import Body, LocalizedText, norm_dn
from kszcheck.model.directory import Group, User
from kszcheck.model.results import Finding

__all__ = [
    "no_broad_nesting",
    "no_generic_accounts",
    "sdz_access_by_function",
    "social_service_in_sdz_ous",
]


def _lowered(values: Iterable[object]) -> set[str]:
    return {str(v).strip().lower() for v in values}


def _names(users: Iterable[User]) -> str:
    return ", ".join(sorted((u.sam_account_name for u in users), key=str.lower))


@check("KSZ-SEP-002")
def social_service_in_sdz_ous(facts: Facts, params: Params) -> Iterable[Finding]:
    """Accounts of the OCMW social service and SDZ server objects sit in the SDZ containers."""
    if not facts.zones.sdz_ous:
        yield finding("site:sdz_ous", "no_designated_ou")
        return
    functions = _lowered(params["social_service_functions"])
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

    Accounts that map to no person are left to KSZ-SEP-008.
    """
    if not facts.sdz_access.declared:
        yield finding("site:sdz", "sdz_not_declared")
        return
    allowed = _lowered(params["authorised_functions"])
    reach, _unmapped = facts.persons.group_by_person(facts.sdz_access.accounts())
    for person_id, users in reach.items():
        person = facts.persons.people[person_id]
        if person.acts_for is Body.gemeente:
            message = "gemeente_only"
        elif person.acts_for is None:
            message = "acts_for_unknown"
        elif person.function.strip().lower() not in allowed:
            message = "function_not_authorised"
        else:
            continue
        where = facts.locator("records.people", person.line)
        evidence = [*([where] if where else [])]
        evidence += [facts.sdz_access.how(u) for u in users]
        yield finding(
            person_id,
            message,
            evidence,
            name=person.name,
            function=person.function or "-",
            accounts=_names(users),
        )


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
        raise NotApplicable(
            LocalizedText(
                nl="Het siteprofiel noemt geen groepen van de sociale-gegevenszone.",
                en="The site profile names no groups of the social-data zone.",
            )
        )
    for name in access.unresolved_groups:
        yield finding(f"site:{name}", "sdz_group_not_found", group=name)
    all_staff = _lowered(params["all_staff_groups"])
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
    """No account with SDZ access has a generic name or lacks a person or a registered owner."""
    if not facts.sdz_access.declared:
        yield finding("site:sdz", "sdz_not_declared")
        return
    patterns = [str(p) for p in params["generic_patterns"]]
    for user in facts.sdz_access.accounts():
        sam = user.sam_account_name
        how = facts.sdz_access.how(user)
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
