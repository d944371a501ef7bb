"""Facts: snapshot, site profile, evaluation time and the derived views, built lazily."""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property
from pathlib import PurePath

from kszcheck.analysis.access import SdzAccess, account_enabled
from kszcheck.analysis.delegation import Delegation
from kszcheck.analysis.directory_index import DirectoryIndex
from kszcheck.analysis.gpo import GpoResolver
from kszcheck.analysis.movers import movers
from kszcheck.analysis.network import NetworkView
from kszcheck.analysis.observed_audit import ObservedAudit
from kszcheck.analysis.observed_shares import ObservedShares
from kszcheck.analysis.persons import PersonIndex
from kszcheck.analysis.privileged import PrivilegedSet
from kszcheck.analysis.zones import ZoneMap
from kszcheck.model.governance import HrEvent
from kszcheck.model.provenance import CollectionStatus
from kszcheck.model.site import SiteProfile
from kszcheck.model.snapshot import Snapshot

__all__ = ["Facts"]


class Facts:
    """What every check receives. Views are computed once, on first use, and shared."""

    def __init__(self, snapshot: Snapshot, site: SiteProfile, now: datetime) -> None:
        self.snapshot = snapshot
        self.site = site
        self.now = now

    @property
    def today(self) -> date:
        return self.now.date()

    @cached_property
    def directory(self) -> DirectoryIndex:
        return DirectoryIndex(self.snapshot.directory)

    @cached_property
    def persons(self) -> PersonIndex:
        directory = self.snapshot.directory
        return PersonIndex(self.snapshot.records, directory.users, directory.domains)

    @cached_property
    def movers(self) -> dict[str, HrEvent]:
        """Person id -> the HR event by which a person who now acts for the gemeente only
        stopped acting for the OCMW (:mod:`kszcheck.analysis.movers`)."""
        return movers(self.snapshot.records.hr_events, self.persons.people, self.today)

    @cached_property
    def privileged(self) -> PrivilegedSet:
        return PrivilegedSet(self.directory)

    @cached_property
    def zones(self) -> ZoneMap:
        return ZoneMap(self.site)

    @cached_property
    def delegation(self) -> Delegation:
        """Administrative rights on the social-data zone's containers and GPOs."""
        return Delegation(self.directory, self.zones, self.snapshot.inventory.servers)

    @cached_property
    def observed_shares(self) -> ObservedShares:
        """Shares, share permissions and NTFS rights as read over SMB (empty when not read)."""
        return ObservedShares(self.snapshot.smb)

    @cached_property
    def sdz_access(self) -> SdzAccess:
        """Access to the zone; a share's entries are the observed ones where it was read over
        SMB, the declared ones (shares.yaml) elsewhere."""
        declared = self.snapshot.inventory.shares
        observed = self.observed_shares
        shares = [observed.effective(s) for s in declared]
        shares += observed.undeclared(declared, self.site.sdz_values("shares"))
        inventory = self.snapshot.inventory
        return SdzAccess(self.directory, self.zones, shares, self.now, inventory.servers)

    @cached_property
    def undeclared(self) -> dict[str, str]:
        """Person id -> the rule that reports the person's missing confidentiality declaration
        (covering OCMW data): KSZ-PPL-001 for everyone who reaches the zone, else KSZ-PPL-002
        for whoever answers for an enabled tier-0 account. The one owner of that problem: the
        register and supplier rules refer to it instead of repeating it."""
        owners: dict[str, str] = {}
        persons = self.persons
        if self.sdz_access.declared:
            reach, _unmapped = persons.group_by_person(self.sdz_access.accounts())
            for person_id in reach:
                if not persons.has_declaration(person_id, "ocmw", self.today):
                    owners[person_id] = "KSZ-PPL-001"
        for account in self.privileged.tier0_members():
            if not account_enabled(account.user, self.now):
                continue
            person = persons.responsible_for(account.user)
            if person is not None and not persons.has_declaration(person.id, "ocmw", self.today):
                owners.setdefault(person.id, "KSZ-PPL-002")
        return owners

    def collected(self, kind: str) -> bool:
        """True when a source provided the kind completely (not failed, not missing)."""
        found = False
        for source in self.snapshot.sources:
            if kind in source.provides:
                if source.status is CollectionStatus.failed or kind in source.missing:
                    return False
                found = True
        return found

    @cached_property
    def observed_audit(self) -> ObservedAudit:
        """The audit policy and Security log of servers as observed (Windows pack, then GPOs);
        GPOs only when both SYSVOL and the directory's OUs, GPOs and computers were read."""
        gpo_kinds = ("gpo.settings", "directory.ous", "directory.gpos", "directory.computers")
        return ObservedAudit(
            self.snapshot.hosts,
            self.gpo if all(self.collected(k) for k in gpo_kinds) else None,
            self.directory,
            audit_policy=self.collected("host.audit_policy"),
            event_logs=self.collected("host.event_logs"),
        )

    @cached_property
    def gpo(self) -> GpoResolver:
        """Which GPOs apply to a container or computer, and what they set together."""
        return GpoResolver(self.snapshot.directory, self.snapshot.policy)

    @cached_property
    def network(self) -> NetworkView:
        """Network facts joined with the zones: routing between zones, ACL verdicts."""
        return NetworkView(self.snapshot.network, self.zones)

    def locator(self, kind: str, line: int | None, *, device: str = "") -> str | None:
        """An evidence locator such as ``people.csv:12`` for a record of a fact kind, if known.
        With ``device``: the line of that network device's own file (a switch configuration),
        or None when the device was not read from a file (SNMP)."""
        if line is None:
            return None
        if device:
            file = next((d.source for d in self.snapshot.network.devices if d.name == device), "")
            return f"{file}:{line}" if file else None
        for source in self.snapshot.sources:
            if kind in source.provides:
                name = PurePath(source.target.replace("\\", "/")).name or source.source_id
                return f"{name}:{line}"
        return f"{kind}:{line}"
