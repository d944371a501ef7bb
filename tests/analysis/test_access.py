"""SdzAccess: who reaches the social-data zone, through which group or share, and how."""

from __future__ import annotations

from datetime import UTC, datetime

from kszcheck.analysis.access import SdzAccess
from kszcheck.analysis.directory_index import DirectoryIndex
from kszcheck.analysis.zones import ZoneMap
from kszcheck.model.directory import Computer, Directory, Group, User
from kszcheck.model.inventory import Server, Share, ShareAce
from kszcheck.model.site import SiteProfile, Zone, ZoneKind

DOM = "DC=stad,DC=local"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _dn(cn: str) -> str:
    return f"CN={cn},{DOM}"


USERS = [
    User(dn=_dn("jan"), sam_account_name="jpeeters"),
    User(dn=_dn("sara"), sam_account_name="sclaes"),
    User(dn=_dn("kim"), sam_account_name="kjanssens"),
    User(dn=_dn("tom"), sam_account_name="twouters", enabled=False),
    User(dn=_dn("els"), sam_account_name="emaes", account_expires=datetime(2026, 1, 1, tzinfo=UTC)),
    User(dn=_dn("lisa"), sam_account_name="lgoossens"),
]
GROUPS = [
    Group(dn=_dn("SDZ"), sam_account_name="GG_SDZ", members=[_dn("Team"), _dn("tom")]),
    Group(dn=_dn("Team"), sam_account_name="GG_Team", members=[_dn("jan"), _dn("SDZ")]),
    Group(dn=_dn("Fin"), sam_account_name="GG_Fin", members=[_dn("kim"), _dn("els")]),
]


def _access(acl: list[ShareAce], groups: list[str] | None = None) -> SdzAccess:
    site = SiteProfile(
        name="Test",
        zones=[
            Zone(
                id="sdz",
                kind=ZoneKind.social_data,
                groups=groups if groups is not None else ["GG_SDZ", "GG_Weg"],
                shares=["\\\\srv-soc01\\dossiers"],
            )
        ],
    )
    shares = [
        Share(name="dossiers", server="srv-soc01", acl=acl),
        Share(name="brieven", server="SRV-SOC01", contains_social_data=True, acl=[]),
        Share(name="publiek", server="srv-fs01", acl=[ShareAce(principal="Everyone")]),
    ]
    index = DirectoryIndex(Directory(users=USERS, groups=GROUPS))
    return SdzAccess(index, ZoneMap(site), shares, NOW)


def _paths(access: SdzAccess) -> dict[str, list[str]]:
    return {
        u.sam_account_name: [p.describe() for p in access.paths_of(u)] for u in access.accounts()
    }


def test_paths_through_nested_group_share_group_and_named_user() -> None:
    access = _access(
        [
            ShareAce(principal="STAD\\GG_Fin", rights="read"),
            ShareAce(principal="sclaes", rights="full"),
            ShareAce(principal="lgoossens", rights="read", deny=True),
        ]
    )
    assert [g.sam_account_name for g in access.groups] == ["GG_SDZ"]
    assert access.unresolved_groups == ["GG_Weg"]
    assert sorted(s.name for s in access.shares) == ["brieven", "dossiers"]
    assert _paths(access) == {
        "jpeeters": ["GG_SDZ → GG_Team → jpeeters"],
        "kjanssens": ["\\\\srv-soc01\\dossiers → GG_Fin → kjanssens"],
        "sclaes": ["\\\\srv-soc01\\dossiers → sclaes"],
    }
    assert access.how(USERS[0]) == "GG_SDZ → GG_Team → jpeeters"
    assert not access.has_access(USERS[3])  # disabled
    assert not access.has_access(USERS[4])  # expired
    assert not access.has_access(USERS[5])  # denied only
    assert access.declared


def test_everyone_on_a_share_reaches_every_enabled_account() -> None:
    access = _access([ShareAce(principal="Everyone")], groups=[])
    assert sorted(_paths(access)) == ["jpeeters", "kjanssens", "lgoossens", "sclaes"]
    assert access.how(USERS[5]) == "\\\\srv-soc01\\dossiers → Everyone → lgoossens"


def test_nothing_declared() -> None:
    site = SiteProfile(name="Test", zones=[Zone(id="sdz", kind=ZoneKind.social_data)])
    index = DirectoryIndex(Directory(users=USERS, groups=GROUPS))
    access = SdzAccess(index, ZoneMap(site), [], NOW)
    assert not access.declared
    assert access.accounts() == []


def test_local_entries_of_a_file_server_are_not_the_domains_groups() -> None:
    builtin_admins = Group(
        dn=f"CN=Administrators,CN=Builtin,{DOM}",
        sam_account_name="Administrators",
        sid="S-1-5-32-544",
        members=[_dn("sara")],
    )
    site = SiteProfile(
        name="Test",
        zones=[
            Zone(id="sdz", kind=ZoneKind.social_data, groups=[], shares=["\\\\srv-soc01\\dossiers"])
        ],
    )
    acl = [
        ShareAce(principal="S-1-5-32-544", rights="full", local_to="srv-soc01"),
        ShareAce(principal="Users", rights="read", local_to="srv-soc01"),
    ]
    index = DirectoryIndex(Directory(users=USERS[:2], groups=[builtin_admins]))
    access = SdzAccess(
        index, ZoneMap(site), [Share(name="dossiers", server="srv-soc01", acl=acl)], NOW
    )
    # the server's local Users group is broad; its local Administrators is not the domain's
    assert _paths(access) == {
        "jpeeters": ["\\\\srv-soc01\\dossiers → Users → jpeeters"],
        "sclaes": ["\\\\srv-soc01\\dossiers → Users → sclaes"],
    }


def test_builtin_group_on_member_server_is_local() -> None:
    """``BUILTIN\\Administrators`` on a member server's share is that server's own group: it is
    kept as a local grant and never expanded into the domain's tier-0 accounts; on a domain
    controller it is the domain's built-in group."""
    admins = Group(
        dn="CN=Administrators,CN=Builtin," + DOM,
        sam_account_name="Administrators",
        sid="S-1-5-32-544",
        members=[_dn("kim")],
    )
    dc = Computer(dn="CN=DC01,OU=Domain Controllers," + DOM, sam_account_name="DC01$")
    index = DirectoryIndex(Directory(users=USERS, groups=[*GROUPS, admins], computers=[dc]))
    site = SiteProfile(
        name="Test",
        zones=[Zone(id="sdz", kind=ZoneKind.social_data, shares=["\\\\srv-soc01\\dossiers"])],
    )
    acl = [
        ShareAce(principal="BUILTIN\\Administrators", rights="full"),
        ShareAce(principal="S-1-5-32-551", rights="read"),
        ShareAce(principal="SRV-SOC01\\beheer", rights="full", local_to="SRV-SOC01"),
        ShareAce(principal="GG_Team", rights="change"),
    ]
    member = Share(name="dossiers", server="srv-soc01", acl=acl)
    access = SdzAccess(index, ZoneMap(site), [member], NOW, [])
    assert _paths(access) == {"jpeeters": ["\\\\srv-soc01\\dossiers → GG_Team → jpeeters"]}
    assert [(g.principal, g.server) for g in access.local_grants] == [
        ("BUILTIN\\Administrators", "srv-soc01"),
        ("S-1-5-32-551", "srv-soc01"),
        ("SRV-SOC01\\beheer", "srv-soc01"),
    ]
    on_dc = Share(name="dossiers", server="DC01", contains_social_data=True, acl=acl[:1])
    access = SdzAccess(index, ZoneMap(site), [on_dc], NOW, [])
    assert _paths(access)["kjanssens"] == ["\\\\DC01\\dossiers → Administrators → kjanssens"]
    assert access.local_grants == []
    # a server the inventory declares a domain controller counts as one too
    declared = [Server(name="DC01", role="domeincontroller")]
    plain = DirectoryIndex(Directory(users=USERS, groups=[*GROUPS, admins]))
    access = SdzAccess(plain, ZoneMap(site), [on_dc], NOW, declared)
    assert "kjanssens" in _paths(access)
