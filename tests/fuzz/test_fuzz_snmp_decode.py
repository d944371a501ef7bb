"""Fuzzing the SNMP decoders with walks a broken or hostile agent could send.

Contract: ``decode_device`` returns the device's facts or raises ValueError (the SNMP source then
records that device as failed, naming it); the facts it returns survive the snapshot's JSON round
trip. The small helpers never raise.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from kszcheck.collectors import snmp_decode as sd
from kszcheck.collectors.interface_names import svi_vlan_id
from kszcheck.model.network import Network
from tests.fuzz.strategies import NASTY_TEXT, check_documented

_COLUMNS = list(sd.ALL_COLUMNS)
_SCALARS = list(sd.SYSTEM_SCALARS)

_arcs = st.one_of(st.integers(0, 300), st.integers(-5, 2**40), st.sampled_from([0, 1, 2, 4, 16]))
_values: st.SearchStrategy[sd.Value] = st.one_of(
    st.integers(-(2**40), 2**64),
    st.integers(0, 5000),
    st.binary(max_size=140),
    st.sampled_from(NASTY_TEXT).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(max_size=20).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(_arcs, max_size=14).map(tuple),
    st.just((1, 3, 6, 1, 2, 1, 4, 32, 1, 5, 2, 1, 4, 10, 0, 0, 0, 99)),
)
_index = st.one_of(
    st.lists(_arcs, min_size=1, max_size=3).map(tuple),
    st.lists(st.integers(0, 300), min_size=4, max_size=4).map(tuple),  # ipAddrTable: an address
    st.builds(
        lambda kind, octets: (kind, len(octets), *octets),
        st.integers(1, 2),
        st.lists(st.integers(0, 300), min_size=4, max_size=16),
    ),
)
_varbind = st.one_of(
    st.tuples(st.sampled_from(_SCALARS), _values),
    st.tuples(st.builds(lambda c, i: c + i, st.sampled_from(_COLUMNS), _index), _values),
    st.tuples(st.lists(st.integers(0, 50), max_size=12).map(tuple), _values),
)


def _decode(varbinds: list[sd.VarBind], host: str) -> None:
    facts = sd.decode_device(varbinds, "192.0.2.1:161", host)
    Network.model_validate_json(facts.network.model_dump_json())


@given(st.lists(_varbind, max_size=40), st.sampled_from(["192.0.2.1", "", "[::1]", "sw\x00"]))
@example([((*sd.IP_AD_ENT_IF_INDEX, 300, 1, 1, 1), 5)], "")
@example(
    [
        ((*sd.IP_AD_ENT_IF_INDEX, 10, 0, 0, 1), 5),
        ((*sd.IP_AD_ENT_NET_MASK, 10, 0, 0, 1), b"\xff\x00\xff\x00"),
    ],
    "",
)
@example([((*sd.IP_ADDRESS_IF_INDEX, 1, 4, 10, 0, 0, 300), 5)], "")
@example(
    [
        ((*sd.IF_NAME, 5), b"Vlan10"),
        ((*sd.IP_ADDRESS_IF_INDEX, 1, 4, 10, 0, 0, 1), 5),
        (
            (*sd.IP_ADDRESS_PREFIX, 1, 4, 10, 0, 0, 1),
            (1, 3, 6, 1, 2, 1, 4, 32, 1, 5, 2, 1, 4, 10, 0, 0, 0, -1),
        ),
    ],
    "",
)
@example(
    [
        ((*sd.VM_VLAN, 1), 99999),
        ((*sd.TRUNK_NATIVE_VLAN, 2), -1),
        ((*sd.TRUNK_DYNAMIC_STATE, 2), 1),
    ],
    "",
)
@example([((*sd.VTP_VLAN_NAME, 1, 2**40), b"x")], "")
def test_decode_device(varbinds: list[sd.VarBind], host: str) -> None:
    check_documented(lambda: _decode(varbinds, host), (ValueError,))


@given(st.binary(max_size=200), st.sampled_from([0, 1024, 2048, 3072]))
def test_bitmaps(octets: bytes, first: int) -> None:
    assert all(1 <= vid <= 4094 for vid in sd.cisco_bitmap_vlans(octets, first))
    assert all(port >= 1 for port in sd.portlist_ports(octets))


@given(st.text(max_size=30), st.text(max_size=30))
@example("Vl²", "")
@example("Gi1/0/1", "GigabitEthernet1/0/1")
def test_interface_names(name: str, descr: str) -> None:
    sd.long_interface_name(name, descr)
    vid = svi_vlan_id(name)
    assert vid is None or 1 <= vid <= 4094
