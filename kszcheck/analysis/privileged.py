"""The privileged principals: members of the built-in privileged groups, and adminCount holders."""

from __future__ import annotations

from dataclasses import dataclass, field

from kszcheck.analysis.directory_index import DirectoryIndex
from kszcheck.analysis.wellknown import (
    BUILTIN_PRIVILEGED_RIDS,
    DOMAIN_PRIVILEGED_RIDS,
    PRIVILEGED_GROUP_NAMES,
    PROTECTED_USERS_RID,
)
from kszcheck.model.common import norm_dn
from kszcheck.model.directory import Group, User

__all__ = ["PrivilegedAccount", "PrivilegedSet", "is_tier0_group"]


def is_tier0_group(group: Group) -> bool:
    sid = group.sid.upper()
    rid = group.rid
    if sid.startswith("S-1-5-32-"):
        return rid in BUILTIN_PRIVILEGED_RIDS
    if sid.startswith("S-1-5-21-"):
        return rid in DOMAIN_PRIVILEGED_RIDS
    return not sid and group.sam_account_name.lower() in PRIVILEGED_GROUP_NAMES


@dataclass
class PrivilegedAccount:
    user: User
    #: group name -> path of group names from the privileged group to the direct group
    via: dict[str, tuple[str, ...]] = field(default_factory=dict)
    admin_count_only: bool = False
    #: the domains (NetBIOS or DNS name) whose privileged groups hold the account: a forest
    #: administrator through a trust counts in the other forest too
    domains: set[str] = field(default_factory=set)


class PrivilegedSet:
    def __init__(self, index: DirectoryIndex) -> None:
        self.tier0_groups = [g for g in index.directory.groups if is_tier0_group(g)]
        accounts: dict[str, PrivilegedAccount] = {}
        for group in self.tier0_groups:
            home = index.domain_of(group.dn)
            label = (home.netbios_name or home.dns_name or home.dn) if home is not None else ""
            for member_dn, path in index.transitive_members(group.dn).items():
                principal = index.by_dn.get(member_dn)
                if isinstance(principal, User):
                    entry = accounts.setdefault(member_dn, PrivilegedAccount(principal))
                    entry.via[group.sam_account_name] = tuple(index.label(p) for p in path)
                    entry.domains.add(label)
        for user in index.directory.users:
            key = norm_dn(user.dn)
            if user.admin_count and key not in accounts:
                accounts[key] = PrivilegedAccount(user, admin_count_only=True)
        self.accounts = accounts
        protected = [
            g
            for g in index.directory.groups
            if (g.rid == PROTECTED_USERS_RID and g.sid.upper().startswith("S-1-5-21-"))
            or (not g.sid and g.sam_account_name.lower() == "protected users")
        ]
        self.protected_users: set[str] = set()
        for group in protected:
            self.protected_users.update(index.transitive_members(group.dn))

    def tier0_members(self) -> list[PrivilegedAccount]:
        """Accounts that are in a privileged group (not only flagged by adminCount)."""
        return [a for a in self.accounts.values() if not a.admin_count_only]

    def is_privileged(self, user: User) -> bool:
        return norm_dn(user.dn) in self.accounts
