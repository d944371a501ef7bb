"""HPE Aruba AOS-CX (6000/6100/6200/6300/6400/8xxx) configurations -> vendor-neutral facts.

AOS-CX is port-centric like IOS, with its own words: ``interface 1/1/1`` (member/slot/port),
``interface lag 1``, ``interface vlan 30``; ``vlan access 10``, ``vlan trunk native 99``,
``vlan trunk allowed 10,30,99`` (or ``all``); ``routing`` / ``no routing``; ``ip address
10.30.0.1/24`` (``secondary``); ``vrf attach NAME``; ``lag 1`` on a member; ACLs ``access-list ip
NAME`` with entries ``10 permit tcp 10.30.0.0/255.255.255.0 10.31.0.10 eq 443`` (an address
without a mask is one host; the protocol ``any`` is every protocol) bound by ``apply access-list
ip NAME in|out|routed-in|routed-out``.

Defaults: a layer-2 port without ``vlan access`` is in VLAN 1; a trunk without ``vlan trunk
allowed`` carries every VLAN and its native VLAN is 1. Whether a port without ``routing``, ``no
routing``, VLAN or address lines is layer 2 or routed depends on the platform (6300 and up route
by default), so such a port gets no mode or VLAN facts and a warning instead of a guess."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field

from kszcheck.collectors import interface_names as names
from kszcheck.collectors.switchconfig.common import (
    DEFAULT_COMMUNITIES,
    access_list,
    add_vlans,
    cidr,
)
from kszcheck.collectors.switchconfig.lines import Line, Parsed, Stanza, detached, stanzas
from kszcheck.collectors.switchconfig.vlanlist import ios_vlans
from kszcheck.model.network import (
    ALL_VLANS,
    AclEntry,
    Device,
    Layer3Interface,
    PortMode,
    SnmpAccess,
    VtyAccess,
)

__all__ = ["acl_entry_text", "parse", "port_names"]

#: Interface lines that do not change a fact kszcheck reads.
_IGNORED = (
    "mtu",
    "speed",
    "duplex",
    "lldp",
    "spanning-tree",
    "loop-protect",
    "qos",
    "flow-control",
    "ip mtu",
    "ip helper-address",
    "ip ospf",
    "ip igmp",
    "ipv6",
    "lacp",
    "port-access",
    "aaa",
    "persona",
    "dhcpv4-snooping",
    "arp",
    "active-gateway",
    "l3-counters",
    "energy-efficient-ethernet",
    "power-over-ethernet",
    "udld",
)
#: Lines that belong under an interface; at column 0 they betray a pasted script.
_SUBCOMMANDS = (
    "vlan access",
    "vlan trunk",
    "ip address",
    "apply access-list",
    "routing",
    "no routing",
    "vrf attach",
    "lag ",
    "description",
    "shutdown",
    "no shutdown",
)


@dataclass
class _Interface:
    lines: list[Line] = field(default_factory=list)
    routing: bool | None = None  # None: not written
    access: int | None = None
    native: int | None = None
    allowed: set[int] | None = None
    trunk: bool = False
    shutdown: bool | None = None  # None: not written
    description: str = ""
    lag: str = ""
    vrf: str = ""
    addresses: list[str] = field(default_factory=list)
    secondary: list[str] = field(default_factory=list)
    acl_in: str = ""
    acl_out: str = ""


def parse(text: str, source: str) -> Parsed:
    parsed = Parsed(Device(name="", vendor="hpe", platform="aruba-cx", source=source))
    found = stanzas(text, ("!",), ("interface ",), parsed.warnings, source)
    control_plane = ""
    remote = False
    vlan_acls: dict[int, tuple[str, str]] = {}
    for index, stanza in enumerate(found):
        head = stanza.head
        words = head.words
        key = words[0].lower()
        lowered = head.text.lower()
        if key == "hostname" and len(words) == 2:
            parsed.device.name = words[1]
        elif key == "interface" and len(words) >= 2:
            if detached(found, index, _is_subcommand):
                parsed.unknown(head, "interface")  # its sub-commands were not attached to it
            else:
                _interface(parsed, stanza)
        elif key == "vlan" and len(words) >= 2 and words[1][0].isdigit():
            _vlan(parsed, stanza, vlan_acls)
        elif lowered.startswith("access-list ip ") and len(words) == 3:
            _acl(parsed, stanza)
        elif key == "snmp-server" and len(words) >= 3 and words[1].lower() == "community":
            _community(parsed, stanza)
        elif key == "snmpv3" and len(words) >= 3 and words[1].lower() == "user":
            access = "rw" if "rw" in lowered.split() else "ro"
            parsed.device.snmp.append(
                SnmpAccess(version="v3", access=access, source_line=head.number)
            )
        elif lowered.startswith("apply access-list ip ") and "control-plane" in lowered:
            control_plane = words[3]
        elif lowered.startswith(("ssh server vrf", "https-server vrf", "telnet-server")):
            remote = True
        elif _is_subcommand(head) and not lowered.startswith(("description", "shutdown")):
            parsed.unknown(head, "interface")  # an interface line outside any interface
    for vid, (acl_in, acl_out) in vlan_acls.items():
        _vlan_acl(parsed, vid, acl_in, acl_out)
    if remote or control_plane:
        parsed.vty.append(VtyAccess(lines="ssh/https", access_class=control_plane))
    return parsed


def _is_subcommand(line: Line) -> bool:
    return line.text.lower().startswith(_SUBCOMMANDS)


_CX_NAME = re.compile(r"^(?P<base>(?:\d+/)+)(?P<first>\d+)(?:-(?:(?P=base))?(?P<last>\d+))?$")


def port_names(text: str) -> list[str]:
    """``1/1/1`` -> ``["1/1/1"]``; ``1/1/1-1/1/4`` (a CLI range) -> the four ports; ``lag 1``
    -> ``["lag1"]``; ``vlan 30`` -> ``["Vlan30"]``; anything else as written, without blanks.
    Raises ValueError for a range that runs backwards or is too long."""
    compact = text.replace(" ", "")
    match = _CX_NAME.match(compact)
    if match is None:
        return [names.normalise(compact)]
    first = int(match["first"])
    last = int(match["last"]) if match["last"] else first
    if not first <= last < first + names.MAX_RANGE:
        raise ValueError(f"interface range '{text}' is not usable")
    return [f"{match['base']}{n}" for n in range(first, last + 1)]


def _interface(parsed: Parsed, stanza: Stanza) -> None:
    head = stanza.head
    try:
        targets = port_names(head.text[len(head.words[0]) :].strip())
    except ValueError:
        parsed.unknown(head, "interface")
        return
    if targets[0].lower().startswith(("mgmt", "loopback")):
        return  # the out-of-band management port and loopbacks route no user traffic
    facts = _Interface()
    for child in stanza.children:
        try:
            _interface_line(parsed, facts, child)
        except (ValueError, IndexError):
            parsed.unknown(child, "interface" if child.words[0].lower() != "ip" else "address")
    for name in targets:
        _apply(parsed, name, facts, head)


def _interface_line(parsed: Parsed, facts: _Interface, line: Line) -> None:  # noqa: C901
    words = [w.lower() for w in line.words]
    text = " ".join(words)
    if text == "shutdown":
        facts.shutdown = True
    elif text == "no shutdown":
        facts.shutdown = False
    elif words[0] == "description":
        facts.description = line.text[len(line.words[0]) :].strip()
    elif text == "routing":
        facts.routing = True
    elif text == "no routing":
        facts.routing = False
    elif text.startswith("vlan access "):
        facts.access = ios_vlans(words[2])[0]
    elif text.startswith("vlan trunk native "):
        facts.trunk = True
        facts.native = ios_vlans(words[3])[0]
    elif text.startswith("vlan trunk allowed "):
        facts.trunk = True
        facts.allowed = (facts.allowed or set()) | set(ios_vlans("".join(words[3:])))
    elif words[0] == "lag" and len(words) == 2:
        facts.lag = f"lag{int(words[1])}"
    elif text.startswith("vrf attach "):
        facts.vrf = line.words[2]
    elif text.startswith("ip address "):
        address = cidr(words[2], None)
        if words[-1] == "secondary":
            facts.secondary.append(address)
            facts.addresses.append(address)
        else:
            facts.addresses.insert(0, address)
    elif text.startswith("apply access-list ip "):
        direction = words[4]
        if direction in ("in", "routed-in"):
            facts.acl_in = line.words[3]
        elif direction in ("out", "routed-out"):
            facts.acl_out = line.words[3]
        else:
            raise ValueError(direction)
    elif text.startswith(("vlan ", "ip address", "apply ")):
        raise ValueError(text)
    elif not text.startswith(_IGNORED) and text.startswith(("ip ", "vrf ")):
        parsed.unknown(line, "interface")


def _apply(parsed: Parsed, name: str, facts: _Interface, head: Line) -> None:
    vlan_id = names.svi_vlan(name)
    if vlan_id is not None:
        _layer3(parsed.svi(vlan_id, name, head.number), facts, shutdown=False)
        return
    layer2 = facts.routing is False or facts.access is not None or facts.trunk
    routed = facts.routing is True or (facts.routing is None and not layer2 and facts.addresses)
    if not names.is_switch_port(name):
        if routed:
            _layer3(parsed.routed_port(name, head.number), facts)
        return
    port = parsed.port(name, head.number)
    port.shutdown = facts.shutdown is not False  # a port is shut down until ``no shutdown``
    port.description = facts.description
    if routed:
        port.mode = PortMode.routed
        _layer3(parsed.routed_port(name, head.number), facts)
    elif facts.trunk:
        port.mode = PortMode.trunk
        port.native_vlan = facts.native if facts.native is not None else 1
        port.allowed_vlans = sorted(set(ALL_VLANS) if facts.allowed is None else facts.allowed)
        port.acl_in, port.acl_out = facts.acl_in, facts.acl_out
    elif layer2 or facts.lag:
        port.mode = PortMode.access
        port.access_vlan = facts.access if facts.access is not None else 1
        port.acl_in, port.acl_out = facts.acl_in, facts.acl_out
    else:
        del parsed.ports[name]
        parsed.warnings.append(
            f"{parsed.device.source}:{head.number}: interface {name} says neither 'routing' nor "
            "'no routing' nor a VLAN; its mode depends on the platform and is not read"
        )
        return
    if facts.lag:
        _member(parsed, name, facts.lag, head)


def _layer3(interface: Layer3Interface, facts: _Interface, shutdown: bool = True) -> None:
    """``shutdown``: the state when the configuration does not say (a VLAN interface is up)."""
    interface.addresses, interface.secondary = list(facts.addresses), list(facts.secondary)
    interface.acl_in, interface.acl_out = facts.acl_in, facts.acl_out
    interface.shutdown = shutdown if facts.shutdown is None else facts.shutdown
    interface.description = facts.description
    interface.vrf = facts.vrf


def _member(parsed: Parsed, member: str, lag: str, head: Line) -> None:
    parsed.join(member, lag, head.number)
    port = parsed.ports[member]
    port.access_vlan = None  # a member carries the VLANs of its LAG
    port.mode = PortMode.access


def _vlan(parsed: Parsed, stanza: Stanza, vlan_acls: dict[int, tuple[str, str]]) -> None:
    head = stanza.head
    try:
        ids = ios_vlans("".join(head.words[1:]))
    except ValueError:
        parsed.unknown(head, "vlan")
        return
    add_vlans(parsed, stanza, ids)
    for child in stanza.children:
        words = child.words
        lowered = [w.lower() for w in words]
        if lowered[:3] != ["apply", "access-list", "ip"]:
            continue
        if len(words) != 5 or lowered[4] not in ("in", "out"):
            parsed.unknown(child, "acl")
            continue
        for vid in ids:
            acl_in, acl_out = vlan_acls.get(vid, ("", ""))
            vlan_acls[vid] = (words[3], acl_out) if lowered[4] == "in" else (acl_in, words[3])


def _vlan_acl(parsed: Parsed, vid: int, acl_in: str, acl_out: str) -> None:
    """A VLAN ACL filters what enters (``in``) or leaves (``out``) the VLAN, routed traffic
    included: it binds to the VLAN's SVI unless that has a routed ACL of its own."""
    svi = parsed.svis.get(vid)
    if svi is None:
        return
    for direction, name in (("in", acl_in), ("out", acl_out)):
        if not name:
            continue
        current = svi.acl_in if direction == "in" else svi.acl_out
        if current and current != name:
            parsed.warnings.append(
                f"{parsed.device.source}: VLAN {vid} has ACL {name} {direction} and its interface "
                f"ACL {current}; only {current} is judged"
            )
        elif direction == "in":
            svi.acl_in = name
        else:
            svi.acl_out = name


def _acl(parsed: Parsed, stanza: Stanza) -> None:
    acl = access_list(parsed, stanza.head.words[2], "extended", stanza.head)
    for child in stanza.children:
        text = acl_entry_text(child.words)
        if text is None:
            parsed.unknown(child, "acl")
            continue
        action, rest = text
        entry = AclEntry(action=action, text=rest, source_line=child.number)
        if action != "remark" and not entry.parsed:
            parsed.unknown(child, "acl")
        acl.entries.append(entry)


_PORT_OPS = {"eq": 1, "gt": 1, "lt": 1, "neq": 1, "range": 2}
_TRAILERS = ("log", "count", "dscp", "tos", "precedence", "ttl", "vlan")


def acl_entry_text(words: list[str]) -> tuple[str, str] | None:
    """``10 permit tcp 10.30.0.0/255.255.255.0 10.31.0.10 eq 443`` -> ``("permit", "tcp
    10.30.0.0/24 host 10.31.0.10 eq 443")`` (Cisco syntax); ``comment`` is a remark; None when
    the entry is not understood."""
    if words and words[0].isdigit():
        words = words[1:]
    if not words:
        return None
    action = words[0].lower()
    if action == "comment":
        return "remark", " ".join(words[1:])
    if action not in ("permit", "deny") or len(words) < 4:
        return None
    protocol = "ip" if words[1].lower() == "any" else words[1].lower()
    out = [protocol]
    index = 2
    for _ in ("source", "destination"):
        address = _address(words[index])
        if address is None:
            return None
        out.append(address)
        index += 1
        op = words[index].lower() if index < len(words) else ""
        if op in _PORT_OPS:
            count = _PORT_OPS[op]
            out += [op, *words[index + 1 : index + 1 + count]]
            index += 1 + count
    rest = [w.lower() for w in words[index:]]
    if rest and rest[0] not in _TRAILERS and rest[0] != "established":
        return None
    if rest and rest[0] == "established":
        out.append("established")
    return action, " ".join(out)


def _address(token: str) -> str | None:
    if token.lower() == "any":
        return "any"
    try:
        if "/" in token:
            return str(ipaddress.IPv4Network(token, strict=False))
        return f"host {ipaddress.IPv4Address(token)}"
    except ValueError:
        return None


def _community(parsed: Parsed, stanza: Stanza) -> None:
    words = stanza.head.words
    access, acl = "ro", ""
    for child in stanza.children:
        cwords = [w.lower() for w in child.words]
        if cwords[:1] == ["access-level"] and len(cwords) == 2:
            access = "rw" if cwords[1] == "rw" else "ro"
        elif cwords[:1] == ["access-list"] and len(cwords) >= 2:
            acl = child.words[-1]
    parsed.device.snmp.append(
        SnmpAccess(
            version="v2c",
            access=access,
            default_community=words[2].lower() in DEFAULT_COMMUNITIES,
            acl=acl,
            source_line=stanza.head.number,
        )
    )
