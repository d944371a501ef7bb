"""Pure decoding of an SNMP walk of one switch into vendor-neutral network facts.

Input: the varbinds of one device as ``(oid, value)`` pairs, with numeric OIDs as tuples of
ints and values already reduced to ``int`` (Integer, Gauge, Counter, TimeTicks), ``bytes``
(OctetString, IpAddress) or ``tuple[int, ...]`` (OBJECT IDENTIFIER). No I/O, no MIB files.

Rules (see the OID table below):

* Port lists (Q-BRIDGE-MIB ``PortList``) count **bridge ports**, not ifIndex: octet 0, bit 0x80
  is bridge port 1. BRIDGE-MIB ``dot1dBasePortIfIndex`` maps a bridge port to its ifIndex.
* Cisco VLAN bitmaps (CISCO-VTP-MIB ``vlanTrunkPortVlansEnabled``, ``…2k``, ``…3k``, ``…4k``)
  are 128 octets each; the high bit of octet 0 is VLAN 0, 1024, 2048 or 3072.
* A Cisco port is a trunk by its configured ``vlanTrunkPortDynamicState`` (on / off /
  desirable / auto), falling back to the operational ``vlanTrunkPortDynamicStatus``; the access
  VLAN comes from ``vmVlan``, the native VLAN of a trunk from ``vlanTrunkPortNativeVlan``.
* A Q-BRIDGE port tagged in some VLAN, or untagged in several (Comware hybrid), is a trunk; its
  native VLAN is the untagged one (the PVID when several are).
* SVIs are the VLAN interfaces (``Vlan10``, ``Vl10``, ``Vlan-interface10``, ``Vlanif10``);
  their addresses come from ``ipAddressTable`` (RFC 4293) when the agent has it, else from the
  legacy ``ipAddrTable``. SNMP does not tell primary from secondary addresses: they are sorted.
* Interface names are given in the long form a configuration uses (``GigabitEthernet1/0/1``,
  not ``Gi1/0/1``), as the network model requires.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field

from kszcheck.collectors.interface_names import normalise, split_name, svi_vlan_id
from kszcheck.model.network import (
    Device,
    Network,
    Port,
    PortMode,
    SnmpAccess,
    Svi,
    Vlan,
)

__all__ = [
    "ALL_COLUMNS",
    "CISCO_COLUMNS",
    "CISCO_TRUNK_ROW",
    "COMMON_COLUMNS",
    "HOSTS_COLUMNS",
    "IF_NUMBER",
    "PER_INTERFACE_COLUMNS",
    "QBRIDGE_COLUMNS",
    "SYSTEM_SCALARS",
    "DeviceFacts",
    "Oid",
    "Value",
    "VarBind",
    "cisco_bitmap_vlans",
    "cisco_trunk_indexes",
    "decode_device",
    "long_interface_name",
    "mac_text",
    "oid_from_text",
    "oid_text",
    "portlist_ports",
]

Oid = tuple[int, ...]
Value = int | bytes | tuple[int, ...]
VarBind = tuple[Oid, Value]


def oid_from_text(text: str) -> Oid:
    return tuple(int(part) for part in text.strip(".").split("."))


def oid_text(oid: Oid) -> str:
    return ".".join(str(part) for part in oid)


_O = oid_from_text

# --- the OIDs ---------------------------------------------------------------------------------

SYS_DESCR = _O("1.3.6.1.2.1.1.1.0")
SYS_OBJECT_ID = _O("1.3.6.1.2.1.1.2.0")
SYS_NAME = _O("1.3.6.1.2.1.1.5.0")
SYS_LOCATION = _O("1.3.6.1.2.1.1.6.0")
#: Read with one GET.
IF_NUMBER = _O("1.3.6.1.2.1.2.1.0")  # how many interfaces: a bound for per-port tables
SYSTEM_SCALARS: tuple[Oid, ...] = (SYS_DESCR, SYS_OBJECT_ID, SYS_NAME, SYS_LOCATION, IF_NUMBER)

IF_DESCR = _O("1.3.6.1.2.1.2.2.1.2")
IF_TYPE = _O("1.3.6.1.2.1.2.2.1.3")
IF_ADMIN_STATUS = _O("1.3.6.1.2.1.2.2.1.7")
IF_OPER_STATUS = _O("1.3.6.1.2.1.2.2.1.8")
IF_NAME = _O("1.3.6.1.2.1.31.1.1.1.1")
IF_ALIAS = _O("1.3.6.1.2.1.31.1.1.1.18")
IP_AD_ENT_IF_INDEX = _O("1.3.6.1.2.1.4.20.1.2")
IP_AD_ENT_NET_MASK = _O("1.3.6.1.2.1.4.20.1.3")
IP_ADDRESS_IF_INDEX = _O("1.3.6.1.2.1.4.34.1.3")
IP_ADDRESS_TYPE = _O("1.3.6.1.2.1.4.34.1.4")
IP_ADDRESS_PREFIX = _O("1.3.6.1.2.1.4.34.1.5")

DOT1D_BASE_PORT_IF_INDEX = _O("1.3.6.1.2.1.17.1.4.1.2")
DOT1Q_VLAN_STATIC_NAME = _O("1.3.6.1.2.1.17.7.1.4.3.1.1")
DOT1Q_VLAN_STATIC_EGRESS = _O("1.3.6.1.2.1.17.7.1.4.3.1.2")
DOT1Q_VLAN_STATIC_UNTAGGED = _O("1.3.6.1.2.1.17.7.1.4.3.1.4")
DOT1Q_PVID = _O("1.3.6.1.2.1.17.7.1.4.5.1.1")

VTP_VLAN_TYPE = _O("1.3.6.1.4.1.9.9.46.1.3.1.1.3")
VTP_VLAN_NAME = _O("1.3.6.1.4.1.9.9.46.1.3.1.1.4")
TRUNK_VLANS_ENABLED = _O("1.3.6.1.4.1.9.9.46.1.6.1.1.4")
TRUNK_NATIVE_VLAN = _O("1.3.6.1.4.1.9.9.46.1.6.1.1.5")
TRUNK_DYNAMIC_STATE = _O("1.3.6.1.4.1.9.9.46.1.6.1.1.13")
TRUNK_DYNAMIC_STATUS = _O("1.3.6.1.4.1.9.9.46.1.6.1.1.14")
TRUNK_VLANS_ENABLED_2K = _O("1.3.6.1.4.1.9.9.46.1.6.1.1.17")
TRUNK_VLANS_ENABLED_3K = _O("1.3.6.1.4.1.9.9.46.1.6.1.1.18")
TRUNK_VLANS_ENABLED_4K = _O("1.3.6.1.4.1.9.9.46.1.6.1.1.19")
DOT1D_TP_FDB_PORT = _O("1.3.6.1.2.1.17.4.3.1.2")  # index: MAC (6); value: bridge port
DOT1D_TP_FDB_STATUS = _O("1.3.6.1.2.1.17.4.3.1.3")  # 3 learned, 4 self, 5 mgmt
DOT1Q_TP_FDB_PORT = _O("1.3.6.1.2.1.17.7.1.2.2.1.2")  # index: FDB id, MAC (6)
DOT1Q_TP_FDB_STATUS = _O("1.3.6.1.2.1.17.7.1.2.2.1.3")
LLDP_REM_SYS_NAME = _O("1.0.8802.1.1.2.1.4.1.1.9")  # index: time mark, local port, remote index
VM_VLAN = _O("1.3.6.1.4.1.9.9.68.1.2.2.1.2")
VM_VOICE_VLAN = _O("1.3.6.1.4.1.9.9.68.1.5.1.1.1")

#: Table columns every device is asked for, grouped by table (columns of one group share their
#: index, so a walker may ask for them in one request).
COMMON_COLUMNS: tuple[tuple[Oid, ...], ...] = (
    (IF_DESCR, IF_ADMIN_STATUS, IF_OPER_STATUS),
    (IF_NAME, IF_ALIAS),
    (IP_ADDRESS_IF_INDEX, IP_ADDRESS_TYPE, IP_ADDRESS_PREFIX),
    (IP_AD_ENT_IF_INDEX, IP_AD_ENT_NET_MASK),
)
#: Cisco Catalyst VLAN data (ifIndex-indexed; no BRIDGE-MIB mapping needed).
CISCO_COLUMNS: tuple[tuple[Oid, ...], ...] = (
    (VTP_VLAN_TYPE, VTP_VLAN_NAME),
    (TRUNK_DYNAMIC_STATE, TRUNK_DYNAMIC_STATUS),
    (VM_VLAN,),
    (VM_VOICE_VLAN,),
)
#: Read only for the trunk ports (see cisco_trunk_indexes): the native VLAN and the four
#: 128-octet VLAN bitmaps, which every access port also carries, uselessly.
CISCO_TRUNK_ROW: tuple[Oid, ...] = (
    TRUNK_NATIVE_VLAN,
    TRUNK_VLANS_ENABLED,
    TRUNK_VLANS_ENABLED_2K,
    TRUNK_VLANS_ENABLED_3K,
    TRUNK_VLANS_ENABLED_4K,
)
#: IEEE 802.1Q VLAN data (HPE, Aruba and most other vendors).
QBRIDGE_COLUMNS: tuple[tuple[Oid, ...], ...] = (
    (DOT1D_BASE_PORT_IF_INDEX,),
    (DOT1Q_VLAN_STATIC_NAME, DOT1Q_VLAN_STATIC_EGRESS, DOT1Q_VLAN_STATIC_UNTAGGED),
    (DOT1Q_PVID,),
)
#: Who is on which port: the learned MAC addresses (Q-BRIDGE for every VLAN; BRIDGE-MIB, which a
#: Catalyst answers for VLAN 1 only) and the LLDP neighbours. The bridge port -> ifIndex table
#: is repeated here for agents that are not read through Q-BRIDGE.
HOSTS_COLUMNS: tuple[tuple[Oid, ...], ...] = (
    (DOT1Q_TP_FDB_PORT, DOT1Q_TP_FDB_STATUS),
    (DOT1D_TP_FDB_PORT, DOT1D_TP_FDB_STATUS),
    (LLDP_REM_SYS_NAME,),
    (DOT1D_BASE_PORT_IF_INDEX,),
)
#: Columns with at most one row per interface (indexed by ifIndex or bridge port): a reader may
#: size its requests from ifNumber.
PER_INTERFACE_COLUMNS = frozenset(
    {IF_DESCR, IF_TYPE, IF_ADMIN_STATUS, IF_OPER_STATUS, IF_NAME, IF_ALIAS}
    | {TRUNK_VLANS_ENABLED, TRUNK_NATIVE_VLAN, TRUNK_DYNAMIC_STATE, TRUNK_DYNAMIC_STATUS}
    | {TRUNK_VLANS_ENABLED_2K, TRUNK_VLANS_ENABLED_3K, TRUNK_VLANS_ENABLED_4K}
    | {VM_VLAN, VM_VOICE_VLAN, DOT1D_BASE_PORT_IF_INDEX, DOT1Q_PVID}
)
ALL_COLUMNS: tuple[Oid, ...] = (
    IF_TYPE,
    *CISCO_TRUNK_ROW,
    *(column for group in COMMON_COLUMNS + CISCO_COLUMNS + QBRIDGE_COLUMNS for column in group),
    *(column for group in HOSTS_COLUMNS for column in group),
)
_COLUMN_LENGTHS = sorted({len(column) for column in ALL_COLUMNS}, reverse=True)
_COLUMN_SET = frozenset(ALL_COLUMNS)

# --- small pure helpers -----------------------------------------------------------------------


def portlist_ports(octets: bytes) -> list[int]:
    """The bridge ports set in a PortList: octet 0 bit 0x80 is port 1, bit 0x01 port 8, …"""
    ports: list[int] = []
    for offset, octet in enumerate(octets):
        if not octet:
            continue
        for bit in range(8):
            if octet & (0x80 >> bit):
                ports.append(offset * 8 + bit + 1)
    return ports


def cisco_bitmap_vlans(octets: bytes, first: int) -> list[int]:
    """The VLANs set in a Cisco VLAN bitmap whose first bit is VLAN ``first`` (0, 1024, 2048
    or 3072); only 1-4094 are VLANs."""
    return [first + p - 1 for p in portlist_ports(octets) if 1 <= first + p - 1 <= 4094]


def long_interface_name(if_name: str, if_descr: str = "") -> str:
    """``Gi1/0/1`` -> ``GigabitEthernet1/0/1`` (``interface_names``, the table the configuration
    parsers use). ifDescr wins when it is the long form of the same interface
    (``GigabitEthernet1/0/1``); names that are not abbreviations (ProCurve ``1``, ``A1``,
    ``Trk1``) are kept."""
    name = (if_name or if_descr).strip()
    shape = split_name(name)
    descr = split_name(if_descr) if if_descr.strip() else None
    if shape and descr and descr[1] == shape[1] and len(descr[0]) > len(shape[0]):
        return descr[0] + descr[1]
    return normalise(name)


def _text(value: Value | None) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace").replace("\x00", "").strip()
    if isinstance(value, int):
        return str(value)
    return ""


def _int(value: Value | None) -> int | None:
    return value if isinstance(value, int) else None


def _bytes(value: Value | None) -> bytes:
    return value if isinstance(value, bytes) else b""


# --- grouping the varbinds ----------------------------------------------------------------


@dataclass
class _Walk:
    scalars: dict[Oid, Value] = field(default_factory=dict)
    columns: dict[Oid, dict[Oid, Value]] = field(default_factory=dict)

    def column(self, oid: Oid) -> dict[Oid, Value]:
        return self.columns.get(oid, {})

    def by_int(self, oid: Oid) -> dict[int, Value]:
        """A column indexed by one integer (ifIndex, bridge port, VLAN id)."""
        return {index[0]: value for index, value in self.column(oid).items() if len(index) == 1}


def _group(varbinds: Iterable[VarBind]) -> _Walk:
    walk = _Walk()
    scalars = set(SYSTEM_SCALARS)
    for oid, value in varbinds:
        if oid in scalars:
            walk.scalars[oid] = value
            continue
        for length in _COLUMN_LENGTHS:
            column = oid[:length]
            if len(oid) > length and column in _COLUMN_SET:
                walk.columns.setdefault(column, {})[oid[length:]] = value
                break
    return walk


# --- the device -------------------------------------------------------------------------------


@dataclass
class DeviceFacts:
    """The facts of one device; ``missing`` lists fact kinds the walk could not give in full,
    ``warnings`` say why (one line each, naming the device)."""

    network: Network
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    hosts_read: bool = False  # a MAC address table (all VLANs) or LLDP neighbours were read


@dataclass
class _Interface:
    index: int
    name: str
    description: str
    if_type: int | None
    shutdown: bool
    oper_status: str


_VENDORS = {9: "cisco", 11: "hpe", 25506: "hpe", 47196: "hpe", 14823: "hpe", 2636: "juniper"}
_PLATFORMS = (
    ("comware", "comware"),
    ("procurve", "procurve"),
    ("arubaos-switch", "procurve"),
    ("nx-os", "nxos"),
    ("ios-xe", "ios"),
    ("ios xe", "ios"),
    ("cisco ios", "ios"),
)


def decode_device(
    varbinds: Iterable[VarBind],
    target: str,
    host: str = "",
    snmp: SnmpAccess | None = None,
) -> DeviceFacts:
    """Decode the walk of one device. ``target`` (``host:port``) names the device in messages
    and is its ``source``; ``host`` becomes the management address when it is an IP address;
    ``snmp`` records how the device was read (version, default community), never a secret."""
    walk = _group(varbinds)
    device = _device(walk, target, host, snmp)
    facts = DeviceFacts(network=Network(devices=[device]))
    interfaces = _interfaces(walk)
    label = f"{device.name} ({target})"
    if not interfaces:
        facts.warnings.append(f"{label}: no IF-MIB interface table")
        facts.missing += ["network.ports", "network.svis"]
    cisco = any(
        walk.column(c) for c in (TRUNK_DYNAMIC_STATE, TRUNK_DYNAMIC_STATUS, VM_VLAN, VTP_VLAN_NAME)
    )
    if cisco:
        _cisco(walk, device.name, interfaces, facts)
    elif walk.column(DOT1Q_VLAN_STATIC_EGRESS) or walk.column(DOT1Q_VLAN_STATIC_NAME):
        _qbridge(walk, device.name, interfaces, facts, label)
    else:
        facts.warnings.append(
            f"{label}: no VLAN table (neither Q-BRIDGE-MIB nor CISCO-VTP-MIB); "
            "its VLANs and ports are unknown"
        )
        facts.missing += ["network.vlans", "network.ports"]
    facts.network.svis = _svis(walk, device.name, interfaces, facts.network.vlans)
    facts.hosts_read = _hosts(walk, interfaces, facts.network.ports)
    facts.missing = list(dict.fromkeys(facts.missing))
    return facts


def _device(walk: _Walk, target: str, host: str, snmp: SnmpAccess | None) -> Device:
    sys_name = _text(walk.scalars.get(SYS_NAME))
    name = sys_name
    try:
        ipaddress.ip_address(sys_name)
    except ValueError:
        name = sys_name.split(".", 1)[0]
    descr = _text(walk.scalars.get(SYS_DESCR)).lower()
    object_id = walk.scalars.get(SYS_OBJECT_ID)
    vendor = ""
    enterprise = (1, 3, 6, 1, 4, 1)
    if isinstance(object_id, tuple) and object_id[:6] == enterprise and len(object_id) > 6:
        vendor = _VENDORS.get(object_id[6], "")
    platform = next((p for key, p in _PLATFORMS if key in descr), "")
    try:
        mgmt_ip = str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        mgmt_ip = ""
    return Device(
        name=name or target,
        vendor=vendor,
        mgmt_ip=mgmt_ip,
        location=_text(walk.scalars.get(SYS_LOCATION)),
        snmp=[snmp] if snmp else [],
        platform=platform,
        source=target,
    )


def _interfaces(walk: _Walk) -> dict[int, _Interface]:
    names = walk.by_int(IF_NAME)
    descrs = walk.by_int(IF_DESCR)
    aliases = walk.by_int(IF_ALIAS)
    types = walk.by_int(IF_TYPE)
    admin = walk.by_int(IF_ADMIN_STATUS)
    oper = walk.by_int(IF_OPER_STATUS)
    result: dict[int, _Interface] = {}
    for index in sorted(set(names) | set(descrs)):
        status = _int(oper.get(index))
        result[index] = _Interface(
            index=index,
            name=long_interface_name(_text(names.get(index)), _text(descrs.get(index))),
            description=_text(aliases.get(index)),
            if_type=_int(types.get(index)),
            shutdown=_int(admin.get(index)) == 2,
            oper_status="" if status is None else ("up" if status == 1 else "down"),
        )
    return result


def _port(device: str, interface: _Interface | None, fallback: str) -> Port:
    if interface is None:
        return Port(device=device, name=fallback)
    return Port(
        device=device,
        name=interface.name,
        description=interface.description,
        shutdown=interface.shutdown,
        oper_status=interface.oper_status,
    )


# --- Cisco ------------------------------------------------------------------------------------

_TRUNK_STATE_MODE = {1: PortMode.trunk, 2: PortMode.access, 3: PortMode.dynamic}
_TRUNK_STATE_MODE |= {4: PortMode.dynamic, 5: PortMode.trunk}


def _cisco(walk: _Walk, device: str, interfaces: dict[int, _Interface], facts: DeviceFacts) -> None:
    types = walk.column(VTP_VLAN_TYPE)
    for row, value in sorted(walk.column(VTP_VLAN_NAME).items()):
        vid = row[-1]
        if _int(types.get(row)) not in (None, 1) or not 1 <= vid <= 4094:
            continue  # FDDI / Token Ring defaults 1002-1005
        facts.network.vlans.append(Vlan(device=device, vlan_id=vid, name=_text(value)))
    state = walk.by_int(TRUNK_DYNAMIC_STATE)
    status = walk.by_int(TRUNK_DYNAMIC_STATUS)
    native = walk.by_int(TRUNK_NATIVE_VLAN)
    access = walk.by_int(VM_VLAN)
    voice = walk.by_int(VM_VOICE_VLAN)
    bitmaps = [
        (walk.by_int(column), first)
        for column, first in (
            (TRUNK_VLANS_ENABLED, 0),
            (TRUNK_VLANS_ENABLED_2K, 1024),
            (TRUNK_VLANS_ENABLED_3K, 2048),
            (TRUNK_VLANS_ENABLED_4K, 3072),
        )
    ]
    for index in sorted(set(state) | set(status) | set(access)):
        port = _port(device, interfaces.get(index), f"ifIndex {index}")
        configured = _int(state.get(index))
        if configured in _TRUNK_STATE_MODE:
            port.mode = _TRUNK_STATE_MODE[configured]
        else:
            port.mode = PortMode.trunk if _int(status.get(index)) == 1 else PortMode.access
        if port.mode is PortMode.trunk:
            port.native_vlan = _int(native.get(index))
            port.allowed_vlans = sorted(
                {vid for column, first in bitmaps for vid in _bitmap(column, index, first)}
            )
        else:
            port.access_vlan = _int(access.get(index))
        voice_vlan = _int(voice.get(index))
        if voice_vlan is not None and 1 <= voice_vlan <= 4094:
            port.voice_vlan = voice_vlan
        facts.network.ports.append(port)


def cisco_trunk_indexes(varbinds: Iterable[VarBind]) -> list[int]:
    """The ifIndexes of the Cisco ports that are trunks (same rule as the decoder)."""
    walk = _group(varbinds)
    state = walk.by_int(TRUNK_DYNAMIC_STATE)
    status = walk.by_int(TRUNK_DYNAMIC_STATUS)
    trunks = []
    for index in sorted(set(state) | set(status)):
        configured = _int(state.get(index))
        if configured in _TRUNK_STATE_MODE:
            if _TRUNK_STATE_MODE[configured] is PortMode.trunk:
                trunks.append(index)
        elif _int(status.get(index)) == 1:
            trunks.append(index)
    return trunks


def _bitmap(column: dict[int, Value], index: int, first: int) -> list[int]:
    return cisco_bitmap_vlans(_bytes(column.get(index)), first)


# --- IEEE 802.1Q (Q-BRIDGE-MIB) -----------------------------------------------------------------


def _qbridge(
    walk: _Walk,
    device: str,
    interfaces: dict[int, _Interface],
    facts: DeviceFacts,
    label: str,
) -> None:
    names = walk.by_int(DOT1Q_VLAN_STATIC_NAME)
    egress = {
        vid: set(portlist_ports(_bytes(v)))
        for vid, v in walk.by_int(DOT1Q_VLAN_STATIC_EGRESS).items()
    }
    untagged = {
        vid: set(portlist_ports(_bytes(v)))
        for vid, v in walk.by_int(DOT1Q_VLAN_STATIC_UNTAGGED).items()
    }
    for vid in sorted(set(names) | set(egress)):
        if 1 <= vid <= 4094:
            facts.network.vlans.append(Vlan(device=device, vlan_id=vid, name=_text(names.get(vid))))
    bridge_ports = {p: _int(v) for p, v in walk.by_int(DOT1D_BASE_PORT_IF_INDEX).items()}
    if not bridge_ports:
        facts.warnings.append(
            f"{label}: no BRIDGE-MIB port table (dot1dBasePortIfIndex); "
            "the VLANs of its ports are unknown"
        )
        facts.missing.append("network.ports")
        return
    pvids = walk.by_int(DOT1Q_PVID)
    for bridge_port in sorted(bridge_ports, key=lambda p: (bridge_ports[p] or 0, p)):
        if_index = bridge_ports[bridge_port]
        interface = interfaces.get(if_index) if if_index is not None else None
        port = _port(device, interface, f"bridge port {bridge_port}")
        member = sorted(v for v, ports in egress.items() if bridge_port in ports)
        plain = sorted(v for v, ports in untagged.items() if bridge_port in ports)
        pvid = _int(pvids.get(bridge_port))
        tagged = [v for v in member if v not in plain]
        if tagged or len(plain) > 1:  # untagged in several VLANs: Comware hybrid, a trunk too
            port.mode = PortMode.trunk
        if port.mode is PortMode.access:
            port.access_vlan = plain[0] if plain else None
        else:
            port.native_vlan = pvid if pvid in plain else (plain[0] if plain else None)
            port.allowed_vlans = sorted(set(member) | set(plain))
        facts.network.ports.append(port)


# --- who is on which port -----------------------------------------------------------------------

_LEARNED = (3, None)  # dot1dTpFdbStatus learned; no status column: take the entry


def mac_text(octets: bytes | tuple[int, ...]) -> str:
    """Six octets -> ``00:1a:2b:3c:4d:5e``."""
    return ":".join(f"{octet:02x}" for octet in octets)


def _hosts(walk: _Walk, interfaces: dict[int, _Interface], ports: list[Port]) -> bool:
    """Add the learned MAC addresses (of access ports: a trunk carries the addresses of a whole
    network behind it) and the LLDP neighbours' names to ``ports``. True when a MAC address table
    of every VLAN (Q-BRIDGE) or LLDP neighbours were read."""
    by_name = {port.name: port for port in ports}
    bridge = {p: _int(v) for p, v in walk.by_int(DOT1D_BASE_PORT_IF_INDEX).items()}

    def port_of(bridge_port: int) -> Port | None:
        if_index = bridge.get(bridge_port, bridge_port if not bridge else None)
        interface = interfaces.get(if_index) if if_index is not None else None
        return by_name.get(interface.name) if interface else None

    qbridge = walk.column(DOT1Q_TP_FDB_PORT)
    table, status = (
        (qbridge, walk.column(DOT1Q_TP_FDB_STATUS))
        if qbridge
        else (walk.column(DOT1D_TP_FDB_PORT), walk.column(DOT1D_TP_FDB_STATUS))
    )
    for index, value in sorted(table.items()):
        bridge_port = _int(value)
        if len(index) < 6 or bridge_port is None or _int(status.get(index)) not in _LEARNED:
            continue
        port = port_of(bridge_port)
        if port is not None and port.mode is not PortMode.trunk:
            mac = mac_text(index[-6:])
            if mac not in port.macs:
                port.macs.append(mac)
    neighbours = walk.column(LLDP_REM_SYS_NAME)
    for index, value in sorted(neighbours.items()):
        port = port_of(index[1]) if len(index) == 3 else None
        name = _text(value)
        if port is not None and name and name not in port.hosts:
            port.hosts.append(name)
    return bool(qbridge or neighbours)


# --- SVIs ---------------------------------------------------------------------------------------


def _svis(
    walk: _Walk, device: str, interfaces: dict[int, _Interface], vlans: list[Vlan]
) -> list[Svi]:
    by_vlan_name = {v.name.casefold(): v.vlan_id for v in vlans if v.name}
    addresses = _addresses(walk)
    svis: list[Svi] = []
    for index, interface in interfaces.items():
        vid = svi_vlan_id(interface.name)
        if vid is None and index in addresses:
            vid = by_vlan_name.get(interface.name.casefold())
        if vid is None:
            continue
        svis.append(
            Svi(
                device=device,
                vlan_id=vid,
                addresses=_sorted_addresses(addresses.get(index, [])),
                shutdown=interface.shutdown,
                name=interface.name,
                description=interface.description,
            )
        )
    return sorted(svis, key=lambda s: s.vlan_id)


def _sorted_addresses(cidrs: list[str]) -> list[str]:
    interfaces = sorted({ipaddress.ip_interface(c) for c in cidrs}, key=lambda i: (i.version, i))
    return [str(i) for i in interfaces]


def _addresses(walk: _Walk) -> dict[int, list[str]]:
    """ifIndex -> CIDR addresses, from ipAddressTable if the agent has it, else ipAddrTable."""
    result: dict[int, list[str]] = {}
    prefixes = walk.column(IP_ADDRESS_PREFIX)
    kinds = walk.column(IP_ADDRESS_TYPE)
    masks = walk.column(IP_AD_ENT_NET_MASK)
    for index, value in walk.column(IP_ADDRESS_IF_INDEX).items():
        if_index = _int(value)
        address = _inet_address(index)
        if if_index is None or address is None or _int(kinds.get(index)) not in (None, 1):
            continue  # not a unicast address
        if address.is_link_local:
            continue
        length = _prefix_length(prefixes.get(index), address, masks)
        result.setdefault(if_index, []).append(f"{address}/{length}")
    if result:
        return result
    for index, value in walk.column(IP_AD_ENT_IF_INDEX).items():
        if_index = _int(value)
        if if_index is None or len(index) != 4:
            continue
        dotted = ".".join(str(octet) for octet in index)
        mask = _bytes(masks.get(index))
        netmask = ".".join(str(octet) for octet in mask) if len(mask) == 4 else "255.255.255.255"
        cidr = ipaddress.ip_interface(f"{dotted}/{netmask}")
        result.setdefault(if_index, []).append(str(cidr))
    return result


_IP_ADDRESS_PREFIX_ENTRY = _O("1.3.6.1.2.1.4.32.1")


def _prefix_length(
    pointer: Value | None,
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
    masks: dict[Oid, Value],
) -> int:
    """The prefix length from an ipAddressPrefix RowPointer (its last arc); for a null pointer
    (``0.0``) the legacy ipAddrTable mask, else a host route."""
    if (
        isinstance(pointer, tuple)
        and pointer[: len(_IP_ADDRESS_PREFIX_ENTRY)] == _IP_ADDRESS_PREFIX_ENTRY
        and 0 <= pointer[-1] <= address.max_prefixlen
    ):
        return pointer[-1]
    mask = _bytes(masks.get(tuple(address.packed))) if address.version == 4 else b""
    if len(mask) == 4:
        return ipaddress.ip_network(f"0.0.0.0/{ipaddress.IPv4Address(mask)}").prefixlen
    return address.max_prefixlen


def _inet_address(index: Oid) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address in an ipAddressTable index: type (1 IPv4, 2 IPv6), length, octets."""
    if len(index) < 2 or index[0] not in (1, 2) or len(index) != 2 + index[1]:
        return None
    octets = bytes(index[2:])
    if index[0] == 1 and len(octets) == 4:
        return ipaddress.IPv4Address(octets)
    if index[0] == 2 and len(octets) == 16:
        return ipaddress.IPv6Address(octets)
    return None
