"""Commands for the evidence bundle: ``keys new`` makes a signing key pair, ``bundle`` writes a
bundle (signed with ``--sign``), ``verify`` checks one.

``verify`` exits 0 when every file matches the manifest (and, with ``--key``/``--fingerprint``,
the manifest is signed by that key; with ``--sha256``, the file has that hash), 3 when anything
differs or is refused (each named on its own line), and 2 when the file is not a zip at all or
the manifest is unusable.
"""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from kszcheck import __version__
from kszcheck.bundle import make_bundle, verify_bundle
from kszcheck.cli.app import cli, warn
from kszcheck.cli.terminal import plain_text
from kszcheck.model.errors import KszError
from kszcheck.model.site import CredentialRef
from kszcheck.secrets import SecretError, resolve_secret
from kszcheck.signing import fingerprint, load_private_key, load_public_key, new_key_pair

__all__ = ["EXIT_VERIFY_FAILED", "bundle", "keys", "verify"]

#: Exit code of ``verify`` when the bundle does not match its manifest, key or hash.
EXIT_VERIFY_FAILED = 3

PASSPHRASE_ENV = click.option(
    "--passphrase-env",
    metavar="VARIABLE",
    default=None,
    help="Environment variable holding the key's passphrase (never the passphrase itself).",
)
PASSPHRASE_FILE = click.option(
    "--passphrase-file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="File holding the key's passphrase.",
)


def _passphrase(env: str | None, file: Path | None) -> str | None:
    if env is None and file is None:
        return None
    if env is not None and file is not None:
        raise click.UsageError("give --passphrase-env or --passphrase-file, not both")
    ref = CredentialRef(env=env) if env is not None else CredentialRef(file=str(file))
    try:
        return resolve_secret(ref, Path.cwd(), "passphrase")
    except SecretError as exc:
        raise KszError(str(exc)) from None


@cli.group()
def keys() -> None:
    """Signing keys for evidence bundles (Ed25519)."""


@keys.command("new")
@click.argument("prefix", type=click.Path(path_type=Path, dir_okay=False))
@PASSPHRASE_ENV
@PASSPHRASE_FILE
def keys_new(prefix: Path, passphrase_env: str | None, passphrase_file: Path | None) -> None:
    """Write PREFIX.key (private, mode 0600) and PREFIX.pub (public, to give to the auditor)."""
    pair = new_key_pair(prefix, _passphrase(passphrase_env, passphrase_file))
    click.echo(f"private key / privésleutel: {pair.private} (mode 0600: keep it secret)")
    click.echo(f"public key / publieke sleutel: {pair.public}")
    click.echo(f"fingerprint: {pair.fingerprint}")


@cli.command()
@click.argument("run_dir", metavar="RUN_DIR", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The zip file to write, e.g. evidence.zip.",
)
@click.option(
    "--sign",
    "sign_key",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Sign the manifest with this private key (from 'kszcheck keys new').",
)
@PASSPHRASE_ENV
@PASSPHRASE_FILE
def bundle(
    run_dir: Path,
    output: Path,
    sign_key: Path | None,
    passphrase_env: str | None,
    passphrase_file: Path | None,
) -> None:
    """Bundle the snapshot, assessment and reports of RUN_DIR with a SHA-256 manifest."""
    key = None
    if sign_key is not None:
        key = load_private_key(sign_key, _passphrase(passphrase_env, passphrase_file))
    elif passphrase_env or passphrase_file:
        raise click.UsageError("--passphrase-* goes with --sign")
    result = make_bundle(
        run_dir, output, created=datetime.now(UTC), tool_version=__version__, key=key
    )
    for name in result.skipped:
        warn(f"{run_dir / name}: a symbolic link, not put in the bundle")
    click.echo(f"bewijsbundel / evidence bundle: {result.path} ({len(result.files)} files)")
    click.echo(f"manifest SHA-256: {result.manifest_sha256}")
    click.echo(f"bundle SHA-256: {result.bundle_sha256}")
    if result.signer:
        click.echo(f"ondertekend door / signed by: {result.signer}")


_FINGERPRINT = re.compile(r"sha256:[0-9a-f]{64}")
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


@cli.command()
@click.argument("bundle_path", metavar="BUNDLE", type=click.Path(path_type=Path))
@click.option(
    "--key",
    "key_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The signer's public key (.pub): the manifest must be signed by it.",
)
@click.option(
    "--fingerprint",
    "pinned",
    metavar="sha256:HEX",
    default=None,
    help="The signer's key fingerprint, instead of --key.",
)
@click.option(
    "--sha256",
    "sha256",
    metavar="HEX",
    default=None,
    help="The SHA-256 of the whole bundle, as 'kszcheck bundle' printed it.",
)
def verify(
    bundle_path: Path, key_path: Path | None, pinned: str | None, sha256: str | None
) -> None:
    """Check an evidence bundle (exit 0 ok, 3 changed or not signed as required, 2 unreadable)."""
    if key_path is not None and pinned is not None:
        raise click.UsageError("give --key or --fingerprint, not both")
    if pinned is not None and not _FINGERPRINT.fullmatch(pinned):
        raise click.BadParameter("expected sha256: and 64 hex digits", param_hint="--fingerprint")
    if sha256 is not None and not _SHA256.fullmatch(sha256):
        raise click.BadParameter("expected 64 hex digits", param_hint="--sha256")
    trusted = fingerprint(load_public_key(key_path)) if key_path is not None else pinned
    result = verify_bundle(bundle_path, trusted=trusted, sha256=sha256)
    where = plain_text(bundle_path)
    if result.problems:
        for problem in result.problems:
            click.echo(f"{where}: {problem}")
        sys.exit(EXIT_VERIFY_FAILED)
    click.echo(f"{where}: in orde / ok ({result.files} files match the manifest)")
    if result.signer and trusted:
        click.echo(f"{where}: ondertekend door / signed by {result.signer} (the key you gave)")
    elif result.signer:
        click.echo(
            f"{where}: ondertekend door / signed by {result.signer} - not checked against a "
            "key you trust: give --key or --fingerprint"
        )
    else:
        click.echo(
            f"{where}: niet ondertekend / not signed - the manifest proves nothing against "
            "someone who rewrote the bundle (give --sha256, or sign bundles)"
        )
