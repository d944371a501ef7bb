"""A real Samba AD DC for the live LDAP tests, provisioned from a cached, seeded template.

Samba's LDAP ports are fixed, so one instance runs at a time: the pool restarts the server when
a test needs another configuration (``ldap server require strong auth = no``) or a server of
its own (one that the test kills). Every instance is stopped by PID at the end of the session,
also when tests fail; ``--maximum-runtime`` ends any that a killed test run leaves behind.

Without Samba the tests skip with the reason; with CI=true its absence fails them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live.seed import seed
from tests.peers import samba


def _require_samba() -> None:
    reason = samba.unavailable_reason()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the live LDAP tests must run)")
    pytest.skip(reason)


class SambaPool:
    """At most one running test DC; ``get`` starts or restarts it as asked."""

    def __init__(self, template: Path, root: Path) -> None:
        self.template = template
        self.root = root
        self.current: samba.SambaDC | None = None
        self.starts = 0

    def get(self, strong_auth: bool = True, fresh: bool = False) -> samba.SambaDC:
        server = self.current
        if (
            server is not None
            and not fresh
            and server.strong_auth == strong_auth
            and server.process.poll() is None
        ):
            return server
        self.stop()
        self.starts += 1
        self.current = samba.start(
            self.template, self.root / f"dc-{self.starts}", strong_auth=strong_auth, max_runtime=900
        )
        return self.current

    def stop(self) -> None:
        if self.current is not None:
            self.current.stop()
            self.current = None


@pytest.fixture(scope="session")
def samba_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SambaPool]:
    _require_samba()
    template = samba.ensure_template(seed())
    pool = SambaPool(template, tmp_path_factory.mktemp("samba"))
    try:
        yield pool
    finally:
        pool.stop()


@pytest.fixture
def dc(samba_pool: SambaPool) -> samba.SambaDC:
    """The test DC with Samba's (and AD's) default: simple binds only over TLS."""
    return samba_pool.get(strong_auth=True)
