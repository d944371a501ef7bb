"""Pieces the dialect parsers share: ACL lines in Cisco syntax, addresses, SNMP defaults."""

from __future__ import annotations

import ipaddress

from kszcheck.collectors.switchconfig.lines import Line, Parsed, Stanza
from kszcheck.model.network import AccessList, AclEntry

__all__ = [
    "DEFAULT_COMMUNITIES",
    "access_list",
    "acl_entry",
    "add_vlans",
    "cidr",
    "numbered_acl",
    "numbered_acl_kind",
    "unquote",
]

#: Community strings that are factory defaults or guessed first.
DEFAULT_COMMUNITIES = frozenset({"public", "private"})


def unquote(text: str) -> str:
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def cidr(address: str, mask: str | None) -> str:
    """``10.0.0.1 255.255.255.0`` or ``10.0.0.1/24`` -> ``10.0.0.1/24``; ValueError otherwise."""
    if mask is None:
        return str(ipaddress.IPv4Interface(address))
    return str(ipaddress.IPv4Interface(f"{address}/{mask}"))


def numbered_acl_kind(number: str) -> str:
    value = int(number)
    if 1 <= value <= 99 or 1300 <= value <= 1999:
        return "standard"
    if 100 <= value <= 199 or 2000 <= value <= 2699:
        return "extended"
    return ""


def acl_entry(parsed: Parsed, acl: AccessList, line: Line, words: list[str]) -> None:
    """Add ``[seq] permit|deny|remark …`` to ``acl``; anything else is an unrecognised line."""
    if words and words[0].isdigit():
        words = words[1:]
    if not words or words[0].lower() not in ("permit", "deny", "remark"):
        parsed.unknown(line, "acl")
        return
    action = words[0].lower()
    entry = AclEntry(action=action, text=" ".join(words[1:]), source_line=line.number)
    if action != "remark" and not entry.parsed:
        parsed.unknown(line, "acl")
    acl.entries.append(entry)


def access_list(parsed: Parsed, name: str, kind: str, line: Line) -> AccessList:
    acl = parsed.acls.get(name)
    if acl is None:
        acl = parsed.acls[name] = AccessList(
            device=parsed.device.name, name=name, kind=kind, source_line=line.number
        )
    return acl


def numbered_acl(parsed: Parsed, line: Line) -> None:
    """``access-list <number> permit|deny …`` (IOS and ProCurve write them alike)."""
    words = line.words
    if len(words) < 3 or not words[1].isdigit():
        parsed.unknown(line, "acl")
        return
    acl = access_list(parsed, words[1], numbered_acl_kind(words[1]), line)
    acl_entry(parsed, acl, line, words[2:])


def add_vlans(parsed: Parsed, stanza: Stanza, ids: list[int]) -> None:
    """Record the VLANs of a ``vlan`` stanza; its ``name`` applies only to a single VLAN."""
    name = ""
    for child in stanza.children:
        if child.words[0].lower() == "name" and len(child.words) >= 2:
            name = " ".join(child.words[1:])
    for vid in ids:
        vlan = parsed.vlan(vid, stanza.head.number)
        if name and len(ids) == 1:
            vlan.name = name
