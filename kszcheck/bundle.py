"""Evidence bundle: one zip with the snapshot, the assessment, the reports and a SHA-256 manifest.

``manifest.json`` lists every file with its size and SHA-256; ``SHA256SUMS`` holds the same hashes
in the format of ``sha256sum -c``. Verification recomputes every hash and names each file that
changed, is missing, or was added. The manifest proves integrity, not authorship: record the
manifest's own hash (printed by ``kszcheck bundle``) elsewhere, e.g. in the audit file.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kszcheck.model.errors import InputError

__all__ = [
    "BUNDLE_FORMAT",
    "MANIFEST",
    "REQUIRED",
    "BundleResult",
    "Problem",
    "make_bundle",
    "verify_bundle",
]

BUNDLE_FORMAT = "kszcheck-evidence/1"
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
#: Files a run folder must hold to be bundled.
REQUIRED = ("snapshot.json", "assessment.json")


@dataclass(frozen=True)
class BundleResult:
    path: Path
    files: tuple[str, ...]
    manifest_sha256: str


@dataclass(frozen=True)
class Problem:
    name: str
    kind: str  # changed, missing, unexpected

    def __str__(self) -> str:
        words = {
            "changed": "gewijzigd / changed",
            "missing": "ontbreekt / missing",
            "unexpected": "niet in het manifest / not in the manifest",
        }
        return f"{self.name}: {words.get(self.kind, self.kind)}"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _members(run_dir: Path, exclude: Path) -> list[Path]:
    files = [
        p
        for p in sorted(run_dir.iterdir())
        if p.is_file()
        and not p.name.startswith(".")
        and p.suffix != ".zip"
        and p.name not in (MANIFEST, SUMS)
        and p.resolve() != exclude.resolve()
    ]
    names = {p.name for p in files}
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise InputError(run_dir, f"not a run folder: {', '.join(missing)} missing")
    return files


def make_bundle(
    run_dir: Path, output: Path, *, created: datetime, tool_version: str
) -> BundleResult:
    """Write the bundle of a run folder (the files a scan wrote) to ``output``."""
    if not run_dir.is_dir():
        raise InputError(run_dir, "not a folder (give the folder a scan wrote, e.g. reports/site)")
    members = _members(run_dir, output)
    entries = []
    contents: dict[str, bytes] = {}
    for path in members:
        data = path.read_bytes()
        contents[path.name] = data
        entries.append({"name": path.name, "size": len(data), "sha256": _sha256(data)})
    manifest = {
        "format": BUNDLE_FORMAT,
        "created": created.isoformat(),
        "tool_version": tool_version,
        "files": entries,
    }
    manifest_bytes = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    sums = "".join(f"{e['sha256']}  {e['name']}\n" for e in entries).encode("utf-8")
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(f".{output.name}.tmp")
    stamp = created.timetuple()[:6]
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in [*contents.items(), (MANIFEST, manifest_bytes), (SUMS, sums)]:
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), data, zipfile.ZIP_DEFLATED)
    temporary.replace(output)
    return BundleResult(output, tuple(contents), _sha256(manifest_bytes))


def verify_bundle(path: Path) -> list[Problem]:
    """Every file of the bundle that changed, is missing or is not in the manifest (empty: ok)."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(path, f"not a zip file ({exc})") from None
    with archive:
        names = set(archive.namelist())
        if MANIFEST not in names:
            raise InputError(path, f"not a kszcheck evidence bundle: no {MANIFEST}")
        try:
            manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
            if manifest.get("format") != BUNDLE_FORMAT:
                raise ValueError(f"format {manifest.get('format')!r}, expected {BUNDLE_FORMAT}")
            listed = {str(e["name"]): str(e["sha256"]) for e in manifest["files"]}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{path}:{MANIFEST}", f"unreadable manifest ({exc})") from None
        problems: list[Problem] = []
        for name, expected in sorted(listed.items()):
            if name not in names:
                problems.append(Problem(name, "missing"))
            elif _sha256(archive.read(name)) != expected:
                problems.append(Problem(name, "changed"))
        if SUMS in names:
            sums = archive.read(SUMS).decode("utf-8", "replace")
            expected_sums = "".join(f"{h}  {n}\n" for n, h in listed.items())
            if sorted(sums.splitlines()) != sorted(expected_sums.splitlines()):
                problems.append(Problem(SUMS, "changed"))
        for name in sorted(names - set(listed) - {MANIFEST, SUMS}):
            problems.append(Problem(name, "unexpected"))
    return problems
