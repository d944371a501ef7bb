"""The one table of interface names, for configurations and SNMP alike, so that their port names
join: ``Gi1/0/1`` and ``GigabitEthernet 1/0/1`` -> ``GigabitEthernet1/0/1``; ``VLAN24`` ->
``Vlan24``; Comware ``GE1/0/1`` -> ``GigabitEthernet1/0/1``; SNMP ifName ``Vl10`` -> ``Vlan10``.
Names that are not abbreviations are kept: ProCurve ``1``, ``A1``, ``Trk1`` and, on a stack,
``1/A1``, ``2/49``; Aruba-CX ``1/1/1`` (member/slot/port) and ``lag1``. Pure functions."""

from __future__ import annotations

import re

__all__ = ["expand_range", "is_switch_port", "normalise", "split_name", "svi_vlan", "svi_vlan_id"]

#: Long names of switch ports (physical and aggregated), in the vendors' spelling.
_SWITCH_PORTS = (
    "FastEthernet",
    "GigabitEthernet",
    "TwoGigabitEthernet",
    "FiveGigabitEthernet",
    "TenGigabitEthernet",
    "Ten-GigabitEthernet",
    "TwentyFiveGigE",
    "FortyGigabitEthernet",
    "FortyGigE",
    "HundredGigE",
    "Ethernet",
    "Port-channel",
    "Bridge-Aggregation",
    "lag",  # Aruba-CX link aggregation (``interface lag 1``, ifName ``lag1``)
    "Trk",  # ProCurve trunk group
)
#: All long names we know.
_LONG = (
    *_SWITCH_PORTS,
    "Route-Aggregation",
    "Vlan-interface",
    "Vlan",
    "Loopback",
    "Tunnel",
    "Dialer",
    "Null",
    "AppGigabitEthernet",
    "M-GigabitEthernet",
)
#: Abbreviations that are not a plain prefix of one long name, or that are ambiguous.
_SHORT = {
    "fa": "FastEthernet",
    "gi": "GigabitEthernet",
    "ge": "GigabitEthernet",
    "tw": "TwoGigabitEthernet",
    "fi": "FiveGigabitEthernet",
    "te": "TenGigabitEthernet",
    "xge": "Ten-GigabitEthernet",
    "twe": "TwentyFiveGigE",
    "fo": "FortyGigabitEthernet",
    "fge": "FortyGigE",
    "hu": "HundredGigE",
    "hge": "HundredGigE",
    "eth": "Ethernet",
    "po": "Port-channel",
    "bagg": "Bridge-Aggregation",
    "ragg": "Route-Aggregation",
    "vl": "Vlan",
    "vlan": "Vlan",
    "vlanif": "Vlan-interface",
    "lo": "Loopback",
    "tu": "Tunnel",
}
_LOWER = {name.lower(): name for name in _LONG}
#: Ports named by numbers only: ProCurve ``12``, ``A1``, stacked ``1/A1``; Aruba-CX ``1/1/1``.
_NUMBERED_PORT = re.compile(r"^(?:\d+/){0,2}[A-Za-z]?\d+$")
_NAME = re.compile(r"^(?P<kind>[A-Za-z][A-Za-z-]*?)\s*(?P<number>\d[\d/.:]*)$")


def split_name(name: str) -> tuple[str, str] | None:
    """``GigabitEthernet 1/0/1`` -> (``GigabitEthernet``, ``1/0/1``); None without that shape."""
    match = _NAME.match(name.strip())
    return None if match is None else (match["kind"], match["number"])


def normalise(name: str) -> str:
    """The long form of an interface name; an unknown kind is returned with spaces removed.

    A kind is expanded when it is a long name, a known abbreviation, or (two letters or more) the
    prefix of exactly one long name; a one-letter kind is a ProCurve module letter (``A1``)."""
    parts = split_name(name)
    if parts is None:
        return name.strip()
    kind, number = parts
    low = kind.lower()
    long = _LOWER.get(low) or _SHORT.get(low)
    if long is None and len(low) > 1:
        candidates = [n for known, n in _LOWER.items() if known.startswith(low)]
        long = candidates[0] if len(candidates) == 1 else None
    return f"{long or kind}{number}"


def is_switch_port(name: str) -> bool:
    """True for Ethernet ports and aggregations (long form, or named by numbers only such as
    ``1/1/1`` and ``1/A1``), False for SVIs, loopbacks, …"""
    if _NUMBERED_PORT.match(name):
        return True
    match = _NAME.match(name)
    return match is not None and match["kind"] in _SWITCH_PORTS


def svi_vlan(name: str) -> int | None:
    """The VLAN id of an SVI name in long form (``Vlan10``, ``Vlan-interface10``), else None."""
    match = _NAME.match(name)
    if match is None or match["kind"] not in ("Vlan", "Vlan-interface"):
        return None
    return int(match["number"]) if match["number"].isdigit() else None


def svi_vlan_id(name: str) -> int | None:
    """The VLAN of a VLAN interface name in any spelling (``Vlan10``, ``Vl10``, ``VLAN 10``,
    ``Vlan-interface10``, ``Vlanif10``), else None; only 1-4094 is a VLAN."""
    vid = svi_vlan(normalise(name))
    return vid if vid is not None and 1 <= vid <= 4094 else None


#: The most interfaces one range may name: a damaged ``Gi1/0/1 - 99999999`` must not exhaust
#: the memory.
MAX_RANGE = 1024
_RANGE_PART = re.compile(r"^(?P<base>.*?)(?P<first>\d+)\s*(?:-\s*(?P<last>\d+))?$")


def expand_range(text: str) -> list[str]:
    """``Gi1/0/1 - 24, GigabitEthernet1/0/30-32`` -> the long names of every port. A part
    without a kind inherits the previous one (``Gi1/0/1 - 4, 1/0/8``). Raises ValueError."""
    names: list[str] = []
    kind = ""
    for raw in text.split(","):
        part = raw.strip()
        match = _RANGE_PART.match(part)
        if not part or match is None:
            raise ValueError(f"'{part}' is not an interface or interface range")
        base = match["base"].replace(" ", "")
        if base and base[0].isalpha():
            head = _NAME.match(base + match["first"])
            kind = head["kind"] if head else ""
        elif kind:
            base = kind + base
        else:
            raise ValueError(f"'{part}' names no interface type")
        first = int(match["first"])
        last = int(match["last"]) if match["last"] else first
        if last < first:
            raise ValueError(f"interface range '{part}' runs backwards")
        if last - first >= MAX_RANGE:
            raise ValueError(f"interface range '{part}' spans more than {MAX_RANGE} interfaces")
        names.extend(normalise(f"{base}{n}") for n in range(first, last + 1))
    return list(dict.fromkeys(names))
