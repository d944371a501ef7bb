"""The commands that run the pipeline: demo, scan, evaluate, report (collect: commands_collect)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import click

from kszcheck import pipeline
from kszcheck.catalogue import load_catalogue
from kszcheck.cli.app import (
    HISTORY,
    LANG,
    MAIL_TO,
    NOW,
    QUIET,
    STRICT,
    Ui,
    cli,
    parse_now,
    site_language,
    warn,
)
from kszcheck.cli.commands_collect import collect_shown
from kszcheck.cli.progress import Bars
from kszcheck.cli.scan_many import print_many, scan_many, worst_exit_code
from kszcheck.cli.summary import print_summary
from kszcheck.cli.terminal import plain_text
from kszcheck.model.errors import KszError, OutputError
from kszcheck.paths import example_dir
from kszcheck.report.formats import render as render_format
from kszcheck.report.json_ import render_json
from kszcheck.report.output import write_atomic
from kszcheck.texts import say

__all__ = ["demo", "evaluate_cmd", "report", "scan"]


@cli.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("reports/example"),
    show_default=True,
    help="Folder for snapshot, assessment and report.",
)
@click.option(
    "--copy",
    "copy_to",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Copy the example administration into this new folder, to edit and scan as your own "
    "starting point (nothing is scanned).",
)
@LANG
@NOW
@QUIET
@HISTORY
@STRICT
def demo(
    output: Path,
    copy_to: Path | None,
    lang: str | None,
    now_text: str | None,
    quiet: bool,
    history_path: str | None,
    strict: bool,
) -> None:
    """Scan the example administration (Gemeente en OCMW Voorbeeld)."""
    language = lang or "nl"
    if copy_to is not None:
        site_file = copy_example(copy_to, language)
        click.echo(plain_text(say("cli.demo_copied", language, path=copy_to, site=site_file)))
        return
    _scan(
        example_dir(),
        output,
        lang,
        now_text,
        quiet,
        history_path=history_path,
        strict=strict,
        after=lambda ui: ui.out.print(
            plain_text(say("cli.demo_example", ui.lang, path=example_dir())), markup=False
        ),
    )


def copy_example(target: Path, lang: str) -> Path:
    """Copy the example administration into ``target`` (a new or empty folder) and return its
    site.yaml; a folder with files in it is refused (``KszError``, exit 2), nothing is changed."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise KszError(say("cli.demo_copy_exists", lang, path=target))
    try:
        shutil.copytree(example_dir(), target, dirs_exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{target}: {exc.strerror or exc}") from None
    return target / "site.yaml"


@cli.command()
@click.argument(
    "sites", metavar="SITE...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder for snapshot, assessment and report (default: reports/<site>); with several "
    "sites the folder that holds one run folder per site (default: reports).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="With several sites: how many are scanned at the same time.",
)
@LANG
@NOW
@QUIET
@HISTORY
@MAIL_TO
@STRICT
def scan(
    sites: tuple[Path, ...],
    output: Path | None,
    jobs: int,
    lang: str | None,
    now_text: str | None,
    quiet: bool,
    history_path: str | None,
    mail_to: tuple[str, ...],
    strict: bool,
) -> None:
    """Collect, evaluate and report on SITE (a site.yaml or its folder); several sites at
    once, at most --jobs at a time, each in its own run folder, with one summary."""
    if len(sites) > 1:
        options = [*(["--lang", lang] if lang else []), *(["--now", now_text] if now_text else [])]
        options += [*(["--history", history_path] if history_path else [])]
        options += [*(["--strict"] if strict else [])]
        for address in mail_to:
            options += ["--mail-to", address]
        ui = Ui(quiet, lang or "nl")
        with Bars(ui.err, ui.lang, quiet=quiet) as bars:
            runs = scan_many(list(sites), output or Path("reports"), jobs, options, bars.sites)
        print_many(ui, runs)
        sys.exit(worst_exit_code([r.exit_code for r in runs]))
    _scan(
        sites[0],
        output,
        lang,
        now_text,
        quiet,
        history_path=history_path,
        mail_to=list(mail_to),
        strict=strict,
    )


def _scan(
    site_path: Path,
    output: Path | None,
    lang: str | None,
    now_text: str | None,
    quiet: bool,
    *,
    history_path: str | None = None,
    mail_to: list[str] | None = None,
    strict: bool = False,
    after: Callable[[Ui], None] | None = None,
) -> NoReturn:
    ui = Ui(quiet)
    now = parse_now(now_text)
    catalogue = load_catalogue()
    site, site_file = pipeline.load_profile(site_path)
    ui.lang = site_language(lang, site)
    out_dir = output or pipeline.default_output_dir(site)
    history = pipeline.history_place(history_path, site, site_file, out_dir.parent)
    pipeline.check_history(history)  # a --history that is not a history: refused before collecting
    with Bars(ui.err, ui.lang, quiet=ui.quiet) as bars:
        run = collect_shown(site, site_file, now, ui, strict, bars)
        saved = pipeline.saved(run.snapshot)  # dumped once: for its hash and for the run folder
        assessment = pipeline.evaluate_snapshot(
            run.site, run.site_file, run.snapshot, now, catalogue, saved, progress=bars.rules
        )
    language = ui.lang
    assessment, report = pipeline.record_and_write(
        history,
        out_dir,
        run.snapshot,
        assessment,
        language,
        warn=warn,
        notice=None if ui.quiet else ui.history_notice,
        saved_form=saved,
        action_plan=run.site.action_plan,
    )
    print_summary(ui, assessment, report, history.target.shown)
    if after is not None and not ui.quiet:
        after(ui)
    if mail_to:
        pipeline.mail_report(
            run.site, run.site_file, mail_to, assessment, report, language, warn=warn
        )
    sys.exit(assessment.summary.exit_code)


@cli.command()
@click.argument("snapshot_path", metavar="SNAPSHOT", type=click.Path(path_type=Path))
@click.option(
    "--site",
    "site_path",
    type=click.Path(path_type=Path),
    required=True,
    help="The site profile (site.yaml) the snapshot was collected for.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Assessment file to write (JSON).",
)
@NOW
@LANG
@QUIET
def evaluate_cmd(
    snapshot_path: Path,
    site_path: Path,
    output: Path,
    now_text: str | None,
    lang: str | None,
    quiet: bool,
) -> None:
    """Evaluate a saved SNAPSHOT against the catalogue; exit code as for scan."""
    ui = Ui(quiet)
    snapshot, snapshot_hash = pipeline.load_snapshot(snapshot_path)
    site, site_file = pipeline.load_profile(site_path)
    ui.lang = site_language(lang, site)
    with Bars(ui.err, ui.lang, quiet=quiet) as bars:
        assessment = pipeline.evaluate_snapshot(
            site,
            site_file,
            snapshot,
            parse_now(now_text),
            progress=bars.rules,
            snapshot_hash=snapshot_hash,
        )
    write_atomic(output, render_json(assessment))
    print_summary(ui, assessment, None)
    sys.exit(assessment.summary.exit_code)


evaluate_cmd.name = "evaluate"


@cli.command()
@click.argument("assessment_path", metavar="ASSESSMENT", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "pdf", "json", "csv", "sarif", "junit"]),
    default="html",
    show_default=True,
    help="html (report), pdf (the report printed on A4 by headless Chromium), json (the "
    "assessment, see schema/), csv, sarif (SARIF 2.1.0), junit.",
)
@LANG
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Report file to write.",
)
def report(assessment_path: Path, fmt: str, lang: str | None, output: Path) -> None:
    """Render a saved ASSESSMENT as a report."""
    assessment = pipeline.load_assessment(assessment_path)
    language = lang or "nl"
    write_atomic(output, render_format(assessment, fmt, language))
    click.echo(f"{say('cli.report', language)}: {output}")
