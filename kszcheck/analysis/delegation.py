"""Who holds administrative rights over the social-data zone's containers and its GPOs.

Reads the parsed DACLs (``Directory.acls``). An allow ACE counts when it carries a right that
gives control: full control, write DACL, write owner, create/delete child, write property
(all, ``member``, ``gPLink``, key credentials), reset password or all extended rights.
Inherit-only ACEs count too: an ACE on the OU that lets the helpdesk reset the passwords of
the users inside it is exactly the delegation this view is for. Deny ACEs are ignored (the
view errs towards "can"). Well-known administrative principals (SYSTEM, Domain/Enterprise
Admins, Administrators, the operators, domain controllers, CREATOR OWNER, SELF) are
reported apart, as they are covered by the rules on tier-0 membership.

GPOs that apply to the zone: those linked to an SDZ OU, to an OU above it or to the domain
(unless a block on the way stops a link that is not enforced), and those the site declares part
of the zone (``gpos`` of the zone). Their editors control every machine and user the GPO
applies to.

Objects inside the zone: its groups (the zone's groups, and groups under its OUs), the computer
objects of its servers and the users under its OUs. A right to change a group's membership, or
control of a server's computer object or a user's credentials, is as much administration as a
right on the OU. Only ACEs set on the object itself count for objects under a zone OU (the
inherited ones are the OU's, reported there); for zone objects elsewhere, every ACE counts. An
owner that is not a built-in administrator counts too: an owner may always rewrite the DACL.
A zone object whose security descriptor is not in the facts (an export without the SD control,
an account without READ_CONTROL on it) is listed in ``unread_objects``: nobody can say who
controls it, so the rules that read these grants are not assessed for it (never "no grants").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kszcheck.analysis.directory_index import DirectoryIndex
from kszcheck.analysis.wellknown import BROAD_SIDS
from kszcheck.analysis.zones import ZoneMap
from kszcheck.model.common import norm_dn
from kszcheck.model.directory import (
    Computer,
    Directory,
    GpoLink,
    Group,
    SecurityDescriptor,
    User,
)
from kszcheck.model.inventory import Server

__all__ = [
    "ADMIN_RIGHTS",
    "BUILTIN_ADMIN_SIDS",
    "GPO_EDIT_RIGHTS",
    "Delegation",
    "Grant",
    "ObjectGrant",
    "is_builtin_admin",
]

#: Rights over a container that amount to administering what is in it.
ADMIN_RIGHTS = frozenset(
    {
        "full_control",
        "generic_all",
        "generic_write",
        "write_dacl",
        "write_owner",
        "create_child",
        "delete_child",
        "delete_tree",
        "write_property",
        "write_member",
        "write_gplink",
        "write_key_credential_link",
        "reset_password",
        "all_extended_rights",
    }
)
#: Rights on a group policy container that let a principal change the policy.
GPO_EDIT_RIGHTS = ADMIN_RIGHTS | {"write_attribute", "delete"}
#: Rights on a zone group that let a principal change who is in it (or take it over).
GROUP_CONTROL_RIGHTS = frozenset(
    {
        "full_control",
        "generic_all",
        "generic_write",
        "write_dacl",
        "write_owner",
        "write_property",
        "write_member",
    }
)
#: Rights on a computer or user object that amount to taking it over.
ACCOUNT_CONTROL_RIGHTS = GROUP_CONTROL_RIGHTS - {"write_member"} | {
    "write_key_credential_link",
    "reset_password",
    "all_extended_rights",
}

#: Well-known SIDs (and domain RIDs) of principals that administer AD by design.
BUILTIN_ADMIN_SIDS = {
    "S-1-5-18": "SYSTEM",
    "S-1-5-9": "Enterprise Domain Controllers",
    "S-1-3-0": "CREATOR OWNER",
    "S-1-5-10": "SELF",
    "S-1-5-32-544": "Administrators",
    "S-1-5-32-548": "Account Operators",
    "S-1-5-32-549": "Server Operators",
    "S-1-5-32-550": "Print Operators",
    "S-1-5-32-551": "Backup Operators",
}
_BUILTIN_DOMAIN_RIDS = {
    "512": "Domain Admins",
    "516": "Domain Controllers",
    "518": "Schema Admins",
    "519": "Enterprise Admins",
    "498": "Enterprise Read-only Domain Controllers",
    "521": "Read-only Domain Controllers",
}
_WELL_KNOWN_NAMES = {**BUILTIN_ADMIN_SIDS, **BROAD_SIDS}


def is_builtin_admin(sid: str) -> bool:
    text = sid.upper()
    if text in BUILTIN_ADMIN_SIDS:
        return True
    return text.startswith("S-1-5-21-") and text.rsplit("-", 1)[-1] in _BUILTIN_DOMAIN_RIDS


@dataclass
class Grant:
    """The rights of one trustee on one object (all its allow ACEs there together)."""

    object_dn: str
    trustee_sid: str
    trustee: str  # account name when known, else the well-known name or the SID
    rights: set[str] = field(default_factory=set)
    inherited: bool = True  # False when at least one ACE is set on the object itself

    def sorted_rights(self) -> list[str]:
        return sorted(self.rights)


@dataclass
class ObjectGrant:
    """The rights of one trustee on one object inside the zone."""

    kind: str  # group, computer, user
    name: str  # the object's account name
    grant: Grant


def _grants(
    dn: str,
    sd: SecurityDescriptor,
    wanted: frozenset[str],
    names: _Names,
    explicit_only: bool = False,
) -> list[Grant]:
    found: dict[str, Grant] = {}
    for ace in sd.dacl:
        if ace.ace_type not in ("allow", "allow_object") or not ace.trustee_sid:
            continue
        if explicit_only and ace.inherited:
            continue
        rights = wanted.intersection(ace.rights)
        if not rights:
            continue
        sid = ace.trustee_sid.upper()
        grant = found.setdefault(sid, Grant(dn, sid, names.name(sid)))
        grant.rights |= rights
        if not ace.inherited:
            grant.inherited = False
    return list(found.values())


class _Names:
    def __init__(self, index: DirectoryIndex) -> None:
        self.index = index

    def name(self, sid: str) -> str:
        principal = self.index.by_sid.get(sid.upper())
        if principal is not None:
            return principal.sam_account_name
        if sid in _WELL_KNOWN_NAMES:
            return _WELL_KNOWN_NAMES[sid]
        rid = sid.rsplit("-", 1)[-1]
        if sid.startswith("S-1-5-21-") and rid in _BUILTIN_DOMAIN_RIDS:
            return _BUILTIN_DOMAIN_RIDS[rid]
        return sid


def _under(dn: str, container: str) -> bool:
    return dn == container or dn.endswith("," + container)


class Delegation:
    """Grants on the social-data zone's containers and on the GPOs that apply to them."""

    def __init__(
        self, index: DirectoryIndex, zones: ZoneMap, servers: list[Server] | None = None
    ) -> None:
        directory: Directory = index.directory
        self.index = index
        names = _Names(index)
        self.sdz_ous = [norm_dn(ou) for ou in zones.sdz_ous]
        acls = {norm_dn(dn): (dn, sd) for dn, sd in directory.acls.items()}
        written = {norm_dn(ou.dn): ou.dn for ou in directory.ous}
        written.update({norm_dn(d.dn): d.dn for d in directory.domains})
        keys = sorted({key for key in written if any(_under(key, top) for top in self.sdz_ous)})
        #: the zone's containers (OUs, or domains) found in the facts, as written there
        self.containers = [written[key] for key in keys]
        #: containers of the zone without a security descriptor in the facts
        self.unread = [written[key] for key in keys if key not in acls]
        self.container_grants: list[Grant] = []
        for key in keys:
            if key in acls:
                dn, sd = acls[key]
                self.container_grants += _grants(dn, sd, ADMIN_RIGHTS, names)
        self.gpo_names = {norm_dn(g.dn): g.display_name or g.guid for g in directory.gpos}
        self.gpo_grants: list[Grant] = []
        applied = self._applied_gpos(directory, keys)
        applied += [g for g in self._declared_gpos(directory, zones) if g not in applied]
        for gpo_dn in applied:
            if gpo_dn in acls:
                dn, sd = acls[gpo_dn]
                self.gpo_grants += _grants(dn, sd, GPO_EDIT_RIGHTS, names)
        self.object_grants: list[ObjectGrant] = []
        #: (kind, DN) of the zone's objects without a security descriptor in the facts
        self.unread_objects: list[tuple[str, str]] = []
        for kind, principal in self._zone_objects(index, zones, servers or []):
            key = norm_dn(principal.dn)
            if key not in acls:
                self.unread_objects.append((kind, principal.dn))
                continue
            dn, sd = acls[key]
            wanted = GROUP_CONTROL_RIGHTS if kind == "group" else ACCOUNT_CONTROL_RIGHTS
            inside = zones.in_sdz_ou(dn)
            grants = _grants(dn, sd, wanted, names, explicit_only=inside)
            owner = (sd.owner_sid or "").upper()
            if owner and not is_builtin_admin(owner):
                grant = next((g for g in grants if g.trustee_sid == owner), None)
                if grant is None:
                    grant = Grant(dn, owner, names.name(owner), inherited=False)
                    grants.append(grant)
                grant.rights.add("owner")
            self.object_grants += [
                ObjectGrant(kind, principal.sam_account_name.rstrip("$"), g) for g in grants
            ]

    @staticmethod
    def _zone_objects(
        index: DirectoryIndex, zones: ZoneMap, servers: list[Server]
    ) -> list[tuple[str, Group | Computer | User]]:
        found: dict[str, tuple[str, Group | Computer | User]] = {}
        for name in zones.site.sdz_values("groups"):
            group = index.resolve(str(name))
            if isinstance(group, Group):
                found.setdefault(norm_dn(group.dn), ("group", group))
        for group in index.directory.groups:
            if zones.in_sdz_ou(group.dn):
                found.setdefault(norm_dn(group.dn), ("group", group))
        for host in zones.sdz_server_names(servers):
            computer = index.find_computer(host)
            if computer is not None:
                found.setdefault(norm_dn(computer.dn), ("computer", computer))
        for user in index.directory.users:
            if zones.in_sdz_ou(user.dn):
                found.setdefault(norm_dn(user.dn), ("user", user))
        return list(found.values())

    @staticmethod
    def _declared_gpos(directory: Directory, zones: ZoneMap) -> list[str]:
        """GPOs the site declares part of the zone, by display name, GUID or DN."""
        wanted = {str(v).strip().lower().strip("{}") for v in zones.site.sdz_values("gpos")}
        return [
            norm_dn(g.dn)
            for g in directory.gpos
            if {g.display_name.lower(), g.guid.lower().strip("{}"), norm_dn(g.dn)} & wanted
        ]

    def _applied_gpos(self, directory: Directory, keys: list[str]) -> list[str]:
        links: dict[str, list[GpoLink]] = {norm_dn(d.dn): d.gp_links for d in directory.domains}
        blocked: set[str] = set()
        for ou in directory.ous:
            links[norm_dn(ou.dn)] = ou.gp_links
            if ou.block_inheritance:
                blocked.add(norm_dn(ou.dn))
        applied: dict[str, None] = {}
        for top in self.sdz_ous:
            chain = [top]
            rest = top
            while "," in rest:
                rest = rest.split(",", 1)[1]
                chain.append(rest)
            stop = False  # a block on an OU stops non-enforced links from above it
            for dn in chain:
                for link in links.get(dn, []):
                    if link.disabled or (stop and not link.enforced):
                        continue
                    applied[norm_dn(link.gpo_dn)] = None
                if dn in blocked:
                    stop = True
        # GPOs linked below the zone's top OUs apply to part of the zone
        for key in keys:
            for link in links.get(key, []):
                if not link.disabled:
                    applied[norm_dn(link.gpo_dn)] = None
        return list(applied)

    def gpo_name(self, dn: str) -> str:
        return self.gpo_names.get(norm_dn(dn), dn)
