"""Which endpoint sits on which switch port: a CSV export (from a NAC, the MAC address tables or
LLDP neighbours) named by the source option ``hosts``. Columns ``device,port,host``; port names
are normalised like the configurations' (``Gi1/0/4`` -> ``GigabitEthernet1/0/4``)."""

from __future__ import annotations

from pathlib import Path

from kszcheck.collectors.interface_names import normalise
from kszcheck.collectors.tabular import csv_rows
from kszcheck.model.errors import InputError
from kszcheck.model.network import Network

__all__ = ["attach_hosts"]

COLUMNS = ("device", "port", "host")


def attach_hosts(network: Network, path: Path, label: str) -> list[str]:
    """Add the hosts of ``path`` to the ports of ``network``; warnings for unknown ports.
    Raises InputError (file and line) for a malformed file, OSError when it cannot be read."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(label, f"not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    rows = csv_rows(label, text, ",")
    header = next(rows, None)
    if header is None or tuple(h.lower() for h in header.cells[:3]) != COLUMNS:
        raise InputError(label, "the header must start with device,port,host", 1)
    ports = {(p.device.casefold(), p.name.casefold()): p for p in network.ports}
    warnings: list[str] = []
    for row in rows:
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
    return warnings
