"""Network facts: devices, VLANs, ports, SVIs, routed ports and ACLs, vendor-neutral.

Conventions every network collector follows, so that facts from configuration files and from
SNMP can be compared:

* Port names are in the long form a vendor's configuration writes: ``GigabitEthernet1/0/1``,
  ``TenGigabitEthernet1/1/1``, ``Port-channel1`` (Cisco), ``1``, ``A1``, ``Trk1`` (ProCurve /
  ArubaOS-Switch; stacked: ``1/A1``, ``2/49``), ``GigabitEthernet1/0/1``,
  ``Bridge-Aggregation1`` (Comware), ``1/1/1``, ``lag1`` (Aruba-CX). Abbreviations
  (``Gi1/0/1``), spaces (``GigabitEthernet 1/1``) and case are normalised away.
* VLAN lists (``allowed_vlans``) are sorted, without duplicates, expanded (no ranges).
* A trunk whose configuration has no allowed-VLAN line carries all VLANs: ``allowed_vlans`` is
  then ``[1, 2, …, 4094]`` (use :func:`vlan_ranges` to print it compactly).
* Addresses are CIDR strings, ``10.20.0.1/24``; on an SVI or a routed port the primary address
  comes first. The fact kind ``network.svis`` covers every layer-3 interface: SVIs and routed
  ports (:meth:`Network.layer3`).
* A line that was not understood never produces a fact: an interface whose sub-commands could
  not be attached to it has no Port entry at all (it is listed as unrecognised), rather than one
  with the dialect's defaults.
* Secrets are never stored: an SNMP community is recorded as its version, its access (ro/rw),
  whether it is a well-known default (``public``/``private``) and its ACL, never its string.
* ``source_line`` fields are the 1-based line in the source file the fact came from, for evidence.
"""

from __future__ import annotations

import ipaddress
from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from kszcheck.model.common import Strict

__all__ = [
    "ALL_VLANS",
    "AccessList",
    "AclEntry",
    "Device",
    "Layer3Interface",
    "Network",
    "ParseReport",
    "ParseStatus",
    "Port",
    "PortMode",
    "PortRange",
    "RoutedPort",
    "SnmpAccess",
    "Svi",
    "TrunkGroup",
    "UnrecognisedLine",
    "Vlan",
    "VtyAccess",
    "vlan_ranges",
]

#: Every usable VLAN id; what a trunk carries when nothing restricts it.
ALL_VLANS: tuple[int, ...] = tuple(range(1, 4095))


def vlan_ranges(vlans: list[int]) -> str:
    """A compact text for a VLAN list: ``[1, 2, 3, 10]`` -> ``"1-3,10"``; ``[]`` -> ``"none"``."""
    if not vlans:
        return "none"
    ordered = sorted(set(vlans))
    parts: list[str] = []
    start = prev = ordered[0]
    for vid in [*ordered[1:], -1]:
        if vid == prev + 1:
            prev = vid
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = vid
    return ",".join(parts)


class SnmpAccess(Strict):
    """An SNMP access setting, without the secret itself.

    ``version``: ``v1``, ``v2c`` or ``v3`` (a community line of IOS/ProCurve/Comware counts as
    v1/v2c and is recorded as ``v2c``). ``access``: ``ro`` or ``rw`` (ProCurve ``unrestricted``
    and Comware ``write`` are ``rw``). ``default_community``: the community string is a
    well-known default (``public``, ``private``). ``acl``: the access list that limits who may
    ask, empty if none. ``view``: a vendor view name (ProCurve ``operator``/``manager``)."""

    version: str  # v1, v2c, v3
    access: str = "ro"  # ro, rw
    default_community: bool = False  # public / private
    acl: str = ""
    view: str = ""
    source_line: int | None = None


class VtyAccess(Strict):
    """Remote management lines (Cisco ``line vty 0 4``, Comware ``user-interface vty 0 4``) and
    the access list that limits where logins may come from (``access-class … in``); an empty
    ``access_class`` means any address may try to log in."""

    lines: str  # as written, e.g. "0 4" or "5 15"
    access_class: str = ""
    source_line: int | None = None


class Device(Strict):
    """A switch or router. ``platform`` names the configuration dialect or OS it was read from
    (``ios``, ``procurve``, ``comware``; free text from SNMP); ``source`` is the file or SNMP
    target the facts came from."""

    name: str
    vendor: str = ""
    model: str = ""
    mgmt_ip: str = ""
    location: str = ""
    snmp: list[SnmpAccess] = Field(default_factory=list)
    mgmt_acl: str = ""
    platform: str = ""
    source: str = ""
    vty: list[VtyAccess] = Field(default_factory=list)


class Vlan(Strict):
    device: str
    vlan_id: int
    name: str = ""
    source_line: int | None = None


class PortMode(StrEnum):
    access = "access"
    trunk = "trunk"
    dynamic = "dynamic"  # no switchport mode on a Catalyst: access, unless the peer negotiates
    routed = "routed"


class Port(Strict):
    """A switch port (a physical interface or a link aggregation).

    ``access_vlan`` is the untagged VLAN of an access (or dynamic) port; ``native_vlan`` the
    untagged VLAN of a trunk (ProCurve: the VLAN with ``untagged`` on the port; Comware: ``port
    trunk pvid``); ``allowed_vlans`` the VLANs a trunk carries, tagged or not (sorted).
    ``trunk_group`` names the aggregation this port is a member of (``Trk1``, ``Port-channel1``),
    whose own Port entry holds the VLANs. ``hosts`` lists the endpoints known to sit on the port
    (host names, from FDB/LLDP/NAC facts), empty when not known. ``oper_status`` is ``up`` or
    ``down`` where an SNMP agent reported it, empty from a configuration file. ``macs``: the MAC
    addresses the switch learned on an access port (``00:1a:2b:3c:4d:5e``, from its MAC address
    table); ``hosts`` also holds the names of its LLDP neighbours. ``acl_in`` /
    ``acl_out``: an access list bound to a layer-2 port (Comware ``packet-filter``, Aruba-CX
    ``apply access-list``, an IOS port ACL); a routed port's ACLs are on its
    :class:`RoutedPort`."""

    device: str
    name: str
    description: str = ""
    mode: PortMode = PortMode.access
    access_vlan: int | None = None
    voice_vlan: int | None = None
    native_vlan: int | None = None
    allowed_vlans: list[int] = Field(default_factory=list)
    shutdown: bool = False
    trunk_group: str = ""
    oper_status: str = ""
    hosts: list[str] = Field(default_factory=list)
    macs: list[str] = Field(default_factory=list)
    acl_in: str = ""
    acl_out: str = ""
    source_line: int | None = None


class TrunkGroup(Strict):
    """A link aggregation: ProCurve ``trunk 23-24 Trk1 LACP``, Cisco ``channel-group``,
    Comware ``port link-aggregation group``. ``members`` in the long port-name form, sorted as
    the configuration lists them."""

    device: str
    name: str
    members: list[str] = Field(default_factory=list)
    protocol: str = ""  # lacp, trunk (static), "" unknown
    source_line: int | None = None


class Layer3Interface(Strict):
    """What SVIs and routed ports share: a routed interface of a layer-3 device.

    ``addresses``: primary first, then the secondary ones; ``secondary`` repeats those that the
    configuration marks secondary. ``vrf``: the routing table the interface is in (IOS ``vrf
    forwarding``, Aruba-CX ``vrf attach``, Comware ``ip binding vpn-instance``); empty is the
    global (default) table. Two interfaces of one device route to each other only within one VRF.
    ``acl_in``/``acl_out``: the access lists bound to the interface."""

    device: str
    addresses: list[str] = Field(default_factory=list)  # CIDR, e.g. 10.20.0.1/24
    acl_in: str = ""
    acl_out: str = ""
    shutdown: bool = False
    name: str = ""
    description: str = ""
    secondary: list[str] = Field(default_factory=list)
    vrf: str = ""
    source_line: int | None = None

    @property
    def vlan(self) -> int | None:
        """The VLAN the interface routes for (an SVI's), None for a routed port."""
        return None

    @property
    def label(self) -> str:
        """``device:interface`` for evidence and messages."""
        return f"{self.device}:{self.name}"


class Svi(Layer3Interface):
    """A routed VLAN interface (``interface Vlan30``, ``Vlan-interface30``, ``interface vlan
    30``)."""

    vlan_id: int

    @property
    def vlan(self) -> int | None:
        return self.vlan_id

    @property
    def label(self) -> str:
        return f"{self.device}:{self.name or f'Vlan{self.vlan_id}'}"


class RoutedPort(Layer3Interface):
    """A routed interface that is not a VLAN interface: a switch port in routed mode (IOS ``no
    switchport``, Comware ``port link-mode route``, Aruba-CX ``routing``), a routed
    sub-interface without a VLAN, or a Dialer. ``name`` is the interface's long name. Rules
    treat it exactly like an SVI: its zone comes from its addresses."""


class PortRange(Strict):
    """An inclusive range of TCP/UDP ports."""

    low: int = Field(ge=0, le=65535)
    high: int = Field(ge=0, le=65535)


class AclEntry(Strict):
    """One access-list line. ``text`` is the rest of the line after permit/deny, in Cisco
    syntax (wildcard masks, ``host``, ``any``, ``eq``/``range``/``gt``/``lt``/``neq``); the
    structured fields are derived from it when not given:

    ``protocol`` (``ip`` for any protocol, ``tcp``, ``udp``, ``icmp``, …), ``source`` and
    ``destination`` (``any`` or a CIDR network), ``dst_ports`` (empty = every port) and
    ``parsed`` (False when the text could not be understood; such an entry is never read as
    harmless). A standard ACL line (``10.99.0.0 0.0.0.255``) has protocol ``ip``, destination
    ``any``."""

    action: str  # permit, deny, remark
    text: str
    protocol: str = ""
    source: str = ""
    destination: str = ""
    dst_ports: list[PortRange] = Field(default_factory=list)
    #: ``tcp … established``: matches only segments of sessions that already exist (ACK or
    #: RST set), i.e. return traffic of sessions opened from the other side
    established: bool = False
    parsed: bool = False
    source_line: int | None = None

    @model_validator(mode="after")
    def _derive(self) -> AclEntry:
        if self.action in ("permit", "deny") and not self.parsed and not self.protocol:
            fields = parse_acl_text(self.text)
            if fields is not None:
                self.protocol = str(fields["protocol"])
                self.source = str(fields["source"])
                self.destination = str(fields["destination"])
                self.dst_ports = [PortRange(low=lo, high=hi) for lo, hi in fields["dst_ports"]]
                self.established = bool(fields["established"])
                self.parsed = True
        elif self.protocol:
            self.parsed = True
        return self


class AccessList(Strict):
    """A named or numbered access list. ``kind``: ``standard`` (source only), ``extended``, or
    empty when unknown."""

    device: str
    name: str
    entries: list[AclEntry] = Field(default_factory=list)
    kind: str = ""
    source_line: int | None = None


class ParseStatus(StrEnum):
    parsed = "parsed"
    partial = "partial"  # lines about VLANs, interfaces, addresses, ACLs or SNMP not understood
    failed = "failed"  # nothing trustworthy was read; its facts are absent


class UnrecognisedLine(Strict):
    """A configuration line that concerns VLANs, interfaces, addresses, ACLs or SNMP and that the
    parser did not understand. ``area``: vlan, interface, address, acl, snmp, management."""

    line: int
    text: str
    area: str


class ParseReport(Strict):
    """How one configuration file was read: the device it describes, its dialect, and whether
    every relevant line was understood."""

    file: str
    device: str = ""
    dialect: str = ""  # ios, procurve, comware; "" if not recognised
    status: ParseStatus
    reason: str = ""
    unrecognised: list[UnrecognisedLine] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class Network(Strict):
    devices: list[Device] = Field(default_factory=list)
    vlans: list[Vlan] = Field(default_factory=list)
    ports: list[Port] = Field(default_factory=list)
    svis: list[Svi] = Field(default_factory=list)
    routed_ports: list[RoutedPort] = Field(default_factory=list)
    acls: list[AccessList] = Field(default_factory=list)
    trunk_groups: list[TrunkGroup] = Field(default_factory=list)
    parse_reports: list[ParseReport] = Field(default_factory=list)

    def layer3(self) -> list[Layer3Interface]:
        """The SVIs, then the routed ports: every interface that routes."""
        return [*self.svis, *self.routed_ports]


# --- the ACL entry text, Cisco syntax -------------------------------------------------------

_PORT_NAMES = {
    "ftp": 21,
    "ssh": 22,
    "telnet": 23,
    "smtp": 25,
    "domain": 53,
    "bootps": 67,
    "bootpc": 68,
    "tftp": 69,
    "www": 80,
    "http": 80,
    "pop3": 110,
    "ntp": 123,
    "netbios-ns": 137,
    "netbios-dgm": 138,
    "netbios-ss": 139,
    "snmp": 161,
    "ldap": 389,
    "https": 443,
    "syslog": 514,
}
_PROTOCOLS = {"ip", "tcp", "udp", "icmp", "gre", "esp", "ahp", "ospf", "eigrp", "pim", "igmp"}


def _port(token: str) -> int:
    value = _PORT_NAMES.get(token.lower())
    if value is not None:
        return value
    number = int(token)
    if not 0 <= number <= 65535:
        raise ValueError(token)
    return number


def _address(tokens: list[str], at: int) -> tuple[str, int]:
    """Parse ``any`` / ``host A`` / ``A W`` (wildcard) / ``A/len`` at ``at``; the CIDR or
    ``any`` and the next index. Raises ValueError on anything else (e.g. a non-contiguous
    wildcard)."""
    token = tokens[at].lower()
    if token == "any":
        return "any", at + 1
    if token == "host":
        return f"{ipaddress.IPv4Address(tokens[at + 1])}/32", at + 2
    if "/" in token:
        return str(ipaddress.IPv4Network(token, strict=False)), at + 1
    address = ipaddress.IPv4Address(token)
    if at + 1 < len(tokens) and tokens[at + 1].count(".") == 3:
        wildcard = int(ipaddress.IPv4Address(tokens[at + 1]))
        mask = wildcard ^ 0xFFFFFFFF
        network = ipaddress.IPv4Network(f"{address}/{ipaddress.IPv4Address(mask)}", strict=False)
        return ("any" if network.prefixlen == 0 else str(network)), at + 2
    return f"{address}/32", at + 1


def _ports(tokens: list[str], at: int) -> tuple[list[tuple[int, int]], int]:
    """Parse an optional port qualifier at ``at``; empty list = every port."""
    if at >= len(tokens):
        return [], at
    op = tokens[at].lower()
    if op == "eq":
        values: list[tuple[int, int]] = []
        at += 1
        while at < len(tokens) and (tokens[at].isdigit() or tokens[at].lower() in _PORT_NAMES):
            port = _port(tokens[at])
            values.append((port, port))
            at += 1
        if not values:
            raise ValueError("eq without a port")
        return values, at
    if op == "range":
        return [(_port(tokens[at + 1]), _port(tokens[at + 2]))], at + 3
    if op == "gt":
        return [(_port(tokens[at + 1]) + 1, 65535)], at + 2
    if op == "lt":
        return [(0, _port(tokens[at + 1]) - 1)], at + 2
    if op == "neq":
        port = _port(tokens[at + 1])
        return [r for r in ((0, port - 1), (port + 1, 65535)) if r[0] <= r[1]], at + 2
    return [], at


def parse_acl_text(text: str) -> dict[str, Any] | None:
    """The protocol, source, destination and destination ports of an ACL entry in Cisco syntax,
    or None when the text is not understood. Pure; used by :class:`AclEntry`."""
    tokens = text.split()
    if not tokens:
        return None
    try:
        first = tokens[0].lower()
        if first in ("any", "host") or (first[0].isdigit() and first.count(".") == 3):
            source, _ = _address(tokens, 0)  # a standard ACL line: source only
            return {
                "protocol": "ip",
                "source": source,
                "destination": "any",
                "dst_ports": [],
                "established": False,
            }
        if first not in _PROTOCOLS and not first.isdigit():
            return None
        protocol = "ip" if first in ("ip", "0") else first
        source, at = _address(tokens, 1)
        _, at = _ports(tokens, at)
        destination, at = _address(tokens, at)
        dst_ports, at = _ports(tokens, at)
    except (ValueError, IndexError):
        return None
    options = {t.lower() for t in tokens[at:]}
    return {
        "protocol": protocol,
        "source": source,
        "destination": destination,
        "dst_ports": dst_ports,
        "established": protocol == "tcp" and "established" in options,
    }
