"""The ``snmpwalk`` source: SNMP walks recorded on site, one device per file.

``path`` is a file, a folder or a glob (as for ``switchconfig``), relative to the site profile. Each
file holds the walk of one switch, as ``snmpwalk -On`` / ``snmpbulkwalk -On -Ox`` printed it (of
``.1``, or at least of the system group, IF-MIB, IP-MIB, BRIDGE-MIB, Q-BRIDGE-MIB, LLDP-MIB and, for
Catalyst, CISCO-VTP-MIB and CISCO-VLAN-MEMBERSHIP-MIB), or as an snmpsim ``.snmprec`` file
(:mod:`kszcheck.collectors.walkfile`). The varbinds are decoded by the same code as a live read
(:func:`kszcheck.collectors.snmp_decode.decode_device`), so a recording gives the facts the agent
would have given.

A walk file carries no end marker, so its completeness is checked where it can be: the file must
end with a line break (else it was cut off) and the interface table must have the ``ifNumber``
rows the agent announced. A file that fails either check keeps its facts but makes the source
partial, with the fact kinds marked missing; a file that cannot be read fails with its file and
line. Device names come from ``sysName``; a device seen in two files is told apart by its file.
``options.mac_hosts`` names a ``mac,host`` CSV for the learned MAC addresses, as for ``snmp``.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from kszcheck.collectors.base import Collected
from kszcheck.collectors.snmp import DeviceRead, combine, with_mac_hosts
from kszcheck.collectors.snmp_decode import IF_DESCR, IF_NUMBER, VarBind
from kszcheck.collectors.switchconfig.collect import config_files, label_of
from kszcheck.collectors.walkfile import WalkError, parse_walk
from kszcheck.model.errors import InputError
from kszcheck.model.site import SourceSpec

__all__ = ["collect", "completeness"]


def collect(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    files = config_files(spec, base_dir)
    if not files:
        raise FileNotFoundError(f"no walk files match '{spec.path}'")
    digest = hashlib.sha256()
    reads: list[DeviceRead] = []
    doubts: list[str] = []
    for path in files:
        label = label_of(path, base_dir)
        data = path.read_bytes()
        digest.update(label.encode() + b"\0" + data)
        text = data.decode("utf-8", errors="replace")
        try:
            varbinds = parse_walk(text)
        except WalkError as exc:
            raise InputError(label, str(exc).split(": ", 1)[1], exc.line) from None
        if not varbinds:
            reads.append(DeviceRead(target=label, host="", error="no SNMP values in the file"))
            continue
        doubts += [f"{label}: {why}" for why in completeness(text, varbinds)]
        reads.append(DeviceRead(target=label, host="", varbinds=varbinds))
    collected = combine(reads, None)
    with_mac_hosts(collected, spec, base_dir)
    if doubts:
        collected.missing = list(collected.provides)
        collected.warnings = doubts + collected.warnings
        collected.reason = "; ".join([*doubts, collected.reason] if collected.reason else doubts)
    collected.content_hash = digest.hexdigest()
    return collected


def completeness(text: str, varbinds: list[VarBind]) -> list[str]:
    """Why a walk may be incomplete (empty when nothing says so)."""
    why: list[str] = []
    if text and not text.endswith("\n"):
        why.append("the file does not end with a line break: the walk may be cut off")
    announced = next((v for oid, v in varbinds if oid == IF_NUMBER), None)
    rows = sum(1 for oid, _ in varbinds if oid[: len(IF_DESCR)] == IF_DESCR)
    if isinstance(announced, int) and rows < announced:
        why.append(f"the interface table has {rows} of the {announced} rows ifNumber announces")
    return why
