"""Who can reach the social-data zone: through its groups (nested) and its share ACLs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kszcheck.analysis.accounts import account_enabled
from kszcheck.analysis.directory_index import BROAD, DirectoryIndex
from kszcheck.analysis.wellknown import BROAD_GROUP_NAMES, is_builtin_principal
from kszcheck.analysis.zones import ZoneMap
from kszcheck.model.common import norm_dn
from kszcheck.model.directory import Group, User
from kszcheck.model.inventory import Server, Share, ShareAce

__all__ = [
    "AccessPath",
    "LocalGrant",
    "SdzAccess",
    "account_enabled",
    "broad_principal",
    "is_domain_controller",
    "share_key",
]


@dataclass(frozen=True)
class AccessPath:
    resource: str  # SDZ group name or share UNC
    kind: str  # "group" or "share"
    #: names from the resource down to the account itself, e.g. ("GG_Team", "jpeeters");
    #: a broad share entry gives ("Everyone", "jpeeters")
    via: tuple[str, ...]
    #: a share entry's rights (read, change, full); "" for membership of a zone group
    rights: str = ""

    def describe(self) -> str:
        return " → ".join((self.resource, *self.via))


@dataclass(frozen=True)
class LocalGrant:
    """A share entry for a local group or account of the share's own server: its members are
    not in the directory, so it is kept apart and never expanded into domain accounts."""

    resource: str  # share UNC
    server: str
    principal: str
    rights: str


def share_key(text: str) -> str:
    return text.strip().lstrip("\\").replace("/", "\\").lower()


_DC_ROLES = frozenset({"dc", "domain_controller", "domeincontroller", "domain controller"})


def is_domain_controller(index: DirectoryIndex, servers: list[Server], host: str) -> bool:
    """A domain controller has no local groups: its built-in groups are the domain's. Known
    from the computer object (under ``OU=Domain Controllers``) or the inventory's role."""
    computer = index.find_computer(host)
    if computer is not None and ",ou=domain controllers," in norm_dn(computer.dn):
        return True
    key = host.strip().lower().split(".", 1)[0]
    return any(
        s.name.strip().lower().split(".", 1)[0] == key and s.role.strip().lower() in _DC_ROLES
        for s in servers
    )


def is_local(index: DirectoryIndex, servers: list[Server], share: Share, ace: ShareAce) -> bool:
    """Whether a share entry names a local principal of the share's server (marked by the
    collector or the inventory with ``local_to``, or a built-in group on a member server).
    A local group that stands for everyone (the server's Users) stays "everyone"."""
    if index.resolve(ace.principal) == BROAD:
        return False
    if ace.local_to.strip():
        return True
    return is_builtin_principal(ace.principal) and not is_domain_controller(
        index, servers, share.server
    )


class SdzAccess:
    """Enabled accounts with access to the social-data zone, and how they get it."""

    def __init__(
        self,
        index: DirectoryIndex,
        zones: ZoneMap,
        shares: list[Share],
        now: datetime,
        servers: list[Server] | None = None,
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
        #: share entries for local groups of a member server (not expanded; see LocalGrant)
        self.local_grants: list[LocalGrant] = []
        enabled = {norm_dn(u.dn): u for u in index.directory.users if account_enabled(u, now)}
        self.users = enabled
        for group in self.groups:
            self._add_group(group.sam_account_name, "group", group.dn, (), "")
        for share in self.shares:
            for ace in share.acl:
                if ace.deny:
                    continue
                if is_local(index, servers or [], share, ace):
                    self.local_grants.append(
                        LocalGrant(share.unc, share.server, ace.principal, ace.rights)
                    )
                    continue
                target = index.resolve(ace.principal)
                if target == BROAD:
                    for dn, user in enabled.items():
                        via = (ace.principal, user.sam_account_name)
                        self._add(dn, AccessPath(share.unc, "share", via, ace.rights))
                elif isinstance(target, Group):
                    prefix = (target.sam_account_name,)
                    self._add_group(share.unc, "share", target.dn, prefix, ace.rights)
                elif isinstance(target, User):
                    self._add(
                        norm_dn(target.dn),
                        AccessPath(share.unc, "share", (target.sam_account_name,), ace.rights),
                    )

    def _add_group(
        self, resource: str, kind: str, group_dn: str, prefix: tuple[str, ...], rights: str
    ) -> None:
        for member, path in self.index.transitive_members(group_dn).items():
            if member in self.users:
                names = tuple(self.index.label(p) for p in (*path, member))
                via = (*prefix, *names[1:])
                self._add(member, AccessPath(resource, kind, via, rights))

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

    def describe_paths(self, user: User) -> list[str]:
        """Every path of the account, one text each (the evidence of an access finding)."""
        return [p.describe() for p in self.paths.get(norm_dn(user.dn), [])]

    def how(self, user: User) -> str:
        """One line saying how the account reaches the zone (first path)."""
        paths = self.paths.get(norm_dn(user.dn), [])
        return "; ".join(p.describe() for p in paths[:3])


def broad_principal(index: DirectoryIndex, principal: str, all_staff: set[str]) -> str | None:
    """The label of a principal that stands for (nearly) everyone or all staff, else None.

    Well-known principals (Everyone, Authenticated Users, Users, Anonymous Logon), Domain Users
    (by RID or name) and the configured all-staff groups; a name the directory does not know is
    judged by its name alone.
    """
    short = principal.strip().split("\\", 1)[-1]
    target = index.resolve(principal)
    if target == BROAD:
        return short
    if isinstance(target, Group):
        label = index.broad_label(target.dn)
        if label is not None:
            return label
        return target.sam_account_name if target.sam_account_name.lower() in all_staff else None
    if target is None and (short.lower() in BROAD_GROUP_NAMES or short.lower() in all_staff):
        return short
    return None
