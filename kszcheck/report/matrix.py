"""The access matrix of the social-data zone and the register of administrators, as the report
lays them out: who (a row per person with all of their accounts, grouped by body; functional
accounts and accounts without a person apart) × what (a column per group, share, server and
application of the zone), each cell the strongest right by a short code with a legend, and a
"!" on a cell that a finding says is not authorised (UNAUTHORISED_BY names the rules). The
columns are split into blocks that fit an A4 page; the routes behind each cell are in a list
per row under the table, not in the cell.

Pure, like viewmodel.py: plain strings, escaping is the template's job.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kszcheck.model.results import RuleResult
from kszcheck.model.views import AccessEntry, AccessRoute, AdminEntry, ReportViews, ZoneResource
from kszcheck.report.sections import Formatter

__all__ = [
    "COLUMNS_PER_BLOCK",
    "RIGHTS",
    "AccessMatrix",
    "AdminRegisterRow",
    "MatrixCell",
    "MatrixColumn",
    "MatrixGroup",
    "MatrixRow",
    "Unauthorised",
    "access_matrix",
    "admin_register",
    "unauthorised",
]

#: Resource columns in one block of the matrix (a block is one table, one A4 page wide).
COLUMNS_PER_BLOCK = 10
#: Rights from the weakest to the strongest: a cell shows the strongest of its routes.
RIGHTS = ("member", "role", "read", "change", "full", "admin")
#: The rules whose findings say an access is not authorised, and what their subject names: a
#: person (KSZ-SEP-003: no authorised function for the resources the finding lists) or an account
#: (KSZ-SEP-008: a shared, generic or unknown account, so none of its access is authorised).
UNAUTHORISED_BY = {"KSZ-SEP-003": "person", "KSZ-SEP-008": "account"}
#: The mark appended to the code of a cell whose access is not authorised.
UNAUTHORISED_MARK = "!"
#: The order of the row groups.
GROUPS = ("ocmw", "both", "gemeente", "external", "mandatary", "functional", "unknown")


@dataclass(frozen=True)
class MatrixColumn:
    number: int  # 1-based, across all blocks
    kind: str
    kind_label: str
    name: str
    observed: bool


@dataclass(frozen=True)
class Unauthorised:
    """What the findings say is not authorised: per person id the resources (lower case), and
    the accounts none of whose access is."""

    persons: Mapping[str, frozenset[str]]
    accounts: frozenset[str]


def unauthorised(results: Iterable[RuleResult]) -> Unauthorised:
    persons: dict[str, set[str]] = {}
    accounts: set[str] = set()
    for result in results:
        subject_kind = UNAUTHORISED_BY.get(result.rule_id)
        for finding in result.findings if subject_kind else ():
            if subject_kind == "account":
                accounts.add(finding.subject.lower())
            else:
                found = persons.setdefault(finding.subject, set())
                found.update(r.lower() for r in finding.resources)
    return Unauthorised({k: frozenset(v) for k, v in persons.items()}, frozenset(accounts))


NOTHING_UNAUTHORISED = Unauthorised({}, frozenset())


@dataclass(frozen=True)
class MatrixCell:
    right: str  # "" when the row does not reach the column
    code: str  # with UNAUTHORISED_MARK when a finding says the access is not authorised
    title: str  # the right and every route, for the tooltip
    authorised: bool = True


@dataclass(frozen=True)
class MatrixRow:
    anchor: str  # id of its entry in the list of routes
    name: str  # the person, or the account without a person
    accounts: str  # the person's accounts, or what the account is
    declaration: str  # "✓", "✗" or "–"
    declaration_title: str
    declaration_missing: bool
    cells: tuple[MatrixCell, ...]  # one per column, all blocks
    routes: tuple[str, ...]  # for the list under the table
    facts: str  # declaration, training, last logon


@dataclass(frozen=True)
class MatrixGroup:
    key: str
    label: str
    rows: tuple[MatrixRow, ...]


@dataclass(frozen=True)
class MatrixBlock:
    title: str  # "columns 1–10 of 14" ("" when there is one block)
    start: int  # index of its first column
    columns: tuple[MatrixColumn, ...]


@dataclass(frozen=True)
class AccessMatrix:
    columns: tuple[MatrixColumn, ...]
    blocks: tuple[MatrixBlock, ...]
    groups: tuple[MatrixGroup, ...]
    legend: tuple[tuple[str, str], ...]  # (code, right)
    row_count: int
    unauthorised_cells: int = 0


def _right_rank(right: str) -> int:
    return RIGHTS.index(right) if right in RIGHTS else -1


def _route_text(f: Formatter, route: AccessRoute) -> str:
    right = f.t.get(f"matrix.right_{route.rights}", route.rights)
    if route.detail:
        right = f"{right} {route.detail}"
    path = " → ".join([route.resource, *route.via])
    return f"{path} ({right})"


#: The cell of a column that the row does not reach (most cells of a large matrix: one shared
#: object, which the template writes without looking into it).
EMPTY_CELL = MatrixCell("", "", "")


def _cell(f: Formatter, routes: list[AccessRoute], authorised: bool) -> MatrixCell:
    if not routes:
        return EMPTY_CELL
    best = max(routes, key=lambda r: _right_rank(r.rights)).rights
    code = f.t.get(f"matrix.code_{best}", best)
    title = "; ".join(dict.fromkeys(_route_text(f, r) for r in routes))
    if not authorised:
        code += UNAUTHORISED_MARK
        title = f"{f.t['matrix.unauthorised']}{f.t['punct.colon']} {title}"
    return MatrixCell(best, code, title, authorised)


def _authorised(entries: list[AccessEntry], column: ZoneResource, denied: Unauthorised) -> bool:
    first = entries[0]
    if first.person_id and column.name.lower() in denied.persons.get(first.person_id, ()):
        return False
    return not any(e.account.lower() in denied.accounts for e in entries)


def _group_key(entries: list[AccessEntry]) -> str:
    first = entries[0]
    if not first.person_id:
        return "functional" if first.service_owner else "unknown"
    if first.person_kind in ("external", "mandatary"):
        return first.person_kind
    return first.acts_for if first.acts_for in ("gemeente", "ocmw", "both") else "unknown"


def _row(
    f: Formatter,
    number: int,
    entries: list[AccessEntry],
    columns: list[ZoneResource],
    keys: list[tuple[str, str]],
    denied: Unauthorised,
) -> MatrixRow:
    """One row; ``keys``: each column's (kind, lower-case name), as routes are grouped."""
    first = entries[0]
    by_column: dict[tuple[str, str], list[AccessRoute]] = {}
    for entry in entries:
        for route in entry.routes:
            by_column.setdefault((route.kind, route.resource.lower()), []).append(route)
    if first.person_id:
        name = first.person_name or first.person_id
        accounts = ", ".join(e.account for e in entries)
    else:
        name = first.account
        if first.service_owner:
            accounts = f.text("matrix.functional", owner=first.service_owner)
        elif not first.dn:
            accounts = f.t["matrix.login_only"]
        else:
            accounts = first.display_name or f.t["access.no_person"]
    declared = max((e.declaration for e in entries if e.declaration), default=None)
    if not first.person_id:
        mark, title = "–", f.t["access.no_person"]
    elif declared is None:
        mark, title = "✗", f.t["access.no_declaration"]
    else:
        mark, title = "✓", f.day(declared)
    trained = max((e.training for e in entries if e.training), default=None)
    logons = [e.last_logon for e in entries if e.last_logon]
    none, colon = f.t["matrix.none"], f.t["punct.colon"]
    facts = " · ".join(
        [
            f"{f.t['matrix.declaration_label']}{colon} {f.day(declared) if declared else none}",
            f"{f.t['matrix.training_label']}{colon} {f.day(trained) if trained else none}",
            f"{f.t['matrix.logon_label']}{colon} "
            + (f.moment(max(logons)) if logons else f.t["access.never"]),
        ]
    )
    return MatrixRow(
        anchor=f"access-{number}",
        name=name,
        accounts=accounts,
        declaration=mark,
        declaration_title=title,
        declaration_missing=bool(first.person_id) and declared is None,
        cells=tuple(
            _cell(f, routes, _authorised(entries, c, denied))
            if (routes := by_column.get(key))
            else EMPTY_CELL
            for c, key in zip(columns, keys, strict=True)
        ),
        routes=_route_lines(f, [r for e in entries for r in e.routes]),
        facts=facts,
    )


def _route_lines(f: Formatter, routes: list[AccessRoute]) -> tuple[str, ...]:
    """The routes of a row in a few lines: per account and the group that holds it directly,
    every resource it reaches with its right ("aelamrani via GG_Team: GG_SD (G), \\\\SRV\\SD
    (W)"). The whole nesting is in the cell's title."""
    lines: dict[tuple[str, str], list[str]] = {}
    for route in routes:
        account = route.via[-1] if route.via else ""
        holder = route.via[-2] if len(route.via) > 1 else ""
        code = f.t.get(f"matrix.code_{route.rights}", route.rights)
        if route.detail:
            code = f"{code}{f.t['punct.colon']} {route.detail}"
        item = f"{route.resource} ({code})"
        found = lines.setdefault((account, holder), [])
        if item not in found:
            found.append(item)
    return tuple(
        f"{account}{f' via {holder}' if holder else ''}{f.t['punct.colon']} {', '.join(items)}"
        for (account, holder), items in lines.items()
    )


def _by_person(entries: Iterable[AccessEntry]) -> list[list[AccessEntry]]:
    """The entries of one person together (in the order of their first account)."""
    people: dict[str, list[AccessEntry]] = {}
    for entry in entries:
        key = f"person:{entry.person_id}" if entry.person_id else f"account:{entry.account}"
        people.setdefault(key, []).append(entry)
    return list(people.values())


def access_matrix(
    views: ReportViews, f: Formatter, denied: Unauthorised = NOTHING_UNAUTHORISED
) -> AccessMatrix:
    resources = list(views.resources)
    keys: list[tuple[str, str]] = [(r.kind, r.name.lower()) for r in resources]
    columns = tuple(
        MatrixColumn(
            number=i,
            kind=r.kind,
            kind_label=f.t[f"matrix.kind_{r.kind}"],
            name=r.name,
            observed=r.observed,
        )
        for i, r in enumerate(resources, start=1)
    )
    grouped: dict[str, list[list[AccessEntry]]] = {}
    for person in _by_person(views.access):
        grouped.setdefault(_group_key(person), []).append(person)
    number = 0
    groups: list[MatrixGroup] = []
    for key in GROUPS:
        rows = []
        for person in sorted(grouped.get(key, []), key=lambda p: _sort_name(p).lower()):
            number += 1
            rows.append(_row(f, number, person, resources, keys, denied))
        if rows:
            groups.append(MatrixGroup(key, f.t[f"matrix.group_{key}"], tuple(rows)))
    total = len(columns)
    blocks = tuple(
        MatrixBlock(
            title=(
                f.text(
                    "matrix.columns",
                    first=start + 1,
                    last=min(start + COLUMNS_PER_BLOCK, total),
                    total=total,
                )
                if total > COLUMNS_PER_BLOCK
                else ""
            ),
            start=start,
            columns=columns[start : start + COLUMNS_PER_BLOCK],
        )
        for start in range(0, total, COLUMNS_PER_BLOCK)
    )
    used = {cell.right for g in groups for row in g.rows for cell in row.cells if cell.right}
    legend = tuple(
        (f.t[f"matrix.code_{right}"], f.t[f"matrix.right_{right}"])
        for right in RIGHTS
        if right in used
    )
    flagged = sum(
        1
        for g in groups
        for row in g.rows
        for cell in row.cells
        if cell.right and not cell.authorised
    )
    return AccessMatrix(columns, blocks, tuple(groups), legend, number, flagged)


def _sort_name(entries: list[AccessEntry]) -> str:
    first = entries[0]
    return first.person_name or first.account


# --------------------------------------------------------------------------- administrators


@dataclass(frozen=True)
class AdminRegisterRow:
    account: str
    display_name: str
    enabled: bool
    who: str  # the person, or the owner of a service account
    acts_for: str
    administers: str  # privileged groups and servers, in one line
    administers_title: str  # the group paths
    tier: str
    declaration: str
    declaration_missing: bool
    last_logon: str


def admin_register(views: ReportViews, f: Formatter) -> tuple[AdminRegisterRow, ...]:
    return tuple(_admin_row(f, e) for e in views.admins)


def _admin_row(f: Formatter, e: AdminEntry) -> AdminRegisterRow:
    if e.person_id:
        who = e.person_name or e.person_id
    elif e.service_owner:
        who = f.text("admins.service_owner", owner=e.service_owner)
    else:
        who = f.t["access.no_person"]
    power = [g.group for g in e.groups]
    if e.admin_count_only:
        power.append(f.t["admins.admin_count_only"])
    if e.servers:
        power.append(f.text("admins.local_admin", servers=", ".join(e.servers)))
    paths = [" → ".join(g.path) if g.path else g.group for g in e.groups]
    return AdminRegisterRow(
        account=e.account,
        display_name=e.display_name,
        enabled=e.enabled,
        who=who,
        acts_for=f.label("body", e.acts_for) if e.acts_for else "",
        administers=", ".join(power),
        administers_title="; ".join(paths),
        tier=f.t[f"admins.tier_{e.tier}"] if e.tier in (0, 1) else str(e.tier),
        declaration=f.day(e.declaration) if e.declaration else f.t["access.no_declaration"],
        declaration_missing=e.declaration is None,
        last_logon=f.moment(e.last_logon) if e.last_logon else f.t["access.never"],
    )
