"""The LDAP collector's pure parts: the source spec, passwords, messages, ranged retrieval,
trusts and sites. (The live parts run against Samba in tests/live.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kszcheck.collectors.ad_record import LdifRecord
from kszcheck.collectors.ad_topology import parse_subnets, parse_trusts, rdn_value
from kszcheck.collectors.base import SourceFailed
from kszcheck.collectors.ldap_connect import describe_failure, parse_target, resolve_password
from kszcheck.collectors.ldap_search import to_record
from kszcheck.model.errors import InputError
from kszcheck.model.site import CredentialRef, SourceSpec


def spec(**fields: Any) -> SourceSpec:
    data: dict[str, Any] = {
        "id": "ad",
        "type": "ldap",
        "url": "ldaps://dc1.voorbeeld.local",
        "bind_dn": "svc_kszcheck@voorbeeld.local",
        "password": {"env": "AD_PW"},
    }
    return SourceSpec(**{**data, **fields})


def test_url_decides_ldaps_starttls_or_plain(tmp_path: Path) -> None:
    assert parse_target(spec(), tmp_path).label == "ldaps://dc1.voorbeeld.local:636 (LDAPS)"
    starttls = parse_target(spec(url="ldap://dc1:3890", ca_file="ca.pem"), tmp_path)
    assert (starttls.label, starttls.ca_file, starttls.warnings) == (
        "ldap://dc1:3890 (StartTLS)",
        tmp_path / "ca.pem",
        [],
    )
    plain = parse_target(spec(url="ldap://dc1", options={"allow_plain_ldap": True}), tmp_path)
    assert plain.label == "ldap://dc1:389 (plain LDAP)"
    assert (
        "the password and the directory data cross the network unencrypted" in (plain.warnings[0])
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"url": "http://dc1"}, "source 'ad': url 'http://dc1' is not ldaps://host[:port] or "
         "ldap://host[:port]"),
        ({"bind_dn": "svc_kszcheck"}, "source 'ad': bind_dn 'svc_kszcheck' is not a DN, "
         "user@domain or DOMAIN\\user (a bare account name cannot be bound)"),
        ({"password": None}, "source 'ad': password is missing: give 'password: {env: VARIABLE}'"
         " or {file: path}"),
        ({"options": {"page_sise": 5}}, "source 'ad': unknown option(s) page_sise (known: "
         "allow_plain_ldap, base_dn, connect_timeout, page_size, receive_timeout, "
         "tls_server_name)"),
        ({"options": {"allow_plain_ldap": "yes"}}, "source 'ad': option 'allow_plain_ldap' has "
         "the wrong type ('yes')"),
    ],
)  # fmt: skip
def test_bad_specs_are_refused_in_one_line(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_target(spec(**fields), Path("."))
    assert str(caught.value) == message


def test_bind_name_forms_are_accepted() -> None:
    for name in ("CN=svc,OU=Diensten,DC=v,DC=local", "svc@voorbeeld.local", "VOORBEELD\\svc"):
        assert parse_target(spec(bind_dn=name), Path(".")).bind_name == name


def test_password_by_reference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AD_PW", "geheim")
    assert resolve_password(CredentialRef(env="AD_PW"), tmp_path, "ad") == "geheim"
    (tmp_path / "pw.txt").write_text("uit-bestand\n", encoding="utf-8")
    assert resolve_password(CredentialRef(file="pw.txt"), tmp_path, "ad") == "uit-bestand"
    monkeypatch.delenv("AD_PW")
    with pytest.raises(SourceFailed) as caught:
        resolve_password(CredentialRef(env="AD_PW"), tmp_path, "ad")
    assert str(caught.value) == "source 'ad': the password variable AD_PW is not set or empty"
    with pytest.raises(SourceFailed) as missing:
        resolve_password(CredentialRef(file="nope.txt"), tmp_path, "ad")
    assert str(missing.value) == (
        f"source 'ad': the password file {tmp_path / 'nope.txt'} cannot be read "
        "(No such file or directory)"
    )


def test_failure_messages_never_carry_the_password() -> None:
    target = parse_target(spec(), Path("."))
    leaky = OSError("bind with password s3cr3t-Pw failed")
    assert describe_failure(leaky, target, "bind", "s3cr3t-Pw") == (
        "ldaps://dc1.voorbeeld.local:636 (LDAPS): bind failed: bind with password *** failed"
    )
    refused = OSError("[Errno 111] Connection refused")
    assert describe_failure(refused, target, "connect", "x").endswith(
        "connection refused (nothing listens on that port?)"
    )


def test_records_keep_binary_values_and_drop_secrets() -> None:
    record, pending = to_record(
        "CN=x,DC=v",
        {
            "objectSid": [b"\x01\x01"],
            "displayName": ["Zoë".encode()],
            "unicodePwd": [b"secret"],
        },
    )
    assert (record.get("objectsid"), record.get("displayname"), pending) == (
        [b"\x01\x01"],
        ["Zoë"],
        {},
    )
    assert record.get("unicodepwd") == []


def test_records_merge_ranged_values_and_keep_what_is_not_utf8() -> None:
    record, pending = to_record(
        "CN=g,DC=v",
        {
            "member;range=0-1": [b"CN=a,DC=v", b"CN=b,DC=v"],
            "Member;range=2-*": [b"CN=c,DC=v"],
            "CN": [b"g"],
            "description": [b"\xffok", b"fine"],
            "unicodePwd;x": [b"secret"],  # a secret with options is dropped too
            "objectSid;binary": [b"S-1"],
        },
    )
    assert record.attributes == {
        "member": ["CN=a,DC=v", "CN=b,DC=v", "CN=c,DC=v"],
        "cn": ["g"],
        "description": [b"\xffok", "fine"],
        "objectsid;binary": ["S-1"],
    }
    assert pending == {"member": "member;range=2-*"}


def test_trusts_and_subnets() -> None:
    trust = LdifRecord("CN=ocmw.local,CN=System,DC=v", None)
    trust.attributes = {
        "trustpartner": ["ocmw.local"],
        "flatname": ["OCMW"],
        "trustdirection": ["2"],
        "trusttype": ["2"],
        "trustattributes": ["36"],
    }
    (parsed,) = parse_trusts([trust])
    assert (parsed.direction, parsed.within_forest, parsed.forest_transitive) == (
        "outbound",
        True,
        False,
    )
    assert parsed.sid_filtering is True
    subnet = LdifRecord("CN=10.30.0.0/24,CN=Subnets,CN=Sites,CN=Configuration,DC=v", None)
    subnet.attributes = {
        "cn": ["10.30.0.0/24"],
        "siteobject": ["CN=OCMW\\, Zuid,CN=Sites,CN=Configuration,DC=v"],
    }
    (net,) = parse_subnets([subnet])
    assert (net.prefix, net.site) == ("10.30.0.0/24", "OCMW, Zuid")
    assert rdn_value("CN=a\\,b,DC=v") == "a,b"
