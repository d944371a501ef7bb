"""Well-known security identifiers and the built-in privileged groups of Active Directory."""

from __future__ import annotations

__all__ = [
    "BROAD_GROUP_NAMES",
    "BROAD_SIDS",
    "BUILTIN_PRIVILEGED_RIDS",
    "DOMAIN_PRIVILEGED_RIDS",
    "PRIVILEGED_GROUP_NAMES",
    "PROTECTED_USERS_RID",
    "WELL_KNOWN_NAMES",
    "is_builtin_principal",
]

#: Built-in (S-1-5-32-x) groups that give control over the domain.
BUILTIN_PRIVILEGED_RIDS = {
    544: "Administrators",
    548: "Account Operators",
    549: "Server Operators",
    550: "Print Operators",
    551: "Backup Operators",
}
#: Domain (S-1-5-21-…-x) groups that give control over the domain or forest.
DOMAIN_PRIVILEGED_RIDS = {512: "Domain Admins", 518: "Schema Admins", 519: "Enterprise Admins"}
PRIVILEGED_GROUP_NAMES = frozenset(
    name.lower() for name in [*BUILTIN_PRIVILEGED_RIDS.values(), *DOMAIN_PRIVILEGED_RIDS.values()]
)
PROTECTED_USERS_RID = 525
DOMAIN_USERS_RID = 513

#: Principals that stand for (nearly) everyone.
BROAD_SIDS = {
    "S-1-1-0": "Everyone",
    "S-1-5-11": "Authenticated Users",
    "S-1-5-32-545": "Users",
    "S-1-5-4": "Interactive",
    "S-1-5-7": "Anonymous Logon",
}
WELL_KNOWN_NAMES = {name.lower(): sid for sid, name in BROAD_SIDS.items()} | {
    "iedereen": "S-1-1-0",
    "geverifieerde gebruikers": "S-1-5-11",
    "gebruikers": "S-1-5-32-545",
    "anonymous": "S-1-5-7",
}

#: Names of groups that hold every account, for directories exported without SIDs.
BROAD_GROUP_NAMES = frozenset({"domain users", "domeingebruikers", "users", "gebruikers"})


#: Names of the built-in (S-1-5-32-…) groups, in English and Dutch, as share ACLs write them.
BUILTIN_GROUP_NAMES = frozenset(
    {
        "administrators",
        "administrateurs",
        "power users",
        "backup operators",
        "back-upoperators",
        "remote desktop users",
        "gebruikers van extern bureaublad",
        "print operators",
        "server operators",
        "account operators",
        "guests",
        "gasten",
        "network configuration operators",
        "event log readers",
    }
)


def is_builtin_principal(text: str) -> bool:
    """True for a built-in group (``BUILTIN\\Administrators``, ``S-1-5-32-544``, a bare
    built-in name): on a member server it is that server's own local group."""
    value = text.strip()
    upper = value.upper()
    if upper.startswith(("S-1-5-32-", "BUILTIN\\")):
        return True
    return "\\" not in value and value.lower() in BUILTIN_GROUP_NAMES
