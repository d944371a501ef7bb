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

The evidence is gathered entry by entry (``ExportEvidence.add``) while the export is read, so
the entries need not be kept: the exported DNs, and each DN named by a reference with where it
was first named and how often.

Each problem is one line naming the file (and the line where there is one); the collector
records every directory kind as missing, so the rules that need AD are ``not_assessed``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kszcheck.collectors.ad_record import LdifRecord
from kszcheck.model.common import norm_dn
from kszcheck.model.directory import Directory

__all__ = ["ExportEvidence", "Trailer"]

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

    def merge(self, later: Trailer, lines_before: int) -> None:
        """Add what a later part of the same file holds, read with its first line as line 1
        (``lines_before``: the file's lines before that part)."""
        self.results += [(code, text, line + lines_before) for code, text, line in later.results]
        if later.num_entries is not None:
            self.num_entries = (self.num_entries or 0) + later.num_entries
            if later.num_entries_line is not None:
                self.num_entries_line = later.num_entries_line + lines_before


@dataclass
class _Named:
    """A DN named by references: where it was first named (attribute, value, line), how often."""

    attribute: str
    value: str
    line: int | None
    count: int = 1


class ExportEvidence:
    """What the completeness checks need from the entries, gathered one entry at a time."""

    def __init__(self) -> None:
        self.entries = 0
        self.exported: set[str] = set()  # normalised DNs of the entries
        self._named: dict[str, _Named] = {}  # normalised DN -> first reference to it
        self._keys: dict[str, str] = {}  # DN as written -> normalised

    def __getstate__(self) -> dict[str, object]:
        # sent from the process that read a part of the export: without the look-up cache
        return {**self.__dict__, "_keys": {}}

    def merge(self, later: ExportEvidence, lines_before: int) -> None:
        """Add the evidence of a later part of the same export (read by another process, with
        its first line as line 1; ``lines_before``: the file's lines before that part)."""
        self.entries += later.entries
        self.exported |= later.exported
        named = self._named
        for dn, found in later._named.items():
            mine = named.get(dn)
            if mine is None:
                if found.line is not None:
                    found.line += lines_before
                named[dn] = found
            else:
                mine.count += found.count

    def add(self, record: LdifRecord) -> None:
        self.entries += 1
        self.exported.add(norm_dn(record.dn))
        attributes = record.attributes
        for attribute in _REFERENCES:
            values = attributes.get(attribute)
            if values:
                self._name(record, attribute, attribute, values)
        for value in attributes.get("gplink", ()):
            if isinstance(value, str):
                self._name(record, "gplink", "gPLink", _GPLINK.findall(value))

    def _name(self, record: LdifRecord, key: str, label: str, values: Sequence[object]) -> None:
        named, keys = self._named, self._keys
        for value in values:
            if not isinstance(value, str):
                continue
            dn = keys.get(value)
            if dn is None:
                dn = keys[value] = norm_dn(value)
            found = named.get(dn)
            if found is None:
                named[dn] = _Named(label, value, record.line_of(key))
            else:
                found.count += 1

    def problems(self, trailer: Trailer, directory: Directory, name: str) -> list[str]:
        """One line per reason the export cannot be proven complete; empty when it can."""
        problems = self._trailer_problems(trailer, name)
        if not directory.domains:
            problems.append(
                f"{name}: no domain head (objectClass domainDNS): not an export of a whole "
                "domain, or cut before it"
            )
            return problems
        problems += self._structure_problems(directory, name)
        problems += self._dangling(directory, name)
        return problems

    def _trailer_problems(self, trailer: Trailer, name: str) -> list[str]:
        problems = [
            f"{name}:{line}: ldapsearch ended with 'result: {code} {text}'".rstrip()
            + ": the export is partial"
            for code, text, line in trailer.results
            if code != 0
        ]
        if trailer.num_entries is not None and trailer.num_entries != self.entries:
            problems.append(
                f"{name}:{trailer.num_entries_line}: '# numEntries: {trailer.num_entries}' but "
                f"{self.entries} entries were read: the export is cut"
            )
        return problems

    def _structure_problems(self, directory: Directory, name: str) -> list[str]:
        problems: list[str] = []
        for label, found in (
            ("user", directory.users),
            ("group", directory.groups),
            ("computer", directory.computers),
        ):
            if not found:
                problems.append(
                    f"{name}: no {label} object at all (a domain always has them): the export "
                    "is cut or filtered"
                )
        for domain in directory.domains:
            nc = norm_dn(domain.dn)
            dc_ou = f"ou=domain controllers,{nc}"
            if (
                dc_ou in self.exported
                and directory.computers
                and not any(norm_dn(c.dn).endswith("," + dc_ou) for c in directory.computers)
            ):
                problems.append(
                    f"{name}: no computer in OU=Domain Controllers (a domain has at least one "
                    "domain controller): the export is cut or leaves out computers"
                )
            rids = {
                g.sid.rsplit("-", 1)[-1] for g in directory.groups if g.sid.startswith(domain.sid)
            }
            if domain.sid and directory.groups and "512" not in rids:
                problems.append(f"{name}: the well-known group Domain Admins (RID 512) is missing")
        return problems

    def _dangling(self, directory: Directory, name: str) -> list[str]:
        contexts = [norm_dn(d.dn) for d in directory.domains]
        found = [
            named
            for dn, named in self._named.items()
            if dn not in self.exported
            and not any(part in dn for part in _OUTSIDE)
            and any(dn == nc or dn.endswith("," + nc) for nc in contexts)
        ]
        if not found:
            return []
        first = found[0]
        more = sum(n.count for n in found) - 1
        tail = f" (and {more} more)" if more else ""
        return [
            f"{name}:{first.line}: {first.attribute} names {first.value}, which is not in the "
            f"export{tail}: the export is cut or filtered (export the whole naming context, "
            "see inventories/README.md)"
        ]
