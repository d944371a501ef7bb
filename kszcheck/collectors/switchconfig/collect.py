"""The ``switchconfig`` source: saved configurations, one device per file.

``path`` is a file, a folder (every file in it except hidden ones and ``*.md``) or a glob
pattern, relative to the site profile. ``options.vendor`` (``cisco``, ``procurve``,
``comware``, ``aruba-cx`` or ``auto``) sets the dialect of every file and wins over detection;
by default it is detected per file. ``options.hosts``
names a CSV (``device,port,host``) of the endpoints seen on the ports; with it the source also
provides ``network.hosts`` (see :mod:`~kszcheck.collectors.switchconfig.hosts`).

Every file gets a :class:`~kszcheck.model.network.ParseReport`. A file that cannot be read as a
configuration (binary, unknown dialect, nothing recognised) is *failed*:
its facts are left out, a one-line reason names it, and the network fact kinds are recorded as
missing, so the network rules are ``not_assessed`` rather than passed on partial facts. When
every file fails the whole source fails. Lines about VLANs, interfaces, addresses, ACLs or SNMP
that were not understood make a file *partial*; they are listed as warnings."""

from __future__ import annotations

import glob
import hashlib
import re
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from kszcheck.collectors.base import Collected, resolve_path
from kszcheck.collectors.closing import ClosingEvidence
from kszcheck.collectors.switchconfig import arubacx, cisco, comware, procurve
from kszcheck.collectors.switchconfig.detect import DIALECTS, VENDOR_ALIASES, detect, looks_binary
from kszcheck.collectors.switchconfig.hosts import attach_hosts
from kszcheck.collectors.switchconfig.lines import Parsed
from kszcheck.model.errors import InputError
from kszcheck.model.network import Network, ParseReport, ParseStatus
from kszcheck.model.site import SourceSpec

__all__ = ["PROVIDES", "collect", "config_files", "label_of", "parse_config"]

PROVIDES = ["network.devices", "network.vlans", "network.ports", "network.svis", "network.acls"]

_PARSERS: dict[str, Callable[[str, str], Parsed]] = {
    "ios": cisco.parse,
    "procurve": procurve.parse,
    "comware": comware.parse,
    "aruba-cx": arubacx.parse,
}


def collect(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    dialect = _dialect_option(spec)
    files = config_files(spec, base_dir)
    network = Network()
    digest = hashlib.sha256()
    warnings: list[str] = []
    failed: list[str] = []
    partial = False
    read: list[tuple[str, Parsed]] = []
    for path in files:
        label = label_of(path, base_dir)
        data = path.read_bytes()
        digest.update(label.encode() + b"\0" + data)
        parsed, report = parse_config(data, label, dialect, fallback_name=path.stem)
        network.parse_reports.append(report)
        if parsed is None:
            failed.append(report.reason)
        else:
            read.append((label, parsed))
            partial = partial or report.status is ParseStatus.partial
    warnings += _key_by_file(read, network.parse_reports)
    for report in network.parse_reports:
        warnings.extend(report.warnings)
        warnings.extend(
            f"{report.file}:{u.line}: not understood ({u.area}): {u.text}"
            for u in report.unrecognised
        )
    for _, parsed in read:
        _merge(network, parsed)
    if not files:
        raise FileNotFoundError(f"no configuration files match '{spec.path}'")
    if len(failed) == len(files):
        raise OSError("; ".join(failed))
    _sort(network)
    provides = list(PROVIDES)
    hosts = str(spec.options.get("hosts", ""))
    closed = ClosingEvidence([], "", [])
    if hosts:
        hosts_spec = spec.model_copy(update={"path": hosts})
        found, closed = attach_hosts(network, resolve_path(hosts_spec, base_dir), hosts)
        warnings += found + closed.warnings
        provides.append("network.hosts")
    missing = list(provides) if failed else _not_understood(network.parse_reports, provides)
    missing += [k for k in closed.missing if k not in missing]
    reasons = [*failed] or [r for r in (_partial_reason(network.parse_reports),) if r]
    return Collected(
        provides=provides,
        network=network,
        missing=missing,
        warnings=failed + warnings,
        content_hash=digest.hexdigest(),
        reason="; ".join([*reasons, *([closed.reason] if closed.reason else [])]),
        partial=partial,
    )


def _key_by_file(read: list[tuple[str, Parsed]], reports: list[ParseReport]) -> list[str]:
    """Devices with the same name in several files (a factory default such as ``Switch`` or
    ``HP-2530``) are told apart by their file: ``Switch@switches/kelder.cfg``."""
    counts: dict[str, int] = {}
    for _, parsed in read:
        key = parsed.device.name.casefold()
        counts[key] = counts.get(key, 0) + 1
    by_file = {report.file: report for report in reports}
    warnings: list[str] = []
    for label, parsed in read:
        name = parsed.device.name
        if counts[name.casefold()] > 1:
            parsed.device.name = f"{name}@{label}"
            _rename(parsed)
            by_file[label].device = parsed.device.name
            warnings.append(
                f"{label}: hostname '{name}' is used by {counts[name.casefold()]} files; this "
                f"device is named '{parsed.device.name}'"
            )
    return warnings


#: The fact kind that a line not understood in each area leaves unproven.
_AREA_KINDS = {
    "vlan": "network.vlans",
    "interface": "network.ports",
    "address": "network.svis",
    "acl": "network.acls",
    "snmp": "network.devices",
    "management": "network.devices",
}


def _not_understood(reports: list[ParseReport], provides: list[str]) -> list[str]:
    """A partial parse lowers coverage: the kinds of the areas with lines not understood (every
    kind for a file that looks cut) are missing, so the rules that read them are not assessed."""
    missing: set[str] = set()
    for report in reports:
        if report.status is not ParseStatus.partial:
            continue
        areas = {u.area for u in report.unrecognised}
        if not areas:  # partial without a line not understood: the file looks cut
            missing.update(k for k in provides if k != "network.hosts")
        missing.update(_AREA_KINDS.get(area, "network.devices") for area in areas)
    return [k for k in provides if k in missing]


def _partial_reason(reports: list[ParseReport]) -> str:
    parts = [
        f"{r.file}: {len(r.unrecognised)} line(s) not understood"
        + (
            f" (first: line {r.unrecognised[0].line})"
            if r.unrecognised
            else " (the file looks cut)"
        )
        for r in reports
        if r.status is ParseStatus.partial
    ]
    return "; ".join(parts)


def _dialect_option(spec: SourceSpec) -> str:
    value = str(spec.options.get("vendor", "auto")).strip().lower()
    if value not in VENDOR_ALIASES:
        allowed = ", ".join(sorted(VENDOR_ALIASES))
        raise InputError(
            f"source '{spec.id}'", f"options.vendor '{value}' is not one of: {allowed}"
        )
    return VENDOR_ALIASES[value]


def config_files(spec: SourceSpec, base_dir: Path) -> list[Path]:
    """The files a source names, sorted by name; a missing file or folder raises OSError."""
    if any(ch in spec.path for ch in "*?["):
        pattern = str(resolve_path(spec, base_dir))
        return sorted(Path(p) for p in glob.glob(pattern) if Path(p).is_file())
    path = resolve_path(spec, base_dir)
    if path.is_dir():
        return sorted(
            p
            for p in path.iterdir()
            if p.is_file() and not p.name.startswith(".") and p.suffix.lower() != ".md"
        )
    if not path.exists():
        raise FileNotFoundError(str(path))
    return [path]


def label_of(path: Path, base_dir: Path) -> str:
    """A file's name relative to the site profile (its name alone when outside it)."""
    try:
        return path.resolve().relative_to(base_dir.resolve()).as_posix()
    except ValueError:
        return path.name


def _failed(label: str, why: str) -> ParseReport:
    return ParseReport(file=label, status=ParseStatus.failed, reason=f"{label}: {why}")


def parse_config(
    data: bytes, label: str, dialect: str = "", fallback_name: str = ""
) -> tuple[Parsed | None, ParseReport]:
    """Parse one file's bytes; the facts (None when failed) and the file's parse report."""
    if looks_binary(data):
        return None, _failed(label, "not a text configuration file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    chosen = dialect or detect(text)
    if not chosen:
        known = ", ".join(DIALECTS)
        return None, _failed(label, f"configuration dialect not recognised (known: {known})")
    try:
        parsed = _PARSERS[chosen](text, label)
    except ValueError as exc:  # a value no parser expects (a 5000-digit VLAN id): fail closed
        return None, _failed(label, f"cannot be read as {chosen}: {str(exc)[:120]}")
    if not (parsed.vlans or parsed.ports or parsed.svis or parsed.routed or parsed.device.snmp):
        return None, _failed(label, f"no VLANs, interfaces or SNMP settings found as {chosen}")
    if not parsed.device.name:
        parsed.device.name = fallback_name or label
        parsed.warnings.append(f"{label}: no hostname; the device is named '{parsed.device.name}'")
    _rename(parsed)
    complete = not parsed.unrecognised and not _truncated(parsed)
    status = ParseStatus.parsed if complete else ParseStatus.partial
    report = ParseReport(
        file=label,
        device=parsed.device.name,
        dialect=chosen,
        status=status,
        unrecognised=parsed.unrecognised,
        warnings=parsed.warnings,
    )
    return parsed, report


def _truncated(parsed: Parsed) -> bool:
    return any("may be truncated" in w for w in parsed.warnings)


def _rename(parsed: Parsed) -> None:
    """Give every fact the device's name (the hostname may come after the first facts)."""
    name = parsed.device.name
    parsed.device.vty = parsed.vty
    collections = (parsed.vlans, parsed.ports, parsed.svis, parsed.routed, parsed.acls)
    for collection in (*collections, parsed.trunk_groups):
        for item in collection.values():
            item.device = name


def _merge(network: Network, parsed: Parsed) -> None:
    network.devices.append(parsed.device)
    network.vlans.extend(parsed.vlans.values())
    network.ports.extend(parsed.ports.values())
    network.svis.extend(parsed.svis.values())
    network.routed_ports.extend(parsed.routed.values())
    network.acls.extend(parsed.acls.values())
    network.trunk_groups.extend(parsed.trunk_groups.values())


@lru_cache(maxsize=8192)  # the same port names recur on hundreds of switches
def port_sort_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order: ``GigabitEthernet1/0/2`` before ``GigabitEthernet1/0/10``, ``A2`` before
    ``A10``, ``2`` before ``Trk1``."""
    return tuple(
        (0, int(part)) if part.isdecimal() and len(part) < 100 else (1, part.lower())
        for part in re.findall(r"\d+|\D+", name)
    )


def _sort(network: Network) -> None:
    network.devices.sort(key=lambda d: d.name.casefold())
    network.vlans.sort(key=lambda v: (v.device.casefold(), v.vlan_id))
    network.ports.sort(key=lambda p: (p.device.casefold(), port_sort_key(p.name)))
    network.svis.sort(key=lambda s: (s.device.casefold(), s.vlan_id))
    network.routed_ports.sort(key=lambda r: (r.device.casefold(), port_sort_key(r.name)))
    network.acls.sort(key=lambda a: (a.device.casefold(), a.name))
    network.trunk_groups.sort(key=lambda t: (t.device.casefold(), port_sort_key(t.name)))
