"""Evidence bundle: one zip with the snapshot, the assessment, the reports and a SHA-256 manifest,
optionally signed with an Ed25519 key (``kszcheck.signing``).

``manifest.json`` lists every file with its size and SHA-256; ``SHA256SUMS`` holds the same hashes
in the format of ``sha256sum -c``; ``manifest.sig`` (when signed) holds the signer's public key and
its signature over the manifest.

What ``verify`` proves: every file is exactly the one the manifest lists (nothing changed, missing
or added); and, with ``--key``/``--fingerprint``, that the manifest was signed by that key. A
manifest alone proves nothing against someone who rewrites the bundle: they can recompute it. Only
a signature checked against a key you trust, or the bundle's SHA-256 recorded elsewhere
(``--sha256``), shows that nobody did.

Reading is defensive: members are streamed and never read beyond the size the manifest gives
(no zip bomb in memory); duplicate, absolute and ``..`` names, encrypted members, unknown
compression, CRC errors and bytes hidden outside the zip's central directory are each reported
naming the member.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kszcheck.model.errors import InputError
from kszcheck.model.jsontext import load_json_text
from kszcheck.model.text import one_line
from kszcheck.signing import Signature, parse_signature, sign_manifest, verify_signature

__all__ = [
    "BUNDLE_FORMAT",
    "MANIFEST",
    "MAX_MEMBER_BYTES",
    "REQUIRED",
    "SIGNATURE",
    "BundleResult",
    "Problem",
    "Verification",
    "make_bundle",
    "verify_bundle",
]

BUNDLE_FORMAT = "kszcheck-evidence/1"
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
SIGNATURE = "manifest.sig"
#: Files a run folder must hold to be bundled, and a bundle's manifest must list.
REQUIRED = ("snapshot.json", "assessment.json")
#: The largest member verify reads (a snapshot of a 50 000-user estate is about 100 MB).
MAX_MEMBER_BYTES = 1 << 30
#: The largest manifest or signature verify reads.
MAX_META_BYTES = 8 << 20
_CHUNK = 1 << 20
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class BundleResult:
    path: Path
    files: tuple[str, ...]
    manifest_sha256: str
    bundle_sha256: str = ""
    signer: str = ""
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    name: str
    kind: str
    detail: str = ""

    def __str__(self) -> str:
        words = {
            "changed": "gewijzigd / changed",
            "missing": "ontbreekt / missing",
            "unexpected": "niet in het manifest / not in the manifest",
        }
        text = f"{one_line(self.name)}: {words.get(self.kind, self.kind)}"
        return f"{text} ({one_line(self.detail)})" if self.detail else text


@dataclass
class Verification:
    """What verify found: the problems (none: the files match the manifest) and the signer."""

    problems: list[Problem] = field(default_factory=list)
    signer: str = ""  # fingerprint of a valid signature over the manifest, else ""
    files: int = 0


# --- writing ----------------------------------------------------------------------------------


def _read_regular(path: Path) -> bytes | None:
    """The bytes of a regular file, never through a symbolic link (None for anything else)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None  # a symlink (ELOOP), a vanished file
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        return handle.read()


def _members(run_dir: Path, exclude: Path) -> tuple[dict[str, bytes], list[str]]:
    contents: dict[str, bytes] = {}
    skipped: list[str] = []
    for path in sorted(run_dir.iterdir()):
        name = path.name
        if name.startswith(".") or name in (MANIFEST, SUMS, SIGNATURE) or path.suffix == ".zip":
            continue
        with contextlib.suppress(OSError):
            if path.resolve() == exclude.resolve():
                continue
        if not stat.S_ISREG(path.lstat().st_mode):
            if path.is_symlink():
                skipped.append(name)
            continue
        data = _read_regular(path)
        if data is None:
            skipped.append(name)
            continue
        contents[name] = data
    missing = [name for name in REQUIRED if name not in contents]
    if missing:
        raise InputError(run_dir, f"not a run folder: {', '.join(missing)} missing")
    return contents, skipped


def make_bundle(
    run_dir: Path,
    output: Path,
    *,
    created: datetime,
    tool_version: str,
    key: Ed25519PrivateKey | None = None,
) -> BundleResult:
    """Write the bundle of a run folder (the regular files a scan wrote; symbolic links are
    skipped and named in ``skipped``) to ``output``, signed when ``key`` is given."""
    if not run_dir.is_dir():
        raise InputError(run_dir, "not a folder (give the folder a scan wrote, e.g. reports/site)")
    contents, skipped = _members(run_dir, output)
    entries = [
        {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in contents.items()
    ]
    manifest = {
        "format": BUNDLE_FORMAT,
        "created": created.isoformat(),
        "tool_version": tool_version,
        "files": entries,
    }
    manifest_bytes = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    sums = "".join(f"{e['sha256']}  {e['name']}\n" for e in entries).encode("utf-8")
    members = [*contents.items(), (MANIFEST, manifest_bytes), (SUMS, sums)]
    if key is not None:
        members.append((SIGNATURE, sign_manifest(key, manifest_bytes)))
    output.parent.mkdir(parents=True, exist_ok=True)
    digest = _write_zip(output, members, created.timetuple()[:6])
    signer = ""
    if key is not None:
        from kszcheck.signing import fingerprint

        signer = fingerprint(key.public_key())
    return BundleResult(
        output,
        tuple(contents),
        hashlib.sha256(manifest_bytes).hexdigest(),
        digest,
        signer,
        tuple(skipped),
    )


def _write_zip(output: Path, members: list[tuple[str, bytes]], stamp: Any) -> str:
    """Write through a fresh temporary file in the target folder (O_EXCL, never through a
    planted symlink), then rename over ``output``; return the zip's SHA-256."""
    temporary = output.with_name(f".{output.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(temporary, flags, 0o666)
    try:
        with os.fdopen(fd, "w+b") as handle:
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for name, data in members:
                    archive.writestr(zipfile.ZipInfo(name, date_time=stamp), data)
            handle.flush()
            os.fsync(handle.fileno())
            handle.seek(0)
            digest = hashlib.sha256()
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
        os.replace(temporary, output)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    return digest.hexdigest()


# --- verifying --------------------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _unsafe(name: str) -> str:
    """Why a member name could not be extracted safely ('' when it can)."""
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
        return "absolute name"
    if any(part == ".." for part in re.split(r"[/\\]", name)):
        return "name with '..'"
    if any(ord(c) < 32 for c in name):
        return "control character in the name"
    return ""


def _hidden_bytes(path: Path, infos: list[zipfile.ZipInfo], start_dir: int) -> bool:
    """Whether the zip holds bytes that its central directory does not describe (e.g. a forged
    local entry that a streaming unzip would read but the central directory hides), or a local
    header whose name differs from the central directory's."""
    position = 0
    with path.open("rb") as handle:
        for info in sorted(infos, key=lambda i: i.header_offset):
            if info.header_offset != position:
                return True
            handle.seek(info.header_offset)
            header = handle.read(30)
            if len(header) < 30 or header[:4] != b"PK\x03\x04":
                return True
            name_length, extra_length = struct.unpack("<HH", header[26:30])
            if handle.read(name_length) != info.orig_filename.encode(
                "utf-8" if info.flag_bits & 0x800 else "cp437", "replace"
            ):
                return True
            position = info.header_offset + 30 + name_length + extra_length + info.compress_size
            if info.flag_bits & 0x08:  # a data descriptor follows the data
                handle.seek(position)
                descriptor = handle.read(4)
                position += 16 if descriptor == b"PK\x07\x08" else 12
    return position != start_dir


def _stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    with archive.open(info) as member:
        read = 0
        while chunk := member.read(min(_CHUNK, limit + 1 - read)):
            read += len(chunk)
            yield chunk
            if read > limit:
                return


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    data = b"".join(_stream(archive, info, MAX_META_BYTES))
    if len(data) > MAX_META_BYTES:
        raise ValueError(f"larger than {MAX_META_BYTES} bytes")
    return data


def _manifest(source: str, data: bytes) -> dict[str, tuple[int, str]]:
    """name -> (size, sha256) of a manifest; InputError for one that is not usable."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(source, "unreadable manifest (not UTF-8)") from None
    document = load_json_text(text, source)
    if not isinstance(document, dict) or document.get("format") != BUNDLE_FORMAT:
        raise InputError(source, f"unreadable manifest (format is not {BUNDLE_FORMAT})")
    files = document.get("files")
    if not isinstance(files, list):
        raise InputError(source, "unreadable manifest ('files' is not a list)")
    listed: dict[str, tuple[int, str]] = {}
    for entry in files:
        name = entry.get("name") if isinstance(entry, dict) else None
        size = entry.get("size") if isinstance(entry, dict) else None
        digest = entry.get("sha256") if isinstance(entry, dict) else None
        if (
            not isinstance(name, str)
            or not isinstance(size, int)
            or isinstance(size, bool)
            or size < 0
            or not isinstance(digest, str)
            or not _HEX64.fullmatch(digest)
        ):
            raise InputError(
                source, "unreadable manifest (an entry without a name, size and SHA-256)"
            )
        if name in listed:
            raise InputError(source, f"unreadable manifest ({one_line(name)} listed twice)")
        listed[name] = (size, digest)
    return listed


def verify_bundle(
    path: Path, *, trusted: str | None = None, sha256: str | None = None
) -> Verification:
    """Check a bundle: every member against the manifest, the manifest's signature (against the
    fingerprint ``trusted`` when given: unsigned or signed by another key is then a problem),
    and the whole file's SHA-256 when given. Raises InputError for a file that is not a zip."""
    result = Verification()
    if sha256 is not None:
        try:
            actual = file_sha256(path)
        except FileNotFoundError:
            raise InputError(path, "no such file") from None
        except OSError as exc:
            raise InputError(path, exc.strerror or "cannot be read") from None
        if actual != sha256.lower():
            result.problems.append(
                Problem(path.name, "SHA-256 differs / wijkt af", f"{actual}, expected {sha256}")
            )
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(path, f"not a zip file ({exc})") from None
    with archive:
        _check(path, archive, trusted, result)
    return result


def _check(path: Path, archive: zipfile.ZipFile, trusted: str | None, result: Verification) -> None:
    seen, refused = _structure(path, archive, result.problems)
    if MANIFEST not in seen:
        raise InputError(path, f"not a kszcheck evidence bundle: no {MANIFEST}")
    try:
        manifest_bytes = _read_small(archive, seen[MANIFEST])
    except (zipfile.BadZipFile, zlib.error, ValueError, NotImplementedError, RuntimeError) as exc:
        result.problems.append(Problem(MANIFEST, "unreadable / onleesbaar", str(exc)))
        return
    listed = _manifest(f"{path}:{MANIFEST}", manifest_bytes)
    _check_signature(archive, seen, manifest_bytes, trusted, result)
    _check_listed(archive, seen, listed, refused, result)
    _check_sums(archive, seen, listed, result.problems)
    for name in sorted(set(seen) - set(listed) - {MANIFEST, SUMS, SIGNATURE} - refused):
        result.problems.append(Problem(name, "unexpected"))


def _structure(
    path: Path, archive: zipfile.ZipFile, problems: list[Problem]
) -> tuple[dict[str, zipfile.ZipInfo], set[str]]:
    """The members by name, and the names refused for their form (duplicate, unsafe name,
    encrypted, unknown compression); every refusal is added to ``problems``."""
    infos = archive.infolist()
    seen: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        why = [
            "two members of the same name" if name in seen else "",
            _unsafe(info.orig_filename),
            "encrypted member" if info.flag_bits & 0x1 else "",
            ""
            if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
            else f"compression method {info.compress_type}",
        ]
        problems.extend(Problem(info.orig_filename, "refused / geweigerd", w) for w in why if w)
        seen[name] = info
    if _hidden_bytes(path, infos, getattr(archive, "start_dir", -1)):
        problems.append(
            Problem(
                path.name,
                "refused / geweigerd",
                "bytes outside the zip's directory (a hidden or overlapping entry)",
            )
        )
    return seen, {p.name for p in problems} | {n for n in seen if n != seen[n].orig_filename}


def _check_listed(
    archive: zipfile.ZipFile,
    seen: dict[str, zipfile.ZipInfo],
    listed: dict[str, tuple[int, str]],
    refused: set[str],
    result: Verification,
) -> None:
    problems = result.problems
    if not listed:
        problems.append(Problem(MANIFEST, "refused / geweigerd", "lists no file"))
    problems.extend(Problem(name, "missing") for name in REQUIRED if name not in listed)
    for name, (size, expected) in sorted(listed.items()):
        why = _unsafe(name)
        info = seen.get(name)
        if why and name not in refused:
            problems.append(Problem(name, "refused / geweigerd", why))
        elif info is None and not why:
            problems.append(Problem(name, "missing"))
        elif info is not None and name not in refused:
            problems.extend(_check_member(archive, info, size, expected))
            result.files += 1


def _check_sums(
    archive: zipfile.ZipFile,
    seen: dict[str, zipfile.ZipInfo],
    listed: dict[str, tuple[int, str]],
    problems: list[Problem],
) -> None:
    if SUMS not in seen:
        return
    try:
        sums = _read_small(archive, seen[SUMS]).decode("utf-8", "replace")
    except (zipfile.BadZipFile, zlib.error, ValueError, NotImplementedError) as exc:
        problems.append(Problem(SUMS, "unreadable / onleesbaar", str(exc)))
        return
    expected_sums = "".join(f"{h}  {n}\n" for n, (_, h) in listed.items())
    if sorted(sums.splitlines()) != sorted(expected_sums.splitlines()):
        problems.append(Problem(SUMS, "changed"))


def _check_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int, expected: str
) -> list[Problem]:
    name = info.filename
    if size > MAX_MEMBER_BYTES or info.file_size > MAX_MEMBER_BYTES:
        return [
            Problem(
                name,
                "refused / geweigerd",
                f"larger than {MAX_MEMBER_BYTES} bytes (the limit of verify)",
            )
        ]
    if info.file_size != size:
        return [Problem(name, "changed", f"{info.file_size} bytes, the manifest says {size}")]
    digest = hashlib.sha256()
    read = 0
    try:
        for chunk in _stream(archive, info, size):
            digest.update(chunk)
            read += len(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        return [Problem(name, "unreadable / onleesbaar", f"{type(exc).__name__}: {exc}")]
    if read != size or digest.hexdigest() != expected:
        return [Problem(name, "changed")]
    return []


def _check_signature(
    archive: zipfile.ZipFile,
    seen: dict[str, zipfile.ZipInfo],
    manifest: bytes,
    trusted: str | None,
    result: Verification,
) -> None:
    info = seen.get(SIGNATURE)
    if info is None:
        if trusted is not None:
            result.problems.append(
                Problem(MANIFEST, "not signed / niet ondertekend", f"expected {trusted}")
            )
        return
    try:
        signature: Signature = parse_signature(_read_small(archive, info))
    except (ValueError, TypeError, zipfile.BadZipFile, zlib.error, RecursionError) as exc:
        result.problems.append(Problem(SIGNATURE, "unreadable / onleesbaar", str(exc)[:200]))
        return
    if not verify_signature(signature, manifest):
        result.problems.append(
            Problem(MANIFEST, "signature invalid / handtekening ongeldig", signature.fingerprint)
        )
        return
    if trusted is not None and signature.fingerprint != trusted:
        result.problems.append(
            Problem(
                MANIFEST,
                "signed by another key / door een andere sleutel ondertekend",
                f"{signature.fingerprint}, expected {trusted}",
            )
        )
        return
    result.signer = signature.fingerprint
