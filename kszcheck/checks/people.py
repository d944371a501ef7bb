"""Checks of the people domain: confidentiality declarations (and whether they are current),
awareness, leavers, movers, dormant accounts, and the link between accounts and people."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta

from kszcheck.analysis.accounts import account_enabled, last_activity, working_days_after
from kszcheck.analysis.dates import shift_months
from kszcheck.analysis.facts import Facts
from kszcheck.checks.helpers import finding
from kszcheck.checks.registry import Params, check
from kszcheck.model.catalogue import Severity
from kszcheck.model.common import Body
from kszcheck.model.directory import User
from kszcheck.model.governance import HrEvent
from kszcheck.model.records import Declaration, Person, Training
from kszcheck.model.results import ArgValue, Finding

__all__ = [
    "account_person_quality",
    "awareness_coverage",
    "declarations_current",
    "declarations_for_administrators",
    "declarations_for_sdz_access",
    "leavers_movers",
    "version_key",
]


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
        evidence += [p for u in users for p in facts.sdz_access.describe_paths(u)]
        yield finding(
            person_id, "no_declaration", evidence, name=person.name, accounts=_names(users)
        )


@check("KSZ-PPL-002")
def declarations_for_administrators(facts: Facts, params: Params) -> Iterable[Finding]:
    """Every enabled member of a privileged group is backed by a person with a declaration.

    A service account counts for its registered owner, a built-in account for the person the
    admin register links to it; an account nobody answers for fails. A person who also reaches
    the zone is KSZ-PPL-001's finding, not repeated here.
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
        if facts.undeclared.get(person_id) != "KSZ-PPL-002":
            continue  # declared, or reported by KSZ-PPL-001 (the person reaches the zone)
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
    """Accounts still enabled after the person left (all accounts); movers and dormant
    accounts among those that reach the zone. Dormant alone counts as medium.

    A mover is a person whose HR events show a move away from the OCMW and whose account still
    reaches the zone: the leaver-mover process failed. A gemeente-only person who reaches the
    zone without such an event is KSZ-SEP-003's finding (unauthorised access), not repeated
    here."""
    grace = params.integer("leaver_grace_days")
    dormant_days = params.integer("dormant_days")
    moves = facts.movers
    for user in facts.directory.directory.users:
        if not account_enabled(user, facts.now):
            continue
        person = facts.persons.person_of(user)
        if person is not None:
            yield from _leaver(facts, user, person, grace)
        if not facts.sdz_access.has_access(user):
            continue
        how = facts.sdz_access.how(user)
        move = moves.get(person.id) if person is not None else None
        if person is not None and move is not None:
            where = facts.locator("records.hr_events", move.line)
            paths = facts.sdz_access.describe_paths(user)
            evidence = [*([where] if where else []), *paths]
            item = finding(
                f"{user.sam_account_name}:mover",
                "mover",
                evidence,
                person=person.name,
                path=how,
                moved=move.effective.isoformat(),
            )
            resources = [p.resource for p in facts.sdz_access.paths_of(user)]
            yield item.model_copy(update={"resources": list(dict.fromkeys(resources))})
        yield from _dormant(facts, user, dormant_days, how)


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Order declaration versions: ``2019.1`` < ``2019.2`` < ``2024.1``; numbers compare as
    numbers, words as words, and a number sorts before a word."""
    parts = re.findall(r"\d+|[a-z]+", version.lower())
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def _current_declaration(facts: Facts, person_id: str) -> Declaration | None:
    """The most recently signed declaration covering OCMW data (signed on or before today)."""
    valid = [
        d
        for d in facts.persons.declarations_of(person_id)
        if d.signed <= facts.today and {Body.ocmw, Body.both} & set(d.covers)
    ]
    return max(valid, key=lambda d: d.signed) if valid else None


@check("KSZ-PPL-003")
def declarations_current(facts: Facts, params: Params) -> Iterable[Finding]:
    """A current person's declaration is of the required text version and was signed after
    their last change of employer, body or function."""
    required = params.text("required_version").strip()
    kinds = set(params.strings("event_kinds"))
    events: dict[str, list[HrEvent]] = {}
    for event in facts.snapshot.records.hr_events:
        if str(event.kind) in kinds and event.effective <= facts.today:
            events.setdefault(event.person, []).append(event)
    for person in sorted(facts.persons.people.values(), key=lambda p: p.id):
        declaration = _current_declaration(facts, person.id)
        if declaration is None or (person.end is not None and person.end < facts.today):
            continue
        where = facts.locator("records.declarations", declaration.line)
        ev = [x for x in (where, declaration.reference.strip()) if x]
        signed = declaration.signed.isoformat()
        if required and version_key(declaration.version) < version_key(required):
            message = "old_version" if declaration.version.strip() else "no_version"
            yield finding(
                f"{person.id}:version",
                message,
                ev,
                name=person.name,
                version=declaration.version,
                required=required,
                signed=signed,
            )
        later = [e for e in events.get(person.id, []) if e.effective > declaration.signed]
        if later:
            last = max(later, key=lambda e: e.effective)
            ev += [x for x in [facts.locator("records.hr_events", last.line)] if x]
            yield finding(
                f"{person.id}:change",
                f"changed_{last.kind}",
                ev,
                name=person.name,
                signed=signed,
                date=last.effective.isoformat(),
                old=last.old,
                new=last.new,
            )


@check("KSZ-PPL-004")
def awareness_coverage(facts: Facts, params: Params) -> Iterable[Finding]:
    """Of the people who reach the social-data zone, at least the required share followed an
    awareness session within the period; below it, every person without one is named."""
    if not facts.sdz_access.declared:
        yield finding("site:sdz", "sdz_not_declared")
        return
    reach, _unmapped = facts.persons.group_by_person(facts.sdz_access.accounts())
    cutoff = shift_months(facts.today, -params.integer("awareness_max_months"))
    latest: dict[str, Training] = {}
    for training in facts.snapshot.records.trainings:
        seen = latest.get(training.person)
        if training.completed <= facts.today and (
            seen is None or training.completed > seen.completed
        ):
            latest[training.person] = training
    untrained = sorted(p for p in reach if p not in latest or latest[p].completed < cutoff)
    if not reach or not untrained:
        return
    coverage = round(100 * (len(reach) - len(untrained)) / len(reach), 1)
    if coverage >= params.number("awareness_coverage_pct"):
        return
    for person_id in untrained:
        person = facts.persons.people[person_id]
        ev = _person_evidence(facts, person)
        args: dict[str, ArgValue] = {
            "name": person.name,
            "coverage": coverage,
            "accounts": _names(reach[person_id]),
        }
        if person_id in latest:
            ev += [x for x in [facts.locator("records.trainings", latest[person_id].line)] if x]
            last = latest[person_id].completed.isoformat()
            yield finding(person_id, "training_outdated", ev, last=last, **args)
        else:
            yield finding(person_id, "no_training", ev, **args)


def _mapping_problem(facts: Facts, user: User) -> str | None:
    """Why an enabled account cannot be placed with the gemeente or the OCMW, if it cannot."""
    person = facts.persons.person_of(user)
    if person is None:
        shared = facts.persons.functional_account_of(user)
        if shared is not None:  # a registered functional account answers to its owner
            return None if shared.owner.strip() in facts.persons.people else "unmapped"
        return None if facts.persons.service_account_of(user) is not None else "unmapped"
    if person.acts_for is None:
        return "no_acts_for"
    return "no_function" if not person.function.strip() else None


@check("KSZ-PPL-006")
def account_person_quality(facts: Facts, params: Params) -> Iterable[Finding]:
    """Enabled accounts map to a person with a known body and function (or to a registered
    service account), up to the allowed percentage of exceptions.

    An account that reaches the zone without a person is KSZ-SEP-008's finding, a person who
    reaches it without a known body or function KSZ-SEP-003's: they count here, in the share of
    the register, but are not reported a second time."""
    enabled = [u for u in facts.directory.directory.users if account_enabled(u, facts.now)]
    problems = sorted(
        (u for u in enabled if _mapping_problem(facts, u) is not None),
        key=lambda u: u.sam_account_name.lower(),
    )
    share = round(100 * len(problems) / len(enabled), 1) if enabled else 0.0
    if share > params.number("unmapped_pct") and problems:
        limit = params.integer("max_listed")
        listed = _names(problems[:limit]) + (", …" if len(problems) > limit else "")
        yield finding(
            "accounts:mapping",
            "too_many",
            [],
            count=len(problems),
            total=len(enabled),
            pct=share,
            accounts=listed,
        )
