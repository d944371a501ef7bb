"""Checks of the governance domain: the mandatory appointments of the two legal persons."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import PurePath

from kszcheck.analysis.facts import Facts
from kszcheck.checks.helpers import finding
from kszcheck.checks.registry import Params, check
from kszcheck.model.catalogue import Severity
from kszcheck.model.common import Body
from kszcheck.model.records import Appointment, AppointmentRole
from kszcheck.model.results import Finding

__all__ = ["dpo_appointed", "security_consultant_appointed"]


def _active(item: Appointment, today: date) -> bool:
    """Started (start, or else the decision date, on or before today) and not yet ended."""
    start = item.start or item.decision_date
    return (start is None or start <= today) and (item.end is None or item.end >= today)


def _evidence(facts: Facts, items: Iterable[Appointment]) -> list[str]:
    """``file:line`` of each appointment, from the source that provided the appointments."""
    target = next(
        (s.target for s in facts.snapshot.sources if "records.appointments" in s.provides), ""
    )
    name = PurePath(target).name if target else "line"
    sep = ":" if target else " "
    return [f"{name}{sep}{a.line}" for a in items if a.line is not None]


def _organisation(facts: Facts, body: Body) -> str:
    organisations = facts.site.organisations
    if organisations is None:
        return "OCMW" if body is Body.ocmw else "gemeente"
    return (organisations.ocmw if body is Body.ocmw else organisations.gemeente).name


def _appointment(
    facts: Facts, role: AppointmentRole, body: Body
) -> tuple[list[Appointment], Finding | None]:
    """Active appointments of a role for a body; if none, the finding that says so."""
    records = [
        a
        for a in facts.snapshot.records.appointments
        if a.role is role and a.body in (body, Body.both)
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


@check("KSZ-GOV-001")
def security_consultant_appointed(facts: Facts, params: Params) -> Iterable[Finding]:
    """An active, formally decided appointment of the OCMW's security consultant, notified."""
    active, missing = _appointment(facts, AppointmentRole.security_consultant, Body.ocmw)
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
    active, missing = _appointment(facts, AppointmentRole.dpo, body)
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
