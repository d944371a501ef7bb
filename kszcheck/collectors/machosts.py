"""Host names for learned MAC addresses: the option ``mac_hosts`` of the ``snmp`` and ``snmpwalk``
sources names a CSV export with the columns ``mac,host`` (DHCP leases, a NAC or the inventory
tool, which hold them already). A MAC address learned on a port (``Port.macs``) then adds its
host name to the port's ``hosts``, as a port-hosts CSV would. MAC addresses may be written
``00:1a:2b:3c:4d:5e``, ``00-1A-2B-3C-4D-5E``, ``001a.2b3c.4d5e`` or ``001a2b3c4d5e``. A cut export
leaves hosts unnamed: it ends with its closing line ``# rows: N``
(:mod:`~kszcheck.collectors.closing`), or ``network.hosts`` is missing."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from kszcheck.collectors.closing import ClosingEvidence, closing_evidence, split_closing
from kszcheck.model.errors import InputError
from kszcheck.model.network import Network

__all__ = ["attach_mac_hosts", "normal_mac", "read_mac_hosts"]

_SEPARATORS = re.compile(r"[:.\-\s]")


def normal_mac(text: str) -> str:
    """A MAC address as ``00:1a:2b:3c:4d:5e``; ValueError when it is none."""
    digits = _SEPARATORS.sub("", text).lower()
    if len(digits) != 12 or any(ch not in "0123456789abcdef" for ch in digits):
        raise ValueError(f"'{text}' is not a MAC address")
    return ":".join(digits[at : at + 2] for at in range(0, 12, 2))


def read_mac_hosts(path: Path, label: str) -> tuple[dict[str, str], ClosingEvidence]:
    """MAC address -> host name from a ``mac,host`` CSV, and whether the export proves it
    complete (its closing line). InputError names the file and line."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(label, f"not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    text, closing = split_closing(text, label)
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, None)
    if header is None or [h.strip().lower() for h in header[:2]] != ["mac", "host"]:
        raise InputError(label, "the header must start with mac,host", 1)
    table: dict[str, str] = {}
    count = 0
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        count += 1
        if len(row) < 2 or not row[1].strip():
            raise InputError(label, "a row needs a MAC address and a host", number)
        try:
            table[normal_mac(row[0])] = row[1].strip()
        except ValueError as exc:
            raise InputError(label, str(exc), number) from None
    return table, closing_evidence(label, "network.hosts", closing, count)


def attach_mac_hosts(network: Network, table: dict[str, str]) -> None:
    """Add the host name of every learned MAC address that ``table`` knows to its port."""
    for port in network.ports:
        for mac in port.macs:
            host = table.get(mac)
            if host is not None and host not in port.hosts:
                port.hosts.append(host)
