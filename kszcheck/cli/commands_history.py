"""Commands over the scan history: ``history`` lists the stored runs, ``history push`` sends
the runs that waited in the spool, ``diff`` compares two runs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kszcheck import pipeline
from kszcheck.cli.app import cli
from kszcheck.cli.terminal import plain_text
from kszcheck.history import (
    HistoryError,
    HistoryStore,
    RunRecord,
    diff_findings,
    open_history,
    pending,
    push,
)
from kszcheck.model.errors import KszError
from kszcheck.model.history import ChangedFinding
from kszcheck.model.results import whole_percent

__all__ = ["diff", "history", "history_push"]

#: Exit code of ``history push`` when runs still wait (the database could not take them).
EXIT_STILL_WAITING = 3

HISTORY_OPTION = click.option(
    "--history",
    "history_path",
    metavar="PATH|URL",
    default=None,
    help="History: an SQLite file or a postgresql:// URL (default: $KSZCHECK_HISTORY, else the "
    "default history of --site, else the one a scan wrote last, in the user's data folder).",
)
SITE_OPTION = click.option("--site", "site", default=None, help="Only the runs of this site.")


def _target(option: str | None, site: str | None = None) -> str:
    return option or os.environ.get("KSZCHECK_HISTORY") or str(pipeline.default_history(site))


def _open(option: str | None, site: str | None = None) -> HistoryStore:
    """The history, opened read-only: these commands never change, create or move a file."""
    return open_history(_target(option, site), read_only=True)


def _score(run: RunRecord) -> str:
    return whole_percent(run.score)


@cli.group(invoke_without_command=True)
@HISTORY_OPTION
@SITE_OPTION
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.pass_context
def history(ctx: click.Context, history_path: str | None, site: str | None, limit: int) -> None:
    """List the stored scans (newest last); 'history push' sends the runs that waited."""
    if ctx.invoked_subcommand is not None:
        return
    with _open(history_path, site) as store:
        runs = store.runs(site, limit)
    if not runs:
        click.echo("geen scans / no scans" + (f" for '{site}'" if site else ""))
        return
    # plain fixed columns (not a table that wraps): readable in a terminal, a log and a mail
    click.echo(f"{'run':>5}  {'evaluated':<22}  {'status':<15}  score  cover  fail   open  site")
    for run in runs:
        click.echo(
            f"{run.run_id:>5}  {run.evaluated_at.isoformat(timespec='minutes'):<22}  "
            f"{run.status:<15}  {_score(run):>5}  {whole_percent(run.coverage):>5}  "
            f"{run.failed_rules:>4}  "
            f"{run.open_findings:>5}  {plain_text(run.site)}"
        )


@history.command("push")
@HISTORY_OPTION
@click.option(
    "--profile",
    "profile",
    type=click.Path(path_type=Path),
    default=None,
    help="A site profile whose history: settings (URL, password reference, spool) to use.",
)
@click.option(
    "--spool",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of the waiting runs (default: the profile's history: spool, else "
    "reports/history-spool).",
)
def history_push(history_path: str | None, profile: Path | None, spool: Path | None) -> None:
    """Send the runs that waited in the spool (the database could not be reached when they
    ran), oldest first; each is removed from the spool only once it is stored, and a run that
    was stored already is never stored twice. Exit 0 when none waits any more, 3 when some
    still wait (the line says why)."""
    site, site_file = pipeline.load_profile(profile) if profile else (None, None)
    place = pipeline.history_place(
        history_path or os.environ.get("KSZCHECK_HISTORY"), site, site_file, Path("reports")
    )
    folder = spool or place.spool
    waiting = pending(folder)
    if not waiting:
        click.echo(f"geen wachtende scans / no waiting runs in {folder}")
        return
    try:
        with open_history(place.target) as store:
            result = push(store, folder)
    except HistoryError as exc:
        click.echo(
            plain_text(f"kszcheck: {len(waiting)} run(s) still wait in {folder}: {exc}"), err=True
        )
        sys.exit(EXIT_STILL_WAITING)
    click.echo(
        f"verzonden / sent: {len(result.sent)}, al opgeslagen / already stored: "
        f"{len(result.known)}, wachtend / waiting: {len(result.left)}"
    )
    if result.left:
        click.echo(
            plain_text(
                f"kszcheck: {len(result.left)} run(s) still wait in {folder}: {result.error}"
            ),
            err=True,
        )
        sys.exit(EXIT_STILL_WAITING)


def _pick(
    store: HistoryStore, run_a: int | None, run_b: int | None, site: str | None
) -> tuple[RunRecord, RunRecord]:
    if run_a is not None and run_b is not None:
        found = [store.run(run_a), store.run(run_b)]
        missing = [str(r) for r, f in zip((run_a, run_b), found, strict=True) if f is None]
        if missing:
            raise KszError(f"{store.target}: no run {', '.join(missing)} in the history")
        first, second = found
        assert first is not None and second is not None
        return first, second
    if run_a is not None or run_b is not None:
        raise click.UsageError("give two runs (RUN_A RUN_B), or none for the last two")
    if site is None:
        latest = store.runs(None, 1)
        if not latest:
            raise KszError(f"{store.target}: the history holds no scans")
        site = latest[0].site
    runs = store.runs(site, 2)
    if len(runs) < 2:
        raise KszError(f"{store.target}: fewer than two scans of '{site}' in the history")
    return runs[0], runs[1]


def _lines(title: str, items: list[ChangedFinding], mark: str) -> None:
    click.echo(f"\n{title} ({len(items)})")
    for item in items:
        waived = " [uitzondering/waived]" if item.waived else ""
        # the subject is an AD name, a switch port, a share: hostile text, shown escaped
        click.echo(
            f"  {mark} {plain_text(item.rule_id)} {item.severity:<8} {plain_text(item.subject)}"
            f"{waived}"
        )


@cli.command()
@click.argument("run_a", type=int, required=False)
@click.argument("run_b", type=int, required=False)
@HISTORY_OPTION
@SITE_OPTION
def diff(run_a: int | None, run_b: int | None, history_path: str | None, site: str | None) -> None:
    """Show new, resolved and unchanged findings from RUN_A to RUN_B.

    Without runs: the last two scans of the site (--site, else the site of the latest scan).
    """
    try:
        with _open(history_path, site) as store:
            first, second = _pick(store, run_a, run_b, site)
            changes = diff_findings(
                store.findings(first.run_id),
                store.findings(second.run_id),
                store.outcomes(second.run_id),
                previous_run=first.run_id,
                previous_evaluated_at=first.evaluated_at,
                this_run=second.run_id,
            )
    except HistoryError as exc:
        raise KszError(str(exc)) from None
    click.echo(
        f"{plain_text(second.site)}: run {first.run_id} "
        f"({first.evaluated_at.isoformat(timespec='minutes')})"
        f" → run {second.run_id} ({second.evaluated_at.isoformat(timespec='minutes')})"
    )
    _lines("nieuw / new", changes.new, "+")
    _lines("opgelost / resolved", changes.resolved, "-")
    if changes.unverified:
        _lines("niet opnieuw beoordeeld / not assessed again", changes.unverified, "?")
    click.echo(f"\nongewijzigd / unchanged: {changes.unchanged}")
