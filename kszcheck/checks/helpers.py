"""Small helpers shared by check functions."""

from __future__ import annotations

from kszcheck.model.results import ArgValue, Finding

__all__ = ["finding"]


def finding(
    subject: str, message: str, evidence: list[str] | None = None, **args: ArgValue
) -> Finding:
    """Build a finding; the engine fills in the rule id."""
    return Finding(subject=subject, message=message, args=dict(args), evidence=evidence or [])
