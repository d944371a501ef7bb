"""Remediation snippets: the templates a rule writes (``fixes:`` in rule.yaml) and the snippets a
finding carries (``Finding.fixes``).

A template is written for one shell: PowerShell (the ActiveDirectory module and other Windows
cmdlets) or the configuration language of one switch dialect. Its lines hold placeholders filled
with the finding's own values, never with anything else:

* ``{name}``: the finding's argument ``name`` (``{subject}``: the finding's subject);
* ``{name.head}`` / ``{name.tail}``: the part before / after the ``:`` of that value
  (``ACC-SW01:4`` -> ``ACC-SW01`` / ``4``; a value without ``:`` is its own head and has no tail;
  a value with more than one ``:`` has no certain parts and gives no snippet);
* ``{name:kind}``: the value checked as a ``kind`` (below) before it is written;
* ``{{`` and ``}}``: a literal brace.

In PowerShell every value becomes one single-quoted literal (kind ``list``: a comma-separated
value becomes literals separated by commas), so a placeholder stands where a whole argument
stands. In a switch dialect a value is written as it is, and only when it is a valid identifier of
the kind for that dialect (``interface``, ``svi``, ``vlan``, ``acl``, ``ace``). The renderers are
in :mod:`kszcheck.fixes`; this module holds the grammar and checks a template against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from pydantic import Field, model_validator

from kszcheck.model.common import LocalizedText, Strict

__all__ = [
    "SHELL_KINDS",
    "SWITCH_SHELLS",
    "Fix",
    "FixTemplate",
    "Omission",
    "Placeholder",
    "Shell",
    "literal_text",
    "placeholders",
    "template_problems",
]


class Shell(StrEnum):
    """The language a snippet is written in."""

    powershell = "powershell"
    ios = "ios"  # Cisco IOS / IOS-XE
    procurve = "procurve"  # ArubaOS-Switch (HPE ProCurve)
    comware = "comware"  # HPE Comware (H3C)
    aruba_cx = "aruba-cx"  # AOS-CX

    @property
    def switch(self) -> bool:
        return self is not Shell.powershell


#: The switch dialects, named as ``Device.platform`` names them.
SWITCH_SHELLS: tuple[Shell, ...] = tuple(s for s in Shell if s.switch)

#: The kinds a placeholder may have in each shell ("" is a placeholder without a kind).
SHELL_KINDS: dict[Shell, frozenset[str]] = {
    Shell.powershell: frozenset({"", "list"}),
    **{s: frozenset({"interface", "svi", "vlan", "acl", "ace"}) for s in SWITCH_SHELLS},
}

#: The parts of a value a placeholder may take.
PARTS = ("head", "tail")

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_PLACEHOLDER = re.compile(r"^([a-z_]+)(?:\.([a-z]+))?(?::([a-z]+))?$")


@dataclass(frozen=True)
class Placeholder:
    """One ``{name.part:kind}`` of a template line, at ``start``..``end`` of the line."""

    name: str
    part: str
    kind: str
    start: int
    end: int


def placeholders(line: str) -> list[Placeholder]:
    """The placeholders of one template line; ValueError for a malformed one or a lone brace."""
    found: list[Placeholder] = []
    for match in _TOKEN.finditer(line):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        inner = match.group(1)
        parsed = _PLACEHOLDER.match(inner) if inner is not None else None
        if parsed is None:
            raise ValueError(
                f"'{token}' is not a placeholder {{name}}, {{name.part}} or {{name:kind}}"
            )
        name, part, kind = parsed.group(1), parsed.group(2) or "", parsed.group(3) or ""
        if part and part not in PARTS:
            raise ValueError(f"'{token}': the part is head or tail, not '{part}'")
        found.append(Placeholder(name, part, kind, match.start(), match.end()))
    return found


def literal_text(line: str) -> str:
    """A template line with its placeholders taken out and ``{{``/``}}`` made single braces."""
    return _TOKEN.sub(lambda m: m.group(0)[0] if m.group(0) in ("{{", "}}") else "", line)


#: What may stand right before / after a PowerShell placeholder: it is a whole argument.
_PS_BEFORE = " (,=@"
_PS_AFTER = " ),;"


def _powershell_problems(line: str, found: list[Placeholder]) -> list[str]:
    problems: list[str] = []
    for item in found:
        before = line[item.start - 1] if item.start else " "
        after = line[item.end] if item.end < len(line) else " "
        outside = literal_text(line[: item.start])
        if before not in _PS_BEFORE or after not in _PS_AFTER:
            problems.append(f"'{line[item.start : item.end]}' is not a whole argument")
        elif outside.count("'") % 2 or outside.count('"') % 2:
            problems.append(f"'{line[item.start : item.end]}' stands inside a quoted string")
    return problems


class FixTemplate(Strict):
    """A snippet a rule offers for the findings of some of its messages, in one shell."""

    #: The message keys of the findings this snippet is for.
    when: list[str] = Field(min_length=1)
    shell: Shell
    #: Switch dialects: the placeholder naming the device (``{device}``, ``{port.head}``); a
    #: comma-separated value names several devices, each gets its own snippet.
    device: str = ""
    lines: list[str] = Field(min_length=1)
    #: What the reader must know before using the snippet (shown beside it).
    note: LocalizedText | None = None

    @model_validator(mode="after")
    def _grammar(self) -> FixTemplate:
        problems = template_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def names(self) -> set[str]:
        """The finding values the template uses (``subject`` and argument names)."""
        lines = [*self.lines, self.device] if self.device else self.lines
        return {p.name for line in lines for p in placeholders(line)}


def template_problems(template: FixTemplate) -> list[str]:
    """What is wrong with a template by itself (the rule checks the names against its messages)."""
    problems: list[str] = []
    kinds = SHELL_KINDS[template.shell]
    for line in template.lines:
        if not line.isprintable() or not line.isascii():
            problems.append(f"line {line!r}: only printable ASCII is written in a template")
            continue
        try:
            found = placeholders(line)
        except ValueError as exc:
            problems.append(f"line {line!r}: {exc}")
            continue
        for item in found:
            if item.kind not in kinds:
                known = ", ".join(sorted(k for k in kinds if k)) or "none"
                problems.append(
                    f"line {line!r}: kind '{item.kind or '(none)'}' is not one of "
                    f"{template.shell.value} (kinds: {known})"
                )
        if template.shell is Shell.powershell:
            problems += [f"line {line!r}: {p}" for p in _powershell_problems(line, found)]
    if template.shell.switch:
        try:
            device = placeholders(template.device)
        except ValueError as exc:
            device, problems = [], [*problems, f"device: {exc}"]
        if len(device) != 1 or literal_text(template.device) or device[0].kind:
            problems.append("device: a switch snippet names its device with one {placeholder}")
    elif template.device:
        problems.append("device: only a switch snippet names a device")
    return problems


class Omission(StrEnum):
    """Why a finding carries no snippet of a template."""

    control_character = "control_character"  # a value holds a control or invisible character
    not_identifier = "not_identifier"  # a value is no valid identifier for the dialect
    missing_value = "missing_value"  # the finding lacks the value
    ambiguous_value = "ambiguous_value"  # a value split at ':' has more than one


class Fix(Strict):
    """A snippet of one finding, filled with its values; or why it was left out (``omitted``,
    with ``field``: the placeholder whose value was refused). kszcheck never runs it."""

    shell: Shell
    device: str = ""  # the switch it is for
    text: str = ""
    omitted: Omission | None = None
    field: str = ""
    note: LocalizedText | None = None
