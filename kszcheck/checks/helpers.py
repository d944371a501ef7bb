"""Small helpers shared by check functions."""

from __future__ import annotations

from kszcheck.model.results import NOT_RECORDED, ArgValue, Finding, FindingKind

__all__ = ["DECLARED_VS_OBSERVED", "declared_not_observed", "finding", "not_recorded"]


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
