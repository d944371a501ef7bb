"""Reconcile the hand-written inventories with the facts collected from systems.

A CSV or YAML inventory cut at a row boundary still parses: it cannot prove itself complete.
What the systems show can: a server that AD knows as a computer object with a server operating
system, an account with an employeeID, a share that a file server lists. Each one that the
inventory lacks is a gap of its own ("inventory incomplete", one warning line each, naming the
inventory file and the evidence); the inventory's source becomes partial with the kind it
provides recorded as missing, so the rules that read it are ``not_assessed`` instead of passing
on the rows that are left. Evidence is used only from a source that completed: a partial AD
export proves nothing about the server inventory.

Hooks: the network (SVI subnets, port hosts) does not say which host is a server, so it is not
used yet; SMB shares are compared when an ``smb`` source provides ``smb.shares``, and the backup
inventory with the systems the backup tool's own jobs protect (``backup.jobs``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from kszcheck.model.common import norm_dn
from kszcheck.model.provenance import CollectionStatus, Provenance
from kszcheck.model.site import SiteProfile
from kszcheck.model.snapshot import Snapshot

__all__ = ["RECONCILED_KINDS", "InventoryGap", "inventory_gaps", "reconcile"]

#: The inventories that collected facts can show to be incomplete.
RECONCILED_KINDS = frozenset(
    {"inventory.servers", "inventory.shares", "inventory.backups", "records.people"}
)

#: Shares every Windows server has, that no share inventory lists.
_SYSTEM_SHARES = re.compile(r"^(?:[a-z]\$|admin\$|ipc\$|print\$|sysvol|netlogon)$", re.IGNORECASE)


@dataclass(frozen=True)
class InventoryGap:
    kind: str  # the fact kind of the inventory, e.g. inventory.servers
    subject: str  # what is missing from it, e.g. SRV-FILE03
    evidence: str  # where the systems show it


def reconcile(snapshot: Snapshot, site: SiteProfile | None = None) -> None:
    """Mark each inventory that lacks what the collected facts show as partial (in place)."""
    gaps = inventory_gaps(snapshot)
    by_kind: dict[str, list[InventoryGap]] = {}
    for gap in gaps:
        by_kind.setdefault(gap.kind, []).append(gap)
    for kind, found in by_kind.items():
        for source in snapshot.sources:
            if kind in source.provides and source.status is not CollectionStatus.failed:
                _mark(source, kind, found)


def inventory_gaps(snapshot: Snapshot) -> list[InventoryGap]:
    """What the collected facts show that the inventories lack."""
    complete = _complete_kinds(snapshot.sources)
    gaps: list[InventoryGap] = []
    if {"inventory.servers", "directory.computers"} <= complete:
        gaps += _servers(snapshot)
    if {"records.people", "directory.users"} <= complete:
        gaps += _people(snapshot)
    if {"inventory.shares", "smb.shares"} <= complete:
        gaps += _shares(snapshot)
    if {"inventory.backups", "backup.jobs"} <= complete:
        gaps += _backups(snapshot)
    return gaps


def _complete_kinds(sources: Iterable[Provenance]) -> set[str]:
    provided: set[str] = set()
    unproven: set[str] = set()
    for source in sources:
        provided.update(source.provides)
        if source.status is CollectionStatus.failed:
            unproven.update(source.provides)
        unproven.update(source.missing)
    return provided - unproven


def _servers(snapshot: Snapshot) -> list[InventoryGap]:
    known: set[str] = set()
    for server in snapshot.inventory.servers:
        known.add(server.name.strip().lower())
        if server.fqdn:
            known.add(server.fqdn.strip().lower())
            known.add(server.fqdn.strip().lower().split(".", 1)[0])
    gaps: list[InventoryGap] = []
    for computer in snapshot.directory.computers:
        if not computer.enabled or "server" not in computer.operating_system.lower():
            continue
        name = computer.sam_account_name.rstrip("$")
        names = {name.lower(), computer.dns_hostname.lower(), computer.dns_hostname.lower()}
        names.add(computer.dns_hostname.lower().split(".", 1)[0])
        if not names & known:
            gaps.append(
                InventoryGap(
                    "inventory.servers",
                    name,
                    f"AD computer {computer.dn} ({computer.operating_system})",
                )
            )
    return gaps


def _account_key(account: str) -> str:
    text = account.strip().lower()
    if "=" in text and "," in text:
        return norm_dn(text)
    return text.split("\\", 1)[-1]


def _people(snapshot: Snapshot) -> list[InventoryGap]:
    ids = {p.id.strip().lower() for p in snapshot.records.people}
    accounts = {_account_key(a) for p in snapshot.records.people for a in p.accounts}
    gaps: list[InventoryGap] = []
    for user in snapshot.directory.users:
        if not user.employee_id.strip():
            continue
        keys = {_account_key(k) for k in (user.dn, user.sam_account_name) if k}
        if user.user_principal_name:
            keys.add(_account_key(user.user_principal_name))
        if user.employee_id.strip().lower() in ids or keys & accounts:
            continue
        gaps.append(
            InventoryGap(
                "records.people",
                user.sam_account_name,
                f"AD account {user.dn} with employeeID {user.employee_id}",
            )
        )
    return gaps


def _share_key(server: str, name: str) -> str:
    return f"{server.strip().lower().split('.', 1)[0]}\\{name.strip().lower()}"


def _shares(snapshot: Snapshot) -> list[InventoryGap]:
    known = {_share_key(s.server, s.name) for s in snapshot.inventory.shares}
    gaps: list[InventoryGap] = []
    for share in snapshot.smb.shares:
        if share.share_type != "disk" or _SYSTEM_SHARES.match(share.name):
            continue
        if _share_key(share.server, share.name) not in known:
            gaps.append(
                InventoryGap(
                    "inventory.shares", share.unc, f"share listed by the file server {share.server}"
                )
            )
    return gaps


def _host(name: str) -> str:
    return name.strip().lower().split(".", 1)[0]


def _backups(snapshot: Snapshot) -> list[InventoryGap]:
    """A system that the backup tool's jobs protect (their objects) and for which the backup
    inventory lists no job: the inventory was cut or never completed."""
    known = {_host(b.asset) for b in snapshot.inventory.backups}
    seen: dict[str, str] = {}
    for job in snapshot.hosts.backup_jobs:
        for item in job.objects:
            seen.setdefault(_host(item), f"backup job '{job.name}' of the backup tool")
    return [
        InventoryGap("inventory.backups", host, evidence)
        for host, evidence in sorted(seen.items())
        if host and host not in known
    ]


def _mark(source: Provenance, kind: str, gaps: list[InventoryGap]) -> None:
    name = PurePath(source.target.replace("\\", "/")).name or source.source_id
    shown = ", ".join(g.subject for g in gaps[:5]) + (
        f" and {len(gaps) - 5} more" if len(gaps) > 5 else ""
    )
    source.status = CollectionStatus.partial
    if kind not in source.missing:
        source.missing.append(kind)
    why = f"{name}: inventory incomplete: {len(gaps)} not listed that the systems show ({shown})"
    source.reason = f"{source.reason}; {why}" if source.reason else why
    source.warnings += [
        f"{name}: inventaris onvolledig / inventory incomplete: {g.subject} ontbreekt / "
        f"is missing ({g.evidence})"
        for g in gaps
    ]
