"""Paged LDAP searches that yield raw entries as LdifRecords (the LDIF collector's record type),
so that ad_normalise turns live entries into facts exactly as it does an export.

Values are what ldap3 gives with get_info=NONE: bytes. Binary attributes (objectSid,
nTSecurityDescriptor, ...) stay bytes; the others are decoded as UTF-8. Attribute keys are
lower-cased. AD's ranged retrieval (``member;range=0-1499``) is followed with base searches
until the server says ``*``, and the values are merged under the plain name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from kszcheck.collectors.ldif import BINARY_ATTRIBUTES, LdifRecord

__all__ = ["SearchFailed", "paged_records", "to_record"]

PAGED_RESULTS = "1.2.840.113556.1.4.319"
_RANGE = re.compile(r"^(?P<name>[^;]+)(?P<opts>(?:;[^;]+)*?);range=(?P<low>\d+)-(?P<high>\d+|\*)$")
_SECRET = frozenset({"unicodepwd", "userpassword", "supplementalcredentials", "dbcspwd"})


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


def to_record(dn: str, raw: dict[str, list[bytes]]) -> tuple[LdifRecord, dict[str, str]]:
    """An LdifRecord from one entry's raw attributes, and the ranged attributes still open
    (plain name -> the next range to ask, e.g. 'member' -> 'member;range=1500-*')."""
    record = LdifRecord(dn=dn, line=None)
    pending: dict[str, str] = {}
    for name, values in raw.items():
        key = name.lower()
        match = _RANGE.match(key)
        if match:
            key = match.group("name") + match.group("opts")
            if match.group("high") != "*":
                pending[key] = f"{key};range={int(match.group('high')) + 1}-*"
        if key in _SECRET:
            continue
        record.attributes.setdefault(key, []).extend(_decode(key, values))
    return record, pending


def _check(conn: Any, allow: tuple[int, ...] = ()) -> None:
    result = conn.result or {}
    code = int(result.get("result", 0) or 0)
    if code and code not in allow:
        raise SearchFailed(
            code, str(result.get("description") or code), str(result.get("message") or "").strip()
        )


def _complete_ranges(conn: Any, record: LdifRecord, pending: dict[str, str]) -> None:
    from ldap3 import BASE

    while pending:
        key, ask = pending.popitem()
        conn.search(record.dn, "(objectClass=*)", BASE, attributes=[ask])
        _check(conn)
        for entry in conn.response or []:
            if entry.get("type") != "searchResEntry":
                continue
            more, still = to_record(record.dn, entry.get("raw_attributes", {}))
            record.attributes.setdefault(key, []).extend(more.get(key))
            if key in still:
                pending[key] = still[key]


def paged_records(
    conn: Any,
    base: str,
    search_filter: str,
    attributes: list[str],
    page_size: int,
    scope: str = "SUBTREE",
    controls: list[Any] | None = None,
    allow: tuple[int, ...] = (),
) -> Iterator[list[LdifRecord]]:
    """Pages of records. Error results raise SearchFailed (except the codes in ``allow``,
    which end the search quietly); a broken connection raises ldap3's exception."""
    cookie: bytes | None = None
    while True:
        conn.search(
            base,
            search_filter,
            scope,
            attributes=attributes,
            paged_size=page_size if scope != "BASE" else None,
            paged_cookie=cookie,
            controls=controls,
        )
        result = conn.result or {}
        if int(result.get("result", 0) or 0) in allow:
            return
        _check(conn)
        page: list[LdifRecord] = []
        for entry in conn.response or []:
            if entry.get("type") != "searchResEntry":
                continue
            record, pending = to_record(entry["dn"], entry.get("raw_attributes", {}))
            if pending:
                _complete_ranges(conn, record, pending)
            page.append(record)
        yield page
        value = (result.get("controls") or {}).get(PAGED_RESULTS, {}).get("value") or {}
        cookie = value.get("cookie")
        if not cookie or scope == "BASE":
            return
