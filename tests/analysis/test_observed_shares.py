"""Observed share rights joined with the NTFS rights, and the shares the access analysis uses."""

from __future__ import annotations

from kszcheck.analysis.observed_shares import ObservedShares, host_key, share_admits
from kszcheck.model.fileshares import FileRights, FolderAcl, ObservedShare, SmbAce, SmbFacts
from kszcheck.model.inventory import Share, ShareAce

DOM = "S-1-5-21-1-2-3"


def _ace(
    sid: str, rights: str, kind: str = "allow", flags: list[str] | None = None, local_to: str = ""
) -> SmbAce:
    return SmbAce(
        ace_type=kind,
        rights=FileRights(rights),
        trustee_sid=sid,
        flags=flags or ["OI", "CI"],
        local_to=local_to,
    )


def _facts(share_acl: list[SmbAce] | None, folders: list[FolderAcl]) -> SmbFacts:
    return SmbFacts(
        shares=[ObservedShare(server="fs1.stad.local", name="Dossiers", acl=share_acl)],
        folders=folders,
    )


def test_host_key() -> None:
    assert [
        host_key(h) for h in ("FS1", "fs1.stad.local", "fs1:4450", "10.0.0.5", "[::1]:445")
    ] == [
        "fs1",
        "fs1",
        "fs1",
        "10.0.0.5",
        "::1",
    ]


def test_share_permission_limits_ntfs() -> None:
    acl = [_ace("S-1-5-11", "read"), _ace(f"{DOM}-1201", "full")]
    assert share_admits(acl, f"{DOM}-1201") is FileRights.full
    assert share_admits(acl, f"{DOM}-513") is FileRights.read  # via Authenticated Users
    assert share_admits([*acl, _ace("S-1-1-0", "full", "deny")], f"{DOM}-1201") is FileRights.other


def test_grants_skip_inherit_only_inherited_and_denied() -> None:
    root = FolderAcl(
        server="fs1.stad.local",
        share="Dossiers",
        dacl=[
            _ace(f"{DOM}-1201", "change"),
            _ace("S-1-3-0", "full", flags=["OI", "CI", "IO"]),  # CREATOR OWNER, inherit-only
            _ace("S-1-1-0", "full"),
        ],
    )
    below = FolderAcl(
        server="fs1.stad.local",
        share="Dossiers",
        path="2026",
        depth=1,
        dacl=[
            _ace("S-1-1-0", "full", flags=["OI", "CI", "ID"]),
            _ace("S-1-5-32-545", "read", local_to="fs1.stad.local"),
            _ace(f"{DOM}-1300", "change"),
            _ace(f"{DOM}-1300", "change", "deny"),
        ],
    )
    observed = ObservedShares(_facts([_ace("S-1-1-0", "change")], [root, below]))
    share = observed.share(r"\\FS1\dossiers")
    assert share is not None
    assert [
        (g.path, g.trustee_sid, g.rights.value, g.ntfs_rights.value) for g in observed.grants(share)
    ] == [
        ("", f"{DOM}-1201", "change", "change"),
        ("", "S-1-1-0", "change", "full"),
        ("2026", "S-1-5-32-545", "read", "read"),
    ]


def test_not_observed_without_share_acl_or_root() -> None:
    root = FolderAcl(server="fs1", share="Dossiers", dacl=[_ace("S-1-1-0", "full")])
    assert ObservedShares(_facts(None, [root])).share(r"\\fs1\Dossiers") is None
    failed = FolderAcl(server="fs1", share="Dossiers", error="denied")
    observed = ObservedShares(_facts([_ace("S-1-1-0", "full")], [failed]))
    assert observed.share(r"\\fs1\Dossiers") is None
    assert observed.listed(r"\\fs1\Dossiers")


def test_effective_share_replaces_declared_entries() -> None:
    root = FolderAcl(
        server="fs1.stad.local",
        share="Dossiers",
        dacl=[
            _ace(f"{DOM}-1201", "change"),
            _ace("S-1-1-0", "read"),
            _ace("S-1-5-32-544", "full", local_to="fs1.stad.local"),
        ],
    )
    observed = ObservedShares(_facts([_ace("S-1-1-0", "full")], [root]))
    declared = Share(
        name="dossiers",
        server="FS1",
        line=4,
        acl=[ShareAce(principal=r"STAD\GG_SD", rights="change")],
    )
    effective = observed.effective(declared)
    assert (effective.line, effective.name) == (4, "dossiers")
    assert [(a.principal, a.rights, a.local_to) for a in effective.acl] == [
        (f"{DOM}-1201", "change", ""),
        ("Everyone", "read", ""),
        ("S-1-5-32-544", "full", "fs1.stad.local"),
    ]
    other = Share(name="archief", server="FS2", acl=[])
    assert observed.effective(other) is other
