"""A small line/indent reader shared by the dialect parsers, and what a parser returns.

A configuration is read as top-level *stanzas*: a line at column 0 and the indented lines under
it (one level is enough for the facts kszcheck needs). Comment and separator lines (``!``,
``#``, ``;``) and ProCurve's ``exit`` end a stanza. A line that starts a stanza by nature
(``interface …``) but is indented is re-anchored at the top level with a warning: real
configurations contain such lines, and folding them into the previous interface would lose a
port."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kszcheck.model.network import (
    AccessList,
    Device,
    Port,
    RoutedPort,
    Svi,
    TrunkGroup,
    UnrecognisedLine,
    Vlan,
    VtyAccess,
)

__all__ = ["Line", "Parsed", "Stanza", "detached", "redact", "stanzas"]


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    text: str  # without indentation and trailing blanks
    indent: int

    @property
    def words(self) -> list[str]:
        return self.text.split()


@dataclass
class Stanza:
    head: Line
    children: list[Line] = field(default_factory=list)


def stanzas(
    text: str,
    comments: tuple[str, ...] = ("!",),
    reanchor: tuple[str, ...] = ("interface ",),
    warnings: list[str] | None = None,
    source: str = "",
) -> list[Stanza]:
    """Split a configuration into top-level stanzas (see the module text)."""
    result: list[Stanza] = []
    current: Stanza | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.rstrip()
        body = stripped.lstrip(" \t")
        if not body:
            continue
        if body.startswith(comments):
            current = None
            continue
        indent = len(stripped) - len(body)
        line = Line(number, body, indent)
        if indent and body.lower().startswith(reanchor):
            if warnings is not None:
                warnings.append(
                    f"{source}:{number}: indented '{body}' read as a new stanza, not as part of "
                    "the one above"
                )
            indent = 0
        if body.lower() == "exit":
            current = None
            continue
        if indent == 0 or current is None:
            current = Stanza(line)
            result.append(current)
        else:
            current.children.append(line)
    return result


def detached(found: list[Stanza], index: int, belongs: Callable[[Line], bool]) -> list[Line]:
    """The lines at column 0 right after ``found[index]`` (a block head without children) that
    ``belongs`` says are sub-commands of it: a pasted CLI script (``interface range …`` followed
    by ``switchport mode access`` at column 0). Such a block is not understood: the caller
    records it and emits no facts for it, instead of the defaults of an empty block."""
    if found[index].children:
        return []
    lines: list[Line] = []
    for stanza in found[index + 1 :]:
        if stanza.children or not belongs(stanza.head):
            break
        lines.append(stanza.head)
    return lines


def redact(text: str) -> str:
    """An SNMP or credential line without its secret: only the first two words are kept."""
    words = text.split()
    return " ".join([*words[:2], "…"]) if len(words) > 2 else text


@dataclass
class Parsed:
    """The facts of one configuration file, before they are checked and merged."""

    device: Device
    vlans: dict[int, Vlan] = field(default_factory=dict)
    ports: dict[str, Port] = field(default_factory=dict)
    svis: dict[int, Svi] = field(default_factory=dict)
    routed: dict[str, RoutedPort] = field(default_factory=dict)
    acls: dict[str, AccessList] = field(default_factory=dict)
    trunk_groups: dict[str, TrunkGroup] = field(default_factory=dict)
    vty: list[VtyAccess] = field(default_factory=list)
    unrecognised: list[UnrecognisedLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def unknown(self, line: Line, area: str) -> None:
        """Record a line about ``area`` that was not understood (SNMP lines are redacted)."""
        text = redact(line.text) if area == "snmp" else line.text
        self.unrecognised.append(UnrecognisedLine(line=line.number, text=text, area=area))

    def vlan(self, vlan_id: int, line: int | None) -> Vlan:
        vlan = self.vlans.get(vlan_id)
        if vlan is None:
            vlan = self.vlans[vlan_id] = Vlan(
                device=self.device.name, vlan_id=vlan_id, source_line=line
            )
        return vlan

    def port(self, name: str, line: int | None) -> Port:
        port = self.ports.get(name)
        if port is None:
            port = self.ports[name] = Port(device=self.device.name, name=name, source_line=line)
        return port

    def routed_port(self, name: str, line: int | None) -> RoutedPort:
        routed = self.routed.get(name)
        if routed is None:
            routed = self.routed[name] = RoutedPort(
                device=self.device.name, name=name, source_line=line
            )
        return routed

    def join(self, member: str, group_name: str, line: int | None, protocol: str = "") -> None:
        """Make the port ``member`` a member of the link aggregation ``group_name``."""
        group = self.trunk_groups.get(group_name)
        if group is None:
            group = self.trunk_groups[group_name] = TrunkGroup(
                device=self.device.name, name=group_name, protocol=protocol, source_line=line
            )
        group.members.append(member)
        self.ports[member].trunk_group = group_name

    def svi(self, vlan_id: int, name: str, line: int | None) -> Svi:
        svi = self.svis.get(vlan_id)
        if svi is None:
            svi = self.svis[vlan_id] = Svi(
                device=self.device.name, vlan_id=vlan_id, name=name, source_line=line
            )
        return svi
