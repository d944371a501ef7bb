"""A rule's framework references (CyFun, ISO/IEC 27001), derived from the norm files.

The norm files own which control a rule decides (``rules:`` of each requirement) and what is
worth knowing about that mapping (``notes:``, per rule); a rule.yaml does not state them again.
A norm contributes when it is a framework mapping with a ``citation`` (``CyFun 2025``): the
controls that list the rule become its sources, in the file's order, consecutive controls with
the same note joined in one reference (``CyFun 2025 PR.IR-01.1, PR.IR-01.2``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kszcheck.model.catalogue import Basis
from kszcheck.model.common import LocalizedText
from kszcheck.model.norms import Norm

__all__ = ["framework_sources"]


def framework_sources(rule_id: str, norms: Iterable[Norm]) -> list[dict[str, Any]]:
    """The rule's framework references as source entries of a rule.yaml (mappings)."""
    found: list[dict[str, Any]] = []
    for norm in norms:
        if norm.basis is not Basis.framework_mapping or not norm.citation:
            continue
        groups: list[tuple[LocalizedText | None, list[str]]] = []
        for requirement in norm.requirements:
            if rule_id not in requirement.rules:
                continue
            note = requirement.notes.get(rule_id)
            if groups and groups[-1][0] == note:
                groups[-1][1].append(requirement.id)
            else:
                groups.append((note, [requirement.id]))
        for note, ids in groups:
            entry: dict[str, Any] = {
                "ref": f"{norm.citation} {', '.join(ids)}",
                "basis": Basis.framework_mapping.value,
            }
            if note is not None:
                entry["note"] = note.model_dump()
            found.append(entry)
    return found
