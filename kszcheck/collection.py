"""Collecting a site's facts: the first step of the pipeline, and all that ``kszcheck collect``
needs.

    load_profile(site_path)                      -> (site profile, its file)
    collect_profile(site, site_file, now, ...)   -> Collection (site, site file, snapshot)
    collect(site_path, now)                      -> the two in one step
    lost_sources(snapshot)                       -> one line per source whose facts were lost

Only the profile loader, the collectors and the model are imported here: never the catalogue,
the engine, the history nor the reports, so collecting on site starts quickly
(tests/test_cli_start.py). ``kszcheck.pipeline`` re-exports these names: it stays the one
entry point for a whole scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kszcheck.collectors.run import Counter, Progress, collect_site
from kszcheck.config import load_site, profile_path
from kszcheck.model.provenance import CollectionStatus
from kszcheck.model.site import SiteProfile
from kszcheck.model.snapshot import Snapshot

__all__ = ["Collection", "collect", "collect_profile", "load_profile", "lost_sources"]


@dataclass(frozen=True)
class Collection:
    """What ``collect`` gives: the site profile, the profile's file, and the collected facts."""

    site: SiteProfile
    site_file: Path
    snapshot: Snapshot


def load_profile(site_path: Path) -> tuple[SiteProfile, Path]:
    """The site profile (a site.yaml or its folder) and the profile's file; a profile that does
    not validate raises ``KszError`` naming the file and line."""
    return load_site(site_path), profile_path(site_path)


def collect(
    site_path: Path,
    now: datetime,
    progress: Progress | None = None,
    *,
    strict: bool = False,
) -> Collection:
    """Load the site profile and run every source's collector (see ``collect_profile``)."""
    site, site_file = load_profile(site_path)
    return collect_profile(site, site_file, now, progress, strict=strict)


def collect_profile(
    site: SiteProfile,
    site_file: Path,
    now: datetime,
    progress: Progress | None = None,
    *,
    strict: bool = False,
    counts: Counter | None = None,
) -> Collection:
    """Run every source's collector of a loaded site profile (``counts``: how far a source's
    long work is, for a progress bar).

    A source that fails is recorded as failed in the snapshot (see ``lost_sources``); an error in
    a source's settings, and with ``strict`` a malformed source file, raises ``KszError``.
    """
    snapshot = collect_site(site, site_file.parent, now, progress, strict=strict, counts=counts)
    return Collection(site, site_file, snapshot)


def lost_sources(snapshot: Snapshot) -> list[str]:
    """One line per source whose facts were lost (failed, or incomplete): the run goes on and the
    rules that need those facts are not assessed."""
    lines: list[str] = []
    for source in snapshot.sources:
        if source.status is CollectionStatus.failed:
            state = "failed / mislukt"
        elif source.missing or source.status is CollectionStatus.partial:
            state = "incomplete / onvolledig"
        else:
            continue
        why = source.reason or ", ".join(source.missing) or "; ".join(source.warnings[:1])
        lines.append(f"source '{source.source_id}' ({source.collector}) {state}: {why}")
    return lines
