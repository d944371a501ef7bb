"""Which configuration dialect a file is written in, from its content. Pure."""

from __future__ import annotations

import re

__all__ = ["DIALECTS", "VENDOR_ALIASES", "detect", "looks_binary"]

DIALECTS = ("ios", "procurve", "comware", "aruba-cx")

#: Values accepted for ``options.vendor`` in the site profile.
VENDOR_ALIASES = {
    "auto": "",
    "cisco": "ios",
    "ios": "ios",
    "ios-xe": "ios",
    "iosxe": "ios",
    "procurve": "procurve",
    "hpe-procurve": "procurve",
    "arubaos-switch": "procurve",
    "aruba": "procurve",
    "aruba-cx": "aruba-cx",
    "arubacx": "aruba-cx",
    "aos-cx": "aruba-cx",
    "aoscx": "aruba-cx",
    "comware": "comware",
    "hpe-comware": "comware",
    "h3c": "comware",
}

_M = re.M
_MI = re.M | re.I

#: Signs of each dialect with their weight: 2 for a line only that dialect writes (enough on its
#: own, so that a fragment without a header is recognised), 1 for a line it shares with others.
_SIGNS: dict[str, tuple[tuple[re.Pattern[str], int], ...]] = {
    "ios": (
        (re.compile(r"^hostname [^\"\s]+$", _M), 1),
        (re.compile(r"^\s+switchport (mode|access vlan|trunk)\b", _M), 2),
        (re.compile(r"^version \d+\.\d+", _M), 1),
        (re.compile(r"^!\s*$", _M), 1),
        (re.compile(r"^end\s*$", _M), 1),
        (re.compile(r"^line vty \d", _M), 1),
        (re.compile(r"^interface (GigabitEthernet|FastEthernet|TenGigabitEth|Vlan)\d", _MI), 1),
    ),
    "procurve": (
        (re.compile(r"^hostname \".*\"", _M), 1),
        (re.compile(r"^; \S+ Configuration Editor", _M), 2),
        (re.compile(r"^\s+(no )?(un)?tagged (\d+/)?[A-Z]?\d", _M), 2),
        (re.compile(r"^\s+exit\s*$", _M), 1),
        (re.compile(r"^trunk \S+ Trk\d+", _MI), 2),
        (re.compile(r"^module \d+ type ", _M), 1),
    ),
    "comware": (
        (re.compile(r"^sysname \S", _M), 2),
        (re.compile(r"^\s*port link-(type|mode) ", _M), 2),
        (re.compile(r"^\s*undo \S", _M), 1),
        (re.compile(r"^#\s*$", _M), 1),
        (re.compile(r"^return\s*$", _M), 1),
        (re.compile(r"^interface Vlan-interface\d", _M), 2),
        (re.compile(r"^ *port (access|trunk permit) vlan", _M), 2),
    ),
    "aruba-cx": (
        (re.compile(r"^!Version ArubaOS-CX", _M), 2),
        (re.compile(r"^interface \d+/\d+/\d+", _M), 2),
        (re.compile(r"^\s+vlan (access \d|trunk (allowed|native) )", _M), 2),
        (re.compile(r"^\s+apply access-list (ip|ipv6|mac) ", _M), 2),
        (re.compile(r"^access-list ip \S+\s*$", _M), 1),
        (re.compile(r"^\s+vrf attach ", _M), 1),
        (re.compile(r"^interface lag \d", _M), 1),
    ),
}


#: Not text: undecodable bytes and control characters other than CR, LF, tab and form feed.
_ODD = re.compile("[\ufffd\x00-\x08\x0b\x0e-\x1f]")


def looks_binary(data: bytes) -> bool:
    """True for content that is not a text configuration (NUL bytes or much non-text)."""
    if b"\x00" in data[:65536]:
        return True
    sample = data[:65536].decode("utf-8", errors="replace")
    if not sample:
        return False
    odd = len(_ODD.findall(sample))
    return odd > len(sample) // 20


def detect(text: str) -> str:
    """``ios``, ``procurve``, ``comware`` or ``aruba-cx``; ``""`` when no dialect is clearly
    recognised (signs weighing at least two, and more than those of any other dialect). A
    header is not needed: one line only a dialect writes is enough."""
    scores = {
        name: sum(weight for sign, weight in signs if sign.search(text))
        for name, signs in _SIGNS.items()
    }
    best = max(scores, key=lambda name: scores[name])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < 2 or ranked[0] == ranked[1]:
        return ""
    return best
