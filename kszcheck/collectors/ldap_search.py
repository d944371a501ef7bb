"""Paged LDAP searches that yield raw entries as LdifRecords (the LDIF collector's record type),
so that ad_normalise turns live entries into facts exactly as it does an export.

The searches go through ldap_wire (requests encoded by ldap3, answers decoded there), so values
arrive as bytes. Binary attributes (objectSid, nTSecurityDescriptor, ...) stay bytes; the others
are decoded as UTF-8. Attribute keys are lower-cased. AD's ranged retrieval
(``member;range=0-1499``) is followed with base searches until the server says ``*``, and the
values are merged under the plain name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from kszcheck.collectors.ad_record import BINARY_ATTRIBUTES, LdifRecord
from kszcheck.collectors.ldap_wire import Done, Wire, decode_entry

__all__ = ["SearchFailed", "paged_records", "to_record"]

_RANGE = re.compile(r"^(?P<name>[^;]+)(?P<opts>(?:;[^;]+)*?);range=(?P<low>\d+)-(?P<high>\d+|\*)$")
_SECRET = frozenset(
    {
        "unicodepwd", "userpassword", "supplementalcredentials", "dbcspwd",
        "ms-mcs-admpwd", "mslaps-password", "mslaps-encryptedpassword",
    }
)  # fmt: skip


class SearchFailed(Exception):
    """The server answered a search with an error result (not a broken connection)."""

    def __init__(self, code: int, description: str, message: str) -> None:
        self.code = code
        self.description = description
        super().__init__(f"{description} ({message})" if message else description)


def _decode(key: str, values: list[bytes]) -> list[str | bytes]:
    if key in BINARY_ATTRIBUTES:
        return list(values)
    out: list[str | bytes] = []
    for value in values:
        try:
            out.append(value.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(value)
    return out


_AS_TEXT, _AS_BYTES, _DROPPED, _WITH_OPTIONS = range(4)


@functools.lru_cache(maxsize=512)
def _kind(name: str) -> tuple[str, int]:
    """An attribute name as the server wrote it -> its key and how its values are read (the
    same few names recur in every entry, so this is worked out once for each)."""
    key = name.lower()
    if key.partition(";")[0] in _SECRET:  # with or without options
        return key, _DROPPED
    if ";" in key:  # options (a range): resolved for each entry
        return key, _WITH_OPTIONS
    return key, _AS_BYTES if key in BINARY_ATTRIBUTES else _AS_TEXT


def to_record(dn: str, raw: dict[str, list[bytes]]) -> tuple[LdifRecord, dict[str, str]]:
    """An LdifRecord from one entry's raw attributes, and the ranged attributes still open
    (plain name -> the next range to ask, e.g. 'member' -> 'member;range=1500-*')."""
    attributes: dict[str, list[str | bytes]] = {}
    pending: dict[str, str] = {}
    for name, raw_values in raw.items():
        key, kind = _kind(name)
        values: list[str | bytes]
        if kind == _AS_TEXT:
            try:
                values = [value.decode("utf-8") for value in raw_values]
            except UnicodeDecodeError:
                values = _decode(key, raw_values)
        elif kind == _AS_BYTES:
            values = list(raw_values)
        elif kind == _DROPPED:
            continue
        else:
            match = _RANGE.match(key)
            if match:
                key = match.group("name") + match.group("opts")
                if match.group("high") != "*":
                    pending[key] = f"{key};range={int(match.group('high')) + 1}-*"
            values = _decode(key, raw_values)
        if key in attributes:
            attributes[key].extend(values)
        else:
            attributes[key] = values
    return LdifRecord(dn, None, attributes), pending


def _check(done: Done, allow: tuple[int, ...] = ()) -> None:
    if done.code and done.code not in allow:
        raise SearchFailed(done.code, done.description, done.message.strip())


def _complete_ranges(wire: Wire, record: LdifRecord, pending: dict[str, str]) -> None:
    while pending:
        key, ask = pending.popitem()
        entries, done = wire.receive(wire.send(record.dn, "(objectClass=*)", "BASE", [ask]))
        _check(done)
        for message in entries:
            more, still = to_record(*decode_entry(message))
            record.attributes.setdefault(key, []).extend(more.get(key))
            if key in still:
                pending[key] = still[key]


def paged_records(
    wire: Wire,
    base: str,
    search_filter: str,
    attributes: list[str],
    page_size: int,
    scope: str = "SUBTREE",
    controls: list[Any] | None = None,
    allow: tuple[int, ...] = (),
) -> Iterator[list[LdifRecord]]:
    """Pages of records. Error results raise SearchFailed (except the codes in ``allow``,
    which end the search quietly); a broken connection raises OSError.

    The next page is asked for before this one is decoded, so that the server prepares it
    while the client decodes and normalises."""
    paged = scope != "BASE"
    size = page_size if paged else None
    message_id: int | None = wire.send(base, search_filter, scope, attributes, size, b"", controls)
    try:
        while message_id is not None:
            entries, done = wire.receive(message_id)
            message_id = None
            if done.code in allow:
                return
            _check(done)
            if paged and done.cookie:
                message_id = wire.send(
                    base, search_filter, scope, attributes, size, done.cookie, controls
                )
            page: list[LdifRecord] = []
            for message in entries:
                record, pending = to_record(*decode_entry(message))
                if pending:
                    _complete_ranges(wire, record, pending)
                page.append(record)
            yield page
    finally:
        if message_id is not None:
            wire.forget(message_id)
