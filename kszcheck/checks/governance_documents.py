"""Checks of the governance documents: policy, security plan, management agreement, risk
analysis, incident register and procedure (KSZ-GOV-004, 005, 007, 008, 012).

A document counts for the OCMW when its ``bodies`` name ``ocmw`` or ``both``. A document is in
force when ``valid_from`` (if set) has come and ``valid_until`` (if set) has not passed. A date or
approval the rule depends on that is not recorded is a finding, never a pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from kszcheck.analysis.dates import shift_months
from kszcheck.analysis.facts import Facts
from kszcheck.checks.helpers import finding
from kszcheck.checks.registry import Params, check
from kszcheck.model.catalogue import Severity
from kszcheck.model.common import Body
from kszcheck.model.governance import Incident
from kszcheck.model.records import Document
from kszcheck.model.results import Finding

__all__ = [
    "documents",
    "incident_handling",
    "management_agreement",
    "risk_analysis_current",
    "security_plan",
    "security_policy",
]


def documents(facts: Facts, doc_type: str, body: Body | None = None) -> list[Document]:
    """Documents of a type (case-insensitive), optionally only those covering a body."""
    wanted = doc_type.lower()
    found = [d for d in facts.snapshot.records.documents if d.doc_type.strip().lower() == wanted]
    if body is None:
        return found
    return [d for d in found if body in d.bodies or Body.both in d.bodies]


def _in_force(doc: Document, today: date) -> bool:
    return (doc.valid_from is None or doc.valid_from <= today) and (
        doc.valid_until is None or doc.valid_until >= today
    )


def _evidence(facts: Facts, docs: Iterable[Document]) -> list[str]:
    out: list[str] = []
    for doc in docs:
        where = facts.locator("records.documents", doc.line)
        out += [x for x in (where, doc.reference.strip()) if x]
    return out


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


@check("KSZ-GOV-004")
def security_policy(facts: Facts, params: Params) -> Iterable[Finding]:
    """A policy in force, naming the OCMW, approved and reviewed within the review period."""
    policies = documents(facts, "policy")
    current = [d for d in policies if _in_force(d, facts.today)]
    if not current:
        ended = [d for d in policies if d.valid_until is not None and d.valid_until < facts.today]
        if ended:
            last = max(ended, key=lambda d: d.valid_until or date.min)
            ev = _evidence(facts, [last])
            yield finding("policy", "expired", ev, title=last.title, until=_day(last.valid_until))
        else:
            yield finding("policy", "no_policy", _evidence(facts, policies))
        return
    covering = [d for d in current if Body.ocmw in d.bodies or Body.both in d.bodies]
    if not covering:
        titles = "; ".join(d.title for d in current)
        yield finding("policy:scope", "no_ocmw_scope", _evidence(facts, current), title=titles)
        return
    approved = [d for d in covering if d.approved_on is not None and d.approved_by.strip()]
    if not approved:
        titles = "; ".join(d.title for d in covering)
        yield finding("policy:approval", "not_approved", _evidence(facts, covering), title=titles)
        return
    latest = max(approved, key=lambda d: d.approved_on or date.min)
    months = params.integer("policy_review_max_months")
    if latest.approved_on is not None and latest.approved_on < shift_months(facts.today, -months):
        ev = _evidence(facts, [latest])
        when = _day(latest.approved_on)
        yield finding("policy:review", "review_overdue", ev, title=latest.title, approved=when)


@check("KSZ-GOV-005")
def security_plan(facts: Facts, params: Params) -> Iterable[Finding]:
    """A multi-year plan for the OCMW whose period includes today, approved by a competent body."""
    plans = documents(facts, "security_plan", Body.ocmw)
    if not plans:
        yield finding("security_plan", "no_plan")
        return
    dated = [p for p in plans if p.valid_from is not None and p.valid_until is not None]
    if not dated:
        titles = "; ".join(p.title for p in plans)
        yield finding(
            "security_plan:period", "period_unknown", _evidence(facts, plans), title=titles
        )
        return
    current = [p for p in dated if _in_force(p, facts.today)]
    if not current:
        last = max(dated, key=lambda p: p.valid_until or date.min)
        ev = _evidence(facts, [last])
        yield finding(
            "security_plan", "expired", ev, title=last.title, until=_day(last.valid_until)
        )
        return
    plan = max(current, key=lambda p: p.valid_from or date.min)
    ev = _evidence(facts, [plan])
    bodies = [b.lower() for b in params.strings("approving_bodies")]
    by = plan.approved_by.strip().lower()
    if plan.approved_on is None or not any(b and b in by for b in bodies):
        yield finding(
            "security_plan:approval", "not_approved", ev, title=plan.title, by=plan.approved_by
        )
    minimum = params.integer("plan_min_months")
    start, end = plan.valid_from, plan.valid_until
    if (
        start is not None
        and end is not None
        and end < shift_months(start, minimum) - timedelta(days=1)
    ):
        yield finding(
            "security_plan:period",
            "too_short",
            ev,
            title=plan.title,
            start=_day(start),
            end=_day(end),
            months=minimum,
        )


@check("KSZ-GOV-007")
def management_agreement(facts: Facts, params: Params) -> Iterable[Finding]:
    """An agreement in force between the gemeente and the OCMW on the shared ICT, approved,
    holding every clause of the checklist; missing clauses alone count as medium."""
    agreements = documents(facts, "management_agreement")
    current = [d for d in agreements if _in_force(d, facts.today)]
    both = [
        d for d in current if Body.both in d.bodies or {Body.gemeente, Body.ocmw} <= set(d.bodies)
    ]
    if not both:
        ended = [d for d in agreements if d.valid_until is not None and d.valid_until < facts.today]
        if current:
            titles = "; ".join(d.title for d in current)
            yield finding(
                "management_agreement", "one_party", _evidence(facts, current), title=titles
            )
        elif ended:
            last = max(ended, key=lambda d: d.valid_until or date.min)
            until = _day(last.valid_until)
            ev = _evidence(facts, [last])
            yield finding("management_agreement", "expired", ev, title=last.title, until=until)
        else:
            yield finding("management_agreement", "no_agreement")
        return
    required = params.strings("required_clauses")
    best = max(both, key=lambda d: sum(d.clauses.get(c) is True for c in required))
    ev = _evidence(facts, [best])
    if best.approved_on is None:
        yield finding("management_agreement:approval", "not_approved", ev, title=best.title)
    missing = [c for c in required if best.clauses.get(c) is not True]
    if missing:
        item = finding(
            "management_agreement:clauses",
            "missing_clauses",
            ev,
            title=best.title,
            clauses=", ".join(missing),
        )
        yield item.model_copy(update={"severity": Severity.medium})


@check("KSZ-GOV-008")
def risk_analysis_current(facts: Facts, params: Params) -> Iterable[Finding]:
    """The latest risk analysis covering the OCMW is younger than the maximum age and than the
    latest major change recorded for the OCMW."""
    analyses = documents(facts, "risk_analysis", Body.ocmw)
    if not analyses:
        yield finding("risk_analysis", "no_analysis")
        return
    dated = [(d.approved_on or d.valid_from, d) for d in analyses]
    known = [(when, d) for when, d in dated if when is not None]
    if not known:
        titles = "; ".join(d.title for d in analyses)
        yield finding("risk_analysis", "undated", _evidence(facts, analyses), title=titles)
        return
    when, latest = max(known, key=lambda pair: pair[0])
    ev = _evidence(facts, [latest])
    months = params.integer("risk_analysis_max_months")
    if when < shift_months(facts.today, -months):
        yield finding("risk_analysis", "outdated", ev, title=latest.title, date=when.isoformat())
    later = sorted(
        (c for c in facts.snapshot.records.changes if when < c.changed_on <= facts.today),
        key=lambda c: c.changed_on,
    )
    later = [c for c in later if not c.bodies or {Body.ocmw, Body.both} & set(c.bodies)]
    if later:
        changes = "; ".join(f"{c.changed_on.isoformat()} {c.description}" for c in later)
        ev += [x for c in later if (x := facts.locator("records.changes", c.line))]
        yield finding(
            "risk_analysis:changes",
            "changed_since",
            ev,
            title=latest.title,
            date=when.isoformat(),
            changes=changes,
        )


#: Messages for the clause keys of the incident procedure; other keys use "procedure_clause".
_PROCEDURE_MESSAGES = {"notify_vtc": "procedure_no_vtc", "notify_ksz": "procedure_no_ksz"}


@check("KSZ-GOV-012")
def incident_handling(facts: Facts, params: Params) -> Iterable[Finding]:
    """An incident register and a procedure in force (naming whom to notify, else low severity);
    every recorded personal-data breach notified in time or with a documented reason."""
    if not [d for d in documents(facts, "incident_register") if _in_force(d, facts.today)]:
        yield finding("incident_register", "no_register")
    procedures = [d for d in documents(facts, "incident_procedure") if _in_force(d, facts.today)]
    if not procedures:
        yield finding("incident_procedure", "no_procedure")
    else:
        ev = _evidence(facts, procedures)
        for clause in params.strings("procedure_clauses"):
            if not any(p.clauses.get(clause) is True for p in procedures):
                message = _PROCEDURE_MESSAGES.get(clause, "procedure_clause")
                item = finding(f"incident_procedure:{clause}", message, ev, clause=clause)
                yield item.model_copy(update={"severity": Severity.low})
    hours = params.integer("breach_notification_hours")
    for incident in sorted(facts.snapshot.records.incidents, key=lambda i: i.id):
        if incident.personal_data_breach and incident.detected_on <= facts.today:
            yield from _breach(facts, incident, hours)


def _breach(facts: Facts, incident: Incident, hours: int) -> Iterator[Finding]:
    where = facts.locator("records.incidents", incident.line)
    ev = [x for x in (where, incident.reference.strip()) if x]
    subject = f"{incident.id}:notification"
    detected = incident.detected_on.isoformat()
    if incident.notified_on is None:
        if not incident.no_notification_reason.strip():
            yield finding(
                subject, "breach_not_notified", ev, incident=incident.id, detected=detected
            )
        return
    days = (incident.notified_on - incident.detected_on).days
    if days * 24 > hours:
        yield finding(
            subject,
            "breach_late",
            ev,
            incident=incident.id,
            detected=detected,
            notified=incident.notified_on.isoformat(),
            days=days,
            hours=hours,
        )
