"""Who can reach the social-data zone: through its groups (nested) and its share ACLs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kszcheck.analysis.accounts import account_enabled
from kszcheck.analysis.directory_index import BROAD, DirectoryIndex
from kszcheck.analysis.zones import ZoneMap
from kszcheck.model.common import norm_dn
from kszcheck.model.directory import Group, User
from kszcheck.model.inventory import Share

__all__ = ["AccessPath", "SdzAccess", "account_enabled", "share_key"]


@dataclass(frozen=True)
class AccessPath:
    resource: str  # SDZ group name or share UNC
    kind: str  # "group" or "share"
    #: names from the resource down to the account itself, e.g. ("GG_Team", "jpeeters");
    #: a broad share entry gives ("Everyone", "jpeeters")
    via: tuple[str, ...]

    def describe(self) -> str:
        return " → ".join((self.resource, *self.via))


def share_key(text: str) -> str:
    return text.strip().lstrip("\\").replace("/", "\\").lower()


class SdzAccess:
    """Enabled accounts with access to the social-data zone, and how they get it."""

    def __init__(
        self, index: DirectoryIndex, zones: ZoneMap, shares: list[Share], now: datetime
    ) -> None:
        self.index = index
        self.groups: list[Group] = []
        self.unresolved_groups: list[str] = []
        for name in zones.site.sdz_values("groups"):
            principal = index.resolve(name)
            if isinstance(principal, Group):
                self.groups.append(principal)
            else:
                self.unresolved_groups.append(name)
        self.shares = [
            s
            for s in shares
            if s.contains_social_data
            or share_key(s.unc) in {share_key(x) for x in zones.sdz_shares}
        ]
        self.paths: dict[str, list[AccessPath]] = {}
        enabled = {norm_dn(u.dn): u for u in index.directory.users if account_enabled(u, now)}
        self.users = enabled
        for group in self.groups:
            self._add_group(group.sam_account_name, "group", group.dn, ())
        for share in self.shares:
            for ace in share.acl:
                if ace.deny:
                    continue
                target = index.resolve(ace.principal)
                if ace.local_to and target != BROAD:
                    # a group or account of the file server itself, not of the domain (its
                    # members are not in the directory facts)
                    continue
                if target == BROAD:
                    for dn, user in enabled.items():
                        via = (ace.principal, user.sam_account_name)
                        self._add(dn, AccessPath(share.unc, "share", via))
                elif isinstance(target, Group):
                    self._add_group(share.unc, "share", target.dn, (target.sam_account_name,))
                elif isinstance(target, User):
                    self._add(
                        norm_dn(target.dn),
                        AccessPath(share.unc, "share", (target.sam_account_name,)),
                    )

    def _add_group(self, resource: str, kind: str, group_dn: str, prefix: tuple[str, ...]) -> None:
        for member, path in self.index.transitive_members(group_dn).items():
            if member in self.users:
                names = tuple(self.index.label(p) for p in (*path, member))
                via = (*prefix, *names[1:])
                self._add(member, AccessPath(resource, kind, via))

    def _add(self, dn: str, path: AccessPath) -> None:
        if dn in self.users:
            self.paths.setdefault(dn, []).append(path)

    def accounts(self) -> list[User]:
        """Enabled accounts with access, sorted by account name."""
        return sorted(
            (self.users[dn] for dn in self.paths), key=lambda u: u.sam_account_name.lower()
        )

    @property
    def declared(self) -> bool:
        """True if the site gives the zone any group or share through which access is computed."""
        return bool(self.groups or self.unresolved_groups or self.shares)

    def has_access(self, user: User) -> bool:
        return norm_dn(user.dn) in self.paths

    def paths_of(self, user: User) -> list[AccessPath]:
        """Every path by which the account reaches the zone (empty if it does not)."""
        return list(self.paths.get(norm_dn(user.dn), []))

    def how(self, user: User) -> str:
        """One line saying how the account reaches the zone (first path)."""
        paths = self.paths.get(norm_dn(user.dn), [])
        return "; ".join(p.describe() for p in paths[:3])
