"""LDAP searches on the wire: ldap3 opens, secures and binds the connection and encodes the few
search requests; the answers (tens of thousands of SearchResultEntry messages) are split and
decoded here by a small, strict BER reader into ``(dn, {attribute: [bytes]})``.

Why: ldap3 decodes every value twice (as text and raw) through generic ASN.1 code, which cost
more client time than the server spent answering. This reader does only what the collector
uses, and lets a paged search ask for its next page before the current one is decoded, so
that the server works while the client decodes. Requests may therefore be outstanding side by
side on one connection; answers are sorted by message ID (RFC 4511 section 4.1.1.1).

Only definite lengths are accepted (RFC 4511 section 5.1). Anything malformed, a connection
closed by the server or a Notice of Disconnection raises an OSError subclass, which the
collector reports as a failed source, like a broken connection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Done",
    "ProtocolError",
    "Wire",
    "decode_done",
    "decode_entry",
    "decode_message",
    "split_messages",
]

PAGED_RESULTS = "1.2.840.113556.1.4.319"
_SEQUENCE = 0x30
_SET = 0x31
_INTEGER = 0x02
_OCTETS = 0x04
_ENUMERATED = 0x0A
_BOOLEAN = 0x01
_ENTRY = 0x64  # [APPLICATION 4] SearchResultEntry
_DONE = 0x65  # [APPLICATION 5] SearchResultDone
_REFERENCE = 0x73  # [APPLICATION 19] SearchResultReference
_EXTENDED = 0x78  # [APPLICATION 24] ExtendedResponse
_INTERMEDIATE = 0x79  # [APPLICATION 25] IntermediateResponse
_CONTROLS = 0xA0  # [0] Controls
_RECEIVE = 1 << 16


class ProtocolError(OSError):
    """The server sent something that is not a well-formed LDAP message."""


@dataclass
class Done:
    """A SearchResultDone: the result code, its name, the server's message, and the
    paged-results cookie (empty on the last page or without paging)."""

    code: int
    description: str
    message: str
    cookie: bytes = b""


@dataclass
class _Pending:
    entries: list[bytes] = field(default_factory=list)
    done: Done | None = None


def _length(data: bytes, pos: int, end: int) -> tuple[int, int]:
    """The length at ``pos`` (just after a tag) and where the contents start."""
    if pos >= end:
        raise ProtocolError("malformed LDAP response: truncated length")
    first = data[pos]
    if first < 0x80:
        size, pos = first, pos + 1
    else:
        count = first & 0x7F
        if count == 0:
            raise ProtocolError("malformed LDAP response: indefinite length")
        if count > 4 or pos + 1 + count > end:
            raise ProtocolError("malformed LDAP response: bad length")
        size = int.from_bytes(data[pos + 1 : pos + 1 + count], "big")
        pos += 1 + count
    if pos + size > end:
        raise ProtocolError("malformed LDAP response: an element is longer than its container")
    return size, pos


def _element(data: bytes, pos: int, end: int, tag: int) -> tuple[int, int]:
    """Start and stop of the contents of the element at ``pos``, which must have ``tag``."""
    if pos + 1 < end and data[pos] == tag:  # the common case first: a short-form length
        size = data[pos + 1]
        if size < 0x80 and pos + 2 + size <= end:
            return pos + 2, pos + 2 + size
    if pos >= end or data[pos] != tag:
        found = f"0x{data[pos]:02x}" if pos < end else "nothing"
        raise ProtocolError(f"malformed LDAP response: expected tag 0x{tag:02x}, got {found}")
    size, start = _length(data, pos + 1, end)
    return start, start + size


def _integer(data: bytes, start: int, stop: int) -> int:
    if not 0 < stop - start <= 8:
        raise ProtocolError("malformed LDAP response: bad integer")
    return int.from_bytes(data[start:stop], "big", signed=True)


def split_messages(buffer: bytearray) -> list[bytes]:
    """Remove every complete LDAPMessage from the front of ``buffer`` and return them."""
    messages: list[bytes] = []
    pos, end = 0, len(buffer)
    while end - pos >= 2:
        if buffer[pos] != _SEQUENCE:
            raise ProtocolError(
                f"malformed LDAP response: a message starts with 0x{buffer[pos]:02x}"
            )
        first = buffer[pos + 1]
        if first < 0x80:
            stop = pos + 2 + first
        else:
            count = first & 0x7F
            if count == 0 or count > 4:
                raise ProtocolError("malformed LDAP response: bad message length")
            if end - pos < 2 + count:
                break
            stop = pos + 2 + count + int.from_bytes(buffer[pos + 2 : pos + 2 + count], "big")
        if stop > end:
            break
        messages.append(bytes(buffer[pos:stop]))
        pos = stop
    del buffer[:pos]
    return messages


def decode_message(message: bytes) -> tuple[int, int, int]:
    """The message ID, the protocolOp tag and where the protocolOp element starts."""
    start, stop = _element(message, 0, len(message), _SEQUENCE)
    if stop != len(message):
        raise ProtocolError("malformed LDAP response: bytes after the message")
    id_start, id_stop = _element(message, start, stop, _INTEGER)
    if id_stop >= stop:
        raise ProtocolError("malformed LDAP response: a message without an operation")
    return _integer(message, id_start, id_stop), message[id_stop], id_stop


def decode_entry(message: bytes) -> tuple[str, dict[str, list[bytes]]]:
    """The DN and raw attribute values of a SearchResultEntry message."""
    end = len(message)
    _, _, pos = decode_message(message)
    start, stop = _element(message, pos, end, _ENTRY)
    dn_start, dn_stop = _element(message, start, stop, _OCTETS)
    try:
        dn = message[dn_start:dn_stop].decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError("malformed LDAP response: a DN that is not UTF-8") from None
    pos, stop = _element(message, dn_stop, stop, _SEQUENCE)
    attributes: dict[str, list[bytes]] = {}
    while pos < stop:
        # PartialAttribute ::= SEQUENCE { type OCTET STRING, vals SET OF OCTET STRING }
        size = message[pos + 1] if pos + 1 < stop else 0x80
        a_stop = pos + 2 + size
        t_stop = pos + 4 + message[pos + 3] if a_stop <= stop and pos + 3 < a_stop else a_stop
        if (  # an attribute shorter than 128 octets, headers read in place (the common case)
            size < 0x80
            and t_stop + 1 < a_stop
            and message[pos] == _SEQUENCE
            and message[pos + 2] == _OCTETS
            and message[t_stop] == _SET
            and t_stop + 2 + message[t_stop + 1] == a_stop
        ):
            t_start, v_pos, v_stop = pos + 4, t_stop + 2, a_stop
        else:
            a_start, a_stop = _element(message, pos, stop, _SEQUENCE)
            t_start, t_stop = _element(message, a_start, a_stop, _OCTETS)
            v_pos, v_stop = _element(message, t_stop, a_stop, _SET)
            if v_stop != a_stop:
                raise ProtocolError("malformed LDAP response: bytes after an attribute's values")
        values: list[bytes] = []
        while v_pos < v_stop:
            if message[v_pos] != _OCTETS:
                raise ProtocolError("malformed LDAP response: a value is not an OCTET STRING")
            size = message[v_pos + 1] if v_pos + 1 < v_stop else 0x80
            if size < 0x80 and v_pos + 2 + size <= v_stop:  # short form, the common case
                v_pos += 2
            else:
                size, v_pos = _length(message, v_pos + 1, v_stop)
            values.append(message[v_pos : v_pos + size])
            v_pos += size
        name = message[t_start:t_stop].decode("ascii", "replace")
        if name in attributes:
            attributes[name].extend(values)
        else:
            attributes[name] = values
        pos = a_stop
    return dn, attributes


def decode_done(message: bytes, results: dict[int, str] | None = None) -> Done:
    """A SearchResultDone message: result code, description, message, paged cookie."""
    end = len(message)
    _, _, pos = decode_message(message)
    start, stop = _element(message, pos, end, _DONE)
    c_start, c_stop = _element(message, start, stop, _ENUMERATED)
    code = _integer(message, c_start, c_stop)
    _, m_stop = _element(message, c_stop, stop, _OCTETS)  # matchedDN
    d_start, d_stop = _element(message, m_stop, stop, _OCTETS)
    text = message[d_start:d_stop].decode("utf-8", "replace")
    description = (results or {}).get(code, str(code))
    return Done(code, description, text, _paged_cookie(message, stop, end))


def _paged_cookie(message: bytes, pos: int, end: int) -> bytes:
    if pos >= end or message[pos] != _CONTROLS:
        return b""
    pos, stop = _element(message, pos, end, _CONTROLS)
    while pos < stop:
        c_start, c_stop = _element(message, pos, stop, _SEQUENCE)
        o_start, o_stop = _element(message, c_start, c_stop, _OCTETS)
        inner = o_stop
        if inner < c_stop and message[inner] == _BOOLEAN:
            _, inner = _element(message, inner, c_stop, _BOOLEAN)
        if message[o_start:o_stop] == PAGED_RESULTS.encode() and inner < c_stop:
            v_start, v_stop = _element(message, inner, c_stop, _OCTETS)
            s_start, s_stop = _element(message, v_start, v_stop, _SEQUENCE)
            _, size_stop = _element(message, s_start, s_stop, _INTEGER)
            k_start, k_stop = _element(message, size_stop, s_stop, _OCTETS)
            return message[k_start:k_stop]
        pos = c_stop
    return b""


class Wire:
    """Searches over one open, bound ldap3 connection (not thread-safe: one per thread)."""

    def __init__(self, conn: Any) -> None:
        from ldap3.core.results import RESULT_CODES

        self.conn = conn
        self.buffer = bytearray()
        self.pending: dict[int, _Pending] = {}
        self.results: dict[int, str] = dict(RESULT_CODES)

    def send(
        self,
        base: str,
        search_filter: str,
        scope: str,
        attributes: list[str],
        page_size: int | None = None,
        cookie: bytes = b"",
        controls: list[Any] | None = None,
    ) -> int:
        """Send a search request; returns its message ID."""
        from ldap3 import BASE, DEREF_ALWAYS, LEVEL
        from ldap3.operation.search import search_operation
        from ldap3.protocol.convert import build_controls_list
        from ldap3.protocol.rfc2696 import paged_search_control
        from ldap3.protocol.rfc4511 import LDAPMessage, MessageID, ProtocolOp
        from ldap3.utils.asn1 import encode

        scopes = {"BASE": BASE, "LEVEL": LEVEL}
        request = search_operation(
            base,
            search_filter,
            scopes.get(scope, scope),
            DEREF_ALWAYS,
            attributes,
            0,
            0,
            False,
            True,
            True,
            None,
            validator=None,
            check_names=False,
        )
        all_controls = list(controls or [])
        if page_size is not None:
            all_controls.append(paged_search_control(False, page_size, cookie or None))
        message_id = int(self.conn.server.next_message_id())
        message = LDAPMessage()
        message["messageID"] = MessageID(message_id)
        message["protocolOp"] = ProtocolOp().setComponentByName("searchRequest", request)
        built = build_controls_list(all_controls)
        if built is not None:
            message["controls"] = built
        self.pending[message_id] = _Pending()
        self.conn.socket.sendall(encode(message))
        return message_id

    def receive(self, message_id: int) -> tuple[list[bytes], Done]:
        """The entry messages (undecoded) and the result of one search, read to its end."""
        slot = self.pending[message_id]
        while slot.done is None:
            self._read()
        del self.pending[message_id]
        return slot.entries, slot.done

    def forget(self, message_id: int) -> None:
        """Drop what arrives for a request whose answer is no longer wanted."""
        self.pending.pop(message_id, None)

    def _read(self) -> None:
        chunk = self.conn.socket.recv(_RECEIVE)
        if not chunk:
            raise ConnectionResetError("the server closed the connection")
        self.buffer += chunk
        for message in split_messages(self.buffer):
            message_id, tag, _ = decode_message(message)
            slot = self.pending.get(message_id)
            if slot is None:
                if message_id == 0 and tag == _EXTENDED:
                    raise ConnectionResetError(
                        "the server closed the connection (notice of disconnection)"
                    )
                continue  # an answer to a forgotten request
            if tag == _ENTRY:
                slot.entries.append(message)
            elif tag == _DONE:
                slot.done = decode_done(message, self.results)
            elif tag not in (_REFERENCE, _INTERMEDIATE):
                raise ProtocolError(f"unexpected LDAP response 0x{tag:02x} to a search")
