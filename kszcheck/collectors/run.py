"""Run the collectors of a site profile and merge their facts into one snapshot."""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kszcheck import __version__
from kszcheck.collectors.base import Collected, CollectorFn, Count, count_scope, progress_scope
from kszcheck.collectors.netbox import PROVIDES as NETBOX_PROVIDES
from kszcheck.collectors.reconcile import RECONCILED_KINDS, reconcile
from kszcheck.collectors.smb_targets import smb_default_targets
from kszcheck.model.errors import InputError
from kszcheck.model.provenance import CollectionStatus, Provenance
from kszcheck.model.site import SiteProfile, SourceSpec, SourceType
from kszcheck.model.snapshot import Snapshot

__all__ = ["COLLECTORS", "Counter", "SourceResult", "assemble", "collect_site", "collect_source"]

#: Source type -> "module:function" of its collector.
COLLECTORS: dict[SourceType, str] = {
    SourceType.ldif: "kszcheck.collectors.ldif_collect:collect",
    SourceType.ldap: "kszcheck.collectors.ldap:collect",
    SourceType.servers: "kszcheck.collectors.inventory:collect_servers",
    SourceType.shares: "kszcheck.collectors.inventory:collect_shares",
    SourceType.backups: "kszcheck.collectors.inventory:collect_backups",
    SourceType.people: "kszcheck.collectors.records:collect_people",
    SourceType.records: "kszcheck.collectors.records:collect_records",
    SourceType.network: "kszcheck.collectors.network_yaml:collect",
    SourceType.application_roles: "kszcheck.collectors.inventory:collect_application_roles",
    SourceType.mailbox_permissions: "kszcheck.collectors.inventory:collect_mailbox_permissions",
    SourceType.print_queues: "kszcheck.collectors.inventory:collect_print_queues",
    SourceType.scan_profiles: "kszcheck.collectors.inventory:collect_scan_profiles",
    SourceType.disposals: "kszcheck.collectors.inventory:collect_disposals",
    SourceType.switchconfig: "kszcheck.collectors.switchconfig.collect:collect",
    SourceType.snmp: "kszcheck.collectors.snmp:collect",
    SourceType.snmpwalk: "kszcheck.collectors.snmpwalk:collect",
    SourceType.sysvol: "kszcheck.collectors.sysvol.collect:collect",
    SourceType.windows_export: "kszcheck.collectors.winexport.collect:collect",
    SourceType.smb: "kszcheck.collectors.smb:collect",
    SourceType.smb_recorded: "kszcheck.collectors.smb:collect_recorded",
    SourceType.netbox: "kszcheck.collectors.netbox:collect",
}

#: Source type -> "module:function" of a context manager that starts a source's long work
#: before the site's other sources are collected (on other processors), ended with the site.
EARLY_START: dict[SourceType, str] = {
    SourceType.ldif: "kszcheck.collectors.ldif_parts:start_early",
}

#: What an SNMP source provides: no ACLs (no standard MIB has them) and no hosts.
SNMP_PROVIDES = ("network.devices", "network.vlans", "network.ports", "network.svis")

Progress = Callable[[SourceSpec, str], None]
#: How far a source's long work is (LDIF bytes, LDAP entries, SNMP agents, SMB servers).
Counter = Callable[[SourceSpec, Count], None]


def _collector(kind: SourceType) -> CollectorFn | None:
    fn: CollectorFn | None = _function(COLLECTORS.get(kind))
    return fn


def _function(target: str | None) -> Any:
    """The function a "module:function" names, its module imported now; None for None."""
    if target is None:
        return None
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def collect_site(
    site: SiteProfile,
    base_dir: Path,
    now: datetime | None = None,
    progress: Progress | None = None,
    *,
    strict: bool = False,
    counts: Counter | None = None,
) -> Snapshot:
    """Collect every source (see ``_collect_site``); with more than one source, the long work
    of some (a large LDIF export) starts first, on other processors (``EARLY_START``)."""
    with contextlib.ExitStack() as stack:
        early: set[str] = set()  # sources whose work was started early: collected last
        if len(site.sources) > 1:
            for spec in site.sources:
                start = _function(EARLY_START.get(spec.type))
                if start is not None and stack.enter_context(start(spec, base_dir)):
                    early.add(spec.id)
        return _collect_site(
            site, base_dir, now, progress, strict=strict, counts=counts, last=early
        )


def _collect_site(
    site: SiteProfile,
    base_dir: Path,
    now: datetime | None = None,
    progress: Progress | None = None,
    *,
    strict: bool = False,
    counts: Counter | None = None,
    last: set[str] | frozenset[str] = frozenset(),
) -> Snapshot:
    """Collect every source, then reconcile the hand-written inventories with the collected
    facts (:mod:`~kszcheck.collectors.reconcile`). An unreachable source, and a source whose
    data file is malformed, is recorded as failed with a one-line reason ("file:line: what is
    wrong"), so the rules that need it become not_assessed. An error in a source's settings in
    the site profile raises InputError (a configuration error); with ``strict`` a malformed or
    unprovably complete data file does too.

    The sources named in ``last`` (their work started early, on other processors) are
    collected after the others, but before an SMB source that takes its servers from what was
    collected before it; the snapshot holds every source in the order of the site profile."""
    collected_at = now or datetime.now(UTC)
    results: dict[int, SourceResult] = {}
    ends: dict[str, str] = {}  # the final progress state of a source, held back
    held: list[tuple[int, SourceSpec]] = []  # inventories whose line waits for reconciliation

    def hold_end(spec: SourceSpec, state: str) -> None:
        if state in ("done", "partial"):
            ends[spec.id] = state
        elif progress:
            progress(spec, state)

    def in_order() -> list[SourceResult]:
        return [results[index] for index in sorted(results)]

    for index, spec in _order(site.sources, last):
        if spec.type is SourceType.smb and not spec.targets:
            so_far = assemble(site, collected_at, in_order(), reconciled=False)
            spec = spec.model_copy(update={"targets": smb_default_targets(site, so_far, spec)})
        result = collect_source(
            spec,
            base_dir,
            collected_at,
            hold_end if progress else None,
            strict=strict,
            counts=counts,
        )
        results[index] = result
        if spec.id not in ends or progress is None:
            continue
        if set(result[1].provides) & RECONCILED_KINDS:
            held.append((index, spec))  # reconciliation may still find it incomplete
        else:
            progress(spec, ends[spec.id])
    snapshot = assemble(site, collected_at, in_order())
    for index, spec in held:
        complete = snapshot.sources[index].status is CollectionStatus.complete
        if progress:
            progress(spec, "done" if complete else "partial")
    if strict:
        _refuse_incomplete(snapshot)
    return snapshot


def _order(
    sources: list[SourceSpec], last: set[str] | frozenset[str]
) -> list[tuple[int, SourceSpec]]:
    """The sources with their place in the profile, those in ``last`` moved after the others
    but not past an SMB source that reads what was collected before it."""
    order: list[tuple[int, SourceSpec]] = []
    later: list[tuple[int, SourceSpec]] = []
    for index, spec in enumerate(sources):
        if spec.type is SourceType.smb and not spec.targets:
            order += later
            later = []
        (later if spec.id in last else order).append((index, spec))
    return order + later


#: One source's result: its facts (None when it failed) and its provenance.
SourceResult = tuple[Collected | None, Provenance]


def collect_source(
    spec: SourceSpec,
    base_dir: Path,
    now: datetime,
    progress: Progress | None = None,
    *,
    strict: bool = False,
    counts: Counter | None = None,
) -> SourceResult:
    """Collect one source: its facts and its provenance (failed with the reason, or complete /
    partial from the collector's own evidence)."""
    started = datetime.now(UTC)
    if progress:
        progress(spec, "start")
    fn = _collector(spec.type)
    target = spec.path or spec.url or ", ".join(spec.targets)
    if fn is None:
        reason = f"this kszcheck version has no collector for source type '{spec.type}'"
        return None, _failed(spec, target, started, reason)
    try:
        counter = (lambda count: counts(spec, count)) if counts is not None else None
        with progress_scope(_per_target(progress, spec)), count_scope(counter):
            collected = fn(spec, base_dir, now)
    except InputError as exc:
        if strict or not _names_a_file(exc, base_dir):
            raise
        if progress:
            progress(spec, "failed")
        return None, _failed(spec, target, started, str(exc))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if isinstance(exc, FileNotFoundError):
            reason = "file not found"
        if progress:
            progress(spec, "failed")
        return None, _failed(spec, target, started, reason)
    provenance = Provenance(
        source_id=spec.id,
        collector=spec.type.value,
        target=target,
        started=started,
        finished=datetime.now(UTC),
        status=(
            CollectionStatus.partial
            if collected.missing or collected.partial
            else CollectionStatus.complete
        ),
        provides=collected.provides,
        missing=collected.missing,
        content_hash=collected.content_hash,
        warnings=collected.warnings,
        reason=collected.reason,
    )
    if progress:  # a source that could not prove itself complete is never "done"
        progress(spec, "done" if provenance.status is CollectionStatus.complete else "partial")
    return collected, provenance


def assemble(
    site: SiteProfile, now: datetime, parts: list[SourceResult], *, reconciled: bool = True
) -> Snapshot:
    """Merge the sources' facts into one snapshot and reconcile the inventories with them."""
    snapshot = Snapshot(tool_version=__version__, site_name=site.name)
    snapshot.collected_at = now
    for collected, provenance in parts:
        if collected is not None:
            _merge(snapshot, collected)
        snapshot.sources.append(provenance.model_copy(deep=True))
    if reconciled:
        reconcile(snapshot, site)
    return snapshot


def _refuse_incomplete(snapshot: Snapshot) -> None:
    """--strict: a source that could not prove itself complete stops the run (exit code 2)."""
    for source in snapshot.sources:
        if source.status is CollectionStatus.partial and source.missing:
            raise InputError(
                source.target, f"incomplete source '{source.source_id}': {source.reason}"
            )


def _names_a_file(exc: InputError, base_dir: Path) -> bool:
    """Malformed source data names the file it is in; an error in a source's settings names
    the source ("source 'ad'") and is a configuration error, which stops the run."""
    named = Path(exc.source)
    try:
        return named.is_file() or (base_dir / named).is_file()
    except (OSError, ValueError):
        return False


def _failed(spec: SourceSpec, target: str, started: datetime, reason: str) -> Provenance:
    from kszcheck.model.provenance import FACT_KINDS

    family = _family(spec.type)
    provides = [k for k in FACT_KINDS if k.startswith(family)]
    if spec.type is SourceType.records:
        provides.remove("records.people")  # people come from their own source
    if spec.type in (SourceType.snmp, SourceType.snmpwalk):
        provides = list(SNMP_PROVIDES)
    if spec.type is SourceType.windows_export:
        provides.append("backup.jobs")
    if spec.type is SourceType.netbox:
        provides = list(NETBOX_PROVIDES)
    return Provenance(
        source_id=spec.id,
        collector=spec.type.value,
        target=target,
        started=started,
        finished=datetime.now(UTC),
        status=CollectionStatus.failed,
        provides=provides,
        reason=reason,
    )


def _per_target(progress: Progress | None, spec: SourceSpec) -> Callable[[str], None] | None:
    """The progress of one source's targets (e.g. each switch of an SNMP source)."""
    if progress is None:
        return None
    return lambda state: progress(spec, state)


def _family(kind: SourceType) -> str:
    return {
        SourceType.ldif: "directory.",
        SourceType.ldap: "directory.",
        SourceType.servers: "inventory.servers",
        SourceType.shares: "inventory.shares",
        SourceType.backups: "inventory.backups",
        SourceType.people: "records.people",
        SourceType.records: "records.",
        SourceType.network: "network.",
        SourceType.application_roles: "inventory.application_roles",
        SourceType.mailbox_permissions: "inventory.mailbox_permissions",
        SourceType.print_queues: "inventory.print_queues",
        SourceType.scan_profiles: "inventory.scan_profiles",
        SourceType.disposals: "inventory.disposals",
        SourceType.switchconfig: "network.",
        SourceType.snmp: "network.",
        SourceType.snmpwalk: "network.",
        SourceType.netbox: "network.",
        SourceType.sysvol: "gpo.",
        SourceType.windows_export: "host.",
        SourceType.smb: "smb.",
        SourceType.smb_recorded: "smb.",
    }[kind]


def _merge(snapshot: Snapshot, collected: Collected) -> None:
    for part in ("directory", "network", "inventory", "records", "policy", "hosts", "smb"):
        new = getattr(collected, part)
        if new is None:
            continue
        current = getattr(snapshot, part)
        for name in type(new).model_fields:
            value = getattr(new, name)
            if isinstance(value, list):
                getattr(current, name).extend(value)
            elif isinstance(value, dict):
                getattr(current, name).update(value)
