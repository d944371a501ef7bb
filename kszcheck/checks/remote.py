"""Checks of the remote-access domain: MFA, telework, supplier maintenance, processor agreements,
and the gemeente's ICT service as a processor of OCMW data.

Remote-access paths, remote-support tools and maintenance sessions are declared in the records
file (kszcheck/model/operations.py); suppliers come from the supplier register
(kszcheck/model/assets.py). A value that is not declared counts against the rule: fail closed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta

from kszcheck.analysis.accounts import account_enabled
from kszcheck.analysis.facts import Facts
from kszcheck.analysis.hosts import host_of
from kszcheck.checks.helpers import NO_SDZ_SERVERS, finding
from kszcheck.checks.registry import NotApplicable, Params, check
from kszcheck.model.assets import Supplier
from kszcheck.model.catalogue import Severity
from kszcheck.model.common import Body
from kszcheck.model.directory import Group, User
from kszcheck.model.operations import RemoteAccessPath, RemoteSupportTool
from kszcheck.model.records import Document, PersonKind
from kszcheck.model.results import Finding
from kszcheck.texts import text

__all__ = [
    "gemeente_ict_as_processor",
    "processor_agreements",
    "remote_access_governed",
    "remote_access_mfa",
    "supplier_maintenance",
]

NO_REMOTE_ACCESS = text("checks.no_remote_access")


def _ev(facts: Facts, kind: str, line: int | None) -> list[str]:
    return [x for x in [facts.locator(kind, line)] if x]


@check("KSZ-RMT-001")
def remote_access_mfa(facts: Facts, params: Params) -> Iterable[Finding]:
    """Every remote-access path asks a second factor, of everyone."""
    paths = facts.snapshot.records.remote_access
    if not paths:
        raise NotApplicable(NO_REMOTE_ACCESS)
    for path in sorted(paths, key=lambda p: p.name.lower()):
        ev = _ev(facts, "records.remote_access", path.line)
        if path.mfa is not True:
            message = "mfa_not_declared" if path.mfa is None else "no_mfa"
            yield finding(f"{path.name}:mfa", message, ev, path=path.name)
        elif path.mfa_exempt:
            exempt = ", ".join(path.mfa_exempt)
            yield finding(f"{path.name}:mfa", "mfa_exemptions", ev, path=path.name, exempt=exempt)
            admins = _privileged_behind(facts, path.mfa_exempt)
            if admins:
                yield finding(f"{path.name}:mfa-admins", "privileged_exempt", ev, path=path.name,
                              accounts=", ".join(admins))  # fmt: skip


def _accounts_behind(facts: Facts, names: list[str]) -> list[User]:
    """The enabled accounts behind accounts or groups named in the records (nested groups
    followed in the directory); names not in the directory add nothing."""
    found: list[User] = []
    for name in names:
        target = facts.directory.resolve(name)
        if isinstance(target, User):
            found.append(target)
        elif isinstance(target, Group):
            for dn in facts.directory.transitive_members(target.dn):
                if isinstance(user := facts.directory.get(dn), User):
                    found.append(user)
    return [u for u in found if account_enabled(u, facts.now)]


def _privileged_behind(facts: Facts, names: list[str]) -> list[str]:
    accounts = _accounts_behind(facts, names)
    return sorted({u.sam_account_name for u in accounts if facts.privileged.is_privileged(u)})


def _current(doc: Document, today: date) -> bool:
    """Approved on or before today and not expired."""
    return (
        doc.approved_on is not None
        and doc.approved_on <= today
        and (doc.valid_until is None or doc.valid_until >= today)
    )


@check("KSZ-RMT-002")
def remote_access_governed(facts: Facts, params: Params) -> Iterable[Finding]:
    """Paths into the SDZ admit only managed devices (or only published apps) and named groups;
    a current telework policy exists."""
    for path in sorted(facts.snapshot.records.remote_access, key=lambda p: p.name.lower()):
        yield from _sdz_path(facts, path)
    types = set(params.strings("policy_types"))
    docs = [d for d in facts.snapshot.records.documents if d.doc_type in types]
    if not any(_current(d, facts.today) for d in docs):
        ev = [x for d in docs if (x := facts.locator("records.documents", d.line))]
        yield finding("telework-policy", "policy_expired" if docs else "no_policy", ev)


def _sdz_path(facts: Facts, path: RemoteAccessPath) -> Iterator[Finding]:
    ev = _ev(facts, "records.remote_access", path.line)
    if path.reaches_sdz is None:
        yield finding(f"{path.name}:sdz-reach", "reach_not_declared", ev, path=path.name)
        return
    if not path.reaches_sdz:
        return
    if path.device_check is not True and path.published_apps_only is not True:
        yield finding(f"{path.name}:devices", "unmanaged_devices", ev, path=path.name)
    if not path.groups:
        yield finding(f"{path.name}:authorisation", "no_groups", ev, path=path.name)
    unknown = [g for g in path.groups if not isinstance(facts.directory.resolve(g), Group)]
    if unknown:
        yield finding(f"{path.name}:groups", "group_not_in_directory", ev, path=path.name,
                      groups=", ".join(unknown))  # fmt: skip


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@check("KSZ-RMT-003")
def supplier_maintenance(facts: Facts, params: Params) -> Iterable[Finding]:
    """No unattended remote-support agent on SDZ servers without an exception; every supplier
    session on an SDZ server is approved (or inside an approved window) and logged."""
    sdz = {host_of(n) for n in facts.zones.sdz_server_names(facts.snapshot.inventory.servers)}
    if not sdz:
        raise NotApplicable(NO_SDZ_SERVERS)
    records = facts.snapshot.records
    agents: dict[str, tuple[str, list[RemoteSupportTool]]] = {}
    for tool in records.remote_support_tools:
        if host_of(tool.server) in sdz and tool.always_on is not False and not tool.exception:
            agents.setdefault(host_of(tool.server), (tool.server, []))[1].append(tool)
    for _, (server, tools) in sorted(agents.items()):
        ev = [x for t in tools for x in _ev(facts, "records.remote_support_tools", t.line)]
        message = "always_on_agent" if any(t.always_on for t in tools) else "agent_mode_unknown"
        names = ", ".join(t.tool for t in tools)
        yield finding(f"{server}:remote-support", message, ev, server=server, tools=names)
    yield from _standing_supplier_access(facts, sdz)
    since = facts.now - timedelta(days=params.integer("session_lookback_days"))
    suppliers = {s.name.casefold(): s for s in records.suppliers}
    for session in records.maintenance_sessions:
        started = _aware(session.started)
        if host_of(session.server) not in sdz or not since <= started <= facts.now:
            continue
        ev = _ev(facts, "records.maintenance_sessions", session.line)
        subject = f"{session.supplier}:{session.server}:{started.date().isoformat()}"
        args = {"supplier": session.supplier, "server": session.server, "day": str(started.date())}
        supplier = suppliers.get(session.supplier.casefold())
        window = supplier.window_at(started) if supplier is not None else None
        if not session.approval.strip() and (window is None or not window.reference.strip()):
            yield finding(subject, "session_not_approved", ev, **args)
        if not session.log.strip():
            yield finding(subject, "session_not_logged", ev, **args)


def _standing_supplier_access(facts: Facts, sdz: set[str]) -> Iterator[Finding]:
    """A supplier's account in the local Administrators or Remote Desktop Users of an SDZ
    server (as the Windows pack read them) is standing access, not a session approved one at
    a time."""
    if not facts.collected("host.local_groups"):
        return
    by_sid: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for supplier in facts.snapshot.records.suppliers:
        for user in _supplier_users(facts, supplier):
            by_name[user.sam_account_name.lower()] = supplier.name
            if user.sid:
                by_sid[user.sid.upper()] = supplier.name
    for member in facts.snapshot.hosts.local_group_members:
        if host_of(member.host) not in sdz:
            continue
        short = member.name.split("\\", 1)[-1].lower()
        supplier_name = by_sid.get(member.sid.upper()) or by_name.get(short)
        if supplier_name is None:
            continue
        ev = [f"local_group_members.csv:{member.line}"] if member.line else []
        yield finding(
            f"{supplier_name}:{member.host}:{member.group}", "standing_local_access", ev,
            supplier=supplier_name, server=member.host, account=member.name, group=member.group,
        )  # fmt: skip


def _reaches(facts: Facts, user: User) -> bool:
    """An enabled account that reaches the SDZ's data or is privileged."""
    return account_enabled(user, facts.now) and (
        facts.sdz_access.has_access(user) or facts.privileged.is_privileged(user)
    )


def _supplier_users(facts: Facts, supplier: Supplier) -> list[User]:
    users = [u for pid in supplier.staff for u in facts.persons.accounts_of(pid)]
    users += [u for a in supplier.accounts if isinstance(u := facts.directory.resolve(a), User)]
    users += [
        u
        for p in facts.persons.people.values()
        if p.supplier.casefold() == supplier.name.casefold()
        for u in facts.persons.accounts_of(p.id)
    ]
    return users


@check("KSZ-RMT-004")
def processor_agreements(facts: Facts, params: Params) -> Iterable[Finding]:
    """Every supplier with SDZ reach is registered and has a current agreement with all the
    required clauses; its accounts belong to its current staff."""
    required = params.strings("required_clauses")
    registered = {s.name.casefold() for s in facts.snapshot.records.suppliers}
    yield from _unregistered(facts, registered)
    for supplier in sorted(facts.snapshot.records.suppliers, key=lambda s: s.name.lower()):
        users = _supplier_users(facts, supplier)
        if not supplier.social_data and not any(_reaches(facts, u) for u in users):
            continue
        ev, name = _ev(facts, "records.suppliers", supplier.line), supplier.name
        if not supplier.agreement.strip():
            yield finding(name, "no_agreement", ev, supplier=name)
        elif supplier.agreement_until is not None and supplier.agreement_until < facts.today:
            until = supplier.agreement_until.isoformat()
            yield finding(name, "agreement_expired", ev, supplier=name, until=until)
        else:
            missing = [c for c in required if supplier.clauses.get(c) is not True]
            if missing:
                yield finding(
                    f"{name}:clauses",
                    "missing_clauses",
                    ev,
                    supplier=name,
                    clauses=", ".join(missing),
                )
        yield from _off_staff(facts, supplier, users)


def _unregistered(facts: Facts, registered: set[str]) -> Iterator[Finding]:
    """Companies of external persons with SDZ reach that are missing from the register."""
    found: dict[str, tuple[str, list[str]]] = {}
    for person in facts.persons.people.values():
        company = person.supplier.strip()
        if person.kind is not PersonKind.external or not company:
            continue
        if company.casefold() in registered:
            continue
        if any(_reaches(facts, u) for u in facts.persons.accounts_of(person.id)):
            found.setdefault(company.casefold(), (company, []))[1].append(person.id)
    for _, (company, people) in sorted(found.items()):
        ev = [
            x
            for pid in people
            for x in _ev(facts, "records.people", facts.persons.people[pid].line)
        ]
        yield finding(company, "not_registered", ev, supplier=company, persons=", ".join(people))


def _off_staff(facts: Facts, supplier: Supplier, users: list[User]) -> Iterator[Finding]:
    """Enabled supplier accounts whose person is not on the supplier's current staff list."""
    staff = {s.casefold() for s in supplier.staff}
    seen: set[str] = set()
    for user in users:
        person = facts.persons.person_of(user)
        if person is None or person.id in seen or not account_enabled(user, facts.now):
            continue
        seen.add(person.id)
        if person.id.casefold() not in staff:
            yield finding(
                f"{supplier.name}:{person.id}",
                "not_on_staff_list",
                _ev(facts, "records.people", person.line),
                supplier=supplier.name,
                person=person.id,
                name=person.name,
                account=user.sam_account_name,
            )


NO_GEMEENTE_ADMINS = text("checks.no_gemeente_admins")


@check("KSZ-RMT-005")
def gemeente_ict_as_processor(facts: Facts, params: Params) -> Iterable[Finding]:
    """Gemeente-employed admins with SDZ reach work under an agreement that fixes their role;
    they do not also have business access to the SDZ's content."""
    admins: dict[str, list[User]] = {}
    for account in facts.privileged.tier0_members():
        person = facts.persons.person_of(account.user)
        enabled = account_enabled(account.user, facts.now)
        if enabled and person is not None and person.employer is Body.gemeente:
            admins.setdefault(person.id, []).append(account.user)
    if not admins:
        raise NotApplicable(NO_GEMEENTE_ADMINS)
    names = ", ".join(sorted(admins))
    types = set(params.strings("agreement_types"))
    docs = [
        d
        for d in facts.snapshot.records.documents
        if d.doc_type in types and any(b in (Body.ocmw, Body.both) for b in d.bodies)
    ]
    current = [d for d in docs if _current(d, facts.today)]
    ev = [x for d in current or docs if (x := facts.locator("records.documents", d.line))]
    required = params.strings("required_clauses")
    if not current:
        yield finding("gemeente:agreement", "no_agreement", ev, admins=names)
    elif not any(all(d.clauses.get(c) is True for c in required) for d in current):
        missing = sorted({c for d in current for c in required if d.clauses.get(c) is not True})
        yield finding(
            "gemeente:agreement", "missing_clauses", ev, admins=names, clauses=", ".join(missing)
        )
    for pid in sorted(admins):
        business = [u for u in facts.persons.accounts_of(pid) if _business_access(facts, u)]
        if business:
            accounts = ", ".join(sorted(u.sam_account_name for u in business))
            item = finding(
                f"{pid}:business-access",
                "business_access",
                [facts.sdz_access.how(u) for u in business],
                person=pid,
                name=facts.persons.people[pid].name,
                accounts=accounts,
            )
            yield item.model_copy(update={"severity": Severity.medium})


def _business_access(facts: Facts, user: User) -> bool:
    return account_enabled(user, facts.now) and facts.sdz_access.has_access(user)
