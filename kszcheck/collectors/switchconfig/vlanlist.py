"""VLAN and port lists as the three dialects write them, expanded and sorted. Pure functions;
a malformed list raises ValueError."""

from __future__ import annotations

import re

from kszcheck.model.network import ALL_VLANS

__all__ = ["comware_vlans", "ios_vlans", "procurve_ports"]


def _vid(token: str) -> int:
    value = int(token)
    if not 1 <= value <= 4094:
        raise ValueError(f"VLAN {value} is outside 1-4094")
    return value


def ios_vlans(text: str) -> list[int]:
    """``1-10,20,30-32`` (IOS, ProCurve) -> sorted ids; ``all`` -> 1-4094; ``none`` -> []."""
    text = text.strip().lower()
    if text == "all":
        return list(ALL_VLANS)
    if text == "none":
        return []
    found: set[int] = set()
    for part in text.replace(" ", "").split(","):
        if not part:
            raise ValueError(f"empty element in VLAN list '{text}'")
        low, sep, high = part.partition("-")
        first, last = _vid(low), _vid(high) if sep else _vid(low)
        if last < first:
            raise ValueError(f"VLAN range '{part}' runs backwards")
        found.update(range(first, last + 1))
    return sorted(found)


def comware_vlans(tokens: list[str]) -> list[int]:
    """``10 to 11 13 100 to 250`` (space-separated, ``to`` ranges) -> sorted ids; ``all``."""
    if [t.lower() for t in tokens] == ["all"]:
        return list(ALL_VLANS)
    if not tokens:
        raise ValueError("empty VLAN list")
    found: set[int] = set()
    index = 0
    while index < len(tokens):
        first = _vid(tokens[index])
        if index + 2 < len(tokens) and tokens[index + 1].lower() == "to":
            last = _vid(tokens[index + 2])
            if last < first:
                raise ValueError(f"VLAN range '{first} to {last}' runs backwards")
            found.update(range(first, last + 1))
            index += 3
        else:
            found.add(first)
            index += 1
    return sorted(found)


#: The most ports one range may name: a damaged ``1-99999999`` must not exhaust the memory.
MAX_RANGE = 1024
_PORT = re.compile(r"^(?:(?P<member>\d+)/)?(?P<prefix>[A-Za-z]*)(?P<number>\d+)$")


def procurve_ports(text: str) -> list[str]:
    """``1-10,12,A1-A4,Trk1-Trk2`` -> ``["1", …, "10", "12", "A1", …, "Trk2"]`` in list order,
    without duplicates. Module letters and the ``Trk`` prefix are kept as written (``trk1`` is
    written ``Trk1``). Ports of a stack (VSF, backplane stacking) carry the member number:
    ``1/1-1/24,2/A1`` -> ``["1/1", …, "1/24", "2/A1"]``; a range stays within one member."""
    ports: list[str] = []
    for part in text.strip().replace(" ", "").split(","):
        if not part:
            raise ValueError(f"empty element in port list '{text}'")
        low, sep, high = part.partition("-")
        start = _PORT.match(low)
        end = _PORT.match(high) if sep else start
        if start is None or end is None:
            raise ValueError(f"'{part}' is not a port or port range")
        member = f"{int(start['member'])}/" if start["member"] else ""
        prefix = member + _prefix(start["prefix"])
        end_member = f"{int(end['member'])}/" if end["member"] else ""
        if sep and not end["member"] and member:
            end_member = member  # 1/1-24: the member is written once
        if end_member + _prefix(end["prefix"]) != prefix:
            raise ValueError(f"port range '{part}' spans two modules or stack members")
        first, last = int(start["number"]), int(end["number"])
        if last < first:
            raise ValueError(f"port range '{part}' runs backwards")
        if last - first >= MAX_RANGE:
            raise ValueError(f"port range '{part}' spans more than {MAX_RANGE} ports")
        ports.extend(f"{prefix}{n}" for n in range(first, last + 1))
    return list(dict.fromkeys(ports))


def _prefix(prefix: str) -> str:
    return "Trk" if prefix.lower() == "trk" else prefix.upper()
