"""``windows-script``: print or write the Windows pack (a PowerShell script shipped with
kszcheck) that a consultant runs on a domain-joined host; its folder is then read by a source
of type ``windows-export``."""

from __future__ import annotations

from pathlib import Path

import click

from kszcheck.cli.app import cli
from kszcheck.report.output import write_atomic
from kszcheck.winpack import script_text

__all__ = ["windows_script"]


@cli.command("windows-script")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the script to this file (e.g. kszcheck-windows-pack.ps1) instead of printing it.",
)
def windows_script(output: Path | None) -> None:
    """Print the PowerShell script of the Windows pack, or write it with -o."""
    text = script_text()
    if output is None:
        click.echo(text.lstrip("\ufeff").replace("\r\n", "\n"), nl=False)
        return
    write_atomic(output, text)
    click.echo(f"Windows-pakket / Windows pack: {output}")
    click.echo(
        "Voer uit / run: powershell -ExecutionPolicy Bypass -File "
        f"{output.name} -SearchBase '<OU DN>' -OutputFolder <map/folder>"
    )
