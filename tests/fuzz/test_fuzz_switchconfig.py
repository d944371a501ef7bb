"""Fuzzing the switch-configuration parsers (Cisco IOS, HPE ProCurve, HPE Comware).

Contract: ``parse_config`` never raises: a file it cannot read is a *failed* parse report with
a reason; the ``switchconfig`` collector raises only InputError (a bad option or hosts file) or
OSError (every file failed: the source is failed); the list helpers raise only ValueError.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kszcheck.collectors.interface_names import expand_range, normalise
from kszcheck.collectors.run import collect_site
from kszcheck.collectors.switchconfig.collect import parse_config, port_sort_key
from kszcheck.collectors.switchconfig.vlanlist import comware_vlans, ios_vlans, procurve_ports
from kszcheck.model.network import ParseStatus
from kszcheck.model.site import SiteProfile
from kszcheck.model.snapshot import Snapshot
from tests.fuzz.strategies import HUGE_NUMBERS, budget, check_documented, fuzz_bytes, sample

NOW = datetime(2026, 3, 1, tzinfo=UTC)
_DIALECTS = ("", "ios", "procurve", "comware")


@functools.cache
def _configs() -> list[bytes]:
    names = ("ios-pitfalls.cfg", "procurve-pitfalls.cfg", "comware-pitfalls.cfg")
    found = [sample(f"tests/fixtures/switchconfig/{name}") for name in names]
    return [*found, sample("inventories/example/switches/acc-sw01.cfg")]


def _parse(data: bytes, dialect: str) -> None:
    parsed, report = parse_config(data, "fuzz/switch.cfg", dialect, fallback_name="switch")
    assert (parsed is None) == (report.status is ParseStatus.failed)
    if parsed is None:
        assert report.reason.startswith("fuzz/switch.cfg: ")
    else:
        assert parsed.device.name


@given(fuzz_bytes(_configs()), st.sampled_from(_DIALECTS))
@example(b"hostname a\ninterface range Gi1/0/1 - 99999999\n switchport\nend\n", "ios")
@example(b'hostname "a"\nvlan 10\n   untagged 1-99999999\n   exit\n', "procurve")
@example(b"sysname a\nvlan 10\n port GigabitEthernet1/0/1 to GigabitEthernet1/0/9\n#\n", "comware")
@example(b"hostname a\ninterface Gi1/0/\xc2\xb2\n switchport\nend\n", "ios")
@example(b'hostname "a"\nvlan ' + b"9" * 5000 + b"\n   exit\n", "procurve")
@example(b'hostname "a"\nvlan \xc2\xb2\n   exit\n', "procurve")
def test_parse_config_never_raises(data: bytes, dialect: str) -> None:
    _parse(data, dialect)


@budget(40)
@given(st.lists(fuzz_bytes(_configs()), min_size=1, max_size=3), st.binary(max_size=200))
@example([b"hostname a\nvlan 10\nend\n"], b"\x80")
def test_switchconfig_source(
    tmp_path_factory: pytest.TempPathFactory, files: list[bytes], hosts: bytes
) -> None:
    folder = tmp_path_factory.mktemp("switches")
    configs = folder / "configs"
    configs.mkdir()
    for index, data in enumerate(files):
        (configs / f"sw{index}.cfg").write_bytes(data)
    (folder / "hosts.csv").write_bytes(b"device,port,host\n" + hosts)
    site = SiteProfile.model_validate(
        {
            "name": "fuzz",
            "sources": [
                {
                    "id": "switches",
                    "type": "switchconfig",
                    "path": "configs",
                    "options": {"hosts": "hosts.csv"},
                }
            ],
        }
    )
    snapshot = check_documented(lambda: collect_site(site, folder, NOW))
    if snapshot is not None:  # what is collected is written and read back by `kszcheck evaluate`
        Snapshot.model_validate_json(snapshot.model_dump_json())


_lists = st.one_of(
    st.text(max_size=30),
    st.lists(
        st.one_of(st.sampled_from(HUGE_NUMBERS), st.integers(-5, 5000).map(str), st.just("all")),
        max_size=4,
    ).map(lambda parts: ",".join(p if i % 2 else p + "-" + p for i, p in enumerate(parts))),
)


@given(_lists)
@example("1-99999999")
@example("A1-A99999999")
def test_vlan_and_port_lists(text: str) -> None:
    check_documented(lambda: ios_vlans(text), (ValueError,))
    check_documented(lambda: procurve_ports(text), (ValueError,))
    check_documented(
        lambda: comware_vlans(text.replace(",", " ").replace("-", " to ").split()), (ValueError,)
    )
    check_documented(lambda: expand_range("Gi1/0/" + text), (ValueError,))


@given(st.text(max_size=30))
@example("Gi1/0/²")
@example("Trk²")
def test_interface_names(name: str) -> None:
    normalise(name)
    port_sort_key(name)
