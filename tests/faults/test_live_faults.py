"""Servers that stop in the middle of a collection, during a whole ``kszcheck scan``.

- The Samba AD DC (tests/peers/samba.py) is stopped as soon as the LDAP collector has read the
  OUs, through the scan's own progress hook: the ldap source fails naming the server, and every
  directory rule is not assessed, also those that pass when the DC keeps running.
- Two net-snmp agents (tests/peers/snmpd.py), of which one stops answering mid-walk (frozen), or
  whose process is killed while it is being read: the source is partial, naming that agent;
  the other switch is still read, and the network rules are not assessed.

Samba's LDAP ports are fixed: the DC comes from the session's one pool (tests/conftest.py), which
the live and secret-hygiene tests share, so any order of test folders works. Without Samba or
snmpd the tests skip with the reason; with CI=true that is a failure.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from kszcheck.cli.app import Ui
from kszcheck.collectors.snmp import SNMP_KINDS
from kszcheck.model.site import SourceSpec
from tests.conftest import SambaPool
from tests.faults.contain import DIRECTORY_KINDS, Run, contained, scan
from tests.live import seed as S
from tests.peers import samba, snmpd
from tests.peers.switch_stack import build_stack, write_snmprec
from tests.support import require_peer

LDAP_ENV = "KSZ_FAULT_LDAP_PASSWORD"
SNMP_ENV = "KSZ_FAULT_SNMP_COMMUNITY"


def _hook_progress(
    monkeypatch: pytest.MonkeyPatch, when: Callable[[str], bool], act: Callable[[], None]
) -> list[str]:
    """Run ``act`` once, at the first progress state of a source for which ``when`` holds (the
    collectors report one state per part or device); return the states seen."""
    states: list[str] = []
    original = Ui.progress

    def progress(self: Ui, spec: SourceSpec, state: str) -> None:
        states.append(state)
        if when(state) and len([s for s in states if when(s)]) == 1:
            act()
        original(self, spec, state)

    monkeypatch.setattr(Ui, "progress", progress)
    return states


def _source(run: Run, source: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [
        s for s in run.json("snapshot.json")["sources"] if s["source_id"] == source
    ]
    (provenance,) = found
    return provenance


# --- the Samba DC stopped in the middle of the collection -------------------------------------


@pytest.fixture
def dc(samba_pool: SambaPool) -> samba.SambaDC:
    """A DC of this test's own from the session's pool (the test stops it; the pool starts a
    new one for the next test that asks)."""
    return samba_pool.get(strong_auth=True, fresh=True)


def _ldap_site(dc: samba.SambaDC, folder: Path) -> Path:
    site = {
        "name": "Storing DC",
        "separation_model": "ou",
        "zones": [
            {"id": "sdz", "kind": "social_data", "ous": [S.SD_OU], "groups": ["GG_SD_Dossiers"]},
            {"id": "gemeente", "kind": "gemeente_users", "ous": [f"OU=Gemeente,{S.B}"]},
        ],
        "sources": [
            {
                "id": "ad",
                "type": "ldap",
                "url": "ldaps://127.0.0.1",
                "bind_dn": f"{S.READER}@voorbeeld.local",
                "password": {"env": LDAP_ENV},
                "ca_file": str(dc.ca_file),
                "options": {"connect_timeout": 3, "receive_timeout": 10},
            }
        ],
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "site.yaml"
    path.write_text(yaml.safe_dump(site), encoding="utf-8")
    return path


def test_samba_dc_stopped_mid_collection(
    dc: samba.SambaDC, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LDAP_ENV, S.READER_PASSWORD)
    site = _ldap_site(dc, tmp_path / "site")
    whole = scan(site, tmp_path / "whole", "--quiet")
    assert _source(whole, "ad")["status"] == "complete", whole.stderr
    assert whole.outcomes()["KSZ-SEP-001"] == "pass"

    states = _hook_progress(monkeypatch, lambda s: s.startswith("OU's / OUs"), dc.stop)
    run = scan(site, tmp_path / "cut")
    assert states[:3] == ["start", "domein / domain: 1", f"OU's / OUs: {len(S.OUS) + 1}"]
    assert dc.process.poll() is not None  # the DC really stopped mid-collection
    reason = _source(run, "ad")["reason"]
    assert reason.startswith("ldaps://127.0.0.1:636 (LDAPS): "), reason
    affected = contained(run, source="ad", collector="ldap", lost=DIRECTORY_KINDS, reason=reason)
    assert affected["KSZ-SEP-001"] == "not_assessed"
    assert run.json("snapshot.json")["directory"]["ous"] == []  # nothing half-read is kept
    written = "".join(p.read_text(encoding="utf-8") for p in run.out.iterdir())
    assert S.READER_PASSWORD not in run.stdout + run.stderr + written


# --- an SNMP agent stopping for one device of two ---------------------------------------------


@pytest.fixture
def first(tmp_path: Path) -> Iterator[snmpd.SnmpdAgent]:
    """The agent of the switch that keeps answering."""
    require_peer(snmpd.missing_reason())
    with _agent(tmp_path, "sw-gemeentehuis-1") as agent:
        yield agent


@contextlib.contextmanager
def _agent(tmp_path: Path, name: str, **behaviour: Any) -> Iterator[snmpd.SnmpdAgent]:
    """An agent serving a Cisco stack named ``name``; stopped by PID afterwards."""
    data = write_snmprec(build_stack("cisco", name), tmp_path / f"{name}.snmprec")
    agent = snmpd.start_agent(tmp_path / name, data, **behaviour)
    try:
        yield agent
    finally:
        agent.stop()


def _snmp_site(folder: Path, targets: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.yaml").write_text(
        "name: Storing switch\n"
        "zones:\n"
        "  - {id: sd-users, kind: social_data_users, vlans: [30], subnets: [10.30.0.0/24]}\n"
        "  - {id: gemeente-users, kind: gemeente_users, vlans: [10], subnets: [10.10.0.0/24]}\n"
        "sources:\n"
        "  - id: switches\n"
        "    type: snmp\n"
        f"    targets: {targets}\n"
        f"    community: {{env: {SNMP_ENV}}}\n"
        "    options: {timeout: 1.0, retries: 0}\n",
        encoding="utf-8",
    )
    return folder / "site.yaml"


#: How the second agent stops: it freezes at its 40th request (SIGSTOP, as a hung agent), or its
#: process is killed as soon as the first switch has been read. For the latter it answers a little
#: slowly (2 ms a value: about 1.7 s for the whole walk, against 0.3 s for the first switch,
#: with every request well within the 1 s timeout), so it is still being walked then.
STOPS: dict[str, dict[str, Any]] = {
    "frozen mid-walk": {"stop_after": 40},
    "process killed mid-walk": {"delay_ms": 2},
}


@pytest.mark.parametrize("how", list(STOPS))
def test_snmp_agent_stopping_for_one_device_of_two(
    first: snmpd.SnmpdAgent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    monkeypatch.setenv(SNMP_ENV, snmpd.COMMUNITY)
    alone = scan(_snmp_site(tmp_path / "one", [first.target]), tmp_path / "one-out", "--quiet")
    assessed = {r: o for r, o in alone.outcomes().items() if r in ("KSZ-NET-005", "KSZ-NET-007")}
    assert sorted(assessed) == ["KSZ-NET-005", "KSZ-NET-007"]
    assert "not_assessed" not in assessed.values(), assessed

    with _agent(tmp_path, "sw-ocmw-1", **STOPS[how]) as second:
        if how == "process killed mid-walk":
            _hook_progress(monkeypatch, lambda s: s.startswith(f"{first.target}: "), second.stop)
        run = scan(_snmp_site(tmp_path / "two", [first.target, second.target]), tmp_path / "out")
        if how == "process killed mid-walk":
            assert second.process.poll() is not None  # it was killed while being read
    reason = _source(run, "switches")["reason"]
    assert reason.startswith(f"{second.target}: "), reason
    affected = contained(
        run,
        source="switches",
        collector="snmp",
        lost=frozenset(SNMP_KINDS),
        reason=reason,
        status="partial",
    )
    assert {r: affected[r] for r in assessed} == dict.fromkeys(assessed, "not_assessed")
    devices = [d["name"] for d in run.json("snapshot.json")["network"]["devices"]]
    assert devices == ["sw-gemeentehuis-1"]  # the switch that answered is kept
    assert snmpd.COMMUNITY not in run.stdout + run.stderr
