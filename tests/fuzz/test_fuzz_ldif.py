"""Fuzzing the AD export path: LDIF reader, normaliser, security descriptors, SIDs and times.

Contract: ``parse_ldif`` and ``normalise`` return or raise a one-line InputError naming the
file; the pure decoders (``parse_security_descriptor``, ``sid_from_bytes``, ``sid_to_bytes``,
``generalized_time``, ``filetime_to_datetime``, ``parse_gplink``) return or raise ValueError.
"""

from __future__ import annotations

import base64
import functools
import struct

from hypothesis import example, given
from hypothesis import strategies as st

from kszcheck.collectors.ad_normalise import decode_uac, normalise, parse_gplink
from kszcheck.collectors.ad_record import LdifRecord
from kszcheck.collectors.filetime import filetime_to_datetime, generalized_time
from kszcheck.collectors.ldif import parse_ldif
from kszcheck.collectors.security_descriptor import parse_security_descriptor
from kszcheck.collectors.sid import sid_from_bytes, sid_to_bytes
from tests.fuzz.strategies import (
    HUGE_NUMBERS,
    NASTY_TEXT,
    check_documented,
    fuzz_bytes,
    mutations,
    sample,
)

SOURCE = "fuzz/export.ldif"


@functools.cache
def _ldif_samples() -> list[bytes]:
    ldapsearch = sample("tests/fixtures/ldif/voorbeeld-ldapsearch.ldif")
    ldifde = sample("tests/fixtures/ldif/voorbeeld-ldifde.ldf")
    return [ldapsearch, ldifde, ldifde.decode("utf-16").encode("utf-8")]


@functools.cache
def _descriptors() -> list[bytes]:
    records = parse_ldif(sample("inventories/example/ad-export.ldif"), "example")
    found = {r.first("nTSecurityDescriptor") for r in records}
    return sorted(d for d in found if isinstance(d, bytes))[:4]


def _parse_and_normalise(data: bytes) -> None:
    records = parse_ldif(data, SOURCE)
    normalise(records, SOURCE)


@given(fuzz_bytes(_ldif_samples()))
@example(b"dn: cn=x\nuserAccountControl: -1\nobjectClass: user\nsAMAccountName: x\n")
@example(b"dn: cn=x\nobjectClass: user\nsAMAccountName: x\nwhenCreated: 00010101000000+0100\n")
@example(b"dn: cn=x\nobjectClass: user\nsAMAccountName: x\nuserAccountControl: " + b"9" * 5000)
@example(b"dn: cn=x\ncn: a\rb\n")
@example(b"dn: cn=x\n\r\x0bdn: y\n")  # the error quoted a line break: two lines on a terminal
@example(b"dn: cn=x\nchangetype: add\r\x1b[31m\n")
@example(b"\xff\xfe" + "dn: x\n".encode("utf-16-le") + b"\x00")
def test_ldif_reader_and_normaliser(data: bytes) -> None:
    check_documented(lambda: _parse_and_normalise(data))


# --- the normaliser on records made directly: values the reader lets through -----------------

_CLASSES = ("domainDNS", "organizationalUnit", "user", "computer", "group", "groupPolicyContainer")
_ATTRIBUTES = (
    "sAMAccountName",
    "objectSid",
    "userAccountControl",
    "pwdLastSet",
    "lastLogonTimestamp",
    "lastLogon",
    "accountExpires",
    "whenCreated",
    "adminCount",
    "primaryGroupID",
    "groupType",
    "member",
    "gPLink",
    "gPOptions",
    "maxPwdAge",
    "minPwdLength",
    "lockoutThreshold",
    "msDS-Behavior-Version",
    "flags",
    "name",
    "nTSecurityDescriptor",
    "servicePrincipalName",
    "description",
)
_DIGITS = "0123456789"
_numbers = st.one_of(st.sampled_from(HUGE_NUMBERS), st.integers(-(2**70), 2**70).map(str))
#: GeneralizedTime-shaped text: 10 to 14 digits, an optional fraction, Z or an offset.
_generalized = st.builds(
    lambda digits, frac, zone: digits + frac + zone,
    st.text(_DIGITS, min_size=10, max_size=14),
    st.sampled_from(["", ".0", ".123456789", ",5"]),
    st.one_of(
        st.just("Z"),
        st.text(_DIGITS, min_size=2, max_size=4).map(lambda z: "+" + z),
        st.text(_DIGITS, min_size=2, max_size=4).map(lambda z: "-" + z),
    ),
)
#: SID-shaped text with values in and out of range.
_sid_text = st.builds(
    lambda authority, subs: "-".join(["S", "1", authority, *subs]),
    st.one_of(_numbers, st.text("0123456789ABCDEF", min_size=12, max_size=12).map("0x".__add__)),
    st.lists(_numbers, max_size=17),
)
#: gPLink-shaped text: links with any DN and any option number.
_gplink = st.lists(
    st.builds(
        lambda dn, options: f"[LDAP://{dn};{options}]",
        st.text(max_size=20).filter(lambda t: not set(t) & set("[];")),
        _numbers,
    ),
    max_size=3,
).map("".join)
_values = st.one_of(
    st.sampled_from(HUGE_NUMBERS + NASTY_TEXT),
    _numbers,
    st.text(max_size=30),
    st.binary(max_size=40),
    _generalized,
    _sid_text,
    _gplink,
)


@st.composite
def _records(draw: st.DrawFn) -> list[LdifRecord]:
    records = []
    for index in range(draw(st.integers(1, 4))):
        record = LdifRecord(dn=draw(st.text(max_size=30)) or f"cn=r{index}", line=index + 1)
        record.attributes["objectclass"] = [draw(st.sampled_from(_CLASSES))]
        record.attributes["samaccountname"] = [f"account{index}"]
        for name in draw(st.lists(st.sampled_from(_ATTRIBUTES), max_size=6, unique=True)):
            record.attributes[name.lower()] = draw(st.lists(_values, min_size=1, max_size=2))
        records.append(record)
    return records


@given(_records())
@example([LdifRecord("cn=x", 1, {"objectclass": ["user"], "useraccountcontrol": ["-1"]})])
@example([LdifRecord("cn=x", 1, {"objectclass": ["user"], "whencreated": ["00010101000000+0100"]})])
@example([LdifRecord("cn=x", 1, {"objectclass": ["user"], "whencreated": ["99991231235959-2359"]})])
@example([LdifRecord("\n", 1, {"objectclass": ["organizationalUnit"], "gplink": ["x"]})])
def test_normaliser_on_any_values(records: list[LdifRecord]) -> None:
    for record in records:
        record.attributes.setdefault("samaccountname", ["x"])
    check_documented(lambda: normalise(records, SOURCE))


# --- the pure decoders -----------------------------------------------------------------------


def _descriptor(dacl: bytes, count: int) -> bytes:
    acl = struct.pack("<BBHHH", 2, 0, 8 + len(dacl), count, 0) + dacl
    return struct.pack("<BBHIIII", 1, 0, 0x8004, 0, 0, 0, 20) + acl


@given(st.one_of(mutations(_descriptors()), st.binary(max_size=400)))
@example(_descriptor(b"\x05\x00\x0c\x00" + b"\x00" * 8, 1))  # object ACE, no room for a SID
@example(_descriptor(b"\x00\x00\x08\x00" + b"\x00" * 4, 1))  # plain ACE without a SID
@example(_descriptor(b"", 0xFFFF))
def test_security_descriptor(data: bytes) -> None:
    check_documented(lambda: parse_security_descriptor(data), (ValueError,))


@given(st.binary(max_size=80), st.integers(-8, 100))
def test_sid_from_bytes(data: bytes, offset: int) -> None:
    check_documented(lambda: sid_from_bytes(data, offset), (ValueError,))


@given(st.one_of(st.text(max_size=60), _sid_text))
@example("S-1-0x" + "F" * 12)
def test_sid_text(text: str) -> None:
    check_documented(lambda: sid_to_bytes(text), (ValueError,))


@given(st.one_of(st.text(max_size=30), _generalized))
@example("00010101000000+0100")
@example("99991231235959-0100")
@example("00000101000000Z")
def test_generalized_time(text: str) -> None:
    check_documented(lambda: generalized_time(text), (ValueError,))


@given(st.integers(min_value=-(2**70), max_value=2**70))
def test_filetime(ticks: int) -> None:
    check_documented(lambda: filetime_to_datetime(ticks), (ValueError,))


@given(st.one_of(st.text(max_size=80), _gplink))
def test_gplink(text: str) -> None:
    check_documented(lambda: parse_gplink(text), (ValueError,))


@given(st.integers(min_value=-(2**40), max_value=2**40))
@example(-1)
def test_decode_uac(uac: int) -> None:
    check_documented(lambda: decode_uac(uac), (ValueError,))


def test_base64_sample_is_a_descriptor() -> None:
    """The seed of the descriptor mutations is a real descriptor, not an error path."""
    descriptor = _descriptors()[0]
    parsed = parse_security_descriptor(descriptor)
    assert parsed.dacl_present and parsed.dacl
    assert base64.b64encode(descriptor)
