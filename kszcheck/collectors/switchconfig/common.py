"""Pieces the dialect parsers share: ACL lines in Cisco syntax, addresses, SNMP defaults."""

from __future__ import annotations

import ipaddress

from kszcheck.collectors.switchconfig.lines import Line, Parsed
from kszcheck.model.network import AccessList, AclEntry

__all__ = [
    "DEFAULT_COMMUNITIES",
    "acl_entry",
    "cidr",
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
