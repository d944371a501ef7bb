"""Summarise rule results: counts, score, coverage, status and the exit code."""

from __future__ import annotations

from kszcheck.model.catalogue import Severity
from kszcheck.model.results import Outcome, RuleResult, Summary

__all__ = ["EXIT_CODES", "summarise"]

#: Exit codes, as documented in the README.
EXIT_CODES = {"compliant": 0, "gaps": 3, "incomplete": 4, "gaps_incomplete": 5}


def summarise(results: list[RuleResult]) -> Summary:
    counts = {o.value: 0 for o in Outcome}
    failed_by_severity = {s.value: 0 for s in Severity}
    for result in results:
        counts[result.outcome.value] += 1
        if result.outcome is Outcome.fail:
            failed_by_severity[result.severity.value] += 1
    passed = counts["pass"] + counts["waived"]
    assessed = passed + counts["fail"]
    applicable = len(results) - counts["not_applicable"]
    gaps = counts["fail"] > 0
    incomplete = counts["not_assessed"] + counts["manual"] > 0
    status = (
        "gaps_incomplete"
        if gaps and incomplete
        else "gaps"
        if gaps
        else "incomplete"
        if incomplete
        else "compliant"
    )
    return Summary(
        counts=counts,
        failed_by_severity=failed_by_severity,
        score=round(passed / assessed, 4) if assessed else None,
        coverage=round(assessed / applicable, 4) if applicable else 1.0,
        status=status,
        exit_code=EXIT_CODES[status],
    )
