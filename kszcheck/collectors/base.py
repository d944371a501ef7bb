"""What a collector returns: facts for one source, and that source's provenance."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kszcheck.model.directory import Directory
from kszcheck.model.fileshares import SmbFacts
from kszcheck.model.hosts import Hosts
from kszcheck.model.inventory import Inventory
from kszcheck.model.network import Network
from kszcheck.model.policy import Policy
from kszcheck.model.records import Records
from kszcheck.model.site import SourceSpec

__all__ = [
    "Collected",
    "CollectorFn",
    "Count",
    "SourceFailed",
    "count_scope",
    "progress_scope",
    "report_count",
    "report_progress",
    "resolve_path",
]


class SourceFailed(OSError):
    """A source could not be collected. The message is one line naming the server or file and
    what failed (never a secret); collect_site records it as the failed source's reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


@dataclass
class Collected:
    """The facts one source gave. ``provides`` lists the fact kinds (see FACT_KINDS)."""

    provides: list[str]
    directory: Directory | None = None
    network: Network | None = None
    inventory: Inventory | None = None
    records: Records | None = None
    policy: Policy | None = None
    hosts: Hosts | None = None
    smb: SmbFacts | None = None
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    content_hash: str = ""
    #: Why facts are missing or incomplete (one line naming the file or device); shown in the
    #: provenance and in the not_assessed reason.
    reason: str = ""
    #: True when everything was read but not everything understood (status partial, warnings).
    partial: bool = False


#: The progress of the targets of one source (a collector that reads many devices calls
#: report_progress per device); set by collect_site around each collector call.
_TARGET_PROGRESS: ContextVar[Callable[[str], None] | None] = ContextVar(
    "kszcheck_target_progress", default=None
)


@contextmanager
def progress_scope(hook: Callable[[str], None] | None) -> Iterator[None]:
    """Route report_progress calls to ``hook`` (None: drop them) while the block runs."""
    token = _TARGET_PROGRESS.set(hook)
    try:
        yield
    finally:
        _TARGET_PROGRESS.reset(token)


def report_progress(state: str) -> None:
    """Report one target's state, e.g. ``"sw-core-1 (10.99.0.2:161): klaar / done"``."""
    hook = _TARGET_PROGRESS.get()
    if hook is not None:
        hook(state)


#: A collector reads one source. It raises InputError for malformed input naming file and line
#: (the runner records the source as failed with that line, or stops the run with exit code 2
#: under --strict); any other OSError marks the source failed.
CollectorFn = Callable[[SourceSpec, Path, datetime], Collected]


def resolve_path(spec: SourceSpec, base_dir: Path) -> Path:
    """A source path is relative to the folder of the site profile."""
    path = Path(spec.path).expanduser()
    return path if path.is_absolute() else base_dir / path


@dataclass(frozen=True)
class Count:
    """How far one source's long work is: ``what`` names the unit (a key ``cli.progress_<what>``
    of kszcheck/texts.yaml: "ldif_bytes", "ldap_entries", "snmp_agents", "smb_servers"),
    ``done`` of ``total`` (None: not known in advance)."""

    what: str
    done: int
    total: int | None = None


_COUNT: ContextVar[Callable[[Count], None] | None] = ContextVar("kszcheck_count", default=None)


@contextmanager
def count_scope(hook: Callable[[Count], None] | None) -> Iterator[None]:
    """Route report_count calls to ``hook`` (None: drop them) while the block runs."""
    token = _COUNT.set(hook)
    try:
        yield
    finally:
        _COUNT.reset(token)


def report_count(what: str, done: int, total: int | None = None) -> None:
    """Report how far the current source is (for a progress bar; nothing without a hook)."""
    hook = _COUNT.get()
    if hook is not None:
        hook(Count(what, done, total))
