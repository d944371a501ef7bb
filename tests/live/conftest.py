"""The live LDAP tests run against the session's Samba AD DC (``samba_pool`` in tests/conftest.py,
shared with the fault and secret-hygiene tests, so any order of test folders works)."""

from __future__ import annotations

import pytest

from tests.conftest import SambaPool
from tests.peers import samba


@pytest.fixture
def dc(samba_pool: SambaPool) -> samba.SambaDC:
    """The test DC with Samba's (and AD's) default: simple binds only over TLS."""
    return samba_pool.get(strong_auth=True)
