"""Runs that could not be stored yet: kept in a local folder (the spool) until they are sent.

When a scan cannot reach its history (a server down, a database locked past the wait), the run
is written here, one JSON file per run, after its run folder (``spool_run``).
``push(store, folder)`` stores every spooled run, oldest first, each in its own transaction, and
removes a file only after its run was committed. Each run carries a unique id, stored with it
(``runs.uid``): a run that was committed but whose file could not be removed (the connection
broke after the commit, the machine stopped) is recognised on the next push and not stored twice.
So a run is never lost and never doubled, whenever the database goes away.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kszcheck.history.record import recording
from kszcheck.history.store import HistoryError, HistoryStore
from kszcheck.model.results import Assessment

__all__ = [
    "SPOOL_FORMAT",
    "PushResult",
    "SpooledRun",
    "pending",
    "push",
    "read_spooled",
    "spool_run",
]

SPOOL_FORMAT = "kszcheck-spooled-run/1"


@dataclass(frozen=True)
class SpooledRun:
    uid: str
    recorded_at: datetime
    report: str
    assessment: Assessment


@dataclass
class PushResult:
    sent: list[Path] = field(default_factory=list)  # stored now
    known: list[Path] = field(default_factory=list)  # were stored already: file removed
    left: list[Path] = field(default_factory=list)  # still waiting (the database went away)
    error: str | None = None


def spool_run(folder: Path, run: SpooledRun) -> Path:
    """Write one run into the spool (a new file, flushed to disk, then renamed into place)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{run.recorded_at:%Y%m%dT%H%M%S%f}-{run.uid}.json"
    data = {
        "format": SPOOL_FORMAT,
        "uid": run.uid,
        "recorded_at": run.recorded_at.isoformat(),
        "report": run.report,
        "assessment": run.assessment.model_dump(mode="json"),
    }
    temporary = folder / f".{name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, folder / name)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    return folder / name


def pending(folder: Path) -> list[Path]:
    """The spooled runs, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))


def read_spooled(path: Path) -> SpooledRun:
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("format") != SPOOL_FORMAT:
            raise ValueError(f"not a spooled kszcheck run (format {data.get('format')!r})")
        return SpooledRun(
            uid=str(data["uid"]),
            recorded_at=datetime.fromisoformat(data["recorded_at"]),
            report=str(data.get("report", "")),
            assessment=Assessment.model_validate(data["assessment"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise HistoryError(f"{path}: cannot read the spooled run: {exc}") from None


def push(store: HistoryStore, folder: Path) -> PushResult:
    """Store every spooled run, oldest first; stop at the first run the database cannot take."""
    result = PushResult()
    files = pending(folder)
    for index, path in enumerate(files):
        run = read_spooled(path)
        try:
            if store.has_run(run.uid):
                result.known.append(path)
            else:
                with recording(
                    store, run.assessment, run.recorded_at, uid=run.uid, report=run.report
                ):
                    pass
                result.sent.append(path)
        except HistoryError as exc:
            result.left = files[index:]
            result.error = str(exc)
            return result
        path.unlink()
    return result
