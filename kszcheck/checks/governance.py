"""Checks of the governance domain: appointments and independence of the security consultant
and the DPO (GOV-001..003). Governance documents are checked in
:mod:`kszcheck.checks.governance_documents`, registers in
:mod:`kszcheck.checks.governance_registers`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from kszcheck.analysis.accounts import account_enabled, generic_pattern
from kszcheck.analysis.facts import Facts
from kszcheck.checks.helpers import finding
from kszcheck.checks.registry import Params, check
from kszcheck.model.catalogue import Severity
from kszcheck.model.common import Body, norm_dn
from kszcheck.model.records import Appointment, AppointmentRole, Person
from kszcheck.model.results import Finding

__all__ = ["dpo_appointed", "independent_consultant_and_dpo", "security_consultant_appointed"]


def _active(item: Appointment, today: date) -> bool:
    """Started (start, or else the decision date, on or before today) and not yet ended."""
    start = item.start or item.decision_date
    return (start is None or start <= today) and (item.end is None or item.end >= today)


def _evidence(facts: Facts, items: Iterable[Appointment]) -> list[str]:
    """``file:line`` of each appointment, from the source that provided the appointments."""
    return [
        found for a in items if (found := facts.locator("records.appointments", a.line)) is not None
    ]


def _organisation(facts: Facts, body: Body) -> str:
    organisations = facts.site.organisations
    if organisations is None:
        return "OCMW" if body is Body.ocmw else "gemeente"
    return (organisations.ocmw if body is Body.ocmw else organisations.gemeente).name


def _appointment(
    facts: Facts, roles: tuple[AppointmentRole, ...], body: Body
) -> tuple[list[Appointment], Finding | None]:
    """Active appointments in one of the roles for a body; if none, the finding that says so."""
    records = [
        a
        for a in facts.snapshot.records.appointments
        if a.role in roles and a.body in (body, Body.both)
    ]
    active = [a for a in records if _active(a, facts.today)]
    if active:
        return active, None
    org = _organisation(facts, body)
    ended = [a for a in records if a.end is not None and a.end < facts.today]
    if ended:
        last = max(ended, key=lambda a: a.end or date.min)
        end = last.end.isoformat() if last.end else ""
        ev = _evidence(facts, [last])
        return [], finding(
            body.value, "appointment_ended", ev, organisation=org, name=last.name, end=end
        )
    return [], finding(body.value, "no_appointment", _evidence(facts, records), organisation=org)


#: Who may lead the OCMW's information-security service: the DPO (the KSZ's current rule), or
#: a security consultant where an OCMW still organises the service that way.
_SERVICE_LEADERS = (AppointmentRole.dpo, AppointmentRole.security_consultant)


@check("KSZ-GOV-001")
def security_consultant_appointed(facts: Facts, params: Params) -> Iterable[Finding]:
    """An active, formally decided appointment of the leader of the OCMW's information-security
    service (its DPO, or a security consultant), communicated to the KSZ."""
    active, missing = _appointment(facts, _SERVICE_LEADERS, Body.ocmw)
    if missing is not None:
        yield missing
        return
    names = ", ".join(sorted(a.name for a in active))
    formal = [a for a in active if a.decision_date is not None and a.deciding_body]
    if not formal:
        yield finding("ocmw:decision", "no_decision", _evidence(facts, active), name=names)
    if not any(a.notified_on is not None for a in formal or active):
        item = finding("ocmw:notification", "not_notified", _evidence(facts, active), name=names)
        yield item.model_copy(update={"severity": Severity.high})


@check("KSZ-GOV-003")
def dpo_appointed(facts: Facts, params: Params) -> Iterable[Finding]:
    """For the gemeente and for the OCMW: an active DPO, notified to the VTC, with a contact."""
    for body in (Body.gemeente, Body.ocmw):
        yield from _dpo_for(facts, body)


def _dpo_for(facts: Facts, body: Body) -> Iterator[Finding]:
    active, missing = _appointment(facts, (AppointmentRole.dpo,), body)
    if missing is not None:
        yield missing
        return
    org, ev = _organisation(facts, body), _evidence(facts, active)
    names = ", ".join(sorted(a.name for a in active))
    if not any(a.notified_on is not None for a in active):
        yield finding(
            f"{body.value}:notification", "not_notified", ev, organisation=org, name=names
        )
    if not any(a.published_contact.strip() for a in active):
        yield finding(f"{body.value}:contact", "no_contact", ev, organisation=org, name=names)


_CONSULTANT_ROLES = (
    AppointmentRole.security_consultant,
    AppointmentRole.security_consultant_deputy,
)
_DPO_ROLES = (AppointmentRole.dpo, AppointmentRole.dpo_deputy)


@check("KSZ-GOV-002")
def independent_consultant_and_dpo(facts: Facts, params: Params) -> Iterable[Finding]:
    """Whoever holds the consultant or DPO role (or deputises) does not administer the systems
    they check and has no incompatible function. DPO-only findings count as medium."""
    holders: dict[str, list[Appointment]] = {}
    for item in facts.snapshot.records.appointments:
        if item.role in (*_CONSULTANT_ROLES, *_DPO_ROLES) and _active(item, facts.today):
            holders.setdefault(item.person.strip() or item.name.strip(), []).append(item)
    for key in sorted(holders, key=str.lower):
        items = holders[key]
        consultant = any(a.role in _CONSULTANT_ROLES for a in items)
        person = facts.persons.people.get(items[0].person.strip())
        if person is None:
            if not all(a.external and not a.person.strip() for a in items):
                ev = _evidence(facts, items)
                yield finding(f"{key}:not-linked", "not_linked", ev, name=items[0].name)
            continue
        found = [*_privileged(facts, person), *_function(person, consultant, items, params)]
        for gap in found:
            gap.evidence[:0] = _evidence(facts, items)
            if not consultant or gap.message.endswith("_dpo"):
                gap = gap.model_copy(update={"severity": Severity.medium})
            yield gap


def _privileged(facts: Facts, person: Person) -> Iterator[Finding]:
    tier0 = {norm_dn(a.user.dn): a for a in facts.privileged.tier0_members()}
    held = [
        tier0[norm_dn(u.dn)]
        for u in facts.persons.accounts_of(person.id)
        if norm_dn(u.dn) in tier0 and account_enabled(u, facts.now)
    ]
    if held:
        accounts = ", ".join(sorted(a.user.sam_account_name for a in held))
        groups = ", ".join(sorted({g for a in held for g in a.via}))
        yield finding(
            f"{person.id}:privileged",
            "privileged",
            [a.user.dn for a in held],
            name=person.name,
            accounts=accounts,
            groups=groups,
        )


def _function(
    person: Person, consultant: bool, items: list[Appointment], params: Params
) -> Iterator[Finding]:
    """Consultant and DPO alike may not head or run ICT; the DPO also not HR or management."""
    dpo = any(a.role in _DPO_ROLES for a in items)
    if generic_pattern(person.function, params.strings("incompatible_functions")):
        message = "function" if consultant else "function_dpo"
    elif dpo and generic_pattern(person.function, params.strings("dpo_incompatible_functions")):
        message = "function_dpo"
    else:
        return
    yield finding(f"{person.id}:function", message, name=person.name, function=person.function)
