"""Issue 12: at most 12 rules of the catalogue may rest on declarations alone — their ``needs``
name only ``records.*`` and ``inventory.*`` kinds (in every alternative). The rest read at
least one fact collected from a system. The list is exact, so moving a rule either way shows."""

from __future__ import annotations

from kszcheck.catalogue import load_catalogue
from kszcheck.model.provenance import alternatives, is_declared

#: Organisational requirements that no system holds: appointments, documents, questionnaires,
#: data-flow authorisations, incidents, declaration renewals, log reviews, and the approval of
#: supplier maintenance sessions (RMT-003 reads the Windows pack's local groups when it has them,
#: but needs the declared sessions and tools).
DECLARATIONS_ONLY = [
    "KSZ-GOV-001",
    "KSZ-GOV-003",
    "KSZ-GOV-004",
    "KSZ-GOV-005",
    "KSZ-GOV-006",
    "KSZ-GOV-007",
    "KSZ-GOV-008",
    "KSZ-GOV-010",
    "KSZ-GOV-012",
    "KSZ-LOG-005",
    "KSZ-PPL-003",
    "KSZ-RMT-003",
]


def _declared_only(needs: list[str]) -> bool:
    return all(is_declared(kind) for entry in needs for kind in alternatives(entry))


def test_at_most_twelve_rules_rest_on_declarations_alone() -> None:
    rules = load_catalogue().rules
    found = sorted(r.id for r in rules.values() if _declared_only(r.needs))
    assert found == DECLARATIONS_ONLY
    assert len(found) <= 12


def test_an_alternative_with_an_observed_kind_counts_as_observed() -> None:
    assert _declared_only(["inventory.servers", "records.audit_policies"])
    assert not _declared_only(["inventory.servers", "host.audit_policy | records.audit_policies"])
