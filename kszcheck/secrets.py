"""The one credential resolver: the secret behind a reference in site.yaml.

A secret is given only by reference (``CredentialRef``): an environment variable
(``{env: NAME}``), a file (``{file: path}``, relative to the site profile's folder, ``~``
expanded) or an entry of the operating system's keyring (``{keyring: service/user}``, read with
the ``keyring`` package: Windows Credential Manager, macOS Keychain, the Secret Service of a Linux
desktop; ``keyring set service user`` stores one). ``resolve_secret`` reads it when it is needed,
and every user of a secret (the LDAP and SNMP collectors, the mail notification) calls it, so
they all read it the same way:

- an environment variable that is not set, or set to an empty string, is an error;
- a file's text is the secret without its final line break(s) (what ``echo secret > file``
  writes); other whitespace is part of the secret; an empty file is an error;
- a keyring entry that does not exist or is empty is an error, and so is a system without a
  keyring backend (a server without a desktop session: use ``env`` or ``file`` there).

Errors (``SecretError``) name the reference (the variable or the file) and never the secret.
Every secret resolved in this process is remembered (``resolved_secrets``), so that the last-resort
error output (the one line of an unexpected error and the KSZCHECK_DEBUG traceback) can redact it.
"""

from __future__ import annotations

import os
from pathlib import Path

from kszcheck.model.site import CredentialRef

__all__ = ["SecretError", "resolve_secret", "resolved_secrets"]

_RESOLVED: set[str] = set()


class SecretError(Exception):
    """A secret that cannot be read; the message names the reference, never the secret."""


def resolve_secret(ref: CredentialRef, base_dir: Path, name: str = "password") -> str:
    """The secret behind ``ref``; ``name`` says what it is in messages ("password",
    "community", "auth_key", ...)."""
    if ref.env is not None:
        value = os.environ.get(ref.env)
        if not value:
            raise SecretError(f"the {name} variable {ref.env} is not set or empty")
        _RESOLVED.add(value)
        return value
    if ref.keyring is not None:
        value = _from_keyring(ref, name)
        _RESOLVED.add(value)
        return value
    path = Path(str(ref.file)).expanduser()
    path = path if path.is_absolute() else base_dir / path
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SecretError(
            f"the {name} file {path} cannot be read ({exc.strerror or type(exc).__name__})"
        ) from None
    value = text.rstrip("\r\n")
    if not value:
        raise SecretError(f"the {name} file {path} is empty")
    _RESOLVED.add(value)
    return value


def _from_keyring(ref: CredentialRef, name: str) -> str:
    service, user = ref.keyring_entry
    where = f"the {name} in the keyring (service '{service}', user '{user}')"
    try:
        import keyring
        from keyring.backends.fail import Keyring as NoBackend
        from keyring.errors import KeyringError
    except ImportError:
        raise SecretError(f"{where}: the keyring package is not installed") from None
    try:
        backend = keyring.get_keyring()
        if isinstance(backend, NoBackend):
            raise SecretError(
                f"{where}: no keyring backend on this system (Windows Credential Manager, macOS "
                "Keychain or a Secret Service such as GNOME Keyring); use {env: …} or {file: …}"
            )
        value = backend.get_password(service, user)
    except KeyringError as exc:  # a locked or unreachable keyring: its class, never its text
        raise SecretError(f"{where}: the keyring cannot be read ({type(exc).__name__})") from None
    if not value:
        raise SecretError(f"{where}: no such entry, or it is empty (keyring set {service} {user})")
    return str(value)


def resolved_secrets() -> frozenset[str]:
    """Every secret this process has resolved so far."""
    return frozenset(_RESOLVED)
