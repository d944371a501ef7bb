"""HPE Comware (V5/V7: 1910/1920/1950/5130 and the like) configurations -> vendor-neutral facts.

Comware is port-centric: ``port link-mode route`` makes a port routed (addresses, ``packet-filter``,
``ip binding vpn-instance``) instead of a bridge port; ``port link-type access|trunk|hybrid``,
``port access vlan``, ``port trunk permit vlan 10 to 13 20``, ``port trunk pvid vlan``, ``port
hybrid vlan … tagged|untagged``. Defaults follow Comware: an access port is in VLAN 1; a trunk
permits only VLAN 1 until told otherwise and its PVID is 1. Stanzas are separated by ``#``; ``undo``
negates; ``return`` ends the file. ACL rules (``rule 5 permit tcp source … destination …
destination-port eq 443``) are rewritten in Cisco syntax for
:class:`~kszcheck.model.network.AclEntry`."""

from __future__ import annotations

from dataclasses import dataclass, field

from kszcheck.collectors import interface_names as names
from kszcheck.collectors.switchconfig.common import (
    DEFAULT_COMMUNITIES,
    access_list,
    add_vlans,
    cidr,
)
from kszcheck.collectors.switchconfig.lines import Line, Parsed, Stanza, detached, stanzas
from kszcheck.collectors.switchconfig.vlanlist import comware_vlans
from kszcheck.model.network import (
    AclEntry,
    Device,
    Layer3Interface,
    PortMode,
    SnmpAccess,
    VtyAccess,
)

__all__ = ["acl_rule_text", "parse"]

_FACT_PREFIXES = ("port ", "undo port ", "ip address", "packet-filter", "undo ip address")


@dataclass
class _Interface:
    link_type: str = "access"
    access: int = 1
    pvid: int = 1
    trunk: set[int] = field(default_factory=lambda: {1})
    hybrid_tagged: set[int] = field(default_factory=set)
    hybrid_untagged: set[int] = field(default_factory=lambda: {1})
    link_mode: str = "bridge"
    vrf: str = ""
    shutdown: bool = False
    description: str = ""
    group: str = ""
    addresses: list[str] = field(default_factory=list)
    secondary: list[str] = field(default_factory=list)
    acl_in: str = ""
    acl_out: str = ""


def parse(text: str, source: str) -> Parsed:
    parsed = Parsed(Device(name="", vendor="hpe", platform="comware", source=source))
    seen_return = False
    versions: set[str] = {"v1", "v2c", "v3"}
    found = _flatten(stanzas(text, ("#",), ("interface ",), parsed.warnings, source))
    for index, stanza in enumerate(found):
        head = stanza.head
        words = head.words
        key = words[0].lower()
        if key == "return":
            seen_return = True
        elif key == "sysname" and len(words) >= 2:
            parsed.device.name = " ".join(words[1:])
        elif key == "vlan":
            _vlan(parsed, stanza)
        elif key == "interface" and len(words) >= 2:
            if detached(found, index, _is_subcommand):
                parsed.unknown(head, "interface")  # its sub-commands were not attached to it
            else:
                _interface(parsed, stanza)
        elif head.text.lower().startswith(_FACT_PREFIXES):
            parsed.unknown(head, "interface")  # an interface line outside any interface
        elif key == "acl":
            _acl(parsed, stanza)
        elif key == "snmp-agent":
            versions = _snmp(parsed, head, versions)
        elif (key == "user-interface" or key == "line") and words[1:2] in (["vty"], ["VTY"]):
            _vty(parsed, stanza)
    if not versions & {"v1", "v2c"}:
        parsed.device.snmp = [s for s in parsed.device.snmp if s.version == "v3"]
    if not parsed.vty:
        parsed.vty.append(VtyAccess(lines="default"))
    if not seen_return:
        parsed.warnings.append(f"{source}: no 'return' line: the file may be truncated")
    return parsed


def _is_subcommand(line: Line) -> bool:
    return line.text.lower().startswith((*_FACT_PREFIXES, "description", "shutdown"))


_BLOCKS = ("vlan", "interface", "acl", "line", "user-interface")


def _flatten(found: list[Stanza]) -> list[Stanza]:
    """Comware indents many global lines by one blank (`` snmp-agent …`` after ``#``): lines
    under a head that opens no block are global lines of their own."""
    result: list[Stanza] = []
    for stanza in found:
        if stanza.head.words[0].lower() in _BLOCKS:
            result.append(stanza)
        else:
            result.extend(Stanza(line) for line in [stanza.head, *stanza.children])
    return result


def _vlan(parsed: Parsed, stanza: Stanza) -> None:
    head = stanza.head
    try:
        ids = comware_vlans(head.words[1:])
    except ValueError:
        parsed.unknown(head, "vlan")
        return
    add_vlans(parsed, stanza, ids)


def _interface(parsed: Parsed, stanza: Stanza) -> None:
    name = names.normalise(" ".join(stanza.head.words[1:]))
    facts = _Interface()
    for child in stanza.children:
        try:
            _interface_line(facts, child)
        except (ValueError, IndexError):
            parsed.unknown(child, "interface")
            continue
    vlan_id = names.svi_vlan(name)
    if vlan_id is not None:
        _layer3(parsed.svi(vlan_id, name, stanza.head.number), facts)
        return
    layer3 = bool(facts.addresses or facts.acl_in or facts.acl_out)
    if not names.is_switch_port(name):
        if layer3 and not name.startswith(("LoopBack", "Loopback", "NULL", "Null")):
            _layer3(parsed.routed_port(name, stanza.head.number), facts)  # Route-Aggregation, …
        return
    port = parsed.port(name, stanza.head.number)
    port.shutdown, port.description = facts.shutdown, facts.description
    if facts.link_mode == "route":
        port.mode = PortMode.routed
        _layer3(parsed.routed_port(name, stanza.head.number), facts)
    elif facts.link_type == "trunk":
        port.mode = PortMode.trunk
        port.native_vlan = facts.pvid
        port.allowed_vlans = sorted(facts.trunk)
    elif facts.link_type == "hybrid":
        port.mode = PortMode.trunk  # several untagged VLANs cannot be told apart from SNMP either
        port.native_vlan = facts.pvid
        port.allowed_vlans = sorted(facts.hybrid_tagged | facts.hybrid_untagged)
    else:
        port.mode = PortMode.access
        port.access_vlan = facts.access
    if port.mode is not PortMode.routed:
        port.acl_in, port.acl_out = facts.acl_in, facts.acl_out  # a packet filter on a port
    if facts.group:
        parsed.join(port.name, facts.group, stanza.head.number)


def _layer3(interface: Layer3Interface, facts: _Interface) -> None:
    interface.addresses, interface.secondary = facts.addresses, facts.secondary
    interface.acl_in, interface.acl_out = facts.acl_in, facts.acl_out
    interface.shutdown, interface.description = facts.shutdown, facts.description
    interface.vrf = facts.vrf


def _interface_line(facts: _Interface, line: Line) -> None:  # noqa: C901
    words = [w.lower() for w in line.words]
    text = " ".join(words)
    if text == "shutdown":
        facts.shutdown = True
    elif text == "undo shutdown":
        facts.shutdown = False
    elif words[0] == "description":
        facts.description = line.text[len(line.words[0]) :].strip()
    elif text.startswith("port link-mode "):
        if words[2] not in ("route", "bridge"):
            raise ValueError(words[2])
        facts.link_mode = words[2]
    elif text.startswith("ip binding vpn-instance "):
        facts.vrf = line.words[3]
    elif text.startswith("port link-type "):
        if words[2] not in ("access", "trunk", "hybrid"):
            raise ValueError(words[2])
        facts.link_type = words[2]
    elif text.startswith("port access vlan "):
        facts.access = comware_vlans(words[3:4])[0]
    elif text.startswith("port trunk permit vlan "):
        facts.trunk |= set(comware_vlans(words[4:]))
    elif text.startswith("undo port trunk permit vlan "):
        facts.trunk -= set(comware_vlans(words[5:]))
    elif text.startswith(("port trunk pvid vlan ", "port hybrid pvid vlan ")):
        facts.pvid = comware_vlans(words[4:5])[0]
    elif text.startswith("port hybrid vlan "):
        ids = set(comware_vlans(words[3:-1]))
        if words[-1] == "tagged":
            facts.hybrid_tagged |= ids
            facts.hybrid_untagged -= ids
        elif words[-1] == "untagged":
            facts.hybrid_untagged |= ids
            facts.hybrid_tagged -= ids
        else:
            raise ValueError(words[-1])
    elif text.startswith("undo port hybrid vlan "):
        ids = set(comware_vlans(words[4:]))
        facts.hybrid_untagged -= ids
        facts.hybrid_tagged -= ids
    elif text.startswith("port link-aggregation group "):
        facts.group = f"Bridge-Aggregation{int(words[3])}"
    elif text.startswith("ip address "):
        mask = words[3] if len(words) > 3 and words[3] != "sub" else None
        address = cidr(words[2], mask)  # a dotted mask or a length: 255.255.255.0 or 24
        if words[-1] == "sub":
            facts.secondary.append(address)
            facts.addresses.append(address)
        else:
            facts.addresses.insert(0, address)
    elif text.startswith("packet-filter "):
        rest = [w for w in words[1:] if w not in ("ipv4", "name")]
        if rest[-1] == "inbound":
            facts.acl_in = line.words[len(line.words) - len(rest)]
        elif rest[-1] == "outbound":
            facts.acl_out = line.words[len(line.words) - len(rest)]
        else:
            raise ValueError(rest[-1])
    elif text.startswith(_FACT_PREFIXES) and not text.startswith("undo port"):
        raise ValueError(text)


def _acl(parsed: Parsed, stanza: Stanza) -> None:
    words = [w.lower() for w in stanza.head.words]
    raw = stanza.head.words
    if "number" in words[1:-1]:
        name = raw[words.index("number") + 1]
    elif "name" in words[1:-1]:
        name = raw[words.index("name") + 1]
    elif words[-1].isdigit():
        name = raw[-1]
    else:
        parsed.unknown(stanza.head, "acl")
        return
    basic = "basic" in words or (name.isdigit() and 2000 <= int(name) <= 2999)
    kind = "standard" if basic else "extended"
    acl = access_list(parsed, name, kind, stanza.head)
    for child in stanza.children:
        cwords = child.words
        if cwords[0].lower() == "description":
            continue
        if cwords[0].lower() != "rule":
            parsed.unknown(child, "acl")
            continue
        text = acl_rule_text(cwords[1:])
        if text is None:
            parsed.unknown(child, "acl")
            continue
        action, rest = text
        entry = AclEntry(action=action, text=rest, source_line=child.number)
        if action != "remark" and not entry.parsed:
            parsed.unknown(child, "acl")
        acl.entries.append(entry)


def acl_rule_text(words: list[str]) -> tuple[str, str] | None:
    """``5 permit tcp source 10.1.0.0 0.0.0.255 destination 10.2.0.5 0 destination-port eq 443``
    -> ``("permit", "tcp 10.1.0.0 0.0.0.255 host 10.2.0.5 eq 443")``; None if not understood."""
    lowered = [w.lower() for w in words]
    if lowered and lowered[0].isdigit():
        lowered, words = lowered[1:], words[1:]
    if not lowered or lowered[0] not in ("permit", "deny", "remark"):
        return None
    if lowered[0] == "remark":
        return "remark", " ".join(words[1:])
    rest = lowered[1:]
    protocol = "ip"
    if rest and rest[0] not in ("source", "destination", "logging", "counting"):
        protocol = rest.pop(0)
    parts: dict[str, list[str]] = {"source": ["any"], "destination": ["any"]}
    ports: dict[str, list[str]] = {"source-port": [], "destination-port": []}
    index = 0
    while index < len(rest):
        token = rest[index]
        if token in parts and index + 1 < len(rest):
            address = rest[index + 1]
            if address == "any":
                parts[token], index = ["any"], index + 2
            elif index + 2 < len(rest) and (rest[index + 2] == "0" or "." in rest[index + 2]):
                wildcard = rest[index + 2]
                parts[token] = (
                    ["host", address]
                    if wildcard in ("0", "0.0.0.0")
                    else [
                        address,
                        wildcard,
                    ]
                )
                index += 3
            else:
                parts[token], index = ["host", address], index + 2
        elif token in ports and index + 2 < len(rest):
            count = 3 if rest[index + 1] == "range" else 2
            ports[token] = rest[index + 1 : index + 1 + count]
            index += 1 + count
        elif token in ("logging", "counting", "vpn-instance", "time-range", "fragment"):
            index += 2 if token in ("vpn-instance", "time-range") else 1
        else:
            return None
    text = [protocol, *parts["source"], *ports["source-port"], *parts["destination"]]
    text += ports["destination-port"]
    return lowered[0], " ".join(text)


def _snmp(parsed: Parsed, line: Line, versions: set[str]) -> set[str]:
    words = line.words
    lowered = [w.lower() for w in words]
    if lowered[1:3] == ["sys-info", "version"]:
        chosen = set(lowered[3:])
        return {"v1", "v2c", "v3"} if "all" in chosen else chosen
    if lowered[1:2] == ["community"] and len(words) >= 4:
        access = {"read": "ro", "write": "rw"}.get(lowered[2])
        if access is None:
            parsed.unknown(line, "snmp")
            return versions
        rest = words[3:]
        plain = True
        if rest[0].lower() in ("simple", "cipher"):
            plain = rest[0].lower() == "simple"
            rest = rest[1:]
        options = [w.lower() for w in rest[1:]]
        acl = rest[1 + options.index("acl") + 1] if "acl" in options[:-1] else ""
        default = plain and bool(rest) and rest[0].lower() in DEFAULT_COMMUNITIES
        parsed.device.snmp.append(
            SnmpAccess(
                version="v2c",
                access=access,
                default_community=default,
                acl=acl,
                source_line=line.number,
            )
        )
    elif lowered[1:3] == ["group", "v3"]:
        acl = words[lowered.index("acl") + 1] if "acl" in lowered[:-1] else ""
        parsed.device.snmp.append(
            SnmpAccess(
                version="v3",
                access="rw" if "write-view" in lowered else "ro",
                acl=acl,
                source_line=line.number,
            )
        )
    return versions


def _vty(parsed: Parsed, stanza: Stanza) -> None:
    access_class = ""
    for child in stanza.children:
        words = [w for w in child.words if w.lower() not in ("ipv4",)]
        if words[0].lower() == "acl" and len(words) >= 3 and words[-1].lower() == "inbound":
            access_class = words[1]
    lines = " ".join(stanza.head.words[2:])
    parsed.vty.append(
        VtyAccess(lines=lines, access_class=access_class, source_line=stanza.head.number)
    )
