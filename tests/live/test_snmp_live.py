"""The SNMP collector against real net-snmp snmpd agents on 127.0.0.1 (tests/peers/snmpd.py).

Each agent serves a generated switch stack; what kszcheck reads must equal the stack's truth, over
SNMPv2c and SNMPv3 authPriv (SHA/AES), for the Cisco and the Comware variant. Wrong credentials
and an agent that stops answering mid-walk are reported per device, without a secret.
Without snmpd these tests are skipped, except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from kszcheck.cli import cli
from kszcheck.collectors.snmp import SNMP_KINDS, TIMEOUT_TEXT, SnmpSourceError, collect
from kszcheck.collectors.snmpwalk import collect as collect_walks
from kszcheck.model.network import Network
from kszcheck.model.site import SourceSpec
from tests.peers import snmpd
from tests.peers.switch_stack import SwitchSpec, build_stack, truth, write_snmprec

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
WRONG = "wrong-secret-31415"
FAST = {"timeout": 1.0, "retries": 0}  # generous: CI machines can be busy


def _require_snmpd() -> None:
    reason = snmpd.missing_reason()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the live SNMP tests: {reason}")
    pytest.skip(reason)


def _serve(
    root: Path, names: tuple[tuple[str, str], ...], neighbours: bool = False
) -> Iterator[dict[str, tuple[SwitchSpec, str]]]:
    """One snmpd per (variant, host name) stack; stopped by PID afterwards."""
    _require_snmpd()
    agents: list[snmpd.SnmpdAgent] = []
    served: dict[str, tuple[SwitchSpec, str]] = {}
    try:
        for variant, name in names:
            stack = build_stack(variant, name, neighbours=neighbours)  # type: ignore[arg-type]
            data = write_snmprec(stack, root / f"{variant}.snmprec")
            agent = snmpd.start_agent(root / variant, data)
            agents.append(agent)
            served[variant] = (stack, agent.target)
        yield served
    finally:
        for agent in agents:
            agent.stop()


@pytest.fixture(scope="module")
def stacks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[SwitchSpec, str]]]:
    """A Cisco and a Comware stack, each served by its own snmpd."""
    names = (("cisco", "sw-gemeentehuis-1"), ("comware", "sw-ocmw-1"))
    yield from _serve(tmp_path_factory.mktemp("snmpd"), names)


def _record(stacks: dict[str, tuple[SwitchSpec, str]], walks: Path) -> None:
    """Record every agent with net-snmp's own ``snmpbulkwalk -On -Ox`` into ``walks``."""
    import shutil
    import subprocess

    walker = shutil.which("snmpbulkwalk")
    if walker is None:
        pytest.fail("net-snmp's snmpbulkwalk is needed (apt-get install snmp)")
    walks.mkdir()
    for variant, (_, target) in stacks.items():
        recorded = subprocess.run(
            [walker, "-v2c", "-c", snmpd.COMMUNITY, "-On", "-Ox", target, ".1"],
            capture_output=True,
            text=True,
            check=True,
        )
        (walks / f"{variant}.walk").write_text(recorded.stdout, encoding="utf-8")


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KSZ_SNMP_COMMUNITY", snmpd.COMMUNITY)
    monkeypatch.setenv("KSZ_SNMP_AUTH", snmpd.AUTH_KEY)
    monkeypatch.setenv("KSZ_SNMP_PRIV", snmpd.PRIV_KEY)
    monkeypatch.setenv("KSZ_SNMP_WRONG", WRONG)


def v2c(targets: list[str], community: str = "KSZ_SNMP_COMMUNITY", **options: float) -> SourceSpec:
    return SourceSpec(
        id="switches",
        type="snmp",
        targets=targets,
        community={"env": community},
        options=options,
    )


def v3(targets: list[str], auth: str = "KSZ_SNMP_AUTH", **options: float) -> SourceSpec:
    return SourceSpec(
        id="switches",
        type="snmp",
        targets=targets,
        v3_user=snmpd.V3_USER,
        auth_key={"env": auth},
        priv_key={"env": "KSZ_SNMP_PRIV"},
        options=options,
    )


def _expected(stacks: dict[str, tuple[SwitchSpec, str]], version: str) -> Network:
    network = Network()
    for stack, target in stacks.values():
        part = truth(stack, target, "127.0.0.1", version)
        for name in ("devices", "vlans", "ports", "svis"):
            getattr(network, name).extend(getattr(part, name))
    return network


@pytest.mark.usefixtures("credentials")
@pytest.mark.parametrize("version", ["v2c", "v3"])
def test_both_stacks_read_over_snmp_equal_their_truth(
    stacks: dict[str, tuple[SwitchSpec, str]], version: str, tmp_path: Path
) -> None:
    targets = [target for _, target in stacks.values()]
    source = v2c(targets) if version == "v2c" else v3(targets)
    collected = collect(source, tmp_path, NOW)
    expected = _expected(stacks, version)
    assert (collected.missing, collected.warnings, collected.reason) == ([], [], "")
    assert collected.network.devices == expected.devices
    assert collected.network.vlans == expected.vlans
    assert collected.network.ports == expected.ports
    assert collected.network.svis == expected.svis


@pytest.mark.usefixtures("credentials")
@pytest.mark.parametrize("wrong", ["community", "v3 auth key"])
def test_wrong_credentials_fail_each_device_without_showing_the_secret(
    stacks: dict[str, tuple[SwitchSpec, str]], wrong: str, tmp_path: Path
) -> None:
    cisco = stacks["cisco"][1]
    if wrong == "community":
        source = v2c([cisco], community="KSZ_SNMP_WRONG", **FAST)
        detail = ""
    else:
        source = v3([cisco], auth="KSZ_SNMP_WRONG", **FAST)
        detail = " (Wrong SNMP PDU digest)"
    with pytest.raises(SnmpSourceError) as caught:
        collect(source, tmp_path, NOW)
    assert str(caught.value) == f"{cisco}: {TIMEOUT_TEXT}{detail}"
    for secret in (WRONG, snmpd.COMMUNITY, snmpd.AUTH_KEY, snmpd.PRIV_KEY):
        assert secret not in str(caught.value)


@pytest.fixture
def freezing_agent(tmp_path: Path) -> Iterator[tuple[SwitchSpec, snmpd.SnmpdAgent]]:
    """An agent that stops answering at its 40th request (mid-walk)."""
    _require_snmpd()
    stack = build_stack("cisco", "sw-bibliotheek-1")
    agent = snmpd.start_agent(
        tmp_path / "frozen", write_snmprec(stack, tmp_path / "frozen.snmprec"), stop_after=40
    )
    try:
        yield stack, agent
    finally:
        agent.stop()


@pytest.mark.usefixtures("credentials")
def test_an_agent_that_stops_mid_walk_makes_the_source_partial_keeping_the_other_device(
    stacks: dict[str, tuple[SwitchSpec, str]],
    freezing_agent: tuple[SwitchSpec, snmpd.SnmpdAgent],
    tmp_path: Path,
) -> None:
    stack, target = stacks["comware"]
    _, frozen = freezing_agent
    collected = collect(v2c([target, frozen.target], **FAST), tmp_path, NOW)
    assert collected.network == truth(stack, target, "127.0.0.1", "v2c")
    assert collected.missing == SNMP_KINDS
    assert collected.reason == f"{frozen.target}: {TIMEOUT_TEXT}"


@pytest.mark.usefixtures("credentials")
def test_scan_with_a_frozen_switch_reports_it_in_one_line_without_traceback_or_secret(
    stacks: dict[str, tuple[SwitchSpec, str]],
    freezing_agent: tuple[SwitchSpec, snmpd.SnmpdAgent],
    tmp_path: Path,
) -> None:
    _, target = stacks["cisco"]
    _, frozen = freezing_agent
    (tmp_path / "site.yaml").write_text(
        "name: Gemeente en OCMW Proef\n"
        "zones:\n"
        "  - {id: sd-users, kind: social_data_users, vlans: [30], subnets: [10.30.0.0/24]}\n"
        "sources:\n"
        "  - id: switches\n"
        "    type: snmp\n"
        f"    targets: ['{target}', '{frozen.target}']\n"
        "    community: {env: KSZ_SNMP_COMMUNITY}\n"
        "    options: {timeout: 1.0, retries: 0}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / "site.yaml"), "-o", str(out)])
    text = result.output + (result.stderr if result.stderr_bytes is not None else "")
    if result.exc_info is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(text) from result.exception
    assert "Traceback" not in text
    assert f"{frozen.target}: MISLUKT / FAILED: {TIMEOUT_TEXT}" in text
    written = "".join(p.read_text(encoding="utf-8") for p in sorted(out.iterdir()) if p.is_file())
    assert snmpd.COMMUNITY not in text + written
    assert f"{frozen.target}: {TIMEOUT_TEXT}" in written


@pytest.mark.usefixtures("credentials")
def test_a_walk_recorded_with_snmpbulkwalk_gives_the_facts_of_the_live_agent(
    stacks: dict[str, tuple[SwitchSpec, str]], tmp_path: Path
) -> None:
    """Each agent is recorded in the test with net-snmp's own ``snmpbulkwalk -On -Ox`` (the
    command a consultant runs on site); the ``snmpwalk`` source reading those files gives the
    same facts as the live collector, except how and where the device was read."""
    _record(stacks, tmp_path / "walks")
    live = collect(v2c([target for _, target in stacks.values()]), tmp_path, NOW)
    spec = SourceSpec(id="walks", type="snmpwalk", path="walks")
    recorded_facts = collect_walks(spec, tmp_path, NOW)
    assert (recorded_facts.missing, recorded_facts.warnings, recorded_facts.reason) == ([], [], "")
    for device in live.network.devices:
        variant = next(v for v, (_, t) in stacks.items() if t == device.source)
        device.source, device.mgmt_ip, device.snmp = f"walks/{variant}.walk", "", []
    assert recorded_facts.network.devices == live.network.devices
    assert recorded_facts.network.vlans == live.network.vlans
    assert recorded_facts.network.ports == live.network.ports
    assert recorded_facts.network.svis == live.network.svis
    assert recorded_facts.network.ports  # not two empty lists


@pytest.mark.usefixtures("credentials")
@pytest.mark.parametrize("user", sorted(snmpd.STRONG_USERS))
def test_v3_with_sha2_and_longer_aes_keys_reads_the_truth(
    stacks: dict[str, tuple[SwitchSpec, str]], user: str, tmp_path: Path
) -> None:
    stack, target = stacks["comware"]
    auth, priv = snmpd.STRONG_USERS[user]
    source = v3([target]).model_copy(
        update={"v3_user": user, "auth_protocol": auth, "priv_protocol": priv}
    )
    collected = collect(source, tmp_path, NOW)
    assert (collected.missing, collected.reason) == ([], "")
    assert collected.network == truth(stack, target, "127.0.0.1", "v3")


@pytest.mark.usefixtures("credentials")
def test_v3_with_the_wrong_auth_protocol_is_refused(
    stacks: dict[str, tuple[SwitchSpec, str]], tmp_path: Path
) -> None:
    _, target = stacks["comware"]
    source = v3([target], **FAST).model_copy(
        update={
            "v3_user": "kszcheck-sha512",
            "auth_protocol": "SHA-256",
            "priv_protocol": "AES-256",
        }
    )
    with pytest.raises(SnmpSourceError) as caught:
        collect(source, tmp_path, NOW)
    assert str(caught.value).startswith(f"{target}: {TIMEOUT_TEXT}")


@pytest.fixture(scope="module")
def neighbour_stacks(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, tuple[SwitchSpec, str]]]:
    """Both stacks with a MAC address table (Q-BRIDGE on Comware, BRIDGE-MIB on Cisco) and LLDP
    neighbours, each served by its own snmpd."""
    names = (("cisco", "sw-bib-1"), ("comware", "sw-sd-1"))
    yield from _serve(tmp_path_factory.mktemp("snmpd-neighbours"), names, neighbours=True)


@pytest.mark.usefixtures("credentials")
def test_mac_tables_and_lldp_neighbours_fill_the_ports_live_and_from_a_walk(
    neighbour_stacks: dict[str, tuple[SwitchSpec, str]], tmp_path: Path
) -> None:
    """Learned MAC addresses of access ports (not the switch's own, not those behind the
    uplink trunk) and LLDP neighbour names, read live and from a recorded snmpbulkwalk."""
    live = collect(v2c([target for _, target in neighbour_stacks.values()]), tmp_path, NOW)
    assert live.provides[-1] == "network.hosts"
    expected = _expected(neighbour_stacks, "v2c")
    assert live.network.ports == expected.ports
    sd_port = next(p for p in live.network.ports if p.name == "GigabitEthernet1/0/13")
    assert (sd_port.hosts, sd_port.macs) == (["SD-PC-1-13"], ["02:00:00:01:0d:01"])
    uplink = next(p for p in live.network.ports if p.name == "GigabitEthernet1/0/23")
    assert (uplink.hosts, uplink.macs) == (["core-sw01"], [])
    _record(neighbour_stacks, tmp_path / "walks")
    walks = collect_walks(SourceSpec(id="w", type="snmpwalk", path="walks"), tmp_path, NOW)
    assert walks.provides == live.provides
    assert walks.network.ports == live.network.ports
