"""The collect command, and the collecting with progress lines that scan and demo share.

Only ``kszcheck.collection`` (the profile loader, the collectors, the model) is imported: not the
catalogue, the engine, the history nor the reports (tests/test_cli_start.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from kszcheck import __version__
from kszcheck.cli.app import LANG, QUIET, STRICT, Ui, cli, site_language, warn_lost_sources
from kszcheck.cli.progress import Bars
from kszcheck.cli.terminal import plain_text
from kszcheck.collection import Collection, collect_profile, load_profile
from kszcheck.model.site import SiteProfile
from kszcheck.model.snapshot import snapshot_to_json
from kszcheck.report.output import write_atomic
from kszcheck.texts import say

__all__ = ["collect", "collect_shown"]


def collect_shown(
    site: SiteProfile, site_file: Path, now: datetime, ui: Ui, strict: bool, bars: Bars
) -> Collection:
    """Collect with progress lines (in the language of ``ui``), then warn about every source
    whose facts were lost."""
    if not ui.quiet:
        ui.err.print(plain_text(f"kszcheck {__version__}: {site.name} ({site_file})"), markup=False)
    run = collect_profile(site, site_file, now, ui.progress, strict=strict, counts=bars.count)
    warn_lost_sources(run.snapshot)
    return run


@cli.command()
@click.argument("site", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Snapshot file to write (JSON).",
)
@LANG
@QUIET
@STRICT
def collect(site: Path, output: Path, lang: str | None, quiet: bool, strict: bool) -> None:
    """Collect the facts of SITE into a snapshot, to evaluate later."""
    ui = Ui(quiet)
    profile, profile_file = load_profile(site)
    ui.lang = site_language(lang, profile)
    with Bars(ui.err, ui.lang, quiet=quiet) as bars:
        run = collect_shown(profile, profile_file, datetime.now(UTC), ui, strict, bars)
    snapshot = run.snapshot
    write_atomic(output, snapshot_to_json(snapshot))
    if not quiet:
        failed = [s.source_id for s in snapshot.sources if s.status.value == "failed"]
        ui.out.print(
            plain_text(
                f"snapshot: {output}"
                + (
                    f" ({say('cli.snapshot_failed', ui.lang)}: {', '.join(failed)})"
                    if failed
                    else ""
                )
            ),
            markup=False,
        )
