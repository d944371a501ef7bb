"""Checks of the privileged-access domain: tier-0 administrators and their account hygiene."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from kszcheck.analysis.access import account_enabled
from kszcheck.analysis.facts import Facts
from kszcheck.checks.helpers import finding
from kszcheck.checks.registry import Params, check
from kszcheck.model.catalogue import Severity
from kszcheck.model.common import norm_dn
from kszcheck.model.directory import User
from kszcheck.model.results import Finding

__all__ = ["privileged_account_hygiene", "tier0_member_count"]


def _enabled_tier0(facts: Facts) -> list[User]:
    """Enabled accounts inside a built-in privileged group (nested too), each once, by name."""
    users = [a.user for a in facts.privileged.tier0_members() if account_enabled(a.user, facts.now)]
    return sorted(users, key=lambda u: u.sam_account_name.lower())


@check("KSZ-PRV-003")
def tier0_member_count(facts: Facts, params: Params) -> Iterable[Finding]:
    """Fail when more enabled accounts hold tier-0 rights than the site allows."""
    limit = int(params["max_tier0_members"])
    members = _enabled_tier0(facts)
    if len(members) > limit:
        yield finding(
            "tier-0",
            "too_many_tier0_members",
            [u.dn for u in members],
            count=len(members),
            max=limit,
            accounts=", ".join(u.sam_account_name for u in members),
        )


def _age_days(facts: Facts, then: datetime) -> int:
    """Whole days from ``then`` to the evaluation time; a time without zone is taken as UTC."""
    return (facts.now - (then if then.tzinfo else then.replace(tzinfo=UTC))).days


def _severe(item: Finding, severity: Severity) -> Finding:
    return item.model_copy(update={"severity": severity})


def _hygiene(user: User, facts: Facts, params: Params) -> Iterator[Finding]:
    sam, evidence = user.sam_account_name, [user.dn]
    if user.password_never_expires:
        yield finding(
            f"{sam}:password-never-expires", "password_never_expires", evidence, account=sam
        )
    max_days = int(params["max_password_age_days"])
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
    if params["require_protected_users"] and not protected:
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
