"""PrivilegedSet: tier-0 groups are recognised by their RID, not by their name."""

from __future__ import annotations

from kszcheck.analysis.directory_index import DirectoryIndex
from kszcheck.analysis.privileged import PrivilegedSet, is_tier0_group
from kszcheck.model.directory import Directory, Group, User

DOM = "DC=stad,DC=local"
SID = "S-1-5-21-1-2-3"


def test_privileged_set_by_rid_with_nesting_and_admin_count() -> None:
    users = [
        User(dn=f"CN=an,{DOM}", sam_account_name="adm-an", sid=f"{SID}-1101"),
        User(dn=f"CN=bart,{DOM}", sam_account_name="adm-bart", sid=f"{SID}-1102"),
        User(dn=f"CN=backup,{DOM}", sam_account_name="svc-backup", sid=f"{SID}-1103"),
        User(dn=f"CN=fake,{DOM}", sam_account_name="fake", sid=f"{SID}-1104"),
        User(dn=f"CN=old,{DOM}", sam_account_name="old-admin", sid=f"{SID}-1105", admin_count=True),
    ]
    groups = [
        # renamed Domain Admins: still RID 512
        Group(
            dn=f"CN=Beheerders,{DOM}",
            sam_account_name="Beheerders",
            sid=f"{SID}-512",
            members=[f"CN=an,{DOM}", f"CN=ICT,{DOM}"],
        ),
        Group(
            dn=f"CN=ICT,{DOM}",
            sam_account_name="ICT",
            sid=f"{SID}-1200",
            members=[f"CN=bart,{DOM}"],
        ),
        Group(
            dn=f"CN=Backup Operators,CN=Builtin,{DOM}",
            sam_account_name="Backup Operators",
            sid="S-1-5-32-551",
            members=[f"CN=backup,{DOM}"],
        ),
        # named like a privileged group, but an ordinary RID
        Group(
            dn=f"CN=Domain Admins,OU=Test,{DOM}",
            sam_account_name="Domain Admins",
            sid=f"{SID}-4100",
            members=[f"CN=fake,{DOM}"],
        ),
    ]
    index = DirectoryIndex(Directory(users=users, groups=groups))
    privileged = PrivilegedSet(index)
    assert sorted(g.sam_account_name for g in privileged.tier0_groups) == [
        "Backup Operators",
        "Beheerders",
    ]
    members = {a.user.sam_account_name: a.via for a in privileged.tier0_members()}
    assert members == {
        "adm-an": {"Beheerders": ("Beheerders",)},
        "adm-bart": {"Beheerders": ("Beheerders", "ICT")},
        "svc-backup": {"Backup Operators": ("Backup Operators",)},
    }
    assert privileged.is_privileged(users[4])  # adminCount only
    assert not privileged.is_privileged(users[3])


def test_group_without_sid_is_recognised_by_name() -> None:
    assert is_tier0_group(Group(dn=f"CN=Domain Admins,{DOM}", sam_account_name="Domain Admins"))
    assert not is_tier0_group(Group(dn=f"CN=Helpdesk,{DOM}", sam_account_name="Helpdesk"))
    assert not is_tier0_group(
        Group(dn=f"CN=Users,{DOM}", sam_account_name="Users", sid="S-1-5-32-545")
    )
