"""Cisco IOS / IOS-XE running-configurations -> vendor-neutral facts.

Defaults follow IOS: a trunk without an allowed line carries VLANs 1-4094 and has native VLAN 1;
an access or dynamic port without ``switchport access vlan`` is in VLAN 1; a port without
``switchport mode`` is ``dynamic`` (its access VLAN applies while it does not trunk)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kszcheck.collectors import interface_names as names
from kszcheck.collectors.switchconfig.common import (
    DEFAULT_COMMUNITIES,
    access_list,
    acl_entry,
    add_vlans,
    cidr,
    numbered_acl,
)
from kszcheck.collectors.switchconfig.lines import Line, Parsed, Stanza, detached, stanzas
from kszcheck.collectors.switchconfig.vlanlist import ios_vlans
from kszcheck.model.network import (
    ALL_VLANS,
    Device,
    Layer3Interface,
    PortMode,
    SnmpAccess,
    VtyAccess,
)

__all__ = ["parse"]

#: Interface lines that do not change a fact kszcheck reads.
_IGNORED_SWITCHPORT = (
    "switchport trunk encapsulation",
    "switchport nonegotiate",
    "switchport port-security",
    "switchport host",
    "switchport protected",
    "switchport block",
    "switchport priority",
    "switchport backup",
    "switchport voice detect",
)


_ACL_GROUP = ["ip", "access-group"]


@dataclass
class _Interface:
    """What an interface stanza says, before defaults are applied."""

    lines: list[Line] = field(default_factory=list)
    mode: str = ""
    routed: bool = False
    access: int | None = None
    voice: int | None = None
    native: int | None = None
    allowed: set[int] | None = None  # None: no allowed line = all
    shutdown: bool = False
    description: str = ""
    encapsulation: int | None = None
    vrf: str = ""


def parse(text: str, source: str) -> Parsed:
    parsed = Parsed(Device(name="", vendor="cisco", platform="ios", source=source))
    seen_end = False
    found = stanzas(text, ("!",), ("interface ",), parsed.warnings, source)
    for index, stanza in enumerate(found):
        head = stanza.head
        key = head.words[0].lower()
        if key == "end":
            seen_end = True
        elif key == "hostname" and len(head.words) == 2:
            parsed.device.name = head.words[1]
        elif key == "vlan":
            _vlan(parsed, stanza)
        elif key == "interface":
            if detached(found, index, _is_subcommand):
                parsed.unknown(head, "interface")  # its sub-commands were not attached to it
            else:
                _interface(parsed, stanza)
        elif key == "ip" and head.text.lower().startswith("ip access-list "):
            _named_acl(parsed, stanza)
        elif key == "access-list":
            numbered_acl(parsed, head)
        elif key == "snmp-server":
            _snmp(parsed, head)
        elif key == "line" and len(head.words) >= 2 and head.words[1].lower() == "vty":
            _vty(parsed, stanza)
        elif key in ("switchport", "ip", "ipv6") and _is_fact_line(head.text):
            parsed.unknown(head, "interface")
    if not seen_end:
        parsed.warnings.append(f"{source}: no 'end' line: the file may be truncated")
    return parsed


def _is_fact_line(text: str) -> bool:
    lowered = text.lower()
    return lowered.startswith(("switchport", "ip address", "ip access-group", "vrf forwarding"))


#: Lines that only make sense under an interface (at column 0 they betray a pasted script).
_SUBCOMMANDS = (
    "description",
    "shutdown",
    "no shutdown",
    "no switchport",
    "channel-group",
    "spanning-tree",
    "encapsulation",
    "speed",
    "duplex",
    "power inline",
    "storm-control",
)


def _is_subcommand(line: Line) -> bool:
    return _is_fact_line(line.text) or line.text.lower().startswith(_SUBCOMMANDS)


def _vlan(parsed: Parsed, stanza: Stanza) -> None:
    head = stanza.head
    if len(head.words) < 2 or not head.words[1][0].isdigit():
        return  # vlan internal allocation policy, vlan dot1q tag native, vlan access-map, …
    try:
        ids = ios_vlans("".join(head.words[1:]))
    except ValueError:
        parsed.unknown(head, "vlan")
        return
    add_vlans(parsed, stanza, ids)


def _interface(parsed: Parsed, stanza: Stanza) -> None:
    head = stanza.head
    rest = head.text[len(head.words[0]) :].strip()
    if rest.lower().startswith("range "):
        try:
            targets = names.expand_range(rest[6:])
        except ValueError:
            parsed.unknown(head, "interface")
            return
    else:
        targets = [names.normalise(rest)]
    facts = _Interface()
    for child in stanza.children:
        _interface_line(parsed, facts, child)
    for name in targets:
        _apply(parsed, name, facts, head)


def _interface_line(parsed: Parsed, facts: _Interface, line: Line) -> None:  # noqa: C901
    words = [w.lower() for w in line.words]
    text = " ".join(words)
    try:
        if text == "shutdown":
            facts.shutdown = True
        elif text == "no shutdown":
            facts.shutdown = False
        elif words[0] == "description":
            facts.description = line.text[len(line.words[0]) :].strip()
        elif text == "no switchport":
            facts.routed = True
        elif text == "switchport":
            facts.routed = False
        elif text.startswith("switchport mode "):
            mode = " ".join(words[2:])
            if mode not in ("access", "trunk", "dynamic auto", "dynamic desirable"):
                raise ValueError(mode)
            facts.mode = mode.split()[0]
        elif text.startswith("switchport access vlan "):
            facts.access = ios_vlans(words[3])[0]
        elif text.startswith("switchport voice vlan "):
            if words[3].isdigit():
                facts.voice = int(words[3])
        elif text.startswith("switchport trunk native vlan "):
            facts.native = ios_vlans(words[4])[0]
        elif text.startswith("switchport trunk allowed vlan "):
            facts.allowed = _allowed(facts.allowed, words[4:])
        elif text.startswith(_IGNORED_SWITCHPORT):
            pass
        elif words[0] == "switchport":
            parsed.unknown(line, "interface")
        elif words[:2] == ["encapsulation", "dot1q"]:
            facts.encapsulation = int(words[2])
        elif words[:2] == ["vrf", "forwarding"] or words[:3] == ["ip", "vrf", "forwarding"]:
            facts.vrf = line.words[-1]
        elif words[0] == "channel-group" or words[:2] in (["ip", "address"], _ACL_GROUP):
            facts.lines.append(line)
    except (ValueError, IndexError):
        parsed.unknown(line, "interface")


def _allowed(current: set[int] | None, words: list[str]) -> set[int]:
    """Apply one ``switchport trunk allowed vlan …`` line to the allowed set."""
    if not words:
        raise ValueError("empty allowed list")
    op, arg = (
        (words[0], "".join(words[1:]))
        if words[0] in ("add", "remove", "except")
        else (
            "set",
            "".join(words),
        )
    )
    values = set(ios_vlans(arg))
    base = set(ALL_VLANS) if current is None else current
    if op == "add":
        return base | values
    if op == "remove":
        return base - values
    if op == "except":
        return set(ALL_VLANS) - values
    return values


#: Interfaces whose addresses are the device's own, not a routed network.
_NOT_ROUTED = ("Loopback", "Null")


def _apply(parsed: Parsed, name: str, facts: _Interface, head: Line) -> None:
    vlan_id = names.svi_vlan(name)
    if vlan_id is None and facts.encapsulation is not None:
        vlan_id = facts.encapsulation  # a routed sub-interface is the SVI of its VLAN
    if vlan_id is not None:
        _layer3(parsed, parsed.svi(vlan_id, name, head.number), facts)
        return
    has_layer3 = any(line.words[0].lower() == "ip" for line in facts.lines)
    if not names.is_switch_port(name):
        if has_layer3 and not name.startswith(_NOT_ROUTED):
            _layer3(parsed, parsed.routed_port(name, head.number), facts)  # Dialer, Tunnel, …
        return
    port = parsed.port(name, head.number)
    port.description = facts.description
    port.shutdown = facts.shutdown
    has_address = any(line.words[:2] == ["ip", "address"] for line in facts.lines)
    if facts.routed or (has_address and not facts.mode):
        port.mode = PortMode.routed
        _layer3(parsed, parsed.routed_port(name, head.number), facts)
    elif facts.mode == "trunk":
        port.mode = PortMode.trunk
        port.native_vlan = facts.native if facts.native is not None else 1
        port.allowed_vlans = sorted(set(ALL_VLANS) if facts.allowed is None else facts.allowed)
    else:
        port.mode = PortMode.access if facts.mode == "access" else PortMode.dynamic
        port.access_vlan = facts.access if facts.access is not None else 1
        port.voice_vlan = facts.voice
    for line in facts.lines:
        words = [w.lower() for w in line.words]
        if words[0] == "channel-group":
            _channel_group(parsed, port.name, line)
        elif port.mode is not PortMode.routed and words[:2] == _ACL_GROUP and len(words) == 4:
            if words[3] == "in":
                port.acl_in = line.words[2]  # a port ACL on a switch port
            elif words[3] == "out":
                port.acl_out = line.words[2]
            else:
                parsed.unknown(line, "acl")


def _layer3(parsed: Parsed, interface: Layer3Interface, facts: _Interface) -> None:
    """Addresses, VRF and bound ACLs of an SVI or a routed port."""
    interface.shutdown = facts.shutdown
    interface.description = facts.description
    interface.vrf = facts.vrf
    for line in facts.lines:
        _address_or_acl(parsed, interface, line)


def _address_or_acl(parsed: Parsed, interface: Layer3Interface, line: Line) -> None:
    words = line.words
    try:
        if words[:2] == ["ip", "address"]:
            if len(words) < 4 or words[2].lower() in ("dhcp", "negotiated"):
                return
            address = cidr(words[2], words[3])
            if len(words) > 4 and words[4].lower() == "secondary":
                interface.secondary.append(address)
                interface.addresses.append(address)
            else:
                interface.addresses.insert(0, address)
        elif words[:2] == ["ip", "access-group"]:
            direction = words[3].lower()
            if direction == "in":
                interface.acl_in = words[2]
            elif direction == "out":
                interface.acl_out = words[2]
            else:
                raise ValueError(direction)
    except (ValueError, IndexError):
        parsed.unknown(line, "address" if words[1] == "address" else "acl")


def _channel_group(parsed: Parsed, member: str, line: Line) -> None:
    words = [w.lower() for w in line.words]
    if len(words) < 2 or not words[1].isdigit():
        parsed.unknown(line, "interface")
        return
    name = f"Port-channel{words[1]}"
    mode = words[3] if len(words) > 3 and words[2] == "mode" else ""
    protocols = {"active": "lacp", "passive": "lacp", "on": "static"}
    protocol = protocols.get(mode, "pagp" if mode else "")
    parsed.join(member, name, line.number, protocol)


def _named_acl(parsed: Parsed, stanza: Stanza) -> None:
    words = stanza.head.words
    if len(words) < 4 or words[2].lower() not in ("standard", "extended"):
        if len(words) >= 3 and words[2].lower() in ("logging", "resequence", "log-update"):
            return
        parsed.unknown(stanza.head, "acl")
        return
    acl = access_list(parsed, words[3], words[2].lower(), stanza.head)
    for child in stanza.children:
        acl_entry(parsed, acl, child, child.words)


def _snmp(parsed: Parsed, line: Line) -> None:
    words = line.words
    kind = words[1].lower() if len(words) > 1 else ""
    if kind == "community":
        _community(parsed, line, words[2:])
    elif kind == "group" and len(words) >= 4 and words[3].lower() == "v3":
        options = [w.lower() for w in words[4:]]
        acl = words[4 + options.index("access") + 1] if "access" in options[:-1] else ""
        parsed.device.snmp.append(
            SnmpAccess(
                version="v3",
                access="rw" if "write" in options else "ro",
                acl=acl,
                source_line=line.number,
            )
        )


def _community(parsed: Parsed, line: Line, words: list[str]) -> None:
    if not words:
        parsed.unknown(line, "snmp")
        return
    secret, options = words[0], words[1:]
    access, view, acl = "ro", "", ""
    index = 0
    while index < len(options):
        option = options[index]
        lowered = option.lower()
        if lowered in ("ro", "rw"):
            access = lowered
        elif lowered == "view" and index + 1 < len(options):
            view = options[index + 1]
            index += 1
        elif lowered == "ipv6" and index + 1 < len(options):
            index += 1
        else:
            acl = option
        index += 1
    parsed.device.snmp.append(
        SnmpAccess(
            version="v2c",
            access=access,
            default_community=secret.lower() in DEFAULT_COMMUNITIES,
            acl=acl,
            view=view,
            source_line=line.number,
        )
    )


def _vty(parsed: Parsed, stanza: Stanza) -> None:
    access_class = ""
    for child in stanza.children:
        words = child.words
        if words[0].lower() == "access-class" and len(words) >= 3 and words[2].lower() == "in":
            access_class = words[1]
    lines = " ".join(stanza.head.words[2:])
    parsed.vty.append(
        VtyAccess(lines=lines, access_class=access_class, source_line=stanza.head.number)
    )
