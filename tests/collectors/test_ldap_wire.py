"""The LDAP wire reader: BER decoding of search answers, message splitting, demultiplexing by
message ID, and the paged search built on it. Answers are encoded here with ldap3's own
(pyasn1) RFC 4511 classes, an encoder independent of the decoder under test."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ldap3.protocol.rfc2696 import Cookie, RealSearchControlValue, Size
from ldap3.protocol.rfc4511 import (
    LDAPDN,
    LDAPOID,
    URI,
    AttributeDescription,
    AttributeValue,
    Control,
    Controls,
    ExtendedResponse,
    LDAPMessage,
    LDAPString,
    MessageID,
    PartialAttribute,
    PartialAttributeList,
    ProtocolOp,
    ResponseName,
    ResultCode,
    SearchResultDone,
    SearchResultEntry,
    SearchResultReference,
    Vals,
)
from ldap3.utils.asn1 import decoder, encode
from pyasn1.codec.ber import encoder

from kszcheck.collectors.ldap_search import SearchFailed, paged_records
from kszcheck.collectors.ldap_wire import (
    Done,
    ProtocolError,
    Wire,
    decode_done,
    decode_entry,
    split_messages,
)

PAGED = "1.2.840.113556.1.4.319"


def _message(message_id: int, name: str, op: Any, controls: Controls | None = None) -> bytes:
    message = LDAPMessage()
    message["messageID"] = MessageID(message_id)
    message["protocolOp"] = ProtocolOp().setComponentByName(name, op)
    if controls is not None:
        message["controls"] = controls
    return bytes(encode(message))


def entry(message_id: int, dn: str, attributes: dict[str, list[bytes]]) -> bytes:
    op = SearchResultEntry()
    op["object"] = LDAPDN(dn)
    parts = PartialAttributeList()
    for index, (name, values) in enumerate(attributes.items()):
        part = PartialAttribute()
        part["type"] = AttributeDescription(name)
        vals = Vals()
        for position, value in enumerate(values):
            vals.setComponentByPosition(position, AttributeValue(value))
        part["vals"] = vals
        parts.setComponentByPosition(index, part)
    op["attributes"] = parts
    return _message(message_id, "searchResEntry", op)


def done(message_id: int, code: int = 0, text: str = "", cookie: bytes | None = None) -> bytes:
    op = SearchResultDone()
    op["resultCode"] = ResultCode(code)
    op["matchedDN"] = LDAPDN("")
    op["diagnosticMessage"] = LDAPString(text)
    controls = None
    if cookie is not None:
        value = RealSearchControlValue()
        value["size"] = Size(0)
        value["cookie"] = Cookie(cookie)
        other = Control()
        other["controlType"] = LDAPOID("1.2.840.113556.1.4.801")
        other["criticality"] = True
        control = Control()
        control["controlType"] = LDAPOID(PAGED)
        control["controlValue"] = encoder.encode(value)
        controls = Controls()
        controls.setComponentByPosition(0, other)
        controls.setComponentByPosition(1, control)
    return _message(message_id, "searchResDone", op, controls)


def reference(message_id: int) -> bytes:
    op = SearchResultReference()
    op.setComponentByPosition(0, URI("ldap://voorbeeld.local/CN=Configuration,DC=v"))
    return _message(message_id, "searchResRef", op)


def notice_of_disconnection() -> bytes:
    op = ExtendedResponse()
    op["resultCode"] = ResultCode(52)
    op["matchedDN"] = LDAPDN("")
    op["diagnosticMessage"] = LDAPString("shutting down")
    op["responseName"] = ResponseName("1.3.6.1.4.1.1466.20036")
    return _message(0, "extendedResp", op)


# --- decoding ---------------------------------------------------------------------------------


def test_an_entry_with_short_and_long_lengths_and_binary_values() -> None:
    sid = bytes.fromhex("010500000000000515000000")
    long_value = b"CN=x," * 20_000  # 100 000 octets: a three-octet length
    message = entry(
        9,
        "CN=Zoë Peeters,OU=Gemeente,DC=voorbeeld,DC=local",
        {
            "objectSid": [sid],
            "member;range=0-1": [b"CN=a,DC=v", long_value],
            "description": [b"x" * 200],
        },
    )
    assert decode_entry(message) == (
        "CN=Zoë Peeters,OU=Gemeente,DC=voorbeeld,DC=local",
        {
            "objectSid": [sid],
            "member;range=0-1": [b"CN=a,DC=v", long_value],
            "description": [b"x" * 200],
        },
    )


def test_an_entry_without_attributes() -> None:
    assert decode_entry(entry(1, "DC=v", {})) == ("DC=v", {})


@pytest.mark.parametrize("size", [100, 109, 110, 111, 112, 200])
def test_attributes_around_the_short_form_limit(size: int) -> None:
    # 'description' with one value of ``size`` octets: the attribute's SEQUENCE holds 17 + size
    # octets, 127 (short form) at size 110 and 128 (long form) at size 111; both decode alike
    values = {"description": [b"d" * size], "cn": [b"a", b"b" * size]}
    assert decode_entry(entry(2, "CN=a,DC=v", values)) == ("CN=a,DC=v", values)


@settings(max_examples=200, derandomize=True, deadline=None, database=None)
@given(
    st.dictionaries(
        st.text("abcdefgXYZ-;=0123456789", min_size=1, max_size=40),
        st.lists(st.binary(max_size=300), min_size=1, max_size=4),
        max_size=6,
    )
)
def test_any_entry_decodes_to_what_was_encoded(attributes: dict[str, list[bytes]]) -> None:
    # lengths around every boundary of the in-place header reading (127/128-octet attributes)
    assert decode_entry(entry(5, "CN=a,DC=v", attributes)) == ("CN=a,DC=v", attributes)


def test_lengths_in_a_longer_form_than_needed() -> None:
    # BER allows a length in long form even where the short form would do: 04 81 02 'ab'
    attribute = b"\x30\x0b\x04\x02cn\x31\x05\x04\x81\x02ab"
    op = b"\x04\x01d\x30" + bytes([len(attribute)]) + attribute
    body = b"\x02\x01\x07\x64" + bytes([len(op)]) + op
    assert decode_entry(b"\x30" + bytes([len(body)]) + body) == ("d", {"cn": [b"ab"]})


def test_done_with_the_paged_cookie_after_another_control() -> None:
    assert decode_done(done(4, 0, "", b"\x00\x01cookie"), {0: "success"}) == Done(
        0, "success", "", b"\x00\x01cookie"
    )


def test_done_with_an_error_and_without_controls() -> None:
    assert decode_done(done(4, 32, "0000208D: no such object"), {32: "noSuchObject"}) == Done(
        32, "noSuchObject", "0000208D: no such object", b""
    )


def test_messages_are_split_wherever_the_chunks_end() -> None:
    stream = entry(1, "CN=a,DC=v", {"cn": [b"a" * 300]}) + done(1, cookie=b"c") + entry(2, "", {})
    for cut in range(len(stream) + 1):
        buffer = bytearray(stream[:cut])
        got = split_messages(buffer)
        buffer += stream[cut:]
        got += split_messages(buffer)
        assert (b"".join(got), buffer) == (stream, bytearray())


@pytest.mark.parametrize(
    ("message", "why"),
    [
        (b"\x30\x80\x02\x01\x01\x64\x00\x00\x00", "indefinite length"),
        (b"\x30\x05\x02\x01\x01\x64\x05", "an element is longer than its container"),
        (b"\x30\x07\x02\x01\x01\x65\x02\x04\x00", "expected tag 0x64, got 0x65"),
        (b"\x30\x03\x02\x01\x01", "a message without an operation"),
        (b"\x30\x85\x01\x00\x00\x00\x00", "bad length"),
        (
            b"\x30\x16\x02\x01\x07\x64\x11\x04\x01d\x30\x0c"
            b"\x30\x0a\x04\x02cn\x31\x02\x04\x00\x04\x00",  # an OCTET STRING after the SET
            "bytes after an attribute's values",
        ),
    ],
)
def test_malformed_answers_are_protocol_errors(message: bytes, why: str) -> None:
    with pytest.raises(ProtocolError, match=why):
        decode_entry(message)
    assert issubclass(ProtocolError, OSError)  # the collector reports it as a broken source


def test_a_stream_that_does_not_start_a_message_is_refused() -> None:
    with pytest.raises(ProtocolError, match="a message starts with 0x04"):
        split_messages(bytearray(b"\x04\x00"))


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.binary(max_size=80), st.integers(min_value=0, max_value=79), st.binary(max_size=3))
def test_any_damage_decodes_or_is_a_protocol_error(noise: bytes, at: int, patch: bytes) -> None:
    good = entry(3, "CN=a,DC=v", {"cn": [b"a"], "objectSid": [b"\x01\x02"]}) + done(3, cookie=b"k")
    for data in (noise, good[:at] + patch + good[at + len(patch) :], good[:at]):
        with contextlib.suppress(ProtocolError):
            for message in split_messages(bytearray(data)):
                decode_entry(message)
        with contextlib.suppress(ProtocolError):
            decode_done(bytes(data))


# --- the connection: requests out, answers sorted by message ID -------------------------------


class FakeSocket:
    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.sent: list[bytes] = []

    def sendall(self, data: bytes) -> None:
        self.sent.append(bytes(data))

    def recv(self, size: int) -> bytes:
        return self.chunks.pop(0) if self.chunks else b""


class FakeServer:
    def __init__(self) -> None:
        self.last = 0

    def next_message_id(self) -> int:
        self.last += 1
        return self.last


class FakeConn:
    def __init__(self, chunks: list[bytes]) -> None:
        self.socket = FakeSocket(chunks)
        self.server = FakeServer()


def _request(data: bytes) -> Any:
    message, rest = decoder.decode(data, asn1Spec=LDAPMessage())
    assert rest == b""
    return message


def test_the_request_carries_base_scope_filter_attributes_and_paging() -> None:
    conn = FakeConn([])
    wire = Wire(conn)
    assert wire.send("DC=v", "(objectCategory=group)", "SUBTREE", ["member"], 500, b"ck") == 1
    message = _request(conn.socket.sent[0])
    search = message["protocolOp"]["searchRequest"]
    assert (
        str(search["baseObject"]),
        int(search["scope"]),
        list(map(str, search["attributes"])),
    ) == (
        "DC=v",
        2,
        ["member"],
    )
    assert str(search["filter"]["equalityMatch"]["attributeDesc"]) == "objectCategory"
    (control,) = message["controls"]
    value, _ = decoder.decode(bytes(control["controlValue"]), asn1Spec=RealSearchControlValue())
    assert (str(control["controlType"]), int(value["size"]), bytes(value["cookie"])) == (
        PAGED,
        500,
        b"ck",
    )


def test_answers_to_two_outstanding_requests_are_sorted_by_message_id() -> None:
    one = entry(1, "CN=a,DC=v", {"cn": [b"a"]})
    two = entry(2, "CN=b,DC=v", {"cn": [b"b"]})
    stream = one + two + reference(1) + done(2) + entry(1, "CN=c,DC=v", {}) + done(1, cookie=b"n")
    conn = FakeConn([stream[:50], stream[50:51], stream[51:]])
    wire = Wire(conn)
    first = wire.send("DC=v", "(cn=*)", "SUBTREE", ["cn"])
    second = wire.send("DC=v", "(cn=*)", "LEVEL", ["cn"])
    assert wire.receive(second) == ([two], Done(0, "success", "", b""))
    entries, result = wire.receive(first)
    assert [decode_entry(e)[0] for e in entries] == ["CN=a,DC=v", "CN=c,DC=v"]
    assert result.cookie == b"n"


def test_answers_to_a_forgotten_request_are_dropped() -> None:
    conn = FakeConn([entry(1, "CN=a,DC=v", {}) + done(1) + entry(2, "CN=b,DC=v", {}) + done(2)])
    wire = Wire(conn)
    wire.forget(wire.send("DC=v", "(cn=*)", "SUBTREE", ["cn"]))
    entries, _ = wire.receive(wire.send("DC=v", "(cn=*)", "SUBTREE", ["cn"]))
    assert ([decode_entry(e)[0] for e in entries], wire.pending) == (["CN=b,DC=v"], {})


@pytest.mark.parametrize(
    ("chunks", "why"),
    [
        ([entry(1, "CN=a,DC=v", {})], "the server closed the connection"),
        ([notice_of_disconnection()], r"closed the connection \(notice of disconnection\)"),
    ],
)
def test_a_server_that_goes_away_breaks_the_connection(chunks: list[bytes], why: str) -> None:
    wire = Wire(FakeConn(chunks))
    with pytest.raises(ConnectionResetError, match=why):
        wire.receive(wire.send("DC=v", "(cn=*)", "SUBTREE", ["cn"]))


# --- paged searches on the wire ---------------------------------------------------------------


class ScriptedWire:
    """Answers searches from a script and records the order of requests and reads."""

    def __init__(self, answers: dict[tuple[str, bytes], tuple[list[bytes], Done]]) -> None:
        self.answers = answers
        self.log: list[str] = []
        self.outstanding: dict[int, tuple[str, bytes]] = {}
        self.forgotten: list[int] = []

    def send(
        self,
        base: str,
        flt: str,
        scope: str,
        attributes: list[str],
        page_size: int | None = None,
        cookie: bytes = b"",
        controls: list[Any] | None = None,
    ) -> int:
        message_id = len(self.log) + 1
        key = (attributes[0], cookie)
        self.log.append(f"send {message_id} {scope} {attributes[0]} {cookie.decode()}")
        self.outstanding[message_id] = key
        return message_id

    def receive(self, message_id: int) -> tuple[list[bytes], Done]:
        self.log.append(f"receive {message_id}")
        return self.answers[self.outstanding.pop(message_id)]

    def forget(self, message_id: int) -> None:
        self.forgotten.append(message_id)


def test_the_next_page_is_asked_for_before_this_one_is_decoded_and_ranges_are_followed() -> None:
    groot = "CN=Groot,DC=v"
    wire = ScriptedWire(
        {
            ("member", b""): (
                [entry(1, groot, {"objectClass": [b"group"], "member;range=0-1": [b"a", b"b"]})],
                Done(0, "success", "", b"p2"),
            ),
            ("member;range=2-*", b""): (
                [entry(2, groot, {"member;range=2-3": [b"c", b"d"]})],
                Done(0, "success", ""),
            ),
            ("member;range=4-*", b""): (
                [entry(3, groot, {"member;range=4-*": [b"e"]})],
                Done(0, "success", ""),
            ),
            ("member", b"p2"): ([entry(4, "CN=Klein,DC=v", {"member": [b"f"]})], Done(0, "", "")),
        }
    )
    pages = paged_records(wire, "DC=v", "(objectClass=group)", ["member"], 2)  # type: ignore[arg-type]
    first = next(pages)
    assert [(r.dn, r.get("member")) for r in first] == [(groot, ["a", "b", "c", "d", "e"])]
    assert wire.log == [
        "send 1 SUBTREE member ",
        "receive 1",
        "send 3 SUBTREE member p2",
        "send 4 BASE member;range=2-* ",
        "receive 4",
        "send 6 BASE member;range=4-* ",
        "receive 6",
    ]
    (second,) = list(pages)
    assert [(r.dn, r.get("member")) for r in second] == [("CN=Klein,DC=v", ["f"])]
    assert wire.forgotten == []


def test_an_error_result_fails_the_search_and_allowed_codes_end_it_quietly() -> None:
    answer = ([], Done(32, "noSuchObject", "0000208D: no object "))
    wire = ScriptedWire({("cn", b""): answer})
    with pytest.raises(SearchFailed, match=r"^noSuchObject \(0000208D: no object\)$"):
        list(paged_records(wire, "DC=v", "(cn=*)", ["cn"], 10))  # type: ignore[arg-type]
    assert list(paged_records(wire, "DC=v", "(cn=*)", ["cn"], 10, allow=(32,))) == []  # type: ignore[arg-type]


def test_a_page_request_still_outstanding_is_forgotten_when_the_reader_stops() -> None:
    wire = ScriptedWire({("cn", b""): ([entry(1, "CN=a,DC=v", {})], Done(0, "", "", b"more"))})
    pages = paged_records(wire, "DC=v", "(cn=*)", ["cn"], 1)  # type: ignore[arg-type]
    next(pages)
    pages.close()
    assert wire.forgotten == [3]
