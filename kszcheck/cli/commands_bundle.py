"""Commands for the evidence bundle: ``bundle`` writes it, ``verify`` checks it.

``verify`` exits 0 when every file matches the manifest, 3 when a file changed, is missing or was
added (each named on its own line), and 2 when the file is not a readable bundle.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from kszcheck import __version__
from kszcheck.bundle import make_bundle, verify_bundle
from kszcheck.cli.app import cli

__all__ = ["EXIT_VERIFY_FAILED", "bundle", "verify"]

#: Exit code of ``verify`` when the bundle does not match its manifest.
EXIT_VERIFY_FAILED = 3


@cli.command()
@click.argument("run_dir", metavar="RUN_DIR", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The zip file to write, e.g. evidence.zip.",
)
def bundle(run_dir: Path, output: Path) -> None:
    """Bundle the snapshot, assessment and reports of RUN_DIR with a SHA-256 manifest."""
    result = make_bundle(run_dir, output, created=datetime.now(UTC), tool_version=__version__)
    click.echo(f"bewijsbundel / evidence bundle: {result.path} ({len(result.files)} files)")
    click.echo(f"manifest SHA-256: {result.manifest_sha256}")


@cli.command()
@click.argument("bundle_path", metavar="BUNDLE", type=click.Path(path_type=Path))
def verify(bundle_path: Path) -> None:
    """Check an evidence bundle against its manifest (exit 0 ok, 3 changed, 2 unreadable)."""
    problems = verify_bundle(bundle_path)
    if not problems:
        click.echo(f"{bundle_path}: in orde / ok")
        return
    for problem in problems:
        click.echo(f"{bundle_path}: {problem}")
    sys.exit(EXIT_VERIFY_FAILED)
