"""Write a run folder all or nothing: every file first into a staging folder beside it, then into
place together.

``write_run_folder(folder, files)`` writes each file (UTF-8 text) into ``.<name>.<random>.tmp``
beside ``folder`` and flushes it to disk. Only when all of them are written does anything change:

- no ``folder`` yet: the staging folder is renamed to it (one step);
- ``folder`` holds nothing but files of a run (the names being written): the two folders are
  exchanged in one step (Linux ``renameat2(RENAME_EXCHANGE)``), then the old one is removed;
- ``folder`` holds other things as well, or the system cannot exchange: each file is renamed into
  it (each rename atomic, all of them after everything was written), then the staging folder goes.

A write error (disk full, no permission, an I/O error) removes the staging folder and raises
``OutputError`` naming the path and what failed: the previous run's files stay as they were and
nothing half-written remains.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

from kszcheck.model.errors import OutputError

__all__ = ["write_run_folder"]

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def write_run_folder(folder: Path, files: Mapping[str, str]) -> None:
    """Write ``files`` (name → text) as the content of the run folder ``folder``."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: is a file, not a folder for the run's outputs")
    staging = _staging(folder)
    try:
        for name, text in files.items():
            _write(staging / name, folder / name, text)
        _into_place(staging, folder, set(files))
    except OSError as exc:
        raise OutputError(
            f"{exc.filename or folder}: {exc.strerror or exc} — nothing of this run was "
            "written; the previous run's files are unchanged"
        ) from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _staging(folder: Path) -> Path:
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = folder.with_name(f".{folder.name}.{secrets.token_hex(6)}.tmp")
        staging.mkdir()  # never an existing folder (or a planted symlink)
    except OSError as exc:
        raise OutputError(
            f"{exc.filename or folder.parent}: cannot create the run folder: {exc.strerror or exc}"
        ) from None
    return staging


def _write(path: Path, shown: Path, text: str) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        # name the file the user knows, not the staging copy
        raise OSError(exc.errno, exc.strerror, str(shown)) from None


def _into_place(staging: Path, folder: Path, names: set[str]) -> None:
    if not folder.exists():
        os.rename(staging, folder)
    elif {p.name for p in folder.iterdir()} <= names and _exchange(staging, folder):
        shutil.rmtree(staging, ignore_errors=True)  # now the previous run's folder
    else:
        for name in sorted(names):
            os.replace(staging / name, folder / name)
        staging.rmdir()
    _sync_folder(folder.parent)


def _exchange(new: Path, old: Path) -> bool:
    """Swap two folders in one step (Linux); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    result = renameat2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(old), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(old))


def _sync_folder(folder: Path) -> None:
    """Flush the renames to disk where the system allows it (not on Windows)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
