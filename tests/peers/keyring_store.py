"""A keyring backend for the tests: the ``keyring`` package's own plumbing (backend selection
through PYTHON_KEYRING_BACKEND, ``get_password``) over a JSON file named by $KSZ_TEST_KEYRING, so a
``kszcheck`` process started by a test reads what the test stored. Users have Windows Credential
Manager, macOS Keychain or a Secret Service instead; none runs here without a desktop session.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend

BACKEND = "tests.peers.keyring_store.FileKeyring"


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def _file(self) -> Path:
        return Path(os.environ["KSZ_TEST_KEYRING"])

    def _entries(self) -> dict[str, str]:
        return json.loads(self._file.read_text("utf-8")) if self._file.is_file() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._entries().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._entries()
        entries[f"{service}/{username}"] = password
        self._file.write_text(json.dumps(entries), "utf-8")

    def delete_password(self, service: str, username: str) -> None:
        entries = self._entries()
        entries.pop(f"{service}/{username}", None)
        self._file.write_text(json.dumps(entries), "utf-8")
