"""Read the folder the Windows pack wrote (source type ``windows-export``).

``manifest.json`` must be there: it names the servers read and those that failed (their facts
are then not collected, never "none"). Each file present provides its fact kind; a file that
is missing means the kind was not collected. Veeam files provide ``backup.jobs``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from kszcheck.collectors.base import Collected, SourceFailed, resolve_path
from kszcheck.collectors.winexport import parse
from kszcheck.collectors.winexport.files import AUDITPOL_FOLDER, MANIFEST
from kszcheck.collectors.wintext import decode_windows_text
from kszcheck.model.errors import InputError
from kszcheck.model.hosts import Hosts
from kszcheck.model.site import SourceSpec

__all__ = ["collect"]

T = TypeVar("T")


def collect(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    folder = resolve_path(spec, base_dir)
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise SourceFailed(f"{folder}: no {MANIFEST} (not a folder written by the Windows pack)")
    digest = hashlib.sha256()

    def text(path: Path) -> str:
        data = path.read_bytes()
        digest.update(hashlib.sha256(data).digest())
        return decode_windows_text(data)

    def read(name: str, parser: Callable[[str, str], list[T]]) -> list[T] | None:
        path = folder / name
        if not path.is_file():
            return None
        try:
            return parser(text(path), name)
        except ValueError as exc:
            file, _, rest = str(exc).partition(":")
            line, _, what = rest.partition(":")
            raise InputError(
                str(folder / file), what.strip(), int(line) if line.isdigit() else None
            ) from None

    try:
        hosts_read, hosts_failed, veeam = parse.parse_manifest(text(manifest))
    except ValueError as exc:
        raise InputError(str(manifest), str(exc).split(": ", 1)[-1]) from None
    hosts = Hosts(hosts_read=hosts_read, hosts_failed=hosts_failed)
    provides: list[str] = []
    for kind, name, parser, target in (
        ("host.local_groups", "local_group_members.csv", parse.parse_local_groups,
         hosts.local_group_members),
        ("host.updates", "updates.csv", parse.parse_updates, hosts.updates),
        ("host.event_logs", "event_logs.csv", parse.parse_event_logs, hosts.event_logs),
    ):  # fmt: skip
        found: list[Any] | None = read(name, parser)
        if found is not None:
            target.extend(found)
            provides.append(kind)
    audit_folder = folder / AUDITPOL_FOLDER
    if audit_folder.is_dir():
        for path in sorted(audit_folder.glob("*.csv")):
            name = f"{AUDITPOL_FOLDER}/{path.name}"
            try:
                hosts.audit_policy += parse.parse_auditpol(text(path), name, path.stem)
            except ValueError as exc:
                raise InputError(str(path), str(exc).split(": ", 1)[-1]) from None
        provides.append("host.audit_policy")
    jobs = read("veeam_jobs.csv", parse.parse_veeam_jobs)
    sessions = read("veeam_sessions.csv", parse.parse_veeam_sessions)
    if jobs is not None and sessions is not None and veeam == "ok":
        hosts.backup_jobs, hosts.backup_sessions = jobs, sessions
        provides.append("backup.jobs")
    warnings = [f"{name}: not read: {why}" for name, why in sorted(hosts_failed.items())]
    if veeam.startswith("failed"):
        warnings.append(f"Veeam export {veeam}")
    return Collected(
        provides=provides,
        hosts=hosts,
        content_hash=digest.hexdigest(),
        warnings=warnings,
        partial=bool(warnings),
        reason="; ".join(warnings[:3]),
    )
