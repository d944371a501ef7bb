"""Credentials from the operating system's keyring: ``{keyring: service/user}`` (issue 19).

The ``keyring`` package runs as it does for users; its backend here is a small file-backed one
(tests/peers/keyring_store.py) chosen through PYTHON_KEYRING_BACKEND, the package's own switch;
"no backend" is the package's own ``fail.Keyring``, what a server without a desktop session has.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kszcheck.model.site import CredentialRef
from kszcheck.secrets import SecretError, resolve_secret, resolved_secrets
from tests.support import copy_example, edit_yaml, kszcheck

keyring = pytest.importorskip("keyring")  # a dependency: installed wherever pyproject is

from keyring.backends.fail import Keyring as NoBackend  # noqa: E402

from tests.peers.keyring_store import BACKEND, FileKeyring  # noqa: E402

SECRET = "Kr-7#geheim wachtwoord"
NOW = "2026-11-22T09:00:00+01:00"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FileKeyring:
    monkeypatch.setenv("KSZ_TEST_KEYRING", str(tmp_path / "keyring.json"))
    backend = FileKeyring()
    backend.set_password("kszcheck-ldap", "VOORBEELD\\svc-audit", SECRET)
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_a_keyring_reference_reads_the_entry(store: FileKeyring, tmp_path: Path) -> None:
    ref = CredentialRef(keyring="kszcheck-ldap/VOORBEELD\\svc-audit")
    assert ref.keyring_entry == ("kszcheck-ldap", "VOORBEELD\\svc-audit")
    assert resolve_secret(ref, tmp_path) == SECRET
    assert SECRET in resolved_secrets()  # redacted from any last-resort error output


def test_a_missing_entry_names_the_reference_not_a_secret(
    store: FileKeyring, tmp_path: Path
) -> None:
    with pytest.raises(SecretError) as caught:
        resolve_secret(CredentialRef(keyring="kszcheck-ldap/other"), tmp_path, "community")
    assert str(caught.value) == (
        "the community in the keyring (service 'kszcheck-ldap', user 'other'): no such entry, "
        "or it is empty (keyring set kszcheck-ldap other)"
    )


def test_no_backend_is_a_clear_error(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(NoBackend())
    try:
        with pytest.raises(SecretError) as caught:
            resolve_secret(CredentialRef(keyring="kszcheck-ldap/svc"), tmp_path)
    finally:
        keyring.set_keyring(previous)
    assert str(caught.value) == (
        "the password in the keyring (service 'kszcheck-ldap', user 'svc'): no keyring backend "
        "on this system (Windows Credential Manager, macOS Keychain or a Secret Service such as "
        "GNOME Keyring); use {env: …} or {file: …}"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"keyring": "no-slash"}, "a keyring reference is 'service/user'"),
        ({"keyring": "service/"}, "a keyring reference is 'service/user'"),
        ({"keyring": "s/u", "env": "X"}, "give exactly one of 'env', 'file' or 'keyring'"),
    ],
)
def test_bad_keyring_references_are_refused(data: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CredentialRef.model_validate(data)


def _ldap_site(tmp_path: Path, reference: str) -> Path:
    site = copy_example(tmp_path / "site")

    def add(data: dict) -> None:  # type: ignore[type-arg]
        data["sources"].append(
            {
                "id": "ad-live",
                "type": "ldap",
                "url": "ldaps://127.0.0.1:9",  # nothing listens: the bind fails after the lookup
                "bind_dn": "svc-audit@voorbeeld.local",
                "password": {"keyring": reference},
            }
        )

    edit_yaml(site / "site.yaml", add)
    return site


def test_a_scan_reads_the_keyring_and_never_prints_the_secret(
    store: FileKeyring, tmp_path: Path
) -> None:
    site = _ldap_site(tmp_path, "kszcheck-ldap/VOORBEELD\\svc-audit")
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": BACKEND}
    result = kszcheck("scan", str(site), "-o", str(tmp_path / "out"), "--now", NOW, env=env)
    assert result.returncode in (4, 5), result.stderr
    lost = [line for line in result.stderr.splitlines() if "source 'ad-live'" in line]
    assert len(lost) == 1 and "keyring" not in lost[0], lost  # the entry was read: it connected
    outputs = [result.stdout, result.stderr]
    outputs += [p.read_text("utf-8") for p in (tmp_path / "out").iterdir()]
    assert not [text for text in outputs if SECRET in text]


def test_a_scan_without_a_keyring_backend_says_so(tmp_path: Path) -> None:
    site = _ldap_site(tmp_path, "kszcheck-ldap/svc")
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = kszcheck("scan", str(site), "-o", str(tmp_path / "out"), "-q", "--now", NOW, env=env)
    assert result.returncode in (4, 5), result.stderr
    assert (
        "kszcheck: warning: source 'ad-live' (ldap) failed / mislukt: source 'ad-live': the "
        "password in the keyring (service 'kszcheck-ldap', user 'svc'): no keyring backend on "
        "this system"
    ) in result.stderr
