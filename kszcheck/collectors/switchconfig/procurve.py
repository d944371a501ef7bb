"""HPE ProCurve / ArubaOS-Switch configurations -> vendor-neutral facts.

VLAN membership is written under ``vlan N`` (``untagged``, ``tagged``, ``no untagged``), so port
facts are assembled at the end: a port with tagged VLANs is a trunk whose native VLAN is its
untagged one; otherwise it is an access port in its untagged VLAN. Members of a trunk group
(``trunk 23-24 Trk1 LACP``) carry no VLANs of their own: the group (``Trk1``) does. The same
``vlan N`` may appear twice; both stanzas count. ``snmpv3 only`` disables the communities."""

from __future__ import annotations

from kszcheck.collectors.switchconfig.common import (
    DEFAULT_COMMUNITIES,
    access_list,
    acl_entry,
    cidr,
    numbered_acl,
    unquote,
)
from kszcheck.collectors.switchconfig.lines import Line, Parsed, Stanza, stanzas
from kszcheck.collectors.switchconfig.vlanlist import procurve_ports
from kszcheck.model.network import Device, Port, PortMode, SnmpAccess, TrunkGroup, VtyAccess

__all__ = ["parse"]

_IGNORED_VLAN = ("ip helper-address", "ipv6", "jumbo", "voice", "ip igmp", "ip proxy-arp", "qos")


class _Members:
    """VLAN membership per port, collected from the ``vlan`` stanzas."""

    def __init__(self) -> None:
        self.untagged: dict[str, list[int]] = {}
        self.tagged: dict[str, set[int]] = {}
        self.order: list[str] = []
        self.doubtful: set[str] = set()

    def doubt(self, ports: str) -> None:
        """Ports named by a membership line that was not understood get no VLAN facts."""
        try:
            self.doubtful.update(procurve_ports(ports))
        except ValueError:
            return

    def _seen(self, port: str) -> None:
        if port not in self.untagged and port not in self.tagged:
            self.order.append(port)

    def add(self, vid: int, ports: list[str], tagged: bool) -> None:
        for port in ports:
            self._seen(port)
            if tagged:
                self.tagged.setdefault(port, set()).add(vid)
            else:
                current = self.untagged.setdefault(port, [])
                if vid not in current:
                    current.append(vid)

    def remove(self, vid: int, ports: list[str], tagged: bool) -> None:
        for port in ports:
            if tagged:
                self.tagged.get(port, set()).discard(vid)
            elif vid in self.untagged.get(port, []):
                self.untagged[port].remove(vid)


def parse(text: str, source: str) -> Parsed:
    parsed = Parsed(Device(name="", vendor="hpe", platform="procurve", source=source))
    members = _Members()
    v3_only = False
    authorized = False
    for stanza in stanzas(text, ("!", ";", "#"), ("interface ", "vlan "), parsed.warnings, source):
        head = stanza.head
        words = head.words
        key = words[0].lower()
        if key == "hostname" and len(words) >= 2:
            parsed.device.name = unquote(" ".join(words[1:]))
        elif key == "trunk":
            _trunk(parsed, head)
        elif key == "interface" and len(words) == 2:
            _interface(parsed, stanza)
        elif key == "vlan":
            _vlan(parsed, stanza, members)
        elif key == "ip" and head.text.lower().startswith("ip access-list "):
            _named_acl(parsed, stanza)
        elif key == "access-list":
            numbered_acl(parsed, head)
        elif key == "snmp-server" and len(words) > 1 and words[1].lower() == "community":
            _community(parsed, head)
        elif head.text.lower() == "snmpv3 enable":
            parsed.device.snmp.append(SnmpAccess(version="v3", source_line=head.number))
        elif head.text.lower() == "snmpv3 only":
            v3_only = True
        elif head.text.lower().startswith("ip authorized-managers "):
            authorized = True
        elif key in ("untagged", "tagged", "no") and "tagged" in head.text.lower():
            parsed.unknown(head, "vlan")  # membership outside a vlan stanza: a pasted script
            members.doubt(head.words[-1])
    if v3_only:
        parsed.device.snmp = [s for s in parsed.device.snmp if s.version == "v3"]
    parsed.vty.append(
        VtyAccess(lines="telnet/ssh/web", access_class="authorized-managers" if authorized else "")
    )
    _ports(parsed, members)
    return parsed


def _trunk(parsed: Parsed, line: Line) -> None:
    words = line.words
    try:
        ports = procurve_ports(words[1])
        name = procurve_ports(words[2])[0]
        if not name.startswith("Trk"):
            raise ValueError(name)
    except (ValueError, IndexError):
        parsed.unknown(line, "interface")
        return
    protocol = words[3].lower() if len(words) > 3 else ""
    group = TrunkGroup(
        device=parsed.device.name,
        name=name,
        members=ports,
        protocol="static" if protocol == "trunk" else protocol,
        source_line=line.number,
    )
    parsed.trunk_groups[name] = group
    for port in ports:
        parsed.port(port, line.number).trunk_group = name


def _interface(parsed: Parsed, stanza: Stanza) -> None:
    try:
        targets = procurve_ports(stanza.head.words[1])
    except ValueError:
        parsed.unknown(stanza.head, "interface")
        return
    for name in targets:
        port = parsed.port(name, stanza.head.number)
        for child in stanza.children:
            _interface_line(parsed, port, child)


def _interface_line(parsed: Parsed, port: Port, line: Line) -> None:
    lowered = line.text.lower()
    words = line.words
    if lowered == "disable":
        port.shutdown = True
    elif lowered == "enable":
        port.shutdown = False
    elif words[0].lower() == "name" and len(words) >= 2:
        port.description = unquote(line.text[5:].strip())
    elif (
        lowered.startswith("ip access-group ")
        and len(words) == 4
        and words[3].lower()
        in (
            "in",
            "out",
        )
    ):
        if words[3].lower() == "in":
            port.acl_in = unquote(words[2])
        else:
            port.acl_out = unquote(words[2])
    elif lowered.startswith(("untagged", "tagged", "ip address", "ip access-group")):
        parsed.unknown(line, "interface")


def _vlan(parsed: Parsed, stanza: Stanza, members: _Members) -> None:
    head = stanza.head
    if len(head.words) != 2 or not head.words[1].isdigit():
        parsed.unknown(head, "vlan")
        return
    vid = int(head.words[1])
    if not 1 <= vid <= 4094:
        parsed.unknown(head, "vlan")
        return
    parsed.vlan(vid, head.number)
    for child in stanza.children:
        _vlan_line(parsed, vid, child, members)


def _vlan_line(parsed: Parsed, vid: int, line: Line, members: _Members) -> None:
    words = line.words
    lowered = [w.lower() for w in words]
    try:
        if lowered[0] == "name" and len(words) >= 2:
            parsed.vlans[vid].name = unquote(line.text[5:].strip())
        elif lowered[0] in ("untagged", "tagged") and len(words) == 2:
            members.add(vid, procurve_ports(words[1]), tagged=lowered[0] == "tagged")
        elif lowered[:1] == ["no"] and lowered[1:2] in (["untagged"], ["tagged"]):
            members.remove(vid, procurve_ports(words[2]), tagged=lowered[1] == "tagged")
        elif lowered[:2] == ["ip", "address"]:
            if lowered[2] in ("dhcp-bootp", "dhcp"):
                return
            mask = words[3] if len(words) > 3 else None
            svi = parsed.svi(vid, f"vlan {vid}", line.number)
            svi.addresses.append(cidr(words[2], mask))
            if len(svi.addresses) > 1:
                svi.secondary.append(svi.addresses[-1])
        elif lowered[:2] == ["ip", "access-group"]:
            direction = lowered[3]
            svi = parsed.svi(vid, f"vlan {vid}", line.number)
            if direction in ("in", "vlan-in", "vlan"):
                svi.acl_in = unquote(words[2])
            elif direction in ("out", "vlan-out"):
                svi.acl_out = unquote(words[2])
            else:
                raise ValueError(direction)
        elif lowered[:2] == ["no", "ip"] or line.text.lower().startswith(_IGNORED_VLAN):
            pass
        elif lowered[0] in ("untagged", "tagged", "ip", "forbid", "no"):
            parsed.unknown(line, "address" if lowered[0] == "ip" else "vlan")
    except (ValueError, IndexError):
        parsed.unknown(line, "address" if lowered[0] == "ip" else "vlan")


def _named_acl(parsed: Parsed, stanza: Stanza) -> None:
    words = stanza.head.words
    if len(words) < 4 or words[2].lower() not in ("standard", "extended"):
        parsed.unknown(stanza.head, "acl")
        return
    acl = access_list(parsed, unquote(" ".join(words[3:])), words[2].lower(), stanza.head)
    for child in stanza.children:
        acl_entry(parsed, acl, child, child.words)


def _community(parsed: Parsed, line: Line) -> None:
    words = line.words
    if len(words) < 3:
        parsed.unknown(line, "snmp")
        return
    options = [w.lower() for w in words[3:]]
    view = next((o for o in options if o in ("operator", "manager")), "")
    parsed.device.snmp.append(
        SnmpAccess(
            version="v2c",
            access="rw" if "unrestricted" in options else "ro",
            default_community=unquote(words[2]).lower() in DEFAULT_COMMUNITIES,
            view=view,
            source_line=line.number,
        )
    )


def _ports(parsed: Parsed, members: _Members) -> None:
    for name in members.order:
        if name in members.doubtful:
            parsed.warnings.append(
                f"{parsed.device.source}: port {name} is named by a VLAN membership line that was "
                "not understood; its VLANs are not read"
            )
            continue
        port = parsed.port(name, None)
        if port.trunk_group:
            parsed.warnings.append(
                f"{parsed.device.source}: port {name} is a member of {port.trunk_group} but has "
                "VLANs of its own; the VLANs of the trunk group apply"
            )
            continue
        untagged = members.untagged.get(name, [])
        tagged = sorted(members.tagged.get(name, set()))
        if len(untagged) > 1:
            parsed.warnings.append(
                f"{parsed.device.source}: port {name} is untagged in VLANs "
                f"{', '.join(map(str, untagged))}; the first is used"
            )
        first = untagged[0] if untagged else None
        if tagged:
            port.mode = PortMode.trunk
            port.native_vlan = first
            port.allowed_vlans = sorted(set(tagged) | ({first} if first else set()))
        else:
            port.mode = PortMode.access
            port.access_vlan = first
    for group in parsed.trunk_groups.values():
        parsed.port(group.name, group.source_line)
