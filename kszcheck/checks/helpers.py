"""The checks-support module: what rule modules share besides the analysis.

Rule modules (``CHECK_MODULES``) import ``kszcheck.analysis``, ``kszcheck.checks.registry`` and
this module, never each other (the import-linter ``independence`` contract). Rule packs use it
too (``from kszcheck.checks.helpers import finding``).

    finding(subject, message, evidence, **args)  a finding; the engine fills in the rule id
    evidence_at(facts, kind, line)               ``["servers.csv:12"]`` for a record of a fact
                                                 kind declared on ``line``, else ``[]``
    not_recorded(subject, field, evidence)       the subject lacks the field the rule judges
                                                 (not a gap, not a pass: not assessed)
    sdz_servers(facts)                           the inventory servers of the social-data zone,
                                                 sorted; NotApplicable(NO_SDZ_SERVERS) if none
"""

from __future__ import annotations

from kszcheck.analysis.facts import Facts
from kszcheck.checks.registry import NotApplicable
from kszcheck.model.inventory import Server
from kszcheck.model.results import NOT_RECORDED, ArgValue, Finding, FindingKind
from kszcheck.texts import text

__all__ = [
    "DECLARED_VS_OBSERVED",
    "NO_SDZ_SERVERS",
    "declared_not_observed",
    "evidence_at",
    "finding",
    "not_recorded",
    "sdz_servers",
]

NO_SDZ_SERVERS = text("checks.no_sdz_servers")


def finding(
    subject: str, message: str, evidence: list[str] | None = None, **args: ArgValue
) -> Finding:
    """Build a finding; the engine fills in the rule id."""
    return Finding(subject=subject, message=message, args=dict(args), evidence=evidence or [])


def not_recorded(
    subject: str, field: str, evidence: list[str] | None = None, **args: ArgValue
) -> Finding:
    """The subject lacks ``field``, which the rule judges: not a gap, not a pass. The subject
    counts as not assessed and the report says what to record (``field``, e.g. ``last_patched``
    in servers.csv)."""
    return Finding(
        subject=subject,
        message=NOT_RECORDED,
        args={"field": field, **args},
        evidence=evidence or [],
        kind=FindingKind.not_recorded,
    )


#: Subject suffix of a "declared ≠ observed" finding: what an inventory or record says differs
#: from what a system shows. Its message key starts with ``declared_`` and has the arguments
#: ``declared`` and ``observed`` (and ``source``: where it was observed).
DECLARED_VS_OBSERVED = "declared-vs-observed"


def declared_not_observed(
    subject: str, message: str, evidence: list[str], **args: ArgValue
) -> Finding:
    """A finding that a declaration disagrees with an observed fact (``<subject>:declared-vs-
    observed``); the evidence names both the declaration and where it was observed."""
    assert message.startswith("declared_"), message
    return finding(f"{subject}:{DECLARED_VS_OBSERVED}", message, evidence, **args)


def evidence_at(facts: Facts, kind: str, line: int | None, *, device: str = "") -> list[str]:
    """``file:line`` evidence for a fact of ``kind`` declared on ``line``, when known; with
    ``device``, the line of that network device's configuration file."""
    found = facts.locator(kind, line, device=device)
    return [found] if found else []


def sdz_servers(facts: Facts) -> list[Server]:
    """The inventory servers of the social-data zone, by name; NotApplicable when there are
    none."""
    servers = facts.zones.sdz_servers_in(facts.snapshot.inventory.servers)
    if not servers:
        raise NotApplicable(NO_SDZ_SERVERS)
    return servers
