"""``kszcheck waivers check``: expired and soon-expiring waivers of a site or a waiver file.

Exit code 0 when no waiver has expired, 3 when at least one has (it counts as a gap again).
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from kszcheck.cli.app import LANG, NOW, cli, parse_now
from kszcheck.config import load_site, load_waivers, profile_path, site_waiver_file
from kszcheck.config.files import read_text
from kszcheck.model.waivers import Waiver
from kszcheck.model.yamlsource import load_yaml_text
from kszcheck.paths import example_dir
from kszcheck.texts import say

__all__ = ["WaiverState", "waiver_state", "waivers"]

#: Exit code when at least one waiver has expired.
EXIT_EXPIRED = 3


class WaiverState(StrEnum):
    expired = "expired"
    expiring = "expiring"  # expires within the warning period
    not_started = "not_started"
    active = "active"


def waiver_state(waiver: Waiver, today: date, days: int) -> WaiverState:
    """Where a waiver stands on ``today``; 'expiring' when it ends within ``days`` days."""
    if waiver.expires < today:
        return WaiverState.expired
    if today < waiver.start:
        return WaiverState.not_started
    if waiver.expires <= today + timedelta(days=days):
        return WaiverState.expiring
    return WaiverState.active


@cli.group()
def waivers() -> None:
    """Accepted risks (waivers): check their expiry."""


@waivers.command("check")
@click.argument("path", metavar="[SITE|FILE]", required=False, type=click.Path(path_type=Path))
@click.option(
    "--days",
    type=click.IntRange(0, 3650),
    default=30,
    show_default=True,
    help="Warn about waivers that expire within this many days.",
)
@click.option("--all", "show_all", is_flag=True, help="Also list the waivers that stay valid.")
@LANG
@NOW
def waivers_check(
    path: Path | None, days: int, show_all: bool, lang: str | None, now_text: str | None
) -> None:
    """List expired and soon-expiring waivers of SITE (site.yaml or its folder) or of a waiver
    FILE; default: the example administration. Exit code 0 when none has expired, 3 otherwise."""
    waiver_file = _waiver_file(path or example_dir())
    today = parse_now(now_text).date()
    language = lang or "nl"
    out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    if waiver_file is None:
        out.print(say("cli.no_waiver_file", language))
        return
    items = load_waivers(waiver_file)
    states = [(waiver, waiver_state(waiver, today, days)) for waiver in items]
    shown = [
        (w, s) for w, s in states if show_all or s in (WaiverState.expired, WaiverState.expiring)
    ]
    out.print(
        say("cli.waivers_on", language, file=waiver_file, count=len(items), date=today),
        markup=False,
    )
    if shown:
        table = Table(box=None, header_style="bold")
        for column in ("id", "rule", "subjects", "expires", "status", "approved_by", "risk"):
            table.add_column(say(f"cli.col_{column}", language))
        for waiver, state in sorted(shown, key=lambda ws: (ws[0].expires, ws[0].id)):
            table.add_row(
                waiver.id,
                waiver.rule,
                ", ".join(waiver.subjects),
                waiver.expires.isoformat(),
                say(f"cli.waiver_{state.value}", language),
                waiver.approved_by,
                waiver.risk_ref or "–",
            )
        out.print(table)
    expired = sum(1 for _, s in states if s is WaiverState.expired)
    expiring = sum(1 for _, s in states if s is WaiverState.expiring)
    out.print(say("cli.waivers_tally", language, expired=expired, days=days, expiring=expiring))
    if expired:
        sys.exit(EXIT_EXPIRED)


def _waiver_file(path: Path) -> Path | None:
    """The waiver file itself, or the one named by a site profile (or its folder)."""
    if path.is_file():
        data, _ = load_yaml_text(read_text(path), str(path))
        if isinstance(data, dict) and "waivers" in data and not isinstance(data["waivers"], str):
            return path
    return site_waiver_file(load_site(path), profile_path(path))
