"""Read a large LDIF export on several processors: the file in parts, merged in file order.

A 400 MB export of a 50 000-user domain takes about 13 s to read and turn into facts on one
processor. Entries are independent until the end (memberships, completeness and NetBIOS names
are resolved once all are read), so the file is cut into parts at blank lines (between
entries); this process reads the first part while worker processes read the others, each into
its own facts (``ExportPart``), which are then merged in file order. The merged result is what
one reader of the whole file gives: the same facts in the same order, the same shared
descriptors and ACEs (``DescriptorReader.adopt``), the same completeness evidence, and the
same error for a bad entry (a part whose worker failed, for whatever reason, is read again
here, so its error is raised the usual way with its file and line).

One part, in this process, when: the file is smaller than two parts' worth (``MIN_PART``), one
processor is available, ``KSZCHECK_WORKERS=1``, or the file is not
plain UTF-8 with LF line ends at the cuts (ldifde's UTF-16 and CRLF exports are read whole).
When a site has other sources too, ``collect_site`` starts the workers of every part before it
collects anything (``start_early``): they read the export while this process collects the
other sources, and the collector then only hashes the file and merges (``read_export`` takes
the early workers of the same file, unchanged since, from the context).

Workers are fresh interpreters running this module (``python -m``; no fork of a process that
may have threads, and the same on Windows); each writes its part's facts, pickled, to a pipe.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kszcheck.collectors.ad_normalise import Normaliser
from kszcheck.collectors.ad_record import USED_ATTRIBUTES, LdifRecord
from kszcheck.collectors.base import resolve_path
from kszcheck.collectors.ldif import LdifReader, file_chunks
from kszcheck.collectors.ldif_evidence import ExportEvidence, Trailer
from kszcheck.model.directory import Directory
from kszcheck.model.site import SourceSpec
from kszcheck.model.snapshot import paused_gc

__all__ = [
    "MIN_PART",
    "ExportPart",
    "Part",
    "plan",
    "read_export",
    "read_part",
    "start_early",
    "work",
    "workers",
]

#: The least bytes worth a part of its own (a worker's start costs about half a second).
MIN_PART = 48 << 20
#: At most this many parts, whatever the number of processors.
MAX_WORKERS = 4
#: The module a worker process runs.
_WORKER = "kszcheck.collectors.ldif_worker"
#: How far past a cut point a blank line is looked for.
_SEARCH = 1 << 20

#: A started worker: the part it reads and its process.
_Worker = tuple["Part", "subprocess.Popen[bytes]"]
#: Workers started early (``start_early``), by the file they read (path, size, change time).
_EARLY: ContextVar[dict[tuple[str, int, int], list[_Worker]] | None] = ContextVar(
    "kszcheck_ldif_early", default=None
)


@dataclass(frozen=True)
class Part:
    """Bytes ``start:end`` of the file; ``start`` is 0 or just after a blank line."""

    start: int
    end: int


@dataclass
class ExportPart:
    """The facts of a part of an export, not yet finished (``Normaliser.finish``)."""

    normaliser: Normaliser
    evidence: ExportEvidence
    trailer: Trailer
    trusts: list[LdifRecord] = field(default_factory=list)
    entries: int = 0
    lines: int = 0  # physical lines in the part


def workers() -> int:
    """Processes to read an export with: KSZCHECK_WORKERS, else the processors this process
    may use (at most MAX_WORKERS)."""
    configured = os.environ.get("KSZCHECK_WORKERS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return min(int(configured), MAX_WORKERS)
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        available = os.cpu_count() or 1
    return max(1, min(available, MAX_WORKERS))


def plan(path: Path, count: int) -> list[Part]:
    """Cut the file into at most ``count`` parts of about equal size at blank lines; one part
    when it is small or not plain UTF-8 with LF line ends."""
    size = path.stat().st_size
    count = min(count, size // MIN_PART)
    if count < 2:
        return [Part(0, size)]
    starts = [0]
    with path.open("rb") as handle:
        if handle.read(2) in (b"\xff\xfe", b"\xfe\xff"):
            return [Part(0, size)]  # UTF-16 (ldifde -u): decoded whole
        for index in range(1, count):
            handle.seek(size * index // count)
            window = handle.read(_SEARCH)
            blank = window.find(b"\n\n")
            if blank < 0 or b"\r" in window[: blank + 2]:
                return [Part(0, size)]  # no cut found, or CRLF line ends
            cut = size * index // count + blank + 2
            if cut > starts[-1]:
                starts.append(cut)
    ends = [*starts[1:], size]
    return [Part(start, end) for start, end in zip(starts, ends, strict=True)]


def read_part(
    path: Path, part: Part, first_line: int = 1, digest: Any = None, report: bool = False
) -> ExportPart:
    """The facts of one part of the export, its lines counted from ``first_line`` (a worker
    counts from 1: the lines before its part are known only once they are read). Raises
    InputError naming the file and line."""
    source = str(path)
    reader = LdifReader(
        source, keep=USED_ATTRIBUTES, first_line=first_line, at_start=part.start == 0
    )
    result = ExportPart(Normaliser(source), ExportEvidence(), reader.trailer)
    normaliser, evidence, trusts = result.normaliser, result.evidence, result.trusts
    chunks = file_chunks(path, part.start, part.end, digest=digest, report=report)
    with paused_gc():
        for record in reader.records(chunks):
            normaliser.add(record)
            evidence.add(record)
            if "trusteddomain" in _classes(record):
                trusts.append(record)
    result.entries, result.lines = reader.count, reader.lines
    return result


def read_export(path: Path, digest: Any) -> ExportPart:
    """The facts of the whole export (its bytes fed to ``digest``), read in parts on
    several processes when it is large."""
    early = _taken_early(path)
    if early:  # every part is being read by a worker: hash the file, then merge
        _hash_rest(path, 0, digest)
        return _gathered(path, early, None)
    parts = plan(path, workers())
    if len(parts) == 1:
        return read_part(path, parts[0], digest=digest, report=True)
    started: list[_Worker] = []
    try:
        started = [(part, _start_worker(path, part)) for part in parts[1:]]
        first = read_part(path, parts[0], digest=digest, report=True)
        _hash_rest(path, parts[0].end, digest)
        return _gathered(path, started, first)
    finally:
        _stop(started)


@contextlib.contextmanager
def start_early(spec: SourceSpec, base_dir: Path) -> Iterator[bool]:
    """Start the workers of every part of a large export before the site's other sources are
    collected (gives True when it did); the collector takes them (``read_export``); those not
    taken are stopped."""
    table = _EARLY.get()
    token = None
    if table is None:  # the first export of the site: the table lives as long as the site's
        table = {}
        token = _EARLY.set(table)
    started: list[_Worker] = []
    try:
        path = resolve_path(spec, base_dir)
        key = _file_key(path)
        parts = plan(path, workers()) if key is not None and key not in table else []
        if len(parts) > 1 and key is not None:
            started = table[key] = [(part, _start_worker(path, part)) for part in parts]
        yield bool(started)
    finally:
        _stop(started)
        if token is not None:
            _EARLY.reset(token)


def _taken_early(path: Path) -> list[_Worker]:
    table = _EARLY.get()
    key = _file_key(path)
    if table is None or key is None:
        return []
    return table.pop(key, [])


def _file_key(path: Path) -> tuple[str, int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None  # the collector reports it
    return (str(path.resolve()), status.st_size, status.st_mtime_ns)


def _gathered(path: Path, started: list[_Worker], first: ExportPart | None) -> ExportPart:
    """Merge the parts the workers read, in file order, after ``first`` (when this process
    read the first part); a part whose worker failed is read here, for its exact error."""
    result = first
    try:
        for part, worker in started:
            lines_before = result.lines if result is not None else 0
            later = _received(worker)
            if later is None:
                later = read_part(path, part, first_line=lines_before + 1)
                lines_before = 0
            if result is None:
                result = later
            else:
                _merge(result, later, lines_before)
    finally:
        _stop(started)
    assert result is not None
    return result


def _stop(started: list[_Worker]) -> None:
    for _part, worker in started:
        if worker.poll() is None:
            worker.kill()
        worker.wait()
        if worker.stdout is not None:
            worker.stdout.close()


def _hash_rest(path: Path, start: int, digest: Any) -> None:
    """Feed the file's bytes from ``start`` to ``digest`` (the content hash is of the whole
    file, in order), reporting how far it is."""
    for _chunk in file_chunks(path, start, digest=digest, report=True):
        pass


def _start_worker(path: Path, part: Part) -> subprocess.Popen[bytes]:
    # a plain interpreter (not multiprocessing, which would import the caller's __main__):
    # it writes the part's facts to its standard output, pickled
    return subprocess.Popen(
        [sys.executable, "-m", _WORKER, str(path), str(part.start), str(part.end)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )


def _received(worker: subprocess.Popen[bytes]) -> ExportPart | None:
    """The facts a worker sent; None when it sent none (it failed, or died)."""
    assert worker.stdout is not None
    try:
        data = worker.stdout.read()
    except OSError:
        return None
    if worker.wait() != 0 or not data:
        return None
    try:
        later = pickle.loads(data)  # our own worker's output, through a pipe of ours
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None  # another version of kszcheck answered, or a cut answer
    return later if isinstance(later, ExportPart) else None


def work(arguments: list[str]) -> int:
    """A worker process (``python -m kszcheck.collectors.ldif_worker PATH START END``): the
    pickled facts of one part on standard output; exit code 1 (and nothing written) when
    anything went wrong: the parent then reads the part itself and reports what is wrong the
    usual way."""
    path, start, end = Path(arguments[0]), int(arguments[1]), int(arguments[2])
    try:
        data = pickle.dumps(read_part(path, Part(start, end)), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - reported by the parent, which reads the part again
        return 1
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0


def _merge(into: ExportPart, later: ExportPart, lines_before: int) -> None:
    """Append a later part's facts to ``into``, as if one reader had read both; the later
    part's lines were counted from ``lines_before + 1``."""
    instead = into.normaliser.descriptors.adopt(later.normaliser.descriptors)
    mine, theirs = into.normaliser.directory, later.normaliser.directory
    for name in Directory.model_fields:
        values = getattr(theirs, name)
        if name == "acls":
            mine.acls.update((dn, instead.get(id(sd), sd)) for dn, sd in values.items())
        elif isinstance(values, list):
            getattr(mine, name).extend(values)
        else:
            raise TypeError(f"Directory.{name} has no merge rule")  # a field added later
    into.normaliser.netbios.update(later.normaliser.netbios)
    into.evidence.merge(later.evidence, lines_before)
    into.trailer.merge(later.trailer, lines_before)
    for record in later.trusts:  # parse_trusts names their lines
        record.line = None if record.line is None else record.line + lines_before
        record.lines = {key: line + lines_before for key, line in record.lines.items()}
        into.trusts.append(record)
    into.entries += later.entries
    into.lines += later.lines


def _classes(record: LdifRecord) -> set[str]:
    return {v.lower() for v in record.get("objectclass") if isinstance(v, str)}
