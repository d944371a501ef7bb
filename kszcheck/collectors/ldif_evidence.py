"""Is an LDIF export of AD complete? Evidence from the export itself, not the absence of errors.

* **ldapsearch's trailer** (exports without ``-LLL``): every ``result:`` code must be 0
  (``result: 4 Size limit exceeded`` means the server stopped early), and ``# numEntries``
  must equal the entries read.
* **Structure** (every export, and the only evidence for ``ldapsearch -LLL`` and ``ldifde``,
  which write no trailer): the domain head (objectClass domainDNS) is present; there are users,
  groups and computers; an exported OU=Domain Controllers holds at least one computer; the
  group Domain Admins (RID 512) is present; and every DN that an entry names in ``member``,
  ``memberOf``, ``managedBy``, ``manager`` or ``gPLink`` inside the exported naming context
  is itself in the export. A dangling DN inside the naming context means the export was cut
  (or filtered too narrowly).

Each problem is one line naming the file (and the line where there is one); the collector
records every directory kind as missing, so the rules that need AD are ``not_assessed``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kszcheck.collectors.ad_record import LdifRecord
from kszcheck.model.common import norm_dn
from kszcheck.model.directory import Directory

__all__ = ["Trailer", "export_problems"]

#: Attributes whose values are DNs of other objects.
_REFERENCES = ("member", "memberof", "managedby", "manager")
_GPLINK = re.compile(r"\[LDAP://([^;\]]+);\d+\]", re.IGNORECASE)
#: DNs that an export of users, groups and OUs legitimately does not hold.
_OUTSIDE = ("cn=foreignsecurityprincipals,", "cn=configuration,", "cn=schema,")


@dataclass
class Trailer:
    """What ldapsearch (without -LLL) writes after the entries: the result of each search
    (``result: 0 Success``, ``result: 4 Size limit exceeded``) and ``# numEntries: N``."""

    results: list[tuple[int, str, int]] = field(default_factory=list)  # code, text, line
    num_entries: int | None = None
    num_entries_line: int | None = None


def export_problems(
    records: list[LdifRecord], trailer: Trailer, directory: Directory, name: str
) -> list[str]:
    """One line per reason the export cannot be proven complete; empty when it can."""
    problems = _trailer_problems(records, trailer, name)
    if not directory.domains:
        problems.append(
            f"{name}: no domain head (objectClass domainDNS): not an export of a whole domain, "
            "or cut before it"
        )
        return problems
    problems += _structure_problems(records, directory, name)
    problems += _dangling(records, directory, name)
    return problems


def _trailer_problems(records: list[LdifRecord], trailer: Trailer, name: str) -> list[str]:
    problems = [
        f"{name}:{line}: ldapsearch ended with 'result: {code} {text}'".rstrip()
        + ": the export is partial"
        for code, text, line in trailer.results
        if code != 0
    ]
    if trailer.num_entries is not None and trailer.num_entries != len(records):
        problems.append(
            f"{name}:{trailer.num_entries_line}: '# numEntries: {trailer.num_entries}' but "
            f"{len(records)} entries were read: the export is cut"
        )
    return problems


def _structure_problems(records: list[LdifRecord], directory: Directory, name: str) -> list[str]:
    exported = {norm_dn(r.dn) for r in records}
    problems: list[str] = []
    for label, found in (
        ("user", directory.users),
        ("group", directory.groups),
        ("computer", directory.computers),
    ):
        if not found:
            problems.append(
                f"{name}: no {label} object at all (a domain always has them): the export is "
                "cut or filtered"
            )
    for domain in directory.domains:
        nc = norm_dn(domain.dn)
        dc_ou = f"ou=domain controllers,{nc}"
        if (
            dc_ou in exported
            and directory.computers
            and not any(norm_dn(c.dn).endswith("," + dc_ou) for c in directory.computers)
        ):
            problems.append(
                f"{name}: no computer in OU=Domain Controllers (a domain has at least one "
                "domain controller): the export is cut or leaves out computers"
            )
        rids = {g.sid.rsplit("-", 1)[-1] for g in directory.groups if g.sid.startswith(domain.sid)}
        if domain.sid and directory.groups and "512" not in rids:
            problems.append(f"{name}: the well-known group Domain Admins (RID 512) is missing")
    return problems


def _dangling(records: list[LdifRecord], directory: Directory, name: str) -> list[str]:
    contexts = [norm_dn(d.dn) for d in directory.domains]
    exported = {norm_dn(r.dn) for r in records}
    found: list[tuple[str, str, int | None]] = []
    for record in records:
        targets: list[tuple[str, str]] = []
        for attribute in _REFERENCES:
            targets += [(attribute, v) for v in record.get(attribute) if isinstance(v, str)]
        for value in record.get("gplink"):
            if isinstance(value, str):
                targets += [("gPLink", dn) for dn in _GPLINK.findall(value)]
        for attribute, value in targets:
            dn = norm_dn(value)
            if dn in exported or any(part in dn for part in _OUTSIDE):
                continue
            if any(dn == nc or dn.endswith("," + nc) for nc in contexts):
                found.append((attribute, value, record.line_of(attribute)))
    if not found:
        return []
    attribute, value, line = found[0]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return [
        f"{name}:{line}: {attribute} names {value}, which is not in the export{more}: the "
        "export is cut or filtered (export the whole naming context, see inventories/README.md)"
    ]
