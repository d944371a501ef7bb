"""Small helpers shared by check functions."""

from __future__ import annotations

from kszcheck.model.results import NOT_RECORDED, ArgValue, Finding, FindingKind

__all__ = ["finding", "not_recorded"]


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
