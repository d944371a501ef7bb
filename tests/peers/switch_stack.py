"""A generated switch stack for the SNMP tests: its data as SNMP records (``.snmprec``) and the
facts kszcheck must read from it ("truth"), in two variants.

* ``cisco``: a Catalyst-like stack; VLANs and ports in CISCO-VTP-MIB and
  CISCO-VLAN-MEMBERSHIP-MIB (ifIndex-indexed), SVIs named ``Vl10`` (ifName) / ``Vlan10``
  (ifDescr), addresses in ipAddressTable and ipAddrTable.
* ``comware``: an HPE Comware-like IRF stack; VLANs and ports in Q-BRIDGE-MIB with bridge
  ports that are not the ifIndex (BRIDGE-MIB dot1dBasePortIfIndex), SVIs named
  ``Vlan-interface10``, addresses only in the legacy ipAddrTable.

Both carry the same estate: VLANs for the gemeente, the OCMW, the sociale dienst, management and
guests; access ports, two trunks per member (one with the sociale-dienst VLAN native and, on
Cisco, all VLANs allowed), shut and disconnected ports, SVIs with a secondary address and one
shut down. The truth is written here from the stack description, independently of the decoder.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kszcheck.model.network import Device, Network, Port, PortMode, SnmpAccess, Svi, Vlan

Variant = Literal["cisco", "comware"]
Record = tuple[tuple[int, ...], str, object]  # oid, snmprec tag, value

ALL = tuple(range(1, 4095))


@dataclass(frozen=True)
class PortSpec:
    member: int
    number: int
    mode: Literal["access", "trunk"]
    vlan: int | None = None  # access VLAN
    native: int | None = None
    allowed: tuple[int, ...] = ()  # on a trunk; ALL = no restriction
    description: str = ""
    shutdown: bool = False
    up: bool = True


@dataclass(frozen=True)
class SviSpec:
    vlan: int
    addresses: tuple[str, ...]  # CIDR, primary first
    shutdown: bool = False
    description: str = ""


@dataclass(frozen=True)
class SwitchSpec:
    hostname: str
    variant: Variant
    members: int
    ports_per_member: int
    vlans: tuple[tuple[int, str], ...]
    ports: tuple[PortSpec, ...]
    svis: tuple[SviSpec, ...]
    location: str = ""
    domain: str = "voorbeeld.local"
    neighbours: bool = False  # serve a MAC address table and LLDP neighbours too

    def if_index(self, port: PortSpec) -> int:
        return port.member * 1000 + port.number

    def bridge_port(self, port: PortSpec) -> int:
        return (port.member - 1) * self.ports_per_member + port.number

    def port_name(self, port: PortSpec) -> str:
        return f"GigabitEthernet{port.member}/0/{port.number}"

    def short_port_name(self, port: PortSpec) -> str:
        prefix = "Gi" if self.variant == "cisco" else "GE"
        return f"{prefix}{port.member}/0/{port.number}"

    def svi_name(self, vlan: int) -> str:
        return f"Vlan{vlan}" if self.variant == "cisco" else f"Vlan-interface{vlan}"

    def svi_if_index(self, vlan: int) -> int:
        return 5000 + vlan

    def trunk_vlans(self, port: PortSpec) -> tuple[int, ...]:
        """The VLANs a trunk carries on the wire (Q-BRIDGE has no 'all': the existing ones)."""
        if port.allowed == ALL and self.variant == "comware":
            return tuple(vid for vid, _ in self.vlans)
        return port.allowed


GEMEENTE, OCMW, SOCIALE_DIENST, GASTEN, BEHEER = 10, 20, 30, 50, 99


def build_stack(
    variant: Variant,
    hostname: str,
    members: int = 2,
    ports_per_member: int = 24,
    neighbours: bool = False,
) -> SwitchSpec:
    """A stack of ``members`` switches of ``ports_per_member`` ports (at least 24)."""
    default = "default" if variant == "cisco" else "VLAN 0001"
    vlans = (
        (1, default),
        (GEMEENTE, "GEMEENTE"),
        (OCMW, "OCMW"),
        (SOCIALE_DIENST, "SOCIALE-DIENST"),
        (GASTEN, "GASTEN"),
        (BEHEER, "BEHEER"),
    )
    uplink_vlans = (GEMEENTE, OCMW, SOCIALE_DIENST, GASTEN, BEHEER)
    ports: list[PortSpec] = []
    for member in range(1, members + 1):
        for number in range(1, ports_per_member + 1):
            ports.append(_port(member, number, ports_per_member, uplink_vlans))
    svis = (
        SviSpec(GEMEENTE, ("10.10.0.1/24",), description="gemeente"),
        SviSpec(OCMW, ("10.20.0.1/24",)),
        SviSpec(SOCIALE_DIENST, ("10.30.0.1/24", "10.31.0.1/24"), description="sociale dienst"),
        SviSpec(GASTEN, ("192.168.50.1/24",), shutdown=True),
        SviSpec(BEHEER, ("10.99.0.2/24",), description="beheer"),
    )
    return SwitchSpec(
        hostname=hostname,
        variant=variant,
        members=members,
        ports_per_member=ports_per_member,
        vlans=vlans,
        ports=tuple(ports),
        svis=svis,
        location="Gemeentehuis, serverlokaal" if variant == "cisco" else "OCMW, technische ruimte",
        neighbours=neighbours,
    )


def _port(member: int, number: int, count: int, uplink_vlans: tuple[int, ...]) -> PortSpec:
    def access(vlan: int, description: str = "", **kw: bool) -> PortSpec:
        return PortSpec(member, number, "access", vlan=vlan, description=description, **kw)

    if number == count - 1:
        return PortSpec(
            member, number, "trunk", native=BEHEER, allowed=uplink_vlans, description="uplink core"
        )
    if number == count:  # planted: the sociale-dienst VLAN native on a trunk allowing all
        return PortSpec(
            member, number, "trunk", native=SOCIALE_DIENST, allowed=ALL, description="naar AP"
        )
    if number <= 8:
        return access(GEMEENTE, f"gemeente werkplek {member}-{number}")
    if number <= 12:
        return access(OCMW, f"OCMW werkplek {member}-{number}")
    if number <= 16:
        return access(SOCIALE_DIENST, "sociale dienst – balie" if number == 13 else "")
    if number <= 18:
        return access(GASTEN, "gastennetwerk")
    if number == 19:
        return access(BEHEER, "beheer")
    if number == 20:
        return access(GEMEENTE, "ongebruikt", shutdown=True, up=False)
    if number in (21, 22):
        return access(GEMEENTE, up=False)
    return access(GEMEENTE)


# --- truth ------------------------------------------------------------------------------------


def truth(spec: SwitchSpec, target: str, host: str, version: str) -> Network:
    """The facts kszcheck must read from ``spec`` served at ``target`` with SNMP ``version``."""
    name = spec.hostname
    device = Device(
        name=name,
        vendor="cisco" if spec.variant == "cisco" else "hpe",
        mgmt_ip=host,
        location=spec.location,
        snmp=[SnmpAccess(version=version, access="ro")],
        platform="ios" if spec.variant == "cisco" else "comware",
        source=target,
    )
    network = Network(devices=[device])
    network.vlans = [Vlan(device=name, vlan_id=vid, name=label) for vid, label in spec.vlans]
    for port in spec.ports:
        fact = Port(
            device=name,
            name=spec.port_name(port),
            description=port.description,
            shutdown=port.shutdown,
            oper_status="up" if port.up else "down",
        )
        if port.mode == "trunk":
            fact.mode = PortMode.trunk
            fact.native_vlan = port.native
            fact.allowed_vlans = list(spec.trunk_vlans(port))
        else:
            fact.access_vlan = port.vlan
        if spec.neighbours:
            if port.mode == "access" and port.up:
                fact.macs = [":".join(f"{b:02x}" for b in port_mac(port))]
            fact.hosts = [lldp_neighbour(spec, port)] if lldp_neighbour(spec, port) else []
        network.ports.append(fact)
    network.svis = [
        Svi(
            device=name,
            vlan_id=svi.vlan,
            addresses=sorted(svi.addresses, key=ipaddress.ip_interface),
            shutdown=svi.shutdown,
            name=spec.svi_name(svi.vlan),
            description=svi.description,
        )
        for svi in spec.svis
    ]
    return network


# --- SNMP records -------------------------------------------------------------------------------


def _o(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def records(spec: SwitchSpec) -> list[Record]:
    """The SNMP data of the stack, sorted by OID."""
    rows: list[Record] = []
    rows += _system(spec)
    rows += _interfaces(spec)
    rows += _addresses(spec)
    rows += _cisco(spec) if spec.variant == "cisco" else _qbridge(spec)
    if spec.neighbours:
        rows += _neighbours(spec)
    rows.sort(key=lambda row: row[0])
    return rows


def _system(spec: SwitchSpec) -> list[Record]:
    if spec.variant == "cisco":
        descr = (
            "Cisco IOS Software [Dublin], Catalyst L3 Switch Software (CAT9K_IOSXE), "
            "Version 17.12.4, RELEASE SOFTWARE (fc5)"
        )
        object_id = "1.3.6.1.4.1.9.1.2494"
    else:
        descr = (
            "HPE Comware Platform Software, Software Version 7.1.070, Release 6635P07\r\n"
            "HPE 5130 24G 4SFP+ EI Switch"
        )
        object_id = "1.3.6.1.4.1.25506.11.1.239"
    return [
        (_o("1.3.6.1.2.1.1.1.0"), "4", descr),
        (_o("1.3.6.1.2.1.1.2.0"), "6", _o(object_id)),
        (_o("1.3.6.1.2.1.1.3.0"), "67", 123456),
        (_o("1.3.6.1.2.1.1.5.0"), "4", f"{spec.hostname}.{spec.domain}"),
        (_o("1.3.6.1.2.1.1.6.0"), "4", spec.location),
    ]


def _if_row(index: int, descr: str, if_type: int, admin: int, oper: int) -> list[Record]:
    base = "1.3.6.1.2.1.2.2.1"
    return [
        (_o(f"{base}.1.{index}"), "2", index),
        (_o(f"{base}.2.{index}"), "4", descr),
        (_o(f"{base}.3.{index}"), "2", if_type),
        (_o(f"{base}.7.{index}"), "2", admin),
        (_o(f"{base}.8.{index}"), "2", oper),
    ]


def _ifx_row(index: int, name: str, alias: str) -> list[Record]:
    base = "1.3.6.1.2.1.31.1.1.1"
    return [
        (_o(f"{base}.1.{index}"), "4", name),
        (_o(f"{base}.6.{index}"), "70", 1_000_000 + index),  # ifHCInOctets, not read
        (_o(f"{base}.18.{index}"), "4", alias),
    ]


def _interfaces(spec: SwitchSpec) -> list[Record]:
    rows: list[Record] = []
    for port in spec.ports:
        index = spec.if_index(port)
        admin = 2 if port.shutdown else 1
        rows += _if_row(index, spec.port_name(port), 6, admin, 1 if port.up else 2)
        rows += _ifx_row(index, spec.short_port_name(port), port.description)
    svi_type = 53 if spec.variant == "cisco" else 136
    others = 2 if spec.variant == "cisco" else 1
    rows.append((_o("1.3.6.1.2.1.2.1.0"), "2", len(spec.ports) + len(spec.svis) + others))
    for svi in spec.svis:
        index = spec.svi_if_index(svi.vlan)
        admin = 2 if svi.shutdown else 1
        short = f"Vl{svi.vlan}" if spec.variant == "cisco" else spec.svi_name(svi.vlan)
        rows += _if_row(index, spec.svi_name(svi.vlan), svi_type, admin, admin)
        rows += _ifx_row(index, short, svi.description)
    # interfaces that are neither ports nor SVIs
    if spec.variant == "cisco":
        rows += _if_row(9001, "Null0", 1, 1, 1) + _ifx_row(9001, "Nu0", "")
        rows += _if_row(9002, "Loopback0", 24, 1, 1) + _ifx_row(9002, "Lo0", "router-id")
    else:
        rows += _if_row(9001, "NULL0", 1, 1, 1) + _ifx_row(9001, "NULL0", "")
    return rows


def _addresses(spec: SwitchSpec) -> list[Record]:
    entries = [
        (spec.svi_if_index(svi.vlan), ipaddress.ip_interface(cidr))
        for svi in spec.svis
        for cidr in svi.addresses
    ]
    if spec.variant == "cisco":
        entries.append((9002, ipaddress.ip_interface("10.255.0.1/32")))
    rows: list[Record] = []
    for if_index, iface in entries:  # ipAddrTable
        addr = str(iface.ip)
        rows.append((_o(f"1.3.6.1.2.1.4.20.1.1.{addr}"), "64", addr))
        rows.append((_o(f"1.3.6.1.2.1.4.20.1.2.{addr}"), "2", if_index))
        rows.append((_o(f"1.3.6.1.2.1.4.20.1.3.{addr}"), "64", str(iface.netmask)))
    if spec.variant != "cisco":
        return rows
    link_local = ipaddress.ip_interface("fe80::1/64")
    for if_index, iface in [*entries, (spec.svi_if_index(GEMEENTE), link_local)]:  # RFC 4293
        kind = 1 if iface.version == 4 else 2
        octets = ".".join(str(b) for b in iface.ip.packed)
        index = f"{kind}.{len(iface.ip.packed)}.{octets}"
        prefix = f"1.3.6.1.2.1.4.32.1.5.{if_index}.{index}.{iface.network.prefixlen}"
        rows.append((_o(f"1.3.6.1.2.1.4.34.1.3.{index}"), "2", if_index))
        rows.append((_o(f"1.3.6.1.2.1.4.34.1.4.{index}"), "2", 1))
        rows.append((_o(f"1.3.6.1.2.1.4.34.1.5.{index}"), "6", _o(prefix)))
    return rows


def vlan_bitmap(vlans: tuple[int, ...] | list[int], first: int, size: int = 128) -> bytes:
    """A Cisco VLAN bitmap / Q-BRIDGE PortList: the high bit of octet 0 is ``first``."""
    octets = bytearray(size)
    for item in vlans:
        bit = item - first
        if 0 <= bit < size * 8:
            octets[bit // 8] |= 0x80 >> (bit % 8)
    return bytes(octets)


def _cisco(spec: SwitchSpec) -> list[Record]:
    rows: list[Record] = []
    vtp = "1.3.6.1.4.1.9.9.46.1.3.1.1"
    legacy = ((1002, 2, "fddi-default"), (1003, 3, "token-ring-default"))
    legacy += ((1004, 4, "fddinet-default"), (1005, 5, "trnet-default"))
    for vid, vlan_type, name in [(vid, 1, name) for vid, name in spec.vlans] + list(legacy):
        rows.append((_o(f"{vtp}.2.1.{vid}"), "2", 1))
        rows.append((_o(f"{vtp}.3.1.{vid}"), "2", vlan_type))
        rows.append((_o(f"{vtp}.4.1.{vid}"), "4", name))
    trunk = "1.3.6.1.4.1.9.9.46.1.6.1.1"
    all_ones = b"\xff" * 128  # what a Catalyst shows for 'all' and on non-trunk rows
    for port in spec.ports:
        index = spec.if_index(port)
        is_trunk = port.mode == "trunk"
        allowed = port.allowed if is_trunk else ALL
        bitmaps = [
            all_ones if allowed == ALL else vlan_bitmap(allowed, first)
            for first in (0, 1024, 2048, 3072)
        ]
        rows.append((_o(f"{trunk}.4.{index}"), "4x", bitmaps[0]))
        rows.append((_o(f"{trunk}.5.{index}"), "2", port.native if is_trunk else 1))
        rows.append((_o(f"{trunk}.13.{index}"), "2", 1 if is_trunk else 2))
        rows.append((_o(f"{trunk}.14.{index}"), "2", 1 if is_trunk else 2))
        for column, bitmap in zip((17, 18, 19), bitmaps[1:], strict=True):
            rows.append((_o(f"{trunk}.{column}.{index}"), "4x", bitmap))
        if not is_trunk:
            rows.append((_o(f"1.3.6.1.4.1.9.9.68.1.2.2.1.1.{index}"), "2", 1))  # vmVlanType
            rows.append((_o(f"1.3.6.1.4.1.9.9.68.1.2.2.1.2.{index}"), "2", port.vlan))
    return rows


def _qbridge(spec: SwitchSpec) -> list[Record]:
    rows: list[Record] = []
    size = (spec.members * spec.ports_per_member + 7) // 8 + 2  # trailing zero octets
    for port in spec.ports:
        bridge_port = spec.bridge_port(port)
        rows.append((_o(f"1.3.6.1.2.1.17.1.4.1.2.{bridge_port}"), "2", spec.if_index(port)))
        pvid = port.vlan if port.mode == "access" else port.native
        rows.append((_o(f"1.3.6.1.2.1.17.7.1.4.5.1.1.{bridge_port}"), "66", pvid))
    static = "1.3.6.1.2.1.17.7.1.4.3.1"
    for vid, name in spec.vlans:
        egress: list[int] = []
        untagged: list[int] = []
        for port in spec.ports:
            bridge_port = spec.bridge_port(port)
            if port.mode == "access" and port.vlan == vid:
                egress.append(bridge_port)
                untagged.append(bridge_port)
            elif port.mode == "trunk" and vid in spec.trunk_vlans(port):
                egress.append(bridge_port)
                if port.native == vid:
                    untagged.append(bridge_port)
        rows.append((_o(f"{static}.1.{vid}"), "4", name))
        rows.append((_o(f"{static}.2.{vid}"), "4x", vlan_bitmap(egress, 1, size)))
        rows.append((_o(f"{static}.3.{vid}"), "4x", bytes(size)))
        rows.append((_o(f"{static}.4.{vid}"), "4x", vlan_bitmap(untagged, 1, size)))
        rows.append((_o(f"{static}.5.{vid}"), "2", 1))
    return rows


# --- MAC address table and LLDP neighbours (when spec.neighbours) -----------------------------

SELF_MAC = bytes.fromhex("0200000000ee")  # the switch's own address: status self, not a host
BEHIND_UPLINK = bytes.fromhex("0200000000ff")  # learned on the uplink trunk: not on that port


def port_mac(port: PortSpec) -> bytes:
    return bytes([2, 0, 0, port.member, port.number, 1])


def lldp_neighbour(spec: SwitchSpec, port: PortSpec) -> str:
    """The LLDP neighbour of a port: a PC of the sociale dienst, the core switch on the uplink."""
    if port.number == 13:
        return f"SD-PC-{port.member}-13"
    if port.number == spec.ports_per_member - 1:
        return "core-sw01"
    return ""


def _neighbours(spec: SwitchSpec) -> list[Record]:
    """Comware: Q-BRIDGE dot1qTpFdbTable (every VLAN); Cisco: BRIDGE-MIB dot1dTpFdbTable and
    dot1dBasePortIfIndex. Both: LLDP-MIB lldpRemSysName indexed by time mark, local port number
    (the bridge port) and remote index."""
    rows: list[Record] = []
    entries: list[tuple[int, int, bytes, int]] = []  # vlan, bridge port, mac, status
    for port in spec.ports:
        bridge_port = spec.bridge_port(port)
        if spec.variant == "cisco":
            rows.append((_o(f"1.3.6.1.2.1.17.1.4.1.2.{bridge_port}"), "2", spec.if_index(port)))
        if port.mode == "access" and port.up and port.vlan is not None:
            entries.append((port.vlan, bridge_port, port_mac(port), 3))
        if port.number == spec.ports_per_member - 1 and port.member == 1:
            entries.append((BEHEER, bridge_port, BEHIND_UPLINK, 3))
        if port.number == 1 and port.member == 1:
            entries.append((1, bridge_port, SELF_MAC, 4))
        neighbour = lldp_neighbour(spec, port)
        if neighbour:
            rows.append((_o(f"1.0.8802.1.1.2.1.4.1.1.9.0.{bridge_port}.1"), "4", neighbour))
    for vlan, bridge_port, mac, status in entries:
        octets = ".".join(str(b) for b in mac)
        if spec.variant == "cisco":
            rows.append((_o(f"1.3.6.1.2.1.17.4.3.1.2.{octets}"), "2", bridge_port))
            rows.append((_o(f"1.3.6.1.2.1.17.4.3.1.3.{octets}"), "2", status))
        else:
            rows.append((_o(f"1.3.6.1.2.1.17.7.1.2.2.1.2.{vlan}.{octets}"), "2", bridge_port))
            rows.append((_o(f"1.3.6.1.2.1.17.7.1.2.2.1.3.{vlan}.{octets}"), "2", status))
    return rows


# --- output -------------------------------------------------------------------------------------


def snmprec_text(rows: list[Record]) -> str:
    """``oid|tag|value`` lines; OctetStrings that are not plain ASCII are written hex (4x)."""
    lines = []
    for oid, tag, value in rows:
        dotted = ".".join(str(part) for part in oid)
        if tag == "4x" or (tag == "4" and not _plain(str(value))):
            raw = value if isinstance(value, bytes) else str(value).encode("utf-8")
            lines.append(f"{dotted}|4x|{raw.hex()}")
        elif tag == "6":
            assert isinstance(value, tuple)
            lines.append(f"{dotted}|6|{'.'.join(str(p) for p in value)}")
        else:
            lines.append(f"{dotted}|{tag}|{value}")
    return "\n".join(lines) + "\n"


def _plain(text: str) -> bool:
    return text.isascii() and text.isprintable() and "|" not in text


def write_snmprec(spec: SwitchSpec, path: Path) -> Path:
    path.write_text(snmprec_text(records(spec)), encoding="ascii")
    return path


def varbinds(rows: list[Record]) -> list[tuple[tuple[int, ...], int | bytes | tuple[int, ...]]]:
    """The records as the SNMP reader hands them to the decoder (int, bytes or OID tuple)."""
    result: list[tuple[tuple[int, ...], int | bytes | tuple[int, ...]]] = []
    for oid, tag, value in rows:
        if tag in ("4", "4x"):
            result.append((oid, value if isinstance(value, bytes) else str(value).encode()))
        elif tag == "6":
            assert isinstance(value, tuple)
            result.append((oid, value))
        elif tag == "64":
            result.append((oid, ipaddress.IPv4Address(str(value)).packed))
        else:
            assert isinstance(value, int)
            result.append((oid, value))
    return result
