"""Checks on delegated administration: rights over the OCMW containers and GPOs (KSZ-SEP-006),
the register of everyone with technical power over OCMW data (KSZ-PRV-001), and separate
administrator accounts (KSZ-PRV-002)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kszcheck.analysis.access import account_enabled
from kszcheck.analysis.delegation import Delegation, Grant, is_builtin_admin
from kszcheck.analysis.directory_index import DirectoryIndex
from kszcheck.analysis.facts import Facts
from kszcheck.checks.helpers import finding, not_recorded
from kszcheck.checks.registry import NotApplicable, Params, check
from kszcheck.model.common import norm_dn
from kszcheck.model.directory import Group, User
from kszcheck.model.records import AdminRegisterEntry
from kszcheck.model.results import Finding
from kszcheck.texts import text

__all__ = ["admin_register", "delegated_rights", "separate_admin_accounts"]

_NO_ZONE = text("checks.no_sdz_ous")


def _approved(grant: Grant, approved: set[str]) -> bool:
    return (
        is_builtin_admin(grant.trustee_sid)
        or grant.trustee_sid.upper() in approved
        or grant.trustee.lower() in approved
    )


def _approved_set(facts: Facts, names: Iterable[str]) -> set[str]:
    keys: set[str] = set()
    for name in names:
        text = str(name).strip()
        keys.add(text.lower())
        keys.add(text.upper())
        principal = facts.directory.resolve(text)
        if isinstance(principal, User | Group):
            keys.add(principal.sam_account_name.lower())
            if principal.sid:
                keys.add(principal.sid.upper())
    return keys


def _merge(grants: Iterable[Grant]) -> dict[str, tuple[str, set[str], list[str]]]:
    """trustee -> (sid, rights, object DNs), in trustee order."""
    merged: dict[str, tuple[str, set[str], list[str]]] = {}
    for grant in grants:
        _sid, rights, objects = merged.setdefault(grant.trustee, (grant.trustee_sid, set(), []))
        rights |= grant.rights
        objects.append(grant.object_dn)
    return dict(sorted(merged.items(), key=lambda kv: kv[0].lower()))


def _unread_objects(view: Delegation) -> Iterator[Finding]:
    """One "not recorded" finding per kind of zone object (users, computers, groups) whose
    security descriptors are not in the facts: who controls them is unknown, so the rule is not
    assessed for them (never passed as "no grants")."""
    by_kind: dict[str, list[str]] = {}
    for kind, dn in view.unread_objects:
        by_kind.setdefault(kind, []).append(dn)
    for kind, dns in sorted(by_kind.items()):
        yield not_recorded(
            f"acl-unread:{kind}s",
            f"nTSecurityDescriptor ({len(dns)} {kind}s, first: {dns[0]})",
            dns[:5],
        )


@check("KSZ-SEP-006")
def delegated_rights(facts: Facts, params: Params) -> Iterable[Finding]:
    """Non-approved trustees with administrative rights on SDZ containers, on the objects in the
    zone (membership of its groups, control of its servers' computer objects and its users) or
    on its GPOs."""
    view = facts.delegation
    if not view.sdz_ous:
        raise NotApplicable(_NO_ZONE)
    approved = _approved_set(facts, params.strings("approved_admins"))
    for dn in view.unread:
        yield finding(f"acl-unread:{dn}", "acl_unread", [dn], container=dn)
    yield from _unread_objects(view)
    containers = [g for g in view.container_grants if not _approved(g, approved)]
    for trustee, (sid, rights, objects) in _merge(containers).items():
        yield finding(
            trustee,
            "container_rights",
            sorted(set(objects)),
            trustee=trustee,
            sid=sid,
            rights=", ".join(sorted(rights)),
            containers="; ".join(sorted(set(objects))[:3]),
        )
    by_object: dict[tuple[str, str, str], tuple[str, set[str], str]] = {}
    for item in view.object_grants:
        if _approved(item.grant, approved):
            continue
        key = (item.grant.trustee, item.kind, item.name)
        _dn, rights, _sid = by_object.setdefault(
            key, (item.grant.object_dn, set(), item.grant.trustee_sid)
        )
        rights |= item.grant.rights
    for (trustee, kind, name), (dn, rights, sid) in sorted(
        by_object.items(), key=lambda kv: (kv[0][0].lower(), kv[0][2].lower())
    ):
        yield finding(
            f"{trustee}:{name}",
            f"{kind}_rights",
            [dn],
            trustee=trustee,
            sid=sid,
            object=name,
            rights=", ".join(sorted(rights)),
        )
    gpos = [g for g in view.gpo_grants if not _approved(g, approved)]
    by_gpo: dict[tuple[str, str], list[Grant]] = {}
    for grant in gpos:
        by_gpo.setdefault((grant.trustee, view.gpo_name(grant.object_dn)), []).append(grant)
    for (trustee, gpo), grants in sorted(by_gpo.items(), key=lambda kv: kv[0]):
        rights = set().union(*(g.rights for g in grants))
        yield finding(
            f"{trustee}:gpo:{gpo}",
            "gpo_rights",
            [g.object_dn for g in grants],
            trustee=trustee,
            gpo=gpo,
            rights=", ".join(sorted(rights)),
        )


# --- the register of everyone with technical power (KSZ-PRV-001) ----------------------------


def _register_keys(index: DirectoryIndex, entries: list[AdminRegisterEntry]) -> set[str]:
    """Normalised DNs (and SIDs) of the principals the register names."""
    keys: set[str] = set()
    for entry in entries:
        principal = index.resolve(entry.principal)
        if isinstance(principal, User | Group):
            keys.add(norm_dn(principal.dn))
            if principal.sid:
                keys.add(principal.sid.upper())
        keys.add(entry.principal.strip().upper())
    return keys


@check("KSZ-PRV-001")
def admin_register(facts: Facts, params: Params) -> Iterable[Finding]:
    """Tier-0 accounts and delegated SDZ administrators missing from the register; register
    entries whose person has no confidentiality declaration covering the OCMW."""
    register = facts.snapshot.records.admin_register
    keys = _register_keys(facts.directory, register)
    index = facts.directory
    for account in sorted(
        facts.privileged.tier0_members(), key=lambda a: a.user.sam_account_name.lower()
    ):
        user = account.user
        if not account_enabled(user, facts.now):
            continue
        if norm_dn(user.dn) in keys or index.groups_of(user.dn) & keys:
            continue
        via = "; ".join(" → ".join(path) for path in account.via.values())
        yield finding(
            user.sam_account_name,
            "tier0_not_registered",
            [user.dn],
            account=user.sam_account_name,
            via=via,
        )
    view = facts.delegation
    yield from _unread_objects(view)
    on_objects = [o.grant for o in view.object_grants]
    delegated = [
        g
        for g in (*view.container_grants, *view.gpo_grants, *on_objects)
        if not is_builtin_admin(g.trustee_sid)
    ]
    for trustee, (sid, rights, objects) in _merge(delegated).items():
        principal = index.by_sid.get(sid.upper())
        if sid.upper() in keys or (principal is not None and norm_dn(principal.dn) in keys):
            continue
        yield finding(
            trustee,
            "delegate_not_registered",
            sorted(set(objects)),
            trustee=trustee,
            rights=", ".join(sorted(rights)),
        )
    for entry in register:
        if entry.person in facts.undeclared:
            continue  # KSZ-PPL-001 or KSZ-PPL-002 reports the missing declaration
        if entry.person and not facts.persons.has_declaration(entry.person, "ocmw", facts.today):
            locator = facts.locator("records.admin_register", entry.line)
            yield finding(
                f"{entry.principal}:declaration",
                "no_declaration",
                [locator] if locator else [],
                principal=entry.principal,
                person=entry.person,
            )


# --- separate administrator accounts (KSZ-PRV-002) -------------------------------------------


@check("KSZ-PRV-002")
def separate_admin_accounts(facts: Facts, params: Params) -> Iterable[Finding]:
    """Enabled tier-0 accounts with a mailbox (mail attribute), or that are the only account
    of the person behind them."""
    accounts = sorted(
        (a.user for a in facts.privileged.tier0_members() if account_enabled(a.user, facts.now)),
        key=lambda u: u.sam_account_name.lower(),
    )
    for user in accounts:
        sam = user.sam_account_name
        if user.mail:
            yield finding(f"{sam}:mailbox", "mailbox", [user.dn], account=sam, mail=user.mail)
        person = facts.persons.person_of(user)
        if person is None:
            continue
        own = [u for u in facts.persons.accounts_of(person.id) if account_enabled(u, facts.now)]
        if len(own) <= 1:
            yield finding(
                f"{sam}:only-account",
                "only_account",
                [user.dn],
                account=sam,
                person=person.id,
                name=person.name,
            )
