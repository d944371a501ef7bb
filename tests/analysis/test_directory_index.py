"""DirectoryIndex: transitive membership (with a cycle), primary groups, broad principals."""

from __future__ import annotations

from kszcheck.analysis.directory_index import BROAD, DirectoryIndex
from kszcheck.model.common import norm_dn
from kszcheck.model.directory import Computer, Directory, Group, User

DOM = "DC=stad,DC=local"
SID = "S-1-5-21-1-2-3"


def _dn(cn: str) -> str:
    return f"CN={cn},OU=Test,{DOM}"


def _index() -> DirectoryIndex:
    users = [
        User(dn=_dn("Jan"), sam_account_name="jpeeters", sid=f"{SID}-1101"),
        User(dn=_dn("Kim"), sam_account_name="kjanssens", sid=f"{SID}-1102", primary_group_id=1300),
        User(
            dn=_dn("Sara"),
            sam_account_name="sclaes",
            sid=f"{SID}-1103",
            user_principal_name="sara.claes@stad.be",
        ),
    ]
    groups = [
        # A contains B, B contains C and Jan, C contains A again: a cycle
        Group(dn=_dn("A"), sam_account_name="GG_A", sid=f"{SID}-1200", members=[_dn("B")]),
        Group(
            dn=_dn("B"), sam_account_name="GG_B", sid=f"{SID}-1201", members=[_dn("C"), _dn("Jan")]
        ),
        Group(
            dn=_dn("C"), sam_account_name="GG_C", sid=f"{SID}-1202", members=[_dn("A"), _dn("Sara")]
        ),
        Group(dn=_dn("Kim primary"), sam_account_name="GG_Primary", sid=f"{SID}-1300"),
        Group(dn=_dn("Alle gebruikers"), sam_account_name="Alle gebruikers", sid=f"{SID}-513"),
        Group(dn=_dn("Users zonder SID"), sam_account_name="Domain Users"),
        Group(dn=_dn("Team"), sam_account_name="GG_Team", sid=f"{SID}-1400"),
    ]
    computers = [
        Computer(
            dn=f"CN=SRV-SOC01,OU=Servers,{DOM}",
            sam_account_name="SRV-SOC01$",
            dns_hostname="srv-soc01.stad.local",
        )
    ]
    return DirectoryIndex(Directory(users=users, groups=groups, computers=computers))


def test_transitive_members_end_on_a_cycle_with_shortest_paths() -> None:
    index = _index()
    found = index.transitive_members(_dn("A"))
    labelled = {index.label(m): tuple(index.label(p) for p in path) for m, path in found.items()}
    assert labelled == {
        "GG_B": ("GG_A",),
        "GG_C": ("GG_A", "GG_B"),
        "jpeeters": ("GG_A", "GG_B"),
        "sclaes": ("GG_A", "GG_B", "GG_C"),
    }


def test_groups_of_follows_nesting_through_the_cycle() -> None:
    index = _index()
    # Sara's primary group is the default 513 (Domain Users, here renamed "Alle gebruikers")
    expected = {norm_dn(_dn(g)) for g in ("A", "B", "C", "Alle gebruikers")}
    assert index.groups_of(_dn("Sara")) == expected


def test_primary_group_counts_as_membership() -> None:
    index = _index()
    assert list(index.transitive_members(_dn("Kim primary"))) == [norm_dn(_dn("Kim"))]
    assert index.groups_of(_dn("Kim")) == {norm_dn(_dn("Kim primary"))}


def test_resolve_by_name_domain_name_upn_sid_and_dn() -> None:
    index = _index()
    sara = index.get(_dn("Sara"))
    assert sara is not None
    assert index.resolve("STAD\\sclaes") is sara
    assert index.resolve("sara.claes@stad.be") is sara
    assert index.resolve(f"{SID}-1103") is sara
    assert index.resolve(_dn("Sara").upper()) is sara
    assert index.resolve("Everyone") == BROAD
    assert index.resolve("S-1-5-11") == BROAD
    assert index.resolve("nobody") is None


def test_broad_label_by_rid_name_and_foreign_security_principal() -> None:
    index = _index()
    assert index.broad_label(_dn("Alle gebruikers")) == "Domain Users"
    assert index.broad_label(_dn("Users zonder SID")) == "Domain Users"
    assert index.broad_label(f"CN=S-1-5-11,CN=ForeignSecurityPrincipals,{DOM}") == (
        "Authenticated Users"
    )
    assert index.broad_label(f"CN=S-1-5-21-9-9-9-1000,CN=ForeignSecurityPrincipals,{DOM}") is None
    assert index.broad_label(_dn("Team")) is None
    assert index.broad_label(_dn("Jan")) is None


def test_find_computer_by_account_name_fqdn_and_short_name() -> None:
    index = _index()
    for host in ("SRV-SOC01$", "srv-soc01", "SRV-SOC01.stad.local"):
        found = index.find_computer(host)
        assert found is not None and found.sam_account_name == "SRV-SOC01$", host
    assert index.find_computer("srv-fs01") is None
