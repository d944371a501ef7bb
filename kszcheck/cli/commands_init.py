"""``kszcheck init [DIR]``: a new site profile and empty inventory templates to fill in.

On a terminal it asks the few questions that matter (the names, the separation model, where the
AD export will be), with the flags' values as defaults; otherwise it takes the flags only. The
profile is validated before anything is written; an existing file is never overwritten.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import click

from kszcheck import pipeline
from kszcheck.cli.app import cli
from kszcheck.cli.init_site import Answers, Proposal, propose, scaffold
from kszcheck.cli.terminal import plain_text
from kszcheck.collectors import ldif_collect
from kszcheck.model.common import LANGS
from kszcheck.model.directory import Directory
from kszcheck.model.errors import KszError, OutputError
from kszcheck.model.site import SeparationModel, SourceSpec, SourceType
from kszcheck.texts import say

__all__ = ["init"]

_SEPARATIONS = [m.value for m in SeparationModel]


@cli.command()
@click.argument(
    "folder", metavar="DIR", required=False, type=click.Path(path_type=Path, file_okay=False)
)
@click.option("--name", default=None, help="The site's name, e.g. 'Gemeente en OCMW Voorbeeld'.")
@click.option("--gemeente", default=None, help="The gemeente's (commune's) name.")
@click.option("--ocmw", default=None, help="The OCMW's (CPAS's) name.")
@click.option(
    "--separation",
    type=click.Choice(_SEPARATIONS),
    default=None,
    help="How the OCMW's ICT is separated: its own forest, its own domain, its own OUs, or none "
    "(default: ou).",
)
@click.option(
    "--ldif",
    default=None,
    metavar="PATH",
    help="Where the Active Directory export (LDIF) will be, relative to DIR (default: "
    "ad-export.ldif).",
)
@click.option(
    "--from-ldif",
    "from_ldif",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    metavar="EXPORT",
    help="An AD export (LDIF) to propose the zones from: the OUs and groups named like the "
    "social service (Sociale Dienst, SD, Service social, Action sociale), the OCMW/CPAS and the "
    "gemeente; on a terminal each list is asked to confirm. Also the profile's 'ad' source "
    "unless --ldif is given.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=None,
    help="Language of the profile, its reports and these questions (default: nl).",
)
@click.option(
    "--no-input", is_flag=True, help="Ask nothing, even on a terminal: the flags give everything."
)
def init(
    folder: Path | None,
    name: str | None,
    gemeente: str | None,
    ocmw: str | None,
    separation: str | None,
    ldif: str | None,
    from_ldif: Path | None,
    lang: str | None,
    no_input: bool,
) -> None:
    """Write a new site profile (site.yaml) and empty inventory templates into DIR (default:
    the current folder); never overwrites a file."""
    target = folder or Path(".")
    language = lang or "nl"
    interactive = _interactive(no_input)
    found = _proposal(from_ldif, language, interactive) if from_ldif else None
    if from_ldif is not None and ldif is None:
        ldif = _relative(from_ldif, target)
    if separation is None and found is not None and found.separation is not None:
        separation = found.separation.value  # the export's, as the default
    if interactive:
        answers = _ask(name, gemeente, ocmw, separation, ldif, language)
    else:
        missing = [
            f"--{k}" for k, v in (("name", name), ("gemeente", gemeente), ("ocmw", ocmw)) if not v
        ]
        if missing:
            raise click.UsageError(say("cli.init_missing", language, options=", ".join(missing)))
        assert name and gemeente and ocmw
        answers = Answers(
            name,
            gemeente,
            ocmw,
            SeparationModel(separation or "ou"),
            ldif or "ad-export.ldif",
            language,
        )
    if found is not None:
        answers = replace(answers, zones=found)
    files = scaffold(answers)
    _validate(files["site.yaml"])
    _write(target, files, language)
    for file_name in files:
        click.echo(plain_text(say("cli.init_written", language, path=target / file_name)))
    click.echo(
        plain_text(say("cli.init_next", language, ldif=target / answers.ldif, folder=target))
    )


def _relative(path: Path, folder: Path) -> str:
    """``path`` as the profile in ``folder`` names it: relative where it can be."""
    try:
        return os.path.relpath(path.resolve(), folder.resolve())
    except ValueError:  # another drive (Windows)
        return str(path.resolve())


def _proposal(export: Path, lang: str, interactive: bool) -> Proposal:
    """The zones the export suggests; on a terminal each list is confirmed."""
    spec = SourceSpec(id="ad", type=SourceType.ldif, path=str(export.resolve()))
    directory = ldif_collect.collect(spec, Path("."), datetime.now(UTC)).directory or Directory()
    found = propose(directory)
    if not interactive:
        return found
    kept: dict[str, list[str]] = {}
    for key in ("sdz_ous", "sdz_groups", "ocmw_ous", "gemeente_ous"):
        items: list[str] = getattr(found, key)
        shown = "; ".join(plain_text(i) for i in items)
        question = say("cli.init_q_confirm", lang, what=say(f"cli.init_what_{key}", lang))
        kept[key] = (
            items if items and click.confirm(f"{question}\n  {shown}\n", default=True) else []
        )
    return Proposal(**kept)


def _interactive(no_input: bool) -> bool:
    """Questions only on a terminal, and not with --no-input."""
    return not no_input and sys.stdin.isatty()


def _ask(
    name: str | None,
    gemeente: str | None,
    ocmw: str | None,
    separation: str | None,
    ldif: str | None,
    lang: str,
) -> Answers:
    def ask(key: str, default: str | None, choices: list[str] | None = None) -> str:
        kind = click.Choice(choices) if choices else None
        value: str = click.prompt(say(f"cli.init_q_{key}", lang), default=default, type=kind)
        return value.strip()

    site = ask("name", name)
    return Answers(
        site,
        ask("gemeente", gemeente),
        ask("ocmw", ocmw),
        SeparationModel(ask("separation", separation or "ou", _SEPARATIONS)),
        ask("ldif", ldif or "ad-export.ldif"),
        lang,
    )


def _validate(profile: str) -> None:
    """The profile as ``scan`` reads it: one that does not validate is a bug here, never a file
    written half."""
    with tempfile.TemporaryDirectory(prefix="kszcheck-init-") as staging:
        path = Path(staging) / "site.yaml"
        path.write_text(profile, "utf-8")
        pipeline.load_profile(path)


def _write(target: Path, files: dict[str, str], lang: str) -> None:
    """Every file or none: an existing one is refused before anything is written."""
    existing = [name for name in files if (target / name).exists()]
    if existing:
        raise KszError(
            say("cli.init_exists", lang, files=", ".join(str(target / n) for n in existing))
        )
    written: list[Path] = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            with (target / name).open("x", encoding="utf-8", newline="\n") as handle:
                written.append(target / name)
                handle.write(text)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise OutputError(f"{exc.filename or target}: {exc.strerror or exc}") from None
