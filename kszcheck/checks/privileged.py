"""Checks of the privileged-access domain: tier-0 administrators and their account hygiene."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime

from kszcheck.analysis.access import account_enabled, share_key
from kszcheck.analysis.dates import months_before
from kszcheck.analysis.facts import Facts
from kszcheck.analysis.suppliers import account_key, account_keys, supplier_of
from kszcheck.checks.helpers import finding
from kszcheck.checks.registry import Params, check
from kszcheck.model.assets import AccessRequest
from kszcheck.model.catalogue import Severity
from kszcheck.model.common import Body, norm_dn
from kszcheck.model.directory import User
from kszcheck.model.records import AppointmentRole, Person, PersonKind
from kszcheck.model.results import ArgValue, Finding

__all__ = [
    "access_segregation_of_duties",
    "privileged_account_hygiene",
    "supplier_accounts_controlled",
    "tier0_member_count",
]


def _enabled_tier0(facts: Facts) -> list[User]:
    """Enabled accounts inside a built-in privileged group (nested too), each once, by name."""
    users = [a.user for a in facts.privileged.tier0_members() if account_enabled(a.user, facts.now)]
    return sorted(users, key=lambda u: u.sam_account_name.lower())


@check("KSZ-PRV-003")
def tier0_member_count(facts: Facts, params: Params) -> Iterable[Finding]:
    """Fail when more enabled accounts hold tier-0 rights than the site allows: counted per
    domain (tier 0 is a domain's), so with several domains collected the subject names the
    domain (``tier-0:OCMWLV``)."""
    limit = params.integer("max_tier0_members")
    by_domain: dict[str, list[User]] = {}
    for account in facts.privileged.tier0_members():
        if account_enabled(account.user, facts.now):
            for label in account.domains:
                by_domain.setdefault(label, []).append(account.user)
    for label, users in sorted(by_domain.items()):
        members = sorted(users, key=lambda u: u.sam_account_name.lower())
        if len(members) > limit:
            yield finding(
                "tier-0" if len(facts.snapshot.directory.domains) <= 1 else f"tier-0:{label}",
                "too_many_tier0_members",
                [u.dn for u in members],
                count=len(members),
                max=limit,
                accounts=", ".join(u.sam_account_name for u in members),
            )


def _aware(moment: datetime) -> datetime:
    """A time without a UTC offset is taken as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _age_days(facts: Facts, then: datetime) -> int:
    """Whole days from ``then`` to the evaluation time; a time without zone is taken as UTC."""
    return (facts.now - _aware(then)).days


def _severe(item: Finding, severity: Severity) -> Finding:
    return item.model_copy(update={"severity": severity})


def _hygiene(user: User, facts: Facts, params: Params) -> Iterator[Finding]:
    sam, evidence = user.sam_account_name, [user.dn]
    if user.password_never_expires:
        yield finding(
            f"{sam}:password-never-expires", "password_never_expires", evidence, account=sam
        )
    max_days = params.integer("max_password_age_days")
    if user.pwd_last_set is None:
        yield finding(f"{sam}:password-age", "password_age_unknown", evidence, account=sam)
    elif (age := _age_days(facts, user.pwd_last_set)) > max_days:
        yield finding(
            f"{sam}:password-age", "password_too_old", evidence, account=sam, days=age, max=max_days
        )
    if user.spns:
        spns = ", ".join(sorted(user.spns))
        yield _severe(finding(f"{sam}:spn", "spn", evidence, account=sam, spns=spns), Severity.high)
    if user.no_preauth:
        yield _severe(
            finding(f"{sam}:no-preauth", "no_preauth", evidence, account=sam), Severity.high
        )
    protected = norm_dn(user.dn) in facts.privileged.protected_users
    if params.flag("require_protected_users") and not protected:
        yield finding(f"{sam}:not-protected", "not_protected", evidence, account=sam)


@check("KSZ-PRV-004")
def privileged_account_hygiene(facts: Facts, params: Params) -> Iterable[Finding]:
    """One finding per enabled tier-0 account and failed sub-check; stale adminCount apart."""
    for user in _enabled_tier0(facts):
        yield from _hygiene(user, facts, params)
    for account in facts.privileged.accounts.values():
        user = account.user
        if account.admin_count_only and account_enabled(user, facts.now):
            sam = user.sam_account_name
            item = finding(f"{sam}:stale-admincount", "stale_admincount", [user.dn], account=sam)
            yield _severe(item, Severity.low)


# ------------------------------------------------------------------ supplier accounts (PRV-005)


def _is_external(facts: Facts, user: User, person: Person | None, ous: list[str]) -> bool:
    if person is not None and (person.kind is PersonKind.external or person.supplier.strip()):
        return True
    listed = {account_key(a) for s in facts.snapshot.records.suppliers for a in s.accounts}
    dn = norm_dn(user.dn)
    return bool(account_keys(user) & listed) or any(dn.endswith("," + ou) for ou in ous)


def _supplier_gaps(
    facts: Facts, user: User, person: Person | None, max_days: int
) -> Iterator[tuple[str, str, dict[str, ArgValue]]]:
    """(aspect, message, args) for each control a reaching supplier account lacks."""
    supplier = supplier_of(facts.snapshot.records.suppliers, user, person)
    if supplier is None:
        yield "supplier", "no_supplier_entry", {"supplier": person.supplier if person else "-"}
    elif not supplier.agreement.strip():
        yield "agreement", "no_agreement", {"supplier": supplier.name}
    elif supplier.agreement_until is not None and supplier.agreement_until < facts.today:
        until = supplier.agreement_until.isoformat()
        yield "agreement", "agreement_ended", {"supplier": supplier.name, "until": until}
    if person is None:
        yield "declaration", "no_person", {}
    elif person.id in facts.undeclared:
        pass  # KSZ-PPL-001 or KSZ-PPL-002 reports the missing declaration
    elif not facts.persons.has_declaration(person.id, Body.ocmw.value, facts.today):
        yield "declaration", "no_declaration", {"name": person.name}
    if supplier is not None and supplier.window_at(facts.now) is not None:
        return
    expires = user.account_expires
    if expires is None:
        yield "standing", "always_enabled", {}
    elif (days := (_aware(expires) - facts.now).days) > max_days:
        yield "standing", "expiry_too_far", {"until": expires.date().isoformat(), "days": days}


@check("KSZ-PRV-005")
def supplier_accounts_controlled(facts: Facts, params: Params) -> Iterable[Finding]:
    """Enabled supplier accounts that reach the SDZ or are tier 0: registered, under agreement,
    declared, and enabled only in a maintenance window or for a limited time."""
    ous = [norm_dn(ou) for ou in params.strings("external_ous")]
    max_days = params.integer("max_account_validity_days")
    for user in sorted(facts.directory.directory.users, key=lambda u: u.sam_account_name.lower()):
        if not account_enabled(user, facts.now):
            continue
        person = facts.persons.person_of(user)
        tier0 = (
            facts.privileged.is_privileged(user)
            and not facts.privileged.accounts[norm_dn(user.dn)].admin_count_only
        )
        if not (tier0 or facts.sdz_access.has_access(user)):
            continue
        if not _is_external(facts, user, person, ous):
            continue
        sam = user.sam_account_name
        how = facts.sdz_access.how(user) or "tier 0"
        for aspect, message, args in _supplier_gaps(facts, user, person, max_days):
            yield finding(f"{sam}:{aspect}", message, [user.dn, how], account=sam, **args)


# ------------------------------------------------------------ segregation of duties (PRV-006)

_OVERSIGHT = frozenset(
    {
        AppointmentRole.security_consultant,
        AppointmentRole.security_consultant_deputy,
        AppointmentRole.dpo,
        AppointmentRole.dpo_deputy,
    }
)


def _oversight_people(facts: Facts) -> set[str]:
    """Person ids of the security consultant(s) and DPO(s) with a current appointment."""
    today = facts.today
    return {
        a.person.strip().lower()
        for a in facts.snapshot.records.appointments
        if a.role in _OVERSIGHT
        and a.person.strip()
        and (a.start or a.decision_date or date.min) <= today
        and (a.end is None or a.end >= today)
    }


def _sdz_request(facts: Facts, request: AccessRequest) -> bool:
    if request.social_data:
        return True
    name = request.resource.strip()
    groups = {str(g).split("\\", 1)[-1].lower() for g in facts.site.sdz_values("groups")}
    shares = {share_key(str(s)) for s in facts.site.sdz_values("shares")}
    shares |= {share_key(s.unc) for s in facts.sdz_access.shares}
    return name.split("\\", 1)[-1].lower() in groups or share_key(name) in shares


def _data_owner(facts: Facts, approver: str, owners: set[str]) -> bool:
    if owners:
        return approver.lower() in owners
    person = facts.persons.people.get(approver)
    return person is not None and person.acts_for is Body.ocmw


def _admin_accounts(facts: Facts, person_id: str) -> str:
    """The person's enabled privileged accounts in the directory, comma-separated."""
    return ", ".join(
        sorted(
            u.sam_account_name
            for u in facts.persons.accounts_of(person_id)
            if account_enabled(u, facts.now) and facts.privileged.is_privileged(u)
        )
    )


def _request_gaps(
    facts: Facts, request: AccessRequest, owners: set[str], oversight: set[str]
) -> Iterator[tuple[str, str, dict[str, ArgValue]]]:
    approver, implementer = request.approver.strip(), request.implementer.strip()
    if not approver:
        yield "approval", "no_approval", {}
    elif approver.lower() == implementer.lower():
        yield "same-person", "approver_implements", {"person": approver}
    elif not _data_owner(facts, approver, owners):
        yield "approver", "approver_not_owner", {"person": approver}
    elif admins := _admin_accounts(facts, approver):
        # the directory shows the approver can grant the access too
        yield "approver-admin", "approver_is_admin", {"person": approver, "accounts": admins}
    if not implementer:
        yield "implementer", "no_implementer", {}
    involved = [p for p in dict.fromkeys((approver, implementer)) if p.lower() in oversight]
    if involved:
        yield "oversight", "oversight_involved", {"person": ", ".join(involved)}


@check("KSZ-PRV-006")
def access_segregation_of_duties(facts: Facts, params: Params) -> Iterable[Finding]:
    """Recent grants of SDZ access: approved by an OCMW data owner, implemented by someone else,
    and neither step done by the security consultant or the DPO."""
    since = months_before(facts.today, params.integer("lookback_months"))
    owners = params.lowered("ocmw_data_owners")
    oversight = _oversight_people(facts)
    for request in facts.snapshot.records.access_requests:
        day = request.implemented_on or request.approved_on or request.requested_on
        if (day is not None and day < since) or not _sdz_request(facts, request):
            continue
        where = facts.locator("records.access_requests", request.line)
        evidence = [where] if where else []
        for aspect, message, args in _request_gaps(facts, request, owners, oversight):
            yield finding(
                f"{request.id}:{aspect}", message, evidence, resource=request.resource, **args
            )
