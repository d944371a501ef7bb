"""``kszcheck questionnaire``: the KSZ/BCSS self-assessment questionnaire pre-filled from a saved
assessment, as a Word document or an Excel workbook; ``kszcheck annual-report``: the security
consultant's annual report from the history, as a Word document."""

from __future__ import annotations

from pathlib import Path

import click

from kszcheck import pipeline
from kszcheck.cli.app import LANG, cli
from kszcheck.cli.commands_catalogue import PACKS, full_catalogue
from kszcheck.cli.commands_history import HISTORY_OPTION
from kszcheck.cli.commands_history import _open as open_read_only
from kszcheck.documents import (
    annual_docx,
    build_annual_report,
    build_questionnaire,
    questionnaire_docx,
    questionnaire_xlsx,
)
from kszcheck.report.output import write_atomic

__all__ = ["annual_report", "questionnaire"]

#: The document formats, by the output file's suffix.
_FORMATS = {".docx": "docx", ".xlsx": "xlsx"}

TEMPLATE = click.option(
    "--template",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="A Word document (.docx) in the administration's house style: its styles, page set-up, "
    "headers and footers are used, its text is replaced.",
)


def _format(fmt: str | None, output: Path) -> str:
    if fmt is not None:
        return fmt
    found = _FORMATS.get(output.suffix.lower())
    if found is None:
        raise click.BadParameter(
            f"cannot tell the format from '{output.name}': name it .docx or .xlsx, or give "
            "--format",
            param_hint="--output",
        )
    return found


@cli.command()
@click.argument("assessment_path", metavar="ASSESSMENT", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="File to write: .docx (Word) or .xlsx (Excel, one row per question).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(set(_FORMATS.values()))),
    default=None,
    help="docx or xlsx (default: from the output file's name).",
)
@LANG
@click.option(
    "--norm",
    "norm_id",
    default="ksz-mn",
    show_default=True,
    help="The norm whose requirements are the questions (see 'kszcheck norms list').",
)
@TEMPLATE
@PACKS
def questionnaire(
    assessment_path: Path,
    output: Path,
    fmt: str | None,
    lang: str | None,
    norm_id: str,
    template: Path | None,
    rules_dirs: tuple[Path, ...],
) -> None:
    """The KSZ/BCSS self-assessment questionnaire pre-filled from a saved ASSESSMENT.

    One question per requirement of the norm, by chapter, each answered yes, partly, no, open or
    not applicable from the run's verdicts and recorded answers, with the evidence (rules,
    findings, waivers, answers with their date and author) and room for the consultant's
    comment. A question without evidence stays open: never 'yes' by default.
    """
    kind = _format(fmt, output)
    if template is not None and kind != "docx":
        raise click.BadParameter(
            "a template is for Word documents (.docx)", param_hint="--template"
        )
    assessment = pipeline.load_assessment(assessment_path)
    norms = full_catalogue(rules_dirs, None).norms
    document = build_questionnaire(assessment, norm_id, lang or "nl", norms)
    if kind == "docx":
        write_atomic(output, questionnaire_docx(document, template))
    else:
        write_atomic(output, questionnaire_xlsx(document))
    counts = ", ".join(
        f"{document.text(f'documents.answer.{a.value}')}: {n}" for a, n in document.counts().items()
    )
    click.echo(f"{output} ({counts})")


@cli.command("annual-report")
@click.option("--site", "site", required=True, help="The site's name as stored in the history.")
@click.option(
    "--year",
    type=click.IntRange(min=2000, max=9999),
    default=None,
    help="The year (default: the year of the site's last stored run).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Word document (.docx) to write.",
)
@HISTORY_OPTION
@LANG
@TEMPLATE
@PACKS
def annual_report(
    site: str,
    year: int | None,
    output: Path,
    history_path: str | None,
    lang: str | None,
    template: Path | None,
    rules_dirs: tuple[Path, ...],
) -> None:
    """The security consultant's annual report for a site, from the history, as Word.

    Built from the year's last stored run of the site (state, open waivers, action plan, norm
    coverage) and the year's runs (score and coverage over the year, problems resolved and new);
    every figure names its stored run. The history is opened read-only.
    """
    if output.suffix.lower() != ".docx":
        raise click.BadParameter(f"'{output.name}' is not a .docx file", param_hint="--output")
    catalogue = full_catalogue(rules_dirs, None)
    titles = {norm.id: norm.title for norm in catalogue.norms}
    with open_read_only(history_path, site) as store:  # the site's default history
        report = build_annual_report(
            store, site, year, lang or "nl", catalogue.catalogue.rules, titles
        )
    write_atomic(output, annual_docx(report, template))
    click.echo(f"{output} ({report.site}, {report.year}: {len(report.runs)})")
