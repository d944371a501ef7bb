"""Read the folder the Windows pack wrote (source type ``windows-export``).

``manifest.json`` must be there: it names the servers read and those that failed (their facts
are then not collected, never "none"). Each file present provides its fact kind; a file that
is missing means the kind was not collected. Veeam files provide ``backup.jobs``. The share files
provide ``smb.shares`` and ``smb.acls`` in the SMB collector's vocabulary
(:mod:`~kszcheck.collectors.winexport.shares`); like a file server the SMB collector could not
reach, a server the pack could not read leaves both missing.

Completeness: the pack writes manifest.json last, with the number of rows it wrote to each CSV
file. A CSV whose rows differ from that count (cut on its way to the scanner), or that the
manifest does not count (a manifest of an older pack has no counts), is not proven complete:
the fact kinds it gives are missing, with one warning naming the file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from csv import Error as csv_error
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from kszcheck.collectors.base import Collected, SourceFailed, resolve_path
from kszcheck.collectors.winexport import parse
from kszcheck.collectors.winexport.files import AUDITPOL_FOLDER, MANIFEST
from kszcheck.collectors.winexport.shares import ACCESS, NTFS, SHARES, SharesRead, parse_shares
from kszcheck.collectors.wintext import decode_windows_text
from kszcheck.model.errors import InputError
from kszcheck.model.hosts import Hosts
from kszcheck.model.site import SourceSpec

__all__ = ["collect"]

T = TypeVar("T")


#: The fact kinds each CSV file of the pack gives.
_KINDS = {
    "local_group_members.csv": ("host.local_groups",),
    "updates.csv": ("host.updates",),
    "event_logs.csv": ("host.event_logs",),
    SHARES: ("smb.shares", "smb.acls"),
    ACCESS: ("smb.shares",),
    NTFS: ("smb.acls",),
    "veeam_jobs.csv": ("backup.jobs",),
    "veeam_sessions.csv": ("backup.jobs",),
}


class _Folder:
    """The pack's folder: each file read once, its bytes hashed into the source's hash, each
    CSV's rows checked against the count in manifest.json."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.digest = hashlib.sha256()
        self.rows: dict[str, int] | None = None
        self.unproven: dict[str, str] = {}  # file -> why it is not proven complete

    def text(self, path: Path) -> str:
        data = path.read_bytes()
        self.digest.update(hashlib.sha256(data).digest())
        return decode_windows_text(data)

    def optional(self, name: str) -> str | None:
        path = self.folder / name
        if not path.is_file():
            return None
        found = self.text(path)
        self._check_rows(name, found)
        return found

    def _check_rows(self, name: str, text: str) -> None:
        try:
            count = sum(1 for _ in parse.rows(text, name, ()))
        except (ValueError, csv_error):
            return  # the parser names the malformed row
        if self.rows is None:
            why = f"{name}: not proven complete: {MANIFEST} has no row counts (an older pack)"
        elif name not in self.rows:
            why = f"{name}: not proven complete: {MANIFEST} does not count its rows"
        elif self.rows[name] != count:
            why = (
                f"{name}: incomplete: {count} rows, {MANIFEST} counts {self.rows[name]} (the file "
                "was cut or changed after the pack wrote it)"
            )
        else:
            return
        self.unproven[name] = why

    def missing(self) -> list[str]:
        return sorted({kind for name in self.unproven for kind in _KINDS.get(name, ())})

    def read(self, name: str, parser: Callable[[str, str], list[T]]) -> list[T] | None:
        found = self.optional(name)
        if found is None:
            return None
        try:
            return parser(found, name)
        except ValueError as exc:
            raise _input_error(self.folder, exc) from None


def collect(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    folder = _Folder(resolve_path(spec, base_dir))
    manifest = folder.folder / MANIFEST
    if not manifest.is_file():
        raise SourceFailed(
            f"{folder.folder}: no {MANIFEST} (not a folder written by the Windows pack)"
        )
    try:
        manifest_text = folder.text(manifest)
        hosts_read, hosts_failed, veeam = parse.parse_manifest(manifest_text)
    except ValueError as exc:
        raise InputError(str(manifest), str(exc).split(": ", 1)[-1]) from None
    folder.rows = parse.parse_manifest_rows(manifest_text)
    hosts = Hosts(hosts_read=hosts_read, hosts_failed=hosts_failed)
    provides: list[str] = []
    for kind, name, parser, target in (
        ("host.local_groups", "local_group_members.csv", parse.parse_local_groups,
         hosts.local_group_members),
        ("host.updates", "updates.csv", parse.parse_updates, hosts.updates),
        ("host.event_logs", "event_logs.csv", parse.parse_event_logs, hosts.event_logs),
    ):  # fmt: skip
        found: list[Any] | None = folder.read(name, parser)
        if found is not None:
            target.extend(found)
            provides.append(kind)
    audit_folder = folder.folder / AUDITPOL_FOLDER
    if audit_folder.is_dir():
        for path in sorted(audit_folder.glob("*.csv")):
            name = f"{AUDITPOL_FOLDER}/{path.name}"
            try:
                hosts.audit_policy += parse.parse_auditpol(folder.text(path), name, path.stem)
            except ValueError as exc:
                raise InputError(str(path), str(exc).split(": ", 1)[-1]) from None
        provides.append("host.audit_policy")
    jobs = folder.read("veeam_jobs.csv", parse.parse_veeam_jobs)
    sessions = folder.read("veeam_sessions.csv", parse.parse_veeam_sessions)
    if jobs is not None and sessions is not None and veeam == "ok":
        hosts.backup_jobs, hosts.backup_sessions = jobs, sessions
        provides.append("backup.jobs")
    warnings = [f"{name}: not read: {why}" for name, why in sorted(hosts_failed.items())]
    if veeam.startswith("failed"):
        warnings.append(f"Veeam export {veeam}")
    shares = _shares(folder, hosts_read, bool(hosts_failed))
    missing = set(folder.missing())
    if shares is not None:
        provides += ["smb.shares", "smb.acls"]
        warnings += shares.problems
        missing |= shares.missing
    warnings += list(folder.unproven.values())
    return Collected(
        provides=provides,
        hosts=hosts,
        smb=shares.facts if shares else None,
        missing=sorted(k for k in missing if k in provides),
        content_hash=folder.digest.hexdigest(),
        warnings=warnings,
        partial=bool(warnings),
        reason="; ".join(warnings[:3]),
    )


def _shares(folder: _Folder, hosts_read: list[str], some_failed: bool) -> SharesRead | None:
    """The share files as smb.* facts (None without shares.csv: the kinds were not collected).
    A server of the run that was not read leaves both kinds missing: its shares are unknown."""
    listed = folder.optional(SHARES)
    if listed is None:
        return None
    try:
        shares = parse_shares(listed, folder.optional(ACCESS), folder.optional(NTFS), hosts_read)
    except ValueError as exc:
        raise _input_error(folder.folder, exc) from None
    if some_failed:
        shares.missing |= {"smb.shares", "smb.acls"}
    return shares


def _input_error(folder: Path, exc: ValueError) -> InputError:
    """A parser's ``'<file>:<line>: what'`` as an InputError naming the file in the folder."""
    file, _, rest = str(exc).partition(":")
    line, _, what = rest.partition(":")
    return InputError(str(folder / file), what.strip(), int(line) if line.isdigit() else None)
