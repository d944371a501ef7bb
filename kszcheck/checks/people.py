"""Checks of the people domain: confidentiality declarations, leavers, movers, dormant accounts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from kszcheck.analysis.accounts import account_enabled, last_activity, working_days_after
from kszcheck.analysis.facts import Facts
from kszcheck.checks.helpers import finding
from kszcheck.checks.registry import Params, check
from kszcheck.model.catalogue import Severity
from kszcheck.model.common import Body
from kszcheck.model.directory import User
from kszcheck.model.records import Person
from kszcheck.model.results import Finding

__all__ = ["declarations_for_administrators", "declarations_for_sdz_access", "leavers_movers"]


def _names(users: Iterable[User]) -> str:
    return ", ".join(sorted((u.sam_account_name for u in users), key=str.lower))


def _person_evidence(facts: Facts, person: Person) -> list[str]:
    where = facts.locator("records.people", person.line)
    return [where] if where else []


@check("KSZ-PPL-001")
def declarations_for_sdz_access(facts: Facts, params: Params) -> Iterable[Finding]:
    """Every person who reaches the social-data zone has a declaration covering OCMW data.

    Accounts that map to no person are left to KSZ-SEP-008.
    """
    if not facts.sdz_access.declared:
        yield finding("site:sdz", "sdz_not_declared")
        return
    reach, _unmapped = facts.persons.group_by_person(facts.sdz_access.accounts())
    for person_id, users in reach.items():
        if facts.persons.has_declaration(person_id, Body.ocmw, facts.today):
            continue
        person = facts.persons.people[person_id]
        evidence = _person_evidence(facts, person)
        evidence += [facts.sdz_access.how(u) for u in users]
        yield finding(
            person_id, "no_declaration", evidence, name=person.name, accounts=_names(users)
        )


@check("KSZ-PPL-002")
def declarations_for_administrators(facts: Facts, params: Params) -> Iterable[Finding]:
    """Every enabled member of a privileged group is backed by a person with a declaration.

    A service account counts for its registered owner; an account nobody answers for fails.
    """
    admins: dict[str, list[User]] = {}
    for account in facts.privileged.tier0_members():
        user = account.user
        if not account_enabled(user, facts.now):
            continue
        via = "; ".join(" → ".join(path) for path in account.via.values())
        person = facts.persons.responsible_for(user)
        if person is None:
            yield finding(user.sam_account_name, "no_person", [user.dn, via], groups=via)
            continue
        admins.setdefault(person.id, []).append(user)
    for person_id, users in admins.items():
        if facts.persons.has_declaration(person_id, Body.ocmw, facts.today):
            continue
        person = facts.persons.people[person_id]
        evidence = _person_evidence(facts, person) + [u.dn for u in users]
        yield finding(
            person_id, "no_declaration", evidence, name=person.name, accounts=_names(users)
        )


def _leaver(facts: Facts, user: User, person: Person, grace: int) -> Iterable[Finding]:
    if person.end is None:
        return
    late = working_days_after(person.end, facts.today)
    if late > grace:
        evidence = [*_person_evidence(facts, person), user.dn]
        end = person.end.isoformat()
        subject = f"{user.sam_account_name}:leaver"
        yield finding(subject, "leaver", evidence, end=end, working_days=late, person=person.name)


def _dormant(facts: Facts, user: User, dormant_days: int, how: str) -> Iterable[Finding]:
    when, logged_on = last_activity(user)
    if when is None or when >= facts.now - timedelta(days=dormant_days):
        return
    item = finding(
        f"{user.sam_account_name}:dormant",
        "dormant" if logged_on else "never_logged_on",
        [user.dn, how],
        since=when.date().isoformat(),
        days=(facts.now - when).days,
    )
    yield item.model_copy(update={"severity": Severity.medium})


@check("KSZ-PPL-005")
def leavers_movers(facts: Facts, params: Params) -> Iterable[Finding]:
    """Accounts still enabled after the person left (all accounts); gemeente-only people and
    dormant accounts among those that reach the zone. Dormant alone counts as medium."""
    grace = int(params["leaver_grace_days"])
    dormant_days = int(params["dormant_days"])
    for user in facts.directory.directory.users:
        if not account_enabled(user, facts.now):
            continue
        person = facts.persons.person_of(user)
        if person is not None:
            yield from _leaver(facts, user, person, grace)
        if not facts.sdz_access.has_access(user):
            continue
        how = facts.sdz_access.how(user)
        if person is not None and person.acts_for is Body.gemeente:
            evidence = [*_person_evidence(facts, person), how]
            subject = f"{user.sam_account_name}:mover"
            yield finding(subject, "mover", evidence, person=person.name, path=how)
        yield from _dormant(facts, user, dormant_days, how)
