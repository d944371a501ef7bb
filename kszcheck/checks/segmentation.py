"""Checks of network segmentation: who is routed into the social-data zone, guest isolation,
management-plane and VLAN hygiene, the KSZ connection, documented versus discovered VLANs."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable

from kszcheck.analysis.facts import Facts
from kszcheck.analysis.network import AclVerdict, FlowState, RoutedPair
from kszcheck.checks.helpers import evidence_at, finding
from kszcheck.checks.registry import NotApplicable, Params, check
from kszcheck.model.network import ALL_VLANS, AclEntry, Device, Layer3Interface, Port, vlan_ranges
from kszcheck.model.results import Finding
from kszcheck.model.site import SDZ_NETWORK_KINDS, ZoneKind
from kszcheck.texts import text

__all__ = [
    "documented_vlans",
    "guest_isolation",
    "ksz_connection",
    "management_hygiene",
    "sdz_endpoints_in_sdz_vlans",
    "sdz_routing",
]

NO_SDZ_ROUTING = text("checks.no_sdz_routing")
PUBLIC_KINDS = frozenset({ZoneKind.guest, ZoneKind.public})

#: A problem: message key, arguments, evidence.
Problem = tuple[str, dict[str, str | int], list[str]]
Judge = Callable[[Facts, RoutedPair], Problem | None]


def _svi_label(svi: Layer3Interface) -> str:
    return svi.label


def _where(facts: Facts, device: str, line: int | None) -> list[str]:
    return evidence_at(facts, "network.devices", line, device=device)


def _ports(entry: AclEntry) -> int:
    if entry.protocol not in ("tcp", "udp") or not entry.dst_ports:
        return 65536
    return sum(r.high - r.low + 1 for r in entry.dst_ports)


def _problem(facts: Facts, pair: RoutedPair) -> Problem | None:
    """The message, its arguments and evidence when the verdict lets traffic through
    unchecked; None when it is closed or limited (judged by the caller)."""
    verdict = pair.verdict
    evidence = [_svi_label(pair.source_svi), _svi_label(pair.target_svi)]
    if verdict.state is FlowState.open and not verdict.acl:
        return "no_acl", {}, evidence
    if verdict.missing:
        return "acl_missing", {"acl": verdict.acl}, evidence
    entry = verdict.decisive
    line = entry.source_line if entry else None
    evidence += _where(facts, pair.device, line)
    text = f"{entry.action} {entry.text}" if entry else ""
    if verdict.state is FlowState.open:
        return "permits_all", {"acl": verdict.acl, "entry": text}, evidence
    if verdict.state is FlowState.unknown:
        return "not_understood", {"acl": verdict.acl, "entry": text}, evidence
    return None


def _routing_findings(
    facts: Facts, pairs: Iterable[RoutedPair], judge_limited: Judge
) -> Iterable[Finding]:
    seen: set[str] = set()
    for pair in pairs:
        subject = f"{pair.source.id}:{pair.target.id}"
        if subject in seen:
            continue
        found = _problem(facts, pair)
        if found is None and pair.verdict.state is FlowState.limited:
            found = judge_limited(facts, pair)
        if found is None:
            continue
        seen.add(subject)
        message, args, evidence = found
        yield finding(
            subject,
            message,
            evidence,
            source=pair.source.id,
            target=pair.target.id,
            device=pair.device,
            **args,
        )


@check("KSZ-NET-003")
def sdz_routing(facts: Facts, params: Params) -> Iterable[Finding]:
    """No zone of a listed kind is routed into an SDZ zone without a restricting ACL."""
    from_kinds = set(params.strings("from_kinds"))
    threshold = params.integer("broad_port_threshold")
    pairs = [
        p
        for p in facts.network.routed_pairs()
        if p.target.kind in SDZ_NETWORK_KINDS and not p.target.filtered_by
    ]
    if not pairs:
        raise NotApplicable(NO_SDZ_ROUTING)

    def broad(facts: Facts, pair: RoutedPair) -> Problem | None:
        wide = [e for e in pair.verdict.permits if _ports(e) >= threshold]
        total = sum(min(_ports(e), 65536) for e in pair.verdict.permits)
        if not wide and total < threshold:
            return None
        entry = (wide or pair.verdict.permits)[0]
        evidence = [_svi_label(pair.source_svi), _svi_label(pair.target_svi)]
        evidence += _where(facts, pair.device, entry.source_line)
        args: dict[str, str | int] = {
            "acl": pair.verdict.acl,
            "entry": f"{entry.action} {entry.text}",
            "ports": min(total, 65536),
        }
        return "broad", args, evidence

    selected = [p for p in pairs if p.source.kind.value in from_kinds]
    yield from _routing_findings(facts, selected, broad)


def _service(entry: AclEntry) -> set[str]:
    if entry.protocol not in ("tcp", "udp") or not entry.dst_ports:
        return {"*"}
    ports: set[str] = set()
    for span in entry.dst_ports:
        if span.high - span.low > 1024:
            return {"*"}
        ports.update(f"{entry.protocol}/{p}" for p in range(span.low, span.high + 1))
    return ports


@check("KSZ-NET-004")
def guest_isolation(facts: Facts, params: Params) -> Iterable[Finding]:
    """Guest and public zones reach no internal zone, except the allowed services."""
    guests = [z for z in facts.site.zones if z.kind in PUBLIC_KINDS]
    if not guests:
        raise NotApplicable(text("checks.no_guest_zone"))
    allowed = {s.lower() for s in params.strings("allowed_services")}

    def exposed(facts: Facts, pair: RoutedPair) -> Problem | None:
        for entry in pair.verdict.permits:
            if not _service(entry) <= allowed:
                evidence = [_svi_label(pair.source_svi), _svi_label(pair.target_svi)]
                evidence += _where(facts, pair.device, entry.source_line)
                return (
                    "permits",
                    {"acl": pair.verdict.acl, "entry": f"permit {entry.text}"},
                    evidence,
                )
        return None

    pairs = [
        p
        for p in facts.network.routed_pairs()
        if p.source.kind in PUBLIC_KINDS
        and p.target.kind not in PUBLIC_KINDS
        and not p.target.filtered_by
    ]
    yield from _routing_findings(facts, pairs, exposed)


def _exempt(device: Device, port: str, exempt: set[str]) -> bool:
    return device.name.casefold() in exempt or f"{device.name}:{port}".casefold() in exempt


@check("KSZ-NET-005")
def management_hygiene(facts: Facts, params: Params) -> Iterable[Finding]:
    """SNMP without default or writable communities, vty lines with an access class, no SDZ
    VLAN native on a trunk, no trunk carrying every VLAN."""
    devices = facts.snapshot.network.devices
    if not devices:
        raise NotApplicable(text("checks.no_network_devices"))
    exempt = {e.casefold() for e in params.strings("all_vlans_exempt")}
    sdz_vlans = {int(v) for v in facts.site.sdz_values("vlans")}
    trunks: dict[str, list[Port]] = {}  # per device, in fact order: one pass over the ports
    for port in facts.snapshot.network.ports:
        if port.mode.value == "trunk":
            trunks.setdefault(port.device, []).append(port)
    for device in sorted(devices, key=lambda d: d.name.casefold()):
        name = device.name
        communities = [s for s in device.snmp if s.version in ("v1", "v2c")]
        defaults = [s for s in communities if s.default_community]
        if defaults:
            ev = [e for s in defaults for e in _where(facts, name, s.source_line)] or [name]
            yield finding(f"{name}:snmp-default-community", "snmp_default", ev, device=name)
        writable = [s for s in device.snmp if s.access == "rw"]
        if writable:
            ev = [e for s in writable for e in _where(facts, name, s.source_line)] or [name]
            yield finding(f"{name}:snmp-write", "snmp_write", ev, device=name)
        open_vty = [v for v in device.vty if not v.access_class]
        if open_vty:
            ev = [e for v in open_vty for e in _where(facts, name, v.source_line)] or [name]
            lines = ", ".join(v.lines for v in open_vty)
            yield finding(f"{name}:vty", "vty_open", ev, device=name, lines=lines)
        for port in trunks.get(name, []):
            if port.shutdown or port.trunk_group:
                continue
            ev = _where(facts, name, port.source_line) or [f"{name}:{port.name}"]
            if port.native_vlan in sdz_vlans:
                yield finding(
                    f"{name}:{port.name}:sdz-native",
                    "sdz_native",
                    ev,
                    device=name,
                    port=port.name,
                    vlan=port.native_vlan,
                )
            if len(port.allowed_vlans) == len(ALL_VLANS) and not _exempt(device, port.name, exempt):
                yield finding(
                    f"{name}:{port.name}:all-vlans", "all_vlans", ev, device=name, port=port.name
                )


@check("KSZ-NET-006")
def ksz_connection(facts: Facts, params: Params) -> Iterable[Finding]:
    """The declared endpoints of the connection to the KSZ network sit in an SDZ zone and no
    other zone is routed to them without a filter."""
    endpoints = params.strings("ksz_endpoints")
    if not endpoints:
        raise NotApplicable(text("checks.no_ksz_endpoints"))
    view = facts.network
    for endpoint in endpoints:
        zone = facts.zones.zone_of_ip(endpoint)
        if zone is None or zone.kind not in SDZ_NETWORK_KINDS:
            where = zone.id if zone else "-"
            yield finding(
                f"{endpoint}:zone", "outside_sdz", [endpoint], endpoint=endpoint, zone=where
            )
        try:
            target = ipaddress.IPv4Network(f"{endpoint}/32")
        except ValueError:
            continue
        holders = [svi for net, svi in view.svi_networks if target.subnet_of(net)]
        reported: set[str] = set()
        for holder in holders:
            for svi in view.active_svis:
                other = view.zone_of_svi(svi)
                if svi.device != holder.device or svi is holder or other is None:
                    continue
                if svi.vrf != holder.vrf:
                    continue
                if other.kind in SDZ_NETWORK_KINDS or other.id in reported:
                    continue
                verdict: AclVerdict = view.flow(svi, holder, [target])
                if verdict.state is not FlowState.closed:
                    reported.add(other.id)
                    yield finding(
                        f"{endpoint}:{other.id}",
                        "reachable",
                        [_svi_label(svi), _svi_label(holder)],
                        endpoint=endpoint,
                        zone=other.id,
                        state=verdict.state.value,
                    )


@check("KSZ-NET-007")
def documented_vlans(facts: Facts, params: Params) -> Iterable[Finding]:
    """Discovered VLANs are documented in a zone, SDZ VLANs exist, SVI subnets match zones."""
    view = facts.network
    discovered = view.discovered_vlans()
    if not discovered:
        raise NotApplicable(text("checks.no_vlans"))
    ignore = set(params.integers("ignore_vlans"))
    for vid, devices in discovered.items():
        if vid not in ignore and facts.zones.zone_of_vlan(vid) is None:
            names = sorted(
                {v.name for v in facts.snapshot.network.vlans if v.vlan_id == vid and v.name}
            )
            yield finding(
                f"vlan:{vid}",
                "undocumented",
                [f"{d}:vlan{vid}" for d in devices],
                vlan=vid,
                name=", ".join(names) or "-",
                devices=", ".join(devices),
            )
    for vid in sorted({int(v) for v in facts.site.sdz_values("vlans")}):
        if vid not in discovered:
            yield finding(f"vlan:{vid}:absent", "absent", [], vlan=vid)
    for svi in sorted(facts.snapshot.network.svis, key=lambda s: (s.device.casefold(), s.vlan_id)):
        documented = facts.zones.zone_of_vlan(svi.vlan_id)
        for address in svi.addresses:
            actual = facts.zones.zone_of_ip(address)
            if documented is not None and (actual is None or actual.id != documented.id):
                yield finding(
                    f"{_svi_label(svi)}:subnet",
                    "subnet_mismatch",
                    [_svi_label(svi), *_where(facts, svi.device, svi.source_line)],
                    address=address,
                    vlan=svi.vlan_id,
                    zone=documented.id,
                    actual=actual.id if actual else "-",
                )
                break


@check("KSZ-NET-001")
def sdz_endpoints_in_sdz_vlans(facts: Facts, params: Params) -> Iterable[Finding]:
    """Endpoints of the social service sit in SDZ VLANs, and no other endpoint does."""
    sdz_vlans = {int(v) for v in facts.site.sdz_values("vlans")}
    shared = {h.casefold() for h in params.strings("shared_devices")}
    ports = [p for p in facts.snapshot.network.ports if p.hosts]
    if not sdz_vlans or not ports:
        raise NotApplicable(text("checks.no_sdz_vlan_endpoints"))
    for port in sorted(ports, key=lambda p: (p.device.casefold(), p.name)):
        vlans = facts.network.port_vlans(port)
        in_sdz = any(v in sdz_vlans for v in vlans)
        for host in port.hosts:
            computer = facts.directory.find_computer(host)
            if computer is None or host.casefold() in shared:
                continue
            sdz_host = facts.zones.in_sdz_ou(computer.dn)
            where = f"{port.device}:{port.name}"
            vlan_text = vlan_ranges(vlans) if vlans else "-"
            if sdz_host and not in_sdz:
                yield finding(
                    host,
                    "sdz_host_outside",
                    [where, computer.dn],
                    host=host,
                    port=where,
                    vlan=vlan_text,
                )
            elif in_sdz and not sdz_host:
                yield finding(
                    host,
                    "other_host_inside",
                    [where, computer.dn],
                    host=host,
                    port=where,
                    vlan=vlan_text,
                )
