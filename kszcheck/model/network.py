"""Network facts: devices, VLANs, ports, SVIs and ACLs, vendor-neutral."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from kszcheck.model.common import Strict

__all__ = [
    "AccessList",
    "AclEntry",
    "Device",
    "Network",
    "Port",
    "PortMode",
    "SnmpAccess",
    "Svi",
    "Vlan",
]


class SnmpAccess(Strict):
    """An SNMP access setting, without the secret itself."""

    version: str  # v1, v2c, v3
    access: str = "ro"  # ro, rw
    default_community: bool = False  # public / private
    acl: str = ""


class Device(Strict):
    name: str
    vendor: str = ""
    model: str = ""
    mgmt_ip: str = ""
    location: str = ""
    snmp: list[SnmpAccess] = Field(default_factory=list)
    mgmt_acl: str = ""


class Vlan(Strict):
    device: str
    vlan_id: int
    name: str = ""


class PortMode(StrEnum):
    access = "access"
    trunk = "trunk"
    dynamic = "dynamic"
    routed = "routed"


class Port(Strict):
    device: str
    name: str
    description: str = ""
    mode: PortMode = PortMode.access
    access_vlan: int | None = None
    voice_vlan: int | None = None
    native_vlan: int | None = None
    allowed_vlans: list[int] = Field(default_factory=list)
    shutdown: bool = False


class Svi(Strict):
    """A routed VLAN interface on a layer-3 device."""

    device: str
    vlan_id: int
    addresses: list[str] = Field(default_factory=list)  # CIDR, e.g. 10.20.0.1/24
    acl_in: str = ""
    acl_out: str = ""
    shutdown: bool = False


class AclEntry(Strict):
    action: str  # permit, deny, remark
    text: str


class AccessList(Strict):
    device: str
    name: str
    entries: list[AclEntry] = Field(default_factory=list)


class Network(Strict):
    devices: list[Device] = Field(default_factory=list)
    vlans: list[Vlan] = Field(default_factory=list)
    ports: list[Port] = Field(default_factory=list)
    svis: list[Svi] = Field(default_factory=list)
    acls: list[AccessList] = Field(default_factory=list)
