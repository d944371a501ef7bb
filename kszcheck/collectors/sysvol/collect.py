"""The ``sysvol`` source: the content of every GPO folder (``Policies/{GUID}``) of a SYSVOL
copy (``path``) or of a domain controller's SYSVOL share (``url: smb://dc/sysvol``).

For each GPO it reads ``GPT.INI`` (it must exist: a folder without it is not a complete GPO),
``Machine/Microsoft/Windows NT/SecEdit/GptTmpl.inf``, ``Machine/Microsoft/Windows NT/Audit/
audit.csv`` and ``Machine/Registry.pol`` when present. A file that cannot be read or understood
makes the source partial with the file named; its other GPOs are kept. So does a GPO folder
that cannot be listed (its GPO is kept without content).
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path

from kszcheck.collectors.auditcsv import parse_audit_csv
from kszcheck.collectors.base import Collected, SourceFailed, resolve_path
from kszcheck.collectors.sysvol.gpttmpl import parse_gpttmpl
from kszcheck.collectors.sysvol.registrypol import parse_registry_pol
from kszcheck.collectors.sysvol.tree import FolderTree, SysvolTree, find
from kszcheck.collectors.wintext import decode_windows_text
from kszcheck.model.policy import AuditSetting, GpoContent, Policy
from kszcheck.model.site import SourceSpec

__all__ = ["collect", "read_policies"]

_GUID = re.compile(r"^\{[0-9A-Fa-f]{8}-(?:[0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}\}$")
_TEMPLATE = ("Machine", "Microsoft", "Windows NT", "SecEdit", "GptTmpl.inf")
_AUDIT = ("Machine", "Microsoft", "Windows NT", "Audit", "audit.csv")
_REGISTRY = ("Machine", "Registry.pol")


def collect(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    if spec.url:
        from kszcheck.collectors.sysvol.smbtree import open_smb_tree

        tree = open_smb_tree(spec, base_dir)
        try:
            return read_policies(tree)
        finally:
            tree.client.close()
    root = resolve_path(spec, base_dir)
    if not root.is_dir():
        raise SourceFailed(f"{root}: not a folder (a copy of SYSVOL or its Policies folder)")
    return read_policies(FolderTree(root))


def _policies_folder(tree: SysvolTree) -> tuple[str, ...]:
    """The folder holding the GPO folders: the root itself, or a ``Policies`` folder up to three
    levels below it (``Policies``, ``<domain>/Policies``, ``sysvol/<domain>/Policies``)."""
    level: list[tuple[str, ...]] = [()]
    for _depth in range(4):
        following: list[tuple[str, ...]] = []
        for folder in level:
            entries = [n for n, is_dir in tree.children(folder) if is_dir]
            if (not folder or folder[-1].lower() == "policies") and any(
                _GUID.match(n) for n in entries
            ):
                return folder
            following += [(*folder, n) for n in entries if not _GUID.match(n)]
        level = following
    raise SourceFailed(f"{tree.describe(())}: no Policies folder with GPO folders ({{GUID}})")


def read_policies(tree: SysvolTree) -> Collected:
    folder = _policies_folder(tree)
    digest = hashlib.sha256()
    problems: list[str] = []
    gpos: list[GpoContent] = []
    for name, is_dir in tree.children(folder):
        if not is_dir or not _GUID.match(name):
            continue
        gpo_path = (*folder, name)
        content, files = _read_gpo(tree, gpo_path, name.strip("{}").lower())
        for data in files:
            digest.update(hashlib.sha256(data).digest())
        gpos.append(content)
    problems += [f"{g.path}: {e}" for g in gpos for e in g.errors]
    more = f" (+{len(problems) - 3} more)" if len(problems) > 3 else ""
    return Collected(
        provides=["gpo.settings"],
        policy=Policy(gpos=gpos),
        content_hash=digest.hexdigest(),
        partial=bool(problems),
        warnings=problems,
        reason="; ".join(problems[:3]) + more,
    )


def _read_gpo(
    tree: SysvolTree, gpo_path: tuple[str, ...], guid: str
) -> tuple[GpoContent, list[bytes]]:
    """The GPO's content; a file that could not be read is one of its ``errors``, so the GPO
    counts as unread (analysis.gpo): a setting it may hold is unknown, never "not set"."""
    files: list[bytes] = []
    unread: list[str] = []
    where = tree.describe(gpo_path)
    try:
        tree.children(gpo_path)
    except OSError as exc:  # e.g. its ACL leaves the reading account out: nothing of it is known
        return GpoContent(guid=guid, path=where, errors=[f"cannot list ({exc})"]), files
    template = _file(tree, gpo_path, _TEMPLATE, files, unread)
    content = (
        parse_gpttmpl(decode_windows_text(template), guid, where)
        if template is not None
        else GpoContent(guid=guid, path=where)
    )
    if find(tree, gpo_path, "GPT.INI") is None:
        content.errors.append("no GPT.INI (an incomplete GPO folder)")
    audit = _file(tree, gpo_path, _AUDIT, files, unread)
    if audit is not None:
        try:
            rows = parse_audit_csv(decode_windows_text(audit))
        except ValueError as exc:
            content.errors.append(f"audit.csv: {exc}")
        else:
            content.audit = [
                AuditSetting(
                    subcategory=r.subcategory, guid=r.guid, success=r.success, failure=r.failure
                )
                for r in rows
            ]
    registry = _file(tree, gpo_path, _REGISTRY, files, unread)
    if registry is not None:
        try:
            content.registry += parse_registry_pol(registry)
        except ValueError as exc:
            content.errors.append(f"Registry.pol: {exc}")
    content.errors[:0] = unread
    return content, files


def _file(
    tree: SysvolTree,
    gpo_path: tuple[str, ...],
    names: tuple[str, ...],
    files: list[bytes],
    unread: list[str],
) -> bytes | None:
    try:
        path = find(tree, gpo_path, *names)
    except OSError as exc:
        unread.append(f"{'/'.join(names[:-1])}: cannot list ({exc})")
        return None
    if path is None:
        return None
    try:
        data = tree.read(path)
    except OSError as exc:
        unread.append(f"{'/'.join(path[len(gpo_path) :])}: cannot read ({exc})")
        return None
    files.append(data)
    return data
