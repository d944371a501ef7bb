"""Inventory collectors: servers, shares and backups from a CSV or YAML file."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kszcheck.collectors.base import Collected, resolve_path
from kszcheck.collectors.closing import ClosingEvidence, closing_evidence, split_closing
from kszcheck.collectors.tables import TABLES, parsers
from kszcheck.collectors.tabular import (
    SourceText,
    load_collection,
    not_recorded_when_empty,
    read_source,
    refuse_duplicates,
)
from kszcheck.model.errors import InputError
from kszcheck.model.inventory import Inventory, Share
from kszcheck.model.site import SourceSpec, SourceType

__all__ = [
    "SHARE_RIGHTS",
    "collect_application_roles",
    "collect_backups",
    "collect_disposals",
    "collect_mailbox_permissions",
    "collect_print_queues",
    "collect_scan_profiles",
    "collect_servers",
    "collect_shares",
    "parse_acl",
]

#: Share rights, from least to most.
SHARE_RIGHTS = ("read", "change", "full")


def collect_servers(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    source = read_source(resolve_path(spec, base_dir))
    none: set[str] = set()
    servers = _load(source, SourceType.servers, none)
    refuse_duplicates(servers, lambda s: s.name, "server", source.name)
    return _inventory(source, "servers", Inventory(servers=servers), none)


def collect_shares(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    source = read_source(resolve_path(spec, base_dir))
    none: set[str] = set()
    shares = _load(source, SourceType.shares, none)
    for share in shares:
        _check_rights(share, source.name)
    refuse_duplicates(shares, lambda s: s.unc, "share", source.name)
    return _inventory(source, "shares", Inventory(shares=shares), none)


def collect_backups(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    source = read_source(resolve_path(spec, base_dir))
    none: set[str] = set()
    backups = _load(source, SourceType.backups, none)
    for backup in backups:
        backup.last_success = as_utc(backup.last_success)
    return _inventory(source, "backups", Inventory(backups=backups), none)


def _inventory(
    source: SourceText,
    collection: str,
    inventory: Inventory,
    declared_none: set[str],
    closed: ClosingEvidence | None = None,
) -> Collected:
    """The facts of one inventory file; a file with no rows records nothing (not "none"), and a
    list that must close with its row count (``closed``) is missing without a proof."""
    kind = f"inventory.{collection}"
    empty = not_recorded_when_empty(
        source, collection, kind, len(getattr(inventory, collection)), declared_none
    )
    if empty.missing or closed is None:
        closed = ClosingEvidence(empty.missing, empty.reason, empty.warnings)
    return Collected(
        provides=[kind],
        inventory=inventory,
        missing=closed.missing,
        reason=closed.reason,
        warnings=closed.warnings,
        content_hash=source.content_hash,
    )


def collect_application_roles(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    """Role assignments exported from the social-service application (CSV or YAML)."""
    return _optional_export(spec, base_dir, SourceType.application_roles)


def collect_mailbox_permissions(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    """Mailbox permissions exported from Exchange or Microsoft 365 (CSV or YAML)."""
    return _optional_export(spec, base_dir, SourceType.mailbox_permissions)


def collect_print_queues(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    return _optional_export(spec, base_dir, SourceType.print_queues)


def collect_scan_profiles(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    return _optional_export(spec, base_dir, SourceType.scan_profiles)


def collect_disposals(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    """The register of decommissioned assets and their wipe or destruction certificates."""
    return _optional_export(spec, base_dir, SourceType.disposals)


def _optional_export(spec: SourceSpec, base_dir: Path, source_type: SourceType) -> Collected:
    """One collection of kszcheck/model/assets.py from its own CSV or YAML file. No system that
    kszcheck reads can show what such a list lacks: it proves it complete with its closing line
    (:mod:`~kszcheck.collectors.closing`), or its kind is missing."""
    read = read_source(resolve_path(spec, base_dir))
    text, closing = split_closing(read.text, read.name)
    source = replace(read, text=text)
    none: set[str] = set()
    items = _load(source, source_type, none)
    collection = TABLES[source_type].collection
    if closing.declared == 0 and not items:
        none.add(collection)  # '# rows: 0': the list says it is empty
    kind = f"inventory.{collection}"
    closed = (
        ClosingEvidence([], "", [])
        if collection in none
        else closing_evidence(source.name, kind, closing, len(items))
    )
    inventory = Inventory.model_validate({collection: items})
    return _inventory(source, collection, inventory, none, closed)


def _load(source: SourceText, source_type: SourceType, declared_none: set[str]) -> list[Any]:
    """The rows of an inventory file, read as its table says (``collectors.tables``)."""
    table = TABLES[source_type]
    return load_collection(
        source, table.collection, table.model, Inventory, parsers(source_type), declared_none
    )


def parse_acl(cell: str, separator: str) -> list[dict[str, Any]]:
    """Parse a share-ACL cell: ``principal:rights[:deny]`` entries split by the list separator.

    Example: ``VOORBEELD\\GG_SD_Dossiers:change;Everyone:read;VOORBEELD\\Stagiairs:full:deny``.
    """
    entries: list[dict[str, Any]] = []
    for raw in cell.split(separator):
        entry = raw.strip()
        if not entry:
            continue
        parts = [part.strip() for part in entry.split(":")]
        deny = len(parts) == 3 and parts[2].lower() == "deny"
        if len(parts) not in (2, 3) or not parts[0] or (len(parts) == 3 and not deny):
            raise ValueError(
                f"'{entry}' is not written as principal:rights or principal:rights:deny "
                "(e.g. VOORBEELD\\GG_SD_Dossiers:change)"
            )
        rights = parts[1].lower()
        if rights not in SHARE_RIGHTS:
            raise ValueError(f"'{entry}': rights must be read, change or full")
        entries.append({"principal": parts[0], "rights": rights, "deny": deny})
    return entries


def _check_rights(share: Share, source: str) -> None:
    for ace in share.acl:
        ace.rights = ace.rights.strip().lower()
        if ace.rights not in SHARE_RIGHTS:
            raise InputError(
                source,
                f"share '{share.unc}': rights '{ace.rights}' for '{ace.principal}' "
                "must be read, change or full",
                share.line,
            )


def as_utc(moment: datetime | None) -> datetime | None:
    """A time without a UTC offset is read as UTC, so that it compares with the scan time."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
