"""Which configuration dialect a file is written in, from its content. Pure."""

from __future__ import annotations

import re

__all__ = ["DIALECTS", "VENDOR_ALIASES", "detect", "looks_binary"]

DIALECTS = ("ios", "procurve", "comware")

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
    "comware": "comware",
    "hpe-comware": "comware",
    "h3c": "comware",
}

_SIGNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "ios": (
        re.compile(r"^hostname [^\"\s]+$", re.M),
        re.compile(r"^\s+switchport\b", re.M),
        re.compile(r"^version \d+\.\d+", re.M),
        re.compile(r"^!\s*$", re.M),
        re.compile(r"^end\s*$", re.M),
        re.compile(r"^line vty \d", re.M),
        re.compile(r"^interface (GigabitEthernet|FastEthernet|TenGigabitEth|Vlan)\d", re.M | re.I),
    ),
    "procurve": (
        re.compile(r"^hostname \".*\"", re.M),
        re.compile(r"^; \S+ Configuration Editor", re.M),
        re.compile(r"^\s+(no )?(un)?tagged [\dA-Z]", re.M),
        re.compile(r"^\s+exit\s*$", re.M),
        re.compile(r"^trunk \S+ Trk\d+", re.M),
        re.compile(r"^module \d+ type ", re.M),
    ),
    "comware": (
        re.compile(r"^sysname \S", re.M),
        re.compile(r"^\s*port link-type (access|trunk|hybrid)", re.M),
        re.compile(r"^\s*undo \S", re.M),
        re.compile(r"^#\s*$", re.M),
        re.compile(r"^return\s*$", re.M),
        re.compile(r"^interface Vlan-interface\d", re.M),
        re.compile(r"^ *port (access|trunk permit) vlan", re.M),
    ),
}


def looks_binary(data: bytes) -> bool:
    """True for content that is not a text configuration (NUL bytes or much non-text)."""
    if b"\x00" in data[:65536]:
        return True
    sample = data[:65536].decode("utf-8", errors="replace")
    if not sample:
        return False
    odd = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\r\n\t\f"))
    return odd > len(sample) // 20


def detect(text: str) -> str:
    """``ios``, ``procurve`` or ``comware``; ``""`` when no dialect is clearly recognised (at
    least two signs, and more than any other dialect)."""
    scores = {name: sum(1 for sign in signs if sign.search(text)) for name, signs in _SIGNS.items()}
    best = max(scores, key=lambda name: scores[name])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < 2 or ranked[0] == ranked[1]:
        return ""
    return best
