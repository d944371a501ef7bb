"""The SNMP source without an agent: site profile fields, options, credentials by reference,
merging devices (partial / failed), and a source whose only target never answers."""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.collectors.run import collect_site
from kszcheck.collectors.snmp import (
    SNMP_KINDS,
    TIMEOUT_TEXT,
    DeviceRead,
    SnmpAuth,
    SnmpSettings,
    SnmpSourceError,
    combine,
    parse_target,
    read_settings,
    resolve_auth,
)
from kszcheck.config import load_site
from kszcheck.model.errors import InputError
from kszcheck.model.network import SnmpAccess
from kszcheck.model.provenance import CollectionStatus
from kszcheck.model.site import SiteProfile, SourceSpec
from kszcheck.model.snapshot import snapshot_to_json
from tests.peers.switch_stack import build_stack, records, truth, varbinds

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


def spec(**fields: object) -> SourceSpec:
    values: dict[str, object] = {"id": "switches", "type": "snmp", "targets": ["10.99.0.2"]}
    values.update(fields)
    return SourceSpec.model_validate(values)


# --- site profile -----------------------------------------------------------------------------


def test_site_profile_refuses_an_inline_community_without_echoing_it(tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    site.write_text(
        "name: Proef\nsources:\n  - id: switches\n    type: snmp\n"
        "    targets: [10.99.0.2]\n    community: geheim-ro-2026\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_site(site)
    assert str(caught.value) == (
        f"{site}:6: sources.0.community: Value error, an SNMP secret is never written in the "
        "site profile; use 'community: {env: VARIABLE}' or 'community: {file: path}'"
    )
    assert "geheim-ro-2026" not in str(caught.value)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"community": None}, "source 'switches' of type snmp needs a 'community' (v2c)"),
        (
            {"targets": [], "community": {"env": "C"}},
            "source 'switches' of type snmp needs 'targets'",
        ),
        (
            {"v3_user": "kszcheck", "auth_key": {"env": "A"}},
            "SNMPv3 user 'kszcheck' needs 'auth_key' and 'priv_key'",
        ),
        ({"community": {"env": "C"}, "targets": ["sw 1"]}, "'sw 1' is not an SNMP target"),
        (
            {"community": {"env": "C"}, "targets": ["sw1:99999"]},
            "'sw1:99999' is not an SNMP target",
        ),
    ],
)
def test_site_profile_checks_targets_and_credentials(
    fields: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        spec(**fields)


def test_targets_parse_with_default_port_and_ipv6() -> None:
    assert parse_target("10.99.0.2") == ("10.99.0.2", 161)
    assert parse_target("sw-core.voorbeeld.local:1161") == ("sw-core.voorbeeld.local", 1161)
    assert parse_target("[2001:db8::2]:162") == ("2001:db8::2", 162)
    assert parse_target("[2001:db8::2]") == ("2001:db8::2", 161)


def test_options_are_checked() -> None:
    assert read_settings(spec(community={"env": "C"}, options={"timeout": 0.5, "retries": 0})) == (
        SnmpSettings(timeout=0.5, retries=0)
    )
    with pytest.raises(InputError) as caught:
        read_settings(spec(community={"env": "C"}, options={"concurency": 5}))
    assert str(caught.value) == (
        "site profile, source 'switches': unknown SNMP option 'concurency' "
        "(known: concurrency, device_timeout, max_repetitions, retries, timeout)"
    )
    with pytest.raises(InputError) as caught:
        read_settings(spec(community={"env": "C"}, options={"retries": 9}))
    assert str(caught.value) == (
        "site profile, source 'switches': option 'retries' must be a number from 0 to 5"
    )


# --- credentials ------------------------------------------------------------------------------


def test_credentials_come_from_environment_and_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KSZ_SNMP_AUTH", "auth-from-env-1")
    (tmp_path / "priv.txt").write_text("priv-from-file-2\n", encoding="utf-8")
    auth = resolve_auth(
        spec(v3_user="kszcheck", auth_key={"env": "KSZ_SNMP_AUTH"}, priv_key={"file": "priv.txt"}),
        tmp_path,
    )
    assert (auth.version, auth.user, auth.auth_key, auth.priv_key) == (
        "v3",
        "kszcheck",
        "auth-from-env-1",
        "priv-from-file-2",
    )
    assert "auth-from-env-1" not in repr(auth) and "priv-from-file-2" not in repr(auth)


def test_a_missing_secret_fails_the_source_naming_the_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KSZ_SNMP_COMMUNITY", raising=False)
    with pytest.raises(SnmpSourceError) as caught:
        resolve_auth(spec(community={"env": "KSZ_SNMP_COMMUNITY"}), tmp_path)
    assert str(caught.value) == "the community variable KSZ_SNMP_COMMUNITY is not set or empty"


def test_a_well_known_community_is_recorded_as_such_never_as_text() -> None:
    assert SnmpAuth(version="v2c", community="public").access() == SnmpAccess(
        version="v2c", access="ro", default_community=True
    )
    assert SnmpAuth(version="v2c", community="Zx9-ro").access() == SnmpAccess(version="v2c")


# --- merging devices --------------------------------------------------------------------------


def _read(variant: str, name: str, target: str) -> DeviceRead:
    stack = build_stack(variant, name)  # type: ignore[arg-type]
    return DeviceRead(target=target, host="127.0.0.1", varbinds=varbinds(records(stack)))


def test_a_device_that_fails_makes_the_source_partial_and_keeps_the_others() -> None:
    good = _read("comware", "sw-ocmw-1", "127.0.0.1:16001")
    failed = DeviceRead(target="127.0.0.1:16002", host="127.0.0.1", error=TIMEOUT_TEXT)
    collected = combine([good, failed], SnmpAccess(version="v2c"))
    expected = truth(build_stack("comware", "sw-ocmw-1"), "127.0.0.1:16001", "127.0.0.1", "v2c")
    assert collected.network == expected
    assert collected.missing == SNMP_KINDS
    assert collected.reason == (
        "127.0.0.1:16002: timeout or wrong credentials / time-out of verkeerde aanmeldgegevens"
    )


def test_when_no_device_answers_the_source_fails() -> None:
    reads = [
        DeviceRead(target=f"10.99.0.{n}:161", host=f"10.99.0.{n}", error=TIMEOUT_TEXT)
        for n in (2, 3)
    ]
    with pytest.raises(SnmpSourceError) as caught:
        combine(reads, SnmpAccess(version="v2c"))
    assert str(caught.value) == f"10.99.0.2:161: {TIMEOUT_TEXT}; 10.99.0.3:161: {TIMEOUT_TEXT}"


def test_two_targets_with_the_same_sysname_are_told_apart() -> None:
    first = _read("cisco", "sw-gh-1", "10.99.0.2:161")
    second = _read("cisco", "sw-gh-1", "10.99.0.3:161")
    collected = combine([first, second], SnmpAccess(version="v2c"))
    assert [d.name for d in collected.network.devices] == ["sw-gh-1", "sw-gh-1@10.99.0.3:161"]
    assert {p.device for p in collected.network.ports} == {"sw-gh-1", "sw-gh-1@10.99.0.3:161"}
    assert collected.warnings == [
        "10.99.0.3:161: sysName 'sw-gh-1' is also the name of 10.99.0.2:161; "
        "recorded as 'sw-gh-1@10.99.0.3:161'"
    ]
    assert collected.missing == []


# --- a target that never answers, through collect_site ------------------------------------------


def _closed_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_an_unanswered_source_is_failed_with_rules_not_assessed_and_no_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KSZ_TEST_COMMUNITY", "s3cret-community-77")
    target = f"127.0.0.1:{_closed_udp_port()}"
    site = SiteProfile(
        name="Proef",
        sources=[
            spec(
                targets=[target],
                community={"env": "KSZ_TEST_COMMUNITY"},
                options={"timeout": 0.2, "retries": 0},
            )
        ],
    )
    states: list[str] = []
    snapshot = collect_site(site, tmp_path, NOW, lambda source, state: states.append(state))
    (source,) = snapshot.sources
    assert source.status is CollectionStatus.failed
    assert source.provides == SNMP_KINDS
    assert source.target == target
    assert source.reason == f"{target}: {TIMEOUT_TEXT}"
    assert states == ["start", f"{target}: MISLUKT / FAILED: {TIMEOUT_TEXT}", "failed"]
    assert "s3cret-community-77" not in snapshot_to_json(snapshot)
    assert json.loads(snapshot_to_json(snapshot))["network"]["devices"] == []
