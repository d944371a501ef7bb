"""Recorded SNMP walks as varbinds, for the ``snmpwalk`` source. Pure functions.

Two formats are read, recognised from the content:

* net-snmp output with numeric OIDs: ``snmpwalk -On`` or ``snmpbulkwalk -On`` (best with
  ``-Ox``, which prints every octet string in hex), one ``.OID = TYPE: value`` per line. A
  ``Hex-STRING`` may continue on the next lines (net-snmp wraps long values), a ``STRING`` in
  quotes may hold line breaks; ``INTEGER: up(1)`` (a MIB enumeration) is read as 1; ``No Such
  Object``, ``No Such Instance`` and ``No more variables`` lines carry no value and are skipped.
* snmpsim ``.snmprec`` records: ``oid|tag|value`` with the ASN.1 tag (2 Integer, 4 OctetString,
  ``4x`` hex OctetString, 6 OID, 64 IpAddress, 65/66/67/70 counters, gauges and time ticks).

Values are reduced as the live collector reduces them (``kszcheck.collectors.snmp``): integers
to ``int``, octet strings and IP addresses to ``bytes``, OIDs to tuples, so that
:func:`kszcheck.collectors.snmp_decode.decode_device` decodes both alike. A line that fits
neither format raises :class:`WalkError` with its line number.
"""

from __future__ import annotations

import ipaddress
import re

from kszcheck.collectors.snmp_decode import Value, VarBind, oid_from_text

__all__ = ["WalkError", "parse_walk"]


class WalkError(ValueError):
    """A line of a walk file that is not understood: ``line`` (1-based) and what is wrong."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


_SNMPREC = re.compile(r"^\.?\d+(?:\.\d+)+\|[0-9]+[a-z]?\|")
_NETSNMP = re.compile(r"^(?P<oid>\.?\d+(?:\.\d+)+) = (?:(?P<type>[A-Za-z][\w -]*?): ?)?(?P<v>.*)$")
_HEX_LINE = re.compile(r"^(?:[0-9A-Fa-f]{2} ?)+$")
_NO_VALUE = ("No Such Object", "No Such Instance", "No more variables")
_INTEGERS = ("INTEGER", "Gauge32", "Counter32", "Counter64", "UInteger32", "Unsigned32")


def parse_walk(text: str) -> list[VarBind]:
    """The varbinds of a walk file (either format); WalkError names the first bad line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if _SNMPREC.match(first):
        return _snmprec(text)
    return _netsnmp(text)


def _snmprec(text: str) -> list[VarBind]:
    result: list[VarBind] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("|", 2)
        if len(parts) != 3 or not _SNMPREC.match(line):
            raise WalkError(number, "not an snmprec record 'oid|tag|value'")
        oid_part, tag, value = parts
        hexed = tag.endswith("x")
        base = tag.rstrip("abcdefghijklmnopqrstuvwxyz")
        try:
            converted = _snmprec_value(base, value, hexed)
        except ValueError as exc:
            raise WalkError(number, f"bad value for tag {tag}: {exc}") from None
        if converted is not None:
            result.append((oid_from_text(oid_part), converted))
    return result


def _snmprec_value(tag: str, value: str, hexed: bool) -> Value | None:
    if tag in ("2", "65", "66", "67", "70"):
        return int(value)
    if tag in ("4", "68"):  # OctetString, Opaque
        return bytes.fromhex(value) if hexed else value.encode("utf-8")
    if tag == "6":
        return oid_from_text(value)
    if tag == "64":
        return bytes.fromhex(value) if hexed else ipaddress.IPv4Address(value).packed
    if tag == "5":  # Null
        return None
    raise ValueError(f"unknown tag {tag}")


def _netsnmp(text: str) -> list[VarBind]:
    result: list[VarBind] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        number, line = index + 1, lines[index].rstrip("\r")
        index += 1
        if not line.strip():
            continue
        match = _NETSNMP.match(line)
        if match is None:
            raise WalkError(number, "not a 'numeric OID = TYPE: value' line (use snmpwalk -On)")
        kind, value = match["type"] or "", match["v"]
        if kind == "Hex-STRING":
            while index < len(lines) and _HEX_LINE.match(lines[index].strip() or "x"):
                value += " " + lines[index].strip()
                index += 1
        elif (kind == "STRING" or (not kind and value.startswith('"'))) and not _closed(value):
            while index < len(lines) and not _closed(value):
                value += "\n" + lines[index].rstrip("\r")
                index += 1
        try:
            converted = _netsnmp_value(kind, value.strip() if kind != "STRING" else value)
        except ValueError as exc:
            raise WalkError(number, f"bad {kind or 'value'}: {exc}") from None
        if converted is not None:
            result.append((oid_from_text(match["oid"]), converted))
    return result


def _closed(value: str) -> bool:
    """A quoted net-snmp string is complete: it ends with a quote that is not escaped."""
    if len(value) < 2 or not value.endswith('"'):
        return False
    backslashes = len(value[:-1]) - len(value[:-1].rstrip("\\"))
    return backslashes % 2 == 0


def _netsnmp_value(kind: str, value: str) -> Value | None:
    if value.startswith(_NO_VALUE) or kind.startswith(_NO_VALUE):
        return None
    if kind in _INTEGERS:
        enum = re.fullmatch(r"[\w-]*\((-?\d+)\)", value)
        number = enum[1] if enum else value.split()[0]
        return int(number)
    if kind == "Timeticks":
        ticks = re.match(r"\((\d+)\)", value)
        return int(ticks[1]) if ticks else int(value.split()[0])
    if kind in ("Hex-STRING", "BITS", "Opaque"):
        hexes = re.findall(r"\b[0-9A-Fa-f]{2}\b", value.split("  ")[0]) if kind == "BITS" else None
        return bytes.fromhex("".join(hexes) if hexes is not None else value.replace(" ", ""))
    if kind == "STRING" or (not kind and value.startswith('"')):
        if value.startswith('"') and _closed(value):
            inner = value[1:-1]
            return re.sub(r"\\(.)", r"\1", inner, flags=re.S).encode("utf-8")
        return value.encode("utf-8")  # a STRING without quotes (-Oa -OQ variants)
    if kind == "OID":
        return oid_from_text(value)
    if kind == "IpAddress":
        return ipaddress.IPv4Address(value).packed
    if kind == "Network Address":
        return bytes.fromhex(value.replace(":", ""))
    if kind == "NULL" or (not kind and not value):
        return None
    raise ValueError(f"unknown type '{kind}'")
