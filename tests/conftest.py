"""Fixtures shared by every test folder.

``samba_pool`` is the one Samba AD DC of the whole session. Samba's LDAP ports are fixed, so one
DC runs at a time: the live LDAP tests, the fault tests and the secret-hygiene test all take it
from this pool (``get``), which restarts it when a test needs another configuration or a DC of
its own (``fresh=True``, e.g. one that the test stops). So any order of test folders works
(``pytest tests/live tests/faults`` and the reverse). Every DC is stopped by PID at the end of
the session; ``--maximum-runtime`` ends any that a killed test run leaves behind.

``example_site`` is a copy of the example administration, to change in a test.

``user_data`` (for every test; ``module_user_data`` for a module's fixtures) points the user's data
folder (XDG_DATA_HOME, LOCALAPPDATA), where a scan without --history keeps the site's history, at
a temporary folder: no test reads or writes the real one, nor another test's history.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.peers import samba
from tests.support import copy_example, require_peer


class SambaPool:
    """At most one running test DC; ``get`` starts or restarts it as asked."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.current: samba.SambaDC | None = None
        self.starts = 0
        self._template: Path | None = None

    @property
    def template(self) -> Path:
        """The provisioned, seeded template (built once, cached across sessions)."""
        if self._template is None:
            from tests.live.seed import seed

            self._template = samba.ensure_template(seed())
        return self._template

    def unavailable_reason(self) -> str | None:
        """None when a DC runs or can be started, else why not (no Samba, ports taken)."""
        if self.current is not None and self.current.process.poll() is None:
            return None
        return samba.unavailable_reason()

    def get(self, strong_auth: bool = True, fresh: bool = False) -> samba.SambaDC:
        """The running DC with that configuration; ``fresh``: a new one (the old is stopped).
        Skips (fails with CI=true) without Samba."""
        server = self.current
        if (
            server is not None
            and not fresh
            and server.strong_auth == strong_auth
            and server.process.poll() is None
        ):
            return server
        self.stop()
        require_peer(samba.unavailable_reason(), "the tests against the Samba AD DC")
        self.starts += 1
        self.current = samba.start(
            self.template, self.root / f"dc-{self.starts}", strong_auth=strong_auth, max_runtime=900
        )
        return self.current

    def stop(self) -> None:
        if self.current is not None:
            self.current.stop()
            self.current = None


_DATA_VARIABLES = ("XDG_DATA_HOME", "LOCALAPPDATA")


@contextlib.contextmanager
def _data_folder(folder: Path) -> Iterator[Path]:
    saved = {name: os.environ.get(name) for name in _DATA_VARIABLES}
    os.environ.update(dict.fromkeys(_DATA_VARIABLES, str(folder)))
    try:
        yield folder
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="module", autouse=True)
def module_user_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user's data folder of a module's fixtures (set up before them)."""
    with _data_folder(tmp_path_factory.mktemp("user-data")) as folder:
        yield folder


@pytest.fixture(autouse=True)
def user_data(module_user_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user's data folder of one test: its own, so no test sees another's history."""
    with _data_folder(tmp_path_factory.mktemp("user-data")) as folder:
        yield folder


@pytest.fixture(scope="session")
def samba_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SambaPool]:
    pool = SambaPool(tmp_path_factory.mktemp("samba"))
    try:
        yield pool
    finally:
        pool.stop()


@pytest.fixture
def example_site(tmp_path: Path) -> Path:
    """A copy of the example administration (tmp_path/site)."""
    return copy_example(tmp_path / "site")
