"""Recorded SNMP walks: net-snmp's ``snmpwalk -On`` / ``snmpbulkwalk -On -Ox`` output and snmpsim
``.snmprec`` records, in the exact formats those tools print (the lines below follow net-snmp
5.9's printing: a Hex-STRING wrapped after 16 octets with a trailing blank, quoted STRINGs with
backslash escapes, ``INTEGER: up(1)`` when a MIB is loaded, Timeticks with the raw count in
parentheses, ``No Such Object`` lines), and the ``snmpwalk`` source's completeness checks."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.collectors.snmp import SNMP_KINDS
from kszcheck.collectors.snmpwalk import collect
from kszcheck.collectors.walkfile import WalkError, parse_walk
from kszcheck.model.errors import InputError
from kszcheck.model.site import SourceSpec

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)

#: Trailing blanks are net-snmp's own (it ends every wrapped Hex-STRING line with one).
NETSNMP = "".join(
    line + "\n"
    for line in (
        ".1.3.6.1.2.1.1.1.0 = Hex-STRING: 43 69 73 63 6F 20 49 4F 53 20 53 6F 66 74 77 61 ",
        "72 65 ",
        ".1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.9.1.2694",
        ".1.3.6.1.2.1.1.3.0 = Timeticks: (123456) 0:20:34.56",
        '.1.3.6.1.2.1.1.5.0 = STRING: "sw-\\"kelder\\""',
        '.1.3.6.1.2.1.1.6.0 = STRING: "lijn een',
        'lijn twee"',
        ".1.3.6.1.2.1.2.1.0 = INTEGER: 2",
        ".1.3.6.1.2.1.2.2.1.8.1 = INTEGER: up(1)",
        ".1.3.6.1.2.1.2.2.1.8.2 = INTEGER: 2",
        '.1.3.6.1.2.1.31.1.1.1.18.1 = ""',
        ".1.3.6.1.2.1.31.1.1.1.15.1 = Gauge32: 1000",
        ".1.3.6.1.2.1.31.1.1.1.6.1 = Counter64: 18446744073709551615",
        ".1.3.6.1.2.1.4.20.1.1.10.30.0.1 = IpAddress: 10.30.0.1",
        ".1.3.6.1.2.1.17.7.1.4.3.1.2.30 = Hex-STRING: ",
        ".1.3.6.1.4.1.9.9.46.1.6.1.1.4.1 = No Such Object available on this agent at this OID",
        ".1.3.6.1.6.3.1.1.6.1.0 = No more variables left in this MIB View "
        "(It is past the end of the MIB tree)",
    )
)


def test_netsnmp_numeric_walk_values() -> None:
    assert parse_walk(NETSNMP) == [
        ((1, 3, 6, 1, 2, 1, 1, 1, 0), b"Cisco IOS Software"),
        ((1, 3, 6, 1, 2, 1, 1, 2, 0), (1, 3, 6, 1, 4, 1, 9, 1, 2694)),
        ((1, 3, 6, 1, 2, 1, 1, 3, 0), 123456),
        ((1, 3, 6, 1, 2, 1, 1, 5, 0), b'sw-"kelder"'),
        ((1, 3, 6, 1, 2, 1, 1, 6, 0), b"lijn een\nlijn twee"),
        ((1, 3, 6, 1, 2, 1, 2, 1, 0), 2),
        ((1, 3, 6, 1, 2, 1, 2, 2, 1, 8, 1), 1),
        ((1, 3, 6, 1, 2, 1, 2, 2, 1, 8, 2), 2),
        ((1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 18, 1), b""),
        ((1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 15, 1), 1000),
        ((1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6, 1), 18446744073709551615),
        ((1, 3, 6, 1, 2, 1, 4, 20, 1, 1, 10, 30, 0, 1), bytes([10, 30, 0, 1])),
        ((1, 3, 6, 1, 2, 1, 17, 7, 1, 4, 3, 1, 2, 30), b""),
    ]


def test_snmprec_records() -> None:
    text = (
        "1.3.6.1.2.1.1.5.0|4|sw-ocmw-1\n"
        "1.3.6.1.2.1.2.2.1.3.1|2|6\n"
        "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.25506.11.1.1\n"
        "1.3.6.1.2.1.17.7.1.4.3.1.2.30|4x|c000\n"
        "1.3.6.1.2.1.4.20.1.1.10.30.0.1|64|10.30.0.1\n"
        "1.3.6.1.2.1.1.3.0|67|42\n"
    )
    assert parse_walk(text) == [
        ((1, 3, 6, 1, 2, 1, 1, 5, 0), b"sw-ocmw-1"),
        ((1, 3, 6, 1, 2, 1, 2, 2, 1, 3, 1), 6),
        ((1, 3, 6, 1, 2, 1, 1, 2, 0), (1, 3, 6, 1, 4, 1, 25506, 11, 1, 1)),
        ((1, 3, 6, 1, 2, 1, 17, 7, 1, 4, 3, 1, 2, 30), b"\xc0\x00"),
        ((1, 3, 6, 1, 2, 1, 4, 20, 1, 1, 10, 30, 0, 1), bytes([10, 30, 0, 1])),
        ((1, 3, 6, 1, 2, 1, 1, 3, 0), 42),
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('.1.3.6.1.2.1.1.5.0 = STRING: "a"\nSNMPv2-MIB::sysName.0 = STRING: b\n', 2, "-On"),
        (".1.3.6.1.2.1.1.5.0 = Weird: x\n", 1, "unknown type 'Weird'"),
        (".1.3.6.1.2.1.2.1.0 = INTEGER: many\n", 1, "bad INTEGER"),
        ("1.3.6.1.2.1.1.5.0|4|a\n1.3.6.1.2.1.1.6.0|99|b\n", 2, "unknown tag 99"),
    ],
)
def test_a_bad_line_is_named(text: str, line: int, message: str) -> None:
    with pytest.raises(WalkError) as caught:
        parse_walk(text)
    assert caught.value.line == line
    assert message in str(caught.value)


WALK = (
    '.1.3.6.1.2.1.1.5.0 = STRING: "sw-kelder"\n'
    ".1.3.6.1.2.1.2.1.0 = INTEGER: 2\n"
    '.1.3.6.1.2.1.2.2.1.2.1 = STRING: "GigabitEthernet1/0/1"\n'
)


def test_source_marks_a_cut_off_or_short_walk_partial(tmp_path: Path) -> None:
    (tmp_path / "walks").mkdir()
    (tmp_path / "walks" / "kelder.walk").write_text(WALK.rstrip("\n"), encoding="utf-8")
    got = collect(SourceSpec(id="w", type="snmpwalk", path="walks"), tmp_path, NOW)
    assert got.missing == SNMP_KINDS
    assert got.reason.startswith(
        "walks/kelder.walk: the file does not end with a line break: the walk may be cut off; "
        "walks/kelder.walk: the interface table has 1 of the 2 rows ifNumber announces"
    )
    assert [d.name for d in got.network.devices] == ["sw-kelder"]


def test_source_names_the_file_and_line_of_a_bad_walk(tmp_path: Path) -> None:
    (tmp_path / "bad.walk").write_text(WALK + "garbage\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        collect(SourceSpec(id="w", type="snmpwalk", path="bad.walk"), tmp_path, NOW)
    assert str(caught.value).startswith("bad.walk:4:")


def test_walks_with_mac_tables_name_their_hosts_from_a_mac_hosts_export(tmp_path: Path) -> None:
    """A recorded .snmprec of the Comware test stack with its MAC address table and LLDP
    neighbours (tests/peers/switch_stack.py), and a DHCP-lease style export mac,host."""
    from tests.peers.switch_stack import build_stack, write_snmprec

    (tmp_path / "walks").mkdir()
    write_snmprec(build_stack("comware", "sw-sd-1", neighbours=True), tmp_path / "walks" / "a.rec")
    (tmp_path / "leases.csv").write_text(
        "mac,host\n02-00-00-01-01-01,GEM-PC01\n0200.0001.0d01,SD-PC13\n02:00:00:00:00:ff,CORE\n"
        "# rows: 3\n",
        encoding="utf-8",
    )
    spec = SourceSpec(id="w", type="snmpwalk", path="walks", options={"mac_hosts": "leases.csv"})
    got = collect(spec, tmp_path, NOW)
    assert got.provides == [*SNMP_KINDS, "network.hosts"]
    assert got.missing == []
    hosts = {p.name: p.hosts for p in got.network.ports if p.hosts}
    assert hosts == {
        "GigabitEthernet1/0/1": ["GEM-PC01"],
        "GigabitEthernet1/0/13": ["SD-PC-1-13", "SD-PC13"],
        "GigabitEthernet2/0/13": ["SD-PC-2-13"],
        "GigabitEthernet1/0/23": ["core-sw01"],  # the MAC behind the uplink names no host here
        "GigabitEthernet2/0/23": ["core-sw01"],
    }
    # cut before its closing line, the export leaves hosts unnamed: network.hosts is missing
    (tmp_path / "leases.csv").write_text("mac,host\n02-00-00-01-01-01,GEM-PC01\n", "utf-8")
    got = collect(spec, tmp_path, NOW)
    assert got.missing == ["network.hosts"]
    assert got.reason.endswith(
        "leases.csv: no closing line '# rows: N', so a file cut at a row boundary cannot be "
        "told apart from a complete one (1 rows read); end the list with '# rows: 1' once it "
        "is checked complete"
    )
    (tmp_path / "leases.csv").write_text("mac,host\nnot-a-mac,X\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        collect(spec, tmp_path, NOW)
    assert str(caught.value).startswith("leases.csv:2:")
