"""SYSVOL over SMB from a domain controller: the ``sysvol`` source with ``url:
smb://dc1.voorbeed.local/SYSVOL`` (optionally ``smb://host:port/SYSVOL/<domain>/Policies``),
``username`` and ``password`` by reference. It uses the SMB reading client the SMB collector
uses (signing required unless ``options: {allow_unsigned: true}``; SMB1 never)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from kszcheck.collectors.base import SourceFailed
from kszcheck.collectors.smb_client import SmbClient, SmbError, SmbTarget
from kszcheck.model.errors import InputError
from kszcheck.model.site import SourceSpec
from kszcheck.secrets import SecretError, resolve_secret

__all__ = ["SmbTree", "open_smb_tree"]

_OPTIONS = {"allow_unsigned": bool, "require_encryption": bool}


class SmbTree:
    """A SYSVOL share (or a folder in it) read over SMB, as a SysvolTree."""

    def __init__(self, client: SmbClient, share: str, base: tuple[str, ...]) -> None:
        self.client = client
        self.share = share
        self.base = base

    def _path(self, parts: tuple[str, ...]) -> str:
        return "\\".join((*self.base, *parts))

    def children(self, parts: tuple[str, ...]) -> list[tuple[str, bool]]:
        return [
            (e.name, e.is_dir) for e in self.client.list_directory(self.share, self._path(parts))
        ]

    def read(self, parts: tuple[str, ...]) -> bytes:
        return self.client.read_file(self.share, self._path(parts))

    def describe(self, parts: tuple[str, ...]) -> str:
        path = self._path(parts)
        return f"\\\\{self.client.target.host}\\{self.share}" + (f"\\{path}" if path else "")


def smb_location(spec: SourceSpec) -> tuple[SmbTarget, str, tuple[str, ...]]:
    """Target, share and folder of an ``smb://`` url; InputError names the source."""
    where = f"source '{spec.id}'"
    url = urlsplit(spec.url)
    parts = [unquote(p) for p in url.path.split("/") if p]
    if url.scheme.lower() != "smb" or not url.hostname or not parts:
        raise InputError(where, f"url '{spec.url}' is not smb://<domain controller>/SYSVOL")
    unknown = sorted(set(spec.options) - set(_OPTIONS))
    if unknown:
        raise InputError(
            where,
            f"unknown option(s) {', '.join(unknown)} (known: allow_unsigned, require_encryption)",
        )
    if not spec.username:
        raise InputError(where, "username is missing (DOMAIN\\user or user)")
    target = SmbTarget(
        host=url.hostname,
        port=url.port or 445,
        username=spec.username,
        require_signing=not bool(spec.options.get("allow_unsigned", False)),
        require_encryption=bool(spec.options.get("require_encryption", False)),
    )
    return target, parts[0], tuple(parts[1:])


def open_smb_tree(spec: SourceSpec, base_dir: Path) -> SmbTree:
    target, share, base = smb_location(spec)
    if spec.password is None:
        raise InputError(
            f"source '{spec.id}'", "password is missing: give 'password: {env: VARIABLE}'"
        )
    try:
        password = resolve_secret(spec.password, base_dir, "password")
    except SecretError as exc:
        raise SourceFailed(f"source '{spec.id}': {exc}") from None
    client = SmbClient(target, password)
    try:
        client.connect()
    except SmbError as exc:
        raise SourceFailed(str(exc)) from None
    return SmbTree(client, share, base)
