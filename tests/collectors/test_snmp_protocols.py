"""SNMPv3 protocol names in the site profile: net-snmp's names, checked when the profile loads
(the live test against snmpd, tests/live/test_snmp_live.py, reads with each of them)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kszcheck.model.site import SourceSpec

BASE = {
    "id": "sw",
    "type": "snmp",
    "targets": ["10.99.0.2"],
    "v3_user": "kszcheck",
    "auth_key": {"env": "A"},
    "priv_key": {"env": "P"},
}


def test_defaults_and_spellings() -> None:
    plain = SourceSpec.model_validate(BASE)
    assert (plain.auth_protocol, plain.priv_protocol) == ("SHA", "AES")
    strong = SourceSpec.model_validate(
        {**BASE, "auth_protocol": "sha-512", "priv_protocol": "aes-256"}
    )
    assert (strong.auth_protocol, strong.priv_protocol) == ("SHA-512", "AES-256")


@pytest.mark.parametrize(("field", "value"), [("auth_protocol", "MD5"), ("priv_protocol", "DES")])
def test_weak_or_unknown_protocols_are_refused(field: str, value: str) -> None:
    with pytest.raises(ValidationError, match=field):
        SourceSpec.model_validate({**BASE, field: value})
