"""Values in switch configuration lines: written only when they are a valid identifier of their
kind for the dialect, so no value can add a line, a comment or a second command.

Kinds: ``interface`` (a port as the configuration names it), ``svi`` (the VLAN interface, given
as ``vlan31``, ``Vlan31``, ``Vlan-interface31`` or ``vlan 31`` and written as the dialect writes
it), ``vlan`` (1-4094), ``acl`` (an access-list name or number) and ``ace`` (one access-list
entry as the configuration has it: lower-case words, addresses and masks).
"""

from __future__ import annotations

import re

from kszcheck.model.fixes import Shell

__all__ = ["NotIdentifier", "identifier"]


class NotIdentifier(ValueError):
    """The value is not a valid identifier of its kind for the dialect."""


_SLOTTED = r"[A-Za-z][A-Za-z-]{0,40}\d{1,4}(?:/\d{1,4}){0,3}(?:[.:]\d{1,5})?"
_INTERFACE: dict[Shell, re.Pattern[str]] = {
    Shell.ios: re.compile(_SLOTTED, re.ASCII),
    Shell.comware: re.compile(_SLOTTED, re.ASCII),
    Shell.procurve: re.compile(r"(?:\d{1,2}/)?[A-Z]?\d{1,3}|Trk\d{1,3}", re.ASCII),
    Shell.aruba_cx: re.compile(r"\d{1,2}/\d{1,2}/\d{1,3}(?::\d)?|lag\d{1,4}|vlan\d{1,4}", re.ASCII),
}
_SVI = re.compile(r"vlan(?:-interface)? ?(\d{1,4})", re.IGNORECASE | re.ASCII)
_SVI_FORM = {
    Shell.ios: "Vlan{}",
    Shell.comware: "Vlan-interface{}",
    Shell.procurve: "vlan {}",
    Shell.aruba_cx: "vlan{}",
}
_VLAN = re.compile(r"[1-9]\d{0,3}", re.ASCII)
_ACL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,62}", re.ASCII)
_WORD = r"[a-z0-9][a-z0-9./:-]{0,42}"
_ACE = re.compile(rf"(?:rule \d{{1,5}} )?(?:permit|deny) {_WORD}(?: {_WORD}){{0,20}}", re.ASCII)


def identifier(value: str, kind: str, shell: Shell) -> str:
    """``value`` as the dialect writes an identifier of ``kind``; NotIdentifier if it is not one."""
    if kind == "interface":
        ok = _INTERFACE[shell].fullmatch(value) is not None
    elif kind == "svi":
        svi = _SVI.fullmatch(value)
        number = svi.group(1) if svi else ""
        if _VLAN.fullmatch(number) and int(number) <= 4094:
            return _SVI_FORM[shell].format(number)
        ok = False
    elif kind == "vlan":
        ok = _VLAN.fullmatch(value) is not None and int(value) <= 4094
    elif kind == "acl":
        ok = _ACL.fullmatch(value) is not None
    elif kind == "ace":
        ok = _ACE.fullmatch(value) is not None and (shell is Shell.comware) == value.startswith(
            "rule "
        )
    else:
        raise ValueError(f"unknown kind '{kind}'")
    if not ok:
        raise NotIdentifier(kind)
    return value
