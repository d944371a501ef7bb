"""``kszcheck overview``: every site of a history on one page (HTML, JSON or CSV), for a partner
that audits many administrations."""

from __future__ import annotations

import os
from pathlib import Path

import click

from kszcheck.catalogue import load_catalogue
from kszcheck.cli.app import NOW, cli, parse_now
from kszcheck.history import open_history
from kszcheck.history.overview import EXPIRING_DAYS, STALE_DAYS, build_overview
from kszcheck.model.common import LANGS
from kszcheck.overview import FORMATS, render_overview
from kszcheck.report.output import write_atomic

__all__ = ["overview"]


@cli.command()
@click.option(
    "--history",
    "history_path",
    metavar="PATH|URL",
    default=None,
    help="History: an SQLite file or a postgresql:// URL (default: $KSZCHECK_HISTORY, else "
    "reports/history.sqlite). Opened read-only.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="File to write.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="html", show_default=True)
@click.option("--lang", type=click.Choice(LANGS), default="nl", show_default=True)
@click.option(
    "--stale-days",
    type=click.IntRange(min=1),
    default=STALE_DAYS,
    show_default=True,
    help="A site whose last scan is older than this is flagged stale.",
)
@click.option(
    "--expiring-days",
    type=click.IntRange(min=0),
    default=EXPIRING_DAYS,
    show_default=True,
    help="Waivers that expire within this many days are listed.",
)
@NOW
def overview(
    history_path: str | None,
    output: Path,
    fmt: str,
    lang: str,
    stale_days: int,
    expiring_days: int,
    now_text: str | None,
) -> None:
    """Every site in the history: latest score, coverage, trend, critical problems, waivers,
    last scan (stale ones flagged), report link, and the problems that recur across sites."""
    target = history_path or os.environ.get("KSZCHECK_HISTORY") or "reports/history.sqlite"
    with open_history(target, read_only=True) as store:
        data = build_overview(
            store, parse_now(now_text), stale_days=stale_days, expiring_days=expiring_days
        )
    titles = {rule_id: meta.title for rule_id, meta in load_catalogue().rules.items()}
    write_atomic(output, render_overview(data, fmt, lang, titles))
    click.echo(f"overzicht / overview: {output} ({len(data.sites)})")
