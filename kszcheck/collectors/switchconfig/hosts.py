"""Which endpoint sits on which switch port: a CSV export (from a NAC, the MAC address tables or
LLDP neighbours) named by the source option ``hosts``. Columns ``device,port,host``; port names
are normalised like the configurations' (``Gi1/0/4`` -> ``GigabitEthernet1/0/4``). No system
kszcheck reads can show which hosts the export lacks: it ends with its closing line
``# rows: N`` (:mod:`~kszcheck.collectors.closing`), or ``network.hosts`` is missing."""

from __future__ import annotations

from pathlib import Path

from kszcheck.collectors.closing import ClosingEvidence, closing_evidence, split_closing
from kszcheck.collectors.interface_names import normalise
from kszcheck.collectors.tabular import csv_rows
from kszcheck.model.errors import InputError
from kszcheck.model.network import Network

__all__ = ["attach_hosts"]

COLUMNS = ("device", "port", "host")


def attach_hosts(network: Network, path: Path, label: str) -> tuple[list[str], ClosingEvidence]:
    """Add the hosts of ``path`` to the ports of ``network``; warnings for unknown ports, and
    whether the export proves it complete (its closing line). Raises InputError (file and line)
    for a malformed file, OSError when it cannot be read."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(label, f"not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    text, closing = split_closing(text, label)
    rows = csv_rows(label, text, ",")
    header = next(rows, None)
    if header is None or tuple(h.lower() for h in header.cells[:3]) != COLUMNS:
        raise InputError(label, "the header must start with device,port,host", 1)
    ports = {(p.device.casefold(), p.name.casefold()): p for p in network.ports}
    warnings: list[str] = []
    count = 0
    for row in rows:
        count += 1
        if len(row.cells) < 3 or not all(row.cells[:3]):
            raise InputError(label, "a row needs a device, a port and a host", row.line)
        device, port_name, host = row.cells[:3]
        port = ports.get((device.casefold(), normalise(port_name).casefold()))
        if port is None:
            warnings.append(
                f"{label}:{row.line}: port {port_name} of {device} is not in the configurations"
            )
            continue
        if host not in port.hosts:
            port.hosts.append(host)
    return warnings, closing_evidence(label, "network.hosts", closing, count)
