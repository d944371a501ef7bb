"""What a collector returns: facts for one source, and that source's provenance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kszcheck.model.directory import Directory
from kszcheck.model.inventory import Inventory
from kszcheck.model.network import Network
from kszcheck.model.records import Records
from kszcheck.model.site import SourceSpec

__all__ = ["Collected", "CollectorFn", "resolve_path"]


@dataclass
class Collected:
    """The facts one source gave. ``provides`` lists the fact kinds (see FACT_KINDS)."""

    provides: list[str]
    directory: Directory | None = None
    network: Network | None = None
    inventory: Inventory | None = None
    records: Records | None = None
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    content_hash: str = ""


#: A collector reads one source. It raises InputError for malformed input (the run stops with
#: exit code 2 and one line naming file and line); any other OSError marks the source failed.
CollectorFn = Callable[[SourceSpec, Path, datetime], Collected]


def resolve_path(spec: SourceSpec, base_dir: Path) -> Path:
    """A source path is relative to the folder of the site profile."""
    path = Path(spec.path).expanduser()
    return path if path.is_absolute() else base_dir / path
