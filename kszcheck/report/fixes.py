"""The snippets of a finding as the outputs show them: a label, the text or why it was left out,
and the template's note, in the report's language (texts ``fixes.*``, kszcheck's own templates:
``str.format`` only puts the values in, it never reads them as templates)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kszcheck.model.fixes import Fix

__all__ = ["FixView", "fix_properties", "fix_view"]


@dataclass(frozen=True)
class FixView:
    label: str  # "Cisco IOS on CORE-SW01", "PowerShell"
    shell: str
    text: str  # the snippet; empty when omitted
    omitted: str  # why there is no snippet, in the report's language
    note: str


def fix_view(fix: Fix, texts: Mapping[str, str], lang: str) -> FixView:
    shell = texts[f"fixes.shell.{fix.shell.value}"]
    label = texts["fixes.on_device"].format(shell=shell, device=fix.device)
    omitted = ""
    if fix.omitted is not None:
        omitted = texts[f"fixes.omitted.{fix.omitted.value}"].format(field=fix.field, shell=shell)
    return FixView(
        label=label if fix.device else shell,
        shell=fix.shell.value,
        text=fix.text,
        omitted=omitted,
        note=fix.note.get(lang) if fix.note is not None else "",
    )


def fix_properties(fix: Fix, texts: Mapping[str, str], lang: str) -> dict[str, Any]:
    """One snippet for a machine-read output (SARIF ``result.properties.fixes``)."""
    view = fix_view(fix, texts, lang)
    out: dict[str, Any] = {"shell": fix.shell.value}
    if fix.device:
        out["device"] = fix.device
    if fix.omitted is None:
        out["text"] = fix.text
    else:
        out.update(omitted=fix.omitted.value, field=fix.field, reason=view.omitted)
    if view.note:
        out["note"] = view.note
    return out
