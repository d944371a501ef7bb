"""The generated switch stacks (switch_stack.py) written as saved configurations: Cisco IOS for
the Cisco variant, HPE Comware for the Comware variant, as those systems write them."""

from __future__ import annotations

import ipaddress

from tests.peers.switch_stack import ALL, PortSpec, SwitchSpec


def render(spec: SwitchSpec) -> str:
    return render_ios(spec) if spec.variant == "cisco" else render_comware(spec)


def _mask(cidr: str) -> tuple[str, str]:
    iface = ipaddress.ip_interface(cidr)
    return str(iface.ip), str(iface.netmask)


def _ios_list(vlans: tuple[int, ...]) -> str:
    return ",".join(str(v) for v in vlans)


def render_ios(spec: SwitchSpec) -> str:
    lines = [
        "!",
        "version 17.12",
        "service timestamps debug datetime msec",
        "!",
        f"hostname {spec.hostname}",
        "!",
        f"ip domain name {spec.domain}",
        "!",
        "vtp mode transparent",
        "!",
    ]
    for vid, name in spec.vlans:
        if vid != 1:  # IOS never writes VLAN 1
            lines += [f"vlan {vid}", f" name {name}", "!"]
    for port in spec.ports:
        lines += [f"interface {spec.port_name(port)}", *_ios_port(port), "!"]
    for svi in spec.svis:
        lines.append(f"interface {spec.svi_name(svi.vlan)}")
        if svi.description:
            lines.append(f" description {svi.description}")
        address, mask = _mask(svi.addresses[0])
        lines.append(f" ip address {address} {mask}")
        for extra in svi.addresses[1:]:
            address, mask = _mask(extra)
            lines.append(f" ip address {address} {mask} secondary")
        if svi.shutdown:
            lines.append(" shutdown")
        lines.append("!")
    lines += ["line vty 0 4", " access-class 99 in", " transport input ssh", "!", "end", ""]
    return "\n".join(lines)


def _ios_port(port: PortSpec) -> list[str]:
    body = [f" description {port.description}"] if port.description else []
    if port.mode == "trunk":
        body.append(f" switchport trunk native vlan {port.native}")
        if port.allowed != ALL:
            body.append(f" switchport trunk allowed vlan {_ios_list(port.allowed)}")
        body.append(" switchport mode trunk")
    else:
        body += [f" switchport access vlan {port.vlan}", " switchport mode access"]
    if port.shutdown:
        body.append(" shutdown")
    return body


def render_comware(spec: SwitchSpec) -> str:
    lines = [
        "#",
        " version 7.1.070, Release 6635P07",
        "#",
        f" sysname {spec.hostname}",
        "#",
        " irf mac-address persistent timer",
        "#",
    ]
    for vid, name in spec.vlans:
        lines.append(f"vlan {vid}")
        if vid != 1:
            lines.append(f" name {name}")
        lines.append("#")
    for svi in spec.svis:
        lines.append(f"interface {spec.svi_name(svi.vlan)}")
        if svi.description:
            lines.append(f" description {svi.description}")
        address, mask = _mask(svi.addresses[0])
        lines.append(f" ip address {address} {mask}")
        for extra in svi.addresses[1:]:
            address, mask = _mask(extra)
            lines.append(f" ip address {address} {mask} sub")
        if svi.shutdown:
            lines.append(" shutdown")
        lines.append("#")
    for port in spec.ports:
        lines += [f"interface {spec.port_name(port)}", " port link-mode bridge"]
        if port.description:
            lines.append(f" description {port.description}")
        if port.shutdown:
            lines.append(" shutdown")
        if port.mode == "trunk":
            carried = spec.trunk_vlans(port)
            lines.append(" port link-type trunk")
            if 1 not in carried:
                lines.append(" undo port trunk permit vlan 1")
            lines.append(f" port trunk permit vlan {' '.join(str(v) for v in carried if v != 1)}")
            lines.append(f" port trunk pvid vlan {port.native}")
        else:
            lines.append(f" port access vlan {port.vlan}")
        lines.append("#")
    lines += ["line vty 0 63", " authentication-mode scheme", "#", "return", ""]
    return "\n".join(lines)
