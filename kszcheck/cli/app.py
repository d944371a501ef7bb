"""The command group, shared helpers and the pipeline commands: demo, scan, collect, evaluate,
report."""

from __future__ import annotations

import re
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import click
from rich.console import Console
from rich.table import Table

from kszcheck import __version__
from kszcheck.catalogue import Catalogue, load_catalogue
from kszcheck.catalogue.packs import catalogue_for_site
from kszcheck.collectors.run import collect_site
from kszcheck.config import load_site, load_waivers, profile_path, site_waiver_file
from kszcheck.config.files import read_text
from kszcheck.engine import evaluate
from kszcheck.history import HistoryError, HistoryStore, record_run
from kszcheck.model.errors import KszError
from kszcheck.model.provenance import CollectionStatus
from kszcheck.model.results import Assessment, Outcome
from kszcheck.model.site import SiteProfile, SourceSpec
from kszcheck.model.snapshot import Snapshot, snapshot_from_json, snapshot_to_json
from kszcheck.notify import MailError, send_report
from kszcheck.paths import example_dir
from kszcheck.report.formats import render as render_format
from kszcheck.report.html import render_html
from kszcheck.report.json_ import read_assessment, render_json
from kszcheck.report.output import write_atomic

__all__ = ["main"]

EXIT_USAGE = 2
EXIT_UNEXPECTED = 1

LANG = click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default=None,
    help="Language of the report (default: the site's language, else nl).",
)
NOW = click.option(
    "--now",
    "now_text",
    metavar="ISO-TIME",
    default=None,
    help="Evaluation time (default: now), e.g. 2026-11-22T08:00:00+01:00, to re-run an audit.",
)
QUIET = click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors (for cron).")
HISTORY = click.option(
    "--history",
    "history_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    envvar="KSZCHECK_HISTORY",
    help="History database (SQLite; default: history.sqlite next to the report folder, "
    "e.g. reports/history.sqlite; or $KSZCHECK_HISTORY).",
)
STRICT = click.option(
    "--strict",
    is_flag=True,
    help="Stop at the first malformed source file (one line naming file and line, exit 2, "
    "nothing written) instead of recording that source as failed and going on without it.",
)
MAIL_TO = click.option(
    "--mail-to",
    "mail_to",
    multiple=True,
    metavar="ADDRESS",
    help="E-mail the summary with the report attached (SMTP settings: 'notify:' in site.yaml).",
)


class Ui:
    """Progress and summaries on stderr/stdout; silent with --quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.out = Console(highlight=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)

    def progress(self, spec: SourceSpec, state: str) -> None:
        if self.quiet:
            return
        label = {"start": "verzamelen…", "done": "klaar", "failed": "MISLUKT"}.get(state, state)
        if state != "start":
            self.err.print(f"  bron [bold]{spec.id}[/] ({spec.type.value}): {label}", markup=True)


def _now(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"'{text}' is not an ISO date-time", param_hint="--now") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _collect(
    site_path: Path, now: datetime, ui: Ui, strict: bool = False
) -> tuple[SiteProfile, Path, Snapshot]:
    site = load_site(site_path)
    profile = profile_path(site_path)
    if not ui.quiet:
        ui.err.print(f"kszcheck {__version__}: {site.name} ({profile})")
    snapshot = collect_site(site, profile.parent, now, ui.progress, strict=strict)
    _warn_lost_sources(snapshot)
    return site, profile, snapshot


def _warn_lost_sources(snapshot: Snapshot) -> None:
    """One line on stderr (also with --quiet) per source whose facts were lost: the run goes on
    and the rules that need those facts are not assessed."""
    for source in snapshot.sources:
        if source.status is CollectionStatus.failed:
            state = "failed / mislukt"
        elif source.missing:
            state = "incomplete / onvolledig"
        else:
            continue
        click.echo(
            f"kszcheck: warning: source '{source.source_id}' ({source.collector}) {state}: "
            f"{source.reason or ', '.join(source.missing)}",
            err=True,
        )


def _evaluate(
    site: SiteProfile, site_file: Path, snapshot: Snapshot, now: datetime, catalogue: Catalogue
) -> Assessment:
    waiver_file = site_waiver_file(site, site_file)
    waivers = load_waivers(waiver_file) if waiver_file else []
    # the site's rule packs (site.yaml 'rule_packs:') and the norm files (rules/norms/)
    full = catalogue_for_site(catalogue, site, site_file)
    return evaluate(
        snapshot,
        site,
        full.catalogue.rules,
        full.checks,
        waivers,
        now,
        tool_version=__version__,
        catalogue_version=full.catalogue.version,
        site_source=str(site_file),
        norms=full.norms,
    )


def _lang(lang: str | None, site: SiteProfile | None) -> str:
    return lang or (site.language if site else "nl")


def _print_summary(ui: Ui, assessment: Assessment, report: Path | None) -> None:
    if ui.quiet:
        return
    summary = assessment.summary
    words = {
        "compliant": "[green]in orde[/]: geen tekortkomingen, alles beoordeeld",
        "gaps": "[red]tekortkomingen gevonden[/]",
        "incomplete": "[yellow]geen tekortkomingen, maar niet alles kon beoordeeld worden[/]",
        "gaps_incomplete": "[red]tekortkomingen gevonden[/] en niet alles kon beoordeeld worden",
    }
    ui.out.print(f"\n[bold]{assessment.site_name}[/]: {words[summary.status]}")
    score = "–" if summary.score is None else f"{summary.score:.0%}"
    ui.out.print(
        f"score {score} · dekking {summary.coverage:.0%} · "
        + " · ".join(f"{k}: {v}" for k, v in summary.counts.items() if v)
    )
    failed = [r for r in assessment.results if r.outcome is Outcome.fail]
    if failed:
        table = Table(show_header=True, header_style="bold", box=None)
        table.add_column("regel")
        table.add_column("ernst")
        table.add_column("titel")
        table.add_column("bevindingen", justify="right")
        for result in sorted(failed, key=lambda r: (r.severity.rank, r.rule_id)):
            title = assessment.rules[result.rule_id].title.nl
            open_count = sum(1 for f in result.findings if not f.waived)
            table.add_row(result.rule_id, result.severity.value, title, str(open_count))
        ui.out.print(table)
    not_assessed = [r for r in assessment.results if r.outcome is Outcome.not_assessed]
    for result in not_assessed:
        reason = result.reason.nl if result.reason else ""
        ui.out.print(f"[yellow]niet beoordeeld[/] {result.rule_id}: {reason}")
    if report is not None:
        click.echo(f"\nrapport: {report}")


def _write_outputs(out_dir: Path, snapshot: Snapshot, assessment: Assessment, lang: str) -> Path:
    # render everything first, then write: nothing is written half
    files = {
        "snapshot.json": snapshot_to_json(snapshot),
        "assessment.json": render_json(assessment),
        "report.html": render_html(assessment, lang),
    }
    for name, text in files.items():
        write_atomic(out_dir / name, text)
    return out_dir / "report.html"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "site"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kszcheck")
def cli() -> None:
    """kszcheck: KSZ- en VTC-controle van gedeelde ICT van gemeente en OCMW.

    Checks ICT shared by a gemeente and its OCMW against the KSZ minimum security norms and
    the VTC guidance. Exit codes: 0 compliant and complete, 3 gaps found, 4 no gaps but some
    rules not assessed, 5 gaps and some rules not assessed, 2 usage or configuration error
    (with --strict also a malformed source file), 1 unexpected error. Without --strict a
    malformed source file fails that source: a warning, and its rules are not assessed.
    """


@cli.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=Path("reports/example"),
    show_default=True,
    help="Folder for snapshot, assessment and report.",
)
@LANG
@NOW
@QUIET
@HISTORY
@STRICT
def demo(
    output: Path,
    lang: str | None,
    now_text: str | None,
    quiet: bool,
    history_path: Path | None,
    strict: bool,
) -> None:
    """Scan the example administration (Gemeente en OCMW Voorbeeld)."""
    _scan(example_dir(), output, lang, now_text, quiet, history_path=history_path, strict=strict)


@cli.command()
@click.argument("site", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for snapshot, assessment and report (default: reports/<site>).",
)
@LANG
@NOW
@QUIET
@HISTORY
@MAIL_TO
@STRICT
def scan(
    site: Path,
    output: Path | None,
    lang: str | None,
    now_text: str | None,
    quiet: bool,
    history_path: Path | None,
    mail_to: tuple[str, ...],
    strict: bool,
) -> None:
    """Collect, evaluate and report on SITE (a site.yaml or its folder)."""
    _scan(
        site,
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
    history_path: Path | None = None,
    mail_to: list[str] | None = None,
    strict: bool = False,
) -> NoReturn:
    ui = Ui(quiet)
    now = _now(now_text)
    catalogue = load_catalogue()
    site, site_file, snapshot = _collect(site_path, now, ui, strict)
    assessment = _evaluate(site, site_file, snapshot, now, catalogue)
    out_dir = output or Path("reports") / _slug(site.name)
    assessment = _record_history(history_path or out_dir.parent / "history.sqlite", assessment, ui)
    report = _write_outputs(out_dir, snapshot, assessment, _lang(lang, site))
    _print_summary(ui, assessment, report)
    if mail_to:
        _mail(site, site_file, mail_to, assessment, report, _lang(lang, site))
    sys.exit(assessment.summary.exit_code)


def _record_history(path: Path, assessment: Assessment, ui: Ui) -> Assessment:
    """Store the run and attach what changed; a broken history never loses the scan's results."""
    try:
        with HistoryStore(path) as store:
            if store.notice and not ui.quiet:
                ui.err.print(f"geschiedenis / history: {store.notice}", markup=False)
            return record_run(store, assessment, datetime.now(UTC))
    except (HistoryError, OSError, sqlite3.Error) as exc:
        click.echo(f"kszcheck: warning: history not stored: {exc}", err=True)
        return assessment


def _mail(
    site: SiteProfile,
    site_file: Path,
    to: list[str],
    assessment: Assessment,
    report: Path,
    lang: str,
) -> None:
    """E-mail the summary with the report attached; a failure is one line on stderr."""
    try:
        send_report(site.notify, to, assessment, report, lang, base=site_file.parent)
    except MailError as exc:
        click.echo(f"kszcheck: warning: mail not sent: {exc}", err=True)


@cli.command()
@click.argument("site", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    required=True,
    help="Snapshot file to write (JSON).",
)
@QUIET
@STRICT
def collect(site: Path, output: Path, quiet: bool, strict: bool) -> None:
    """Collect the facts of SITE into a snapshot, to evaluate later."""
    ui = Ui(quiet)
    _, _, snapshot = _collect(site, datetime.now(UTC), ui, strict)
    write_atomic(output, snapshot_to_json(snapshot))
    if not quiet:
        failed = [s.source_id for s in snapshot.sources if s.status.value == "failed"]
        ui.out.print(
            f"snapshot: {output}" + (f" (mislukte bronnen: {', '.join(failed)})" if failed else "")
        )


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
    type=click.Path(path_type=Path),
    required=True,
    help="Assessment file to write (JSON).",
)
@NOW
@QUIET
def evaluate_cmd(
    snapshot_path: Path, site_path: Path, output: Path, now_text: str | None, quiet: bool
) -> None:
    """Evaluate a saved SNAPSHOT against the catalogue; exit code as for scan."""
    ui = Ui(quiet)
    snapshot = snapshot_from_json(read_text(snapshot_path), str(snapshot_path))
    site = load_site(site_path)
    assessment = _evaluate(
        site, profile_path(site_path), snapshot, _now(now_text), load_catalogue()
    )
    write_atomic(output, render_json(assessment))
    _print_summary(ui, assessment, None)
    sys.exit(assessment.summary.exit_code)


evaluate_cmd.name = "evaluate"


@cli.command()
@click.argument("assessment_path", metavar="ASSESSMENT", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "json", "csv", "sarif", "junit"]),
    default="html",
    show_default=True,
    help="html (report), json (the assessment, see schema/), csv, sarif (SARIF 2.1.0), junit.",
)
@LANG
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), required=True, help="Report file to write."
)
def report(assessment_path: Path, fmt: str, lang: str | None, output: Path) -> None:
    """Render a saved ASSESSMENT as a report."""
    assessment = _load_assessment(assessment_path)
    text = render_format(assessment, fmt, lang or "nl")
    write_atomic(output, text)
    click.echo(f"rapport: {output}")


def _load_assessment(path: Path) -> Assessment:
    return read_assessment(read_text(path), path)


def main(argv: list[str] | None = None) -> None:
    """Entry point: expected failures are one line on stderr, never a traceback."""
    try:
        cli.main(args=argv, prog_name="kszcheck", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("kszcheck: afgebroken / aborted", err=True)
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except KszError as exc:
        click.echo(f"kszcheck: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo("kszcheck: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last resort: one line, then the details on request
        _unexpected(exc)
    sys.exit(0)


def _unexpected(exc: BaseException) -> NoReturn:
    import os
    import traceback

    if os.environ.get("KSZCHECK_DEBUG"):
        traceback.print_exception(exc)
    click.echo(
        f"kszcheck: unexpected error: {type(exc).__name__}: {exc} "
        "(set KSZCHECK_DEBUG=1 for the traceback, and please report it)",
        err=True,
    )
    sys.exit(EXIT_UNEXPECTED)
