"""Look-ups over the directory: by DN, SID and account name; transitive membership, cycle-safe."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable

from kszcheck.analysis.hosts import host_of
from kszcheck.analysis.wellknown import (
    BROAD_GROUP_NAMES,
    BROAD_SIDS,
    DOMAIN_USERS_RID,
    WELL_KNOWN_NAMES,
)
from kszcheck.model.common import norm_dn
from kszcheck.model.directory import Computer, Directory, Domain, Group, User

__all__ = ["BROAD", "DirectoryIndex", "Principal", "domain_of"]

Principal = User | Group | Computer

_DN_FIRST = re.compile(r"(?<!\\),")
_FSP = re.compile(r"^cn=(s-1-[0-9-]+),cn=foreignsecurityprincipals,", re.IGNORECASE)

#: Marker returned by :meth:`DirectoryIndex.resolve` for principals that mean "everyone".
BROAD = "broad"


class DirectoryIndex:
    """Indexes built once; every query is linear in what it returns."""

    def __init__(self, directory: Directory) -> None:
        self.directory = directory
        self.by_dn: dict[str, Principal] = {}
        self.by_sid: dict[str, Principal] = {}
        self.by_name: dict[str, Principal] = {}
        principals: list[Principal] = [*directory.users, *directory.groups, *directory.computers]
        for principal in principals:
            self.by_dn[norm_dn(principal.dn)] = principal
            if principal.sid:
                self.by_sid[principal.sid.upper()] = principal
            self.by_name.setdefault(principal.sam_account_name.lower(), principal)
        for user in directory.users:
            if user.user_principal_name:
                self.by_name.setdefault(user.user_principal_name.lower(), user)
        # DOMAIN\name: the NetBIOS name of each collected domain, and its principals by name
        self._domains = sorted(directory.domains, key=lambda d: -len(d.dn))
        self.by_qualified: dict[tuple[str, str], Principal] = {}
        for principal in principals:
            domain = self.domain_of(principal.dn)
            if domain is not None and domain.netbios_name:
                key = (domain.netbios_name.lower(), principal.sam_account_name.lower())
                self.by_qualified.setdefault(key, principal)
        # group -> direct member DNs (normalised), including primary-group members; a member
        # of another forest (a foreign security principal, CN=<SID>,CN=ForeignSecurityPrincipals)
        # is the principal with that SID when its domain was collected too
        self.members: dict[str, list[str]] = {}
        self.member_of: dict[str, list[str]] = {}
        keys: dict[str, str] = {}  # member DN as written -> key (a user is in many groups)
        for group in directory.groups:
            self.members[norm_dn(group.dn)] = self._member_keys(group.members, keys)
        self._add_primary_groups(directory.users)
        for gdn, members in self.members.items():
            for member in members:
                self.member_of.setdefault(member, []).append(gdn)
        self._closure: dict[str, dict[str, tuple[str, ...]]] = {}
        self._computers: dict[str, Computer] = {}
        for computer in directory.computers:
            names = (computer.sam_account_name.rstrip("$"), computer.dns_hostname)
            for host in names:
                if host:
                    self._computers.setdefault(host.lower(), computer)
                    self._computers.setdefault(host_of(host), computer)

    def _member_keys(self, members: list[str], keys: dict[str, str]) -> list[str]:
        found: list[str] = []
        for member in members:
            key = keys.get(member)
            if key is None:
                key = keys[member] = self._member_key(member)
            found.append(key)
        return found

    def _member_key(self, dn: str) -> str:
        key = norm_dn(dn)
        found = _FSP.match(key)
        if found is not None:
            principal = self.by_sid.get(found.group(1).upper())
            if principal is not None:
                return norm_dn(principal.dn)
        return key

    def domain_of(self, dn: str) -> Domain | None:
        """The collected domain that holds an object (the longest domain DN it ends with)."""
        return domain_of(self._domains, dn)

    def _add_primary_groups(self, users: Iterable[User]) -> None:
        # a set per group beside its member list: a list look-up per user made this quadratic
        # (every account of a large domain has Domain Users as its primary group)
        present: dict[str, set[str]] = {}
        for user in users:
            if user.primary_group_id is None or not user.sid.startswith("S-1-5-21-"):
                continue
            domain_sid = user.sid.rsplit("-", 1)[0]
            group = self.by_sid.get(f"{domain_sid}-{user.primary_group_id}".upper())
            if isinstance(group, Group):
                gdn = norm_dn(group.dn)
                members = self.members.setdefault(gdn, [])
                seen = present.get(gdn)
                if seen is None:
                    seen = present[gdn] = set(members)
                udn = norm_dn(user.dn)
                if udn not in seen:
                    seen.add(udn)
                    members.append(udn)

    def get(self, dn: str) -> Principal | None:
        return self.by_dn.get(norm_dn(dn))

    def resolve(self, name: str) -> Principal | str | None:
        """Find a principal by DN, SID, DOMAIN\\name, name or UPN; BROAD for 'everyone' SIDs."""
        text = name.strip()
        if not text:
            return None
        upper = text.upper()
        if upper in BROAD_SIDS:
            return BROAD
        if upper.startswith("S-1-"):
            return self.by_sid.get(upper)
        if "=" in text and "," in text:
            return self.get(text)
        prefix, _, rest = text.rpartition("\\")
        short = rest.lower()
        if short in WELL_KNOWN_NAMES or text.lower() in WELL_KNOWN_NAMES:
            return BROAD
        qualified = self.by_qualified.get((prefix.lower(), short)) if prefix else None
        if qualified is not None:
            return qualified
        if prefix and any(d.netbios_name.lower() == prefix.lower() for d in self._domains):
            return None  # DOMAIN\\name of a collected domain that has no such name
        return self.by_name.get(short) or self.by_name.get(text.lower())

    def is_domain_users(self, group: Group) -> bool:
        return group.rid == DOMAIN_USERS_RID and group.sid.startswith("S-1-5-21-")

    def broad_label(self, dn: str) -> str | None:
        """The well-known name if a member DN stands for (nearly) everyone, else None.

        Covers Domain Users (by RID 513), the built-in Users group, and foreign security
        principals such as ``CN=S-1-5-11,CN=ForeignSecurityPrincipals,…``.
        """
        principal = self.get(dn)
        if isinstance(principal, Group):
            sid = principal.sid.upper()
            if self.is_domain_users(principal):
                return "Domain Users"
            if sid in BROAD_SIDS:
                return BROAD_SIDS[sid]
            if not sid and principal.sam_account_name.lower() in BROAD_GROUP_NAMES:
                return principal.sam_account_name
            return None
        if principal is not None:
            return None
        first = _DN_FIRST.split(dn.strip(), 1)[0]
        value = first.split("=", 1)[-1].strip().upper()
        return BROAD_SIDS.get(value)

    def find_computer(self, host: str) -> Computer | None:
        """The computer object of a host: by account name (with or without $), FQDN or short
        name."""
        key = host.strip().rstrip("$").lower()
        return self._computers.get(key) or self._computers.get(host_of(key))

    def transitive_members(self, group_dn: str) -> dict[str, tuple[str, ...]]:
        """Every principal inside a group, directly or nested, with the first group path found.

        The path runs from the group itself down to the group that holds the member directly.
        Breadth-first with a visited set, so cycles end and paths are shortest.
        """
        start = norm_dn(group_dn)
        cached = self._closure.get(start)
        if cached is not None:
            return cached
        found: dict[str, tuple[str, ...]] = {}
        queue: deque[tuple[str, tuple[str, ...]]] = deque([(start, (start,))])
        seen = {start}
        while queue:
            gdn, path = queue.popleft()
            for member in self.members.get(gdn, ()):
                if member in seen:
                    continue
                seen.add(member)
                found[member] = path
                if member in self.members:
                    queue.append((member, (*path, member)))
        self._closure[start] = found
        return found

    def groups_of(self, dn: str) -> set[str]:
        """All groups a principal is in, directly or nested (normalised DNs)."""
        start = norm_dn(dn)
        result: set[str] = set()
        queue = deque(self.member_of.get(start, ()))
        while queue:
            gdn = queue.popleft()
            if gdn in result:
                continue
            result.add(gdn)
            queue.extend(self.member_of.get(gdn, ()))
        return result

    def label(self, dn: str) -> str:
        """A short human name for a DN: the account name when known."""
        principal = self.get(dn)
        return principal.sam_account_name if principal is not None else dn


def domain_of(domains: Iterable[Domain], dn: str) -> Domain | None:
    """The domain among ``domains`` that holds ``dn`` (the longest domain DN it ends with)."""
    key = norm_dn(dn)
    best: Domain | None = None
    for domain in domains:
        head = norm_dn(domain.dn)
        if (key == head or key.endswith("," + head)) and (best is None or len(head) > len(best.dn)):
            best = domain
    return best
