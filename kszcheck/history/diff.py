"""Compare two runs by finding key (rule id + subject); attach the result to an assessment. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from kszcheck.history.store import StoredFinding
from kszcheck.model.history import Baseline, ChangedFinding, ChangeSummary, TrendPoint
from kszcheck.model.results import Assessment

__all__ = ["ASSESSED_OUTCOMES", "annotate", "diff_findings", "stored_findings"]

#: Outcomes of a rule whose findings were really looked at in a run.
ASSESSED_OUTCOMES = frozenset({"pass", "fail", "waived"})


def stored_findings(assessment: Assessment) -> list[StoredFinding]:
    """The findings of an assessment as the history stores them."""
    out: list[StoredFinding] = []
    for result in assessment.results:
        for item in result.findings:
            out.append(
                StoredFinding(
                    key=item.key,
                    rule_id=result.rule_id,
                    subject=item.subject,
                    message=item.message,
                    severity=(item.severity or result.severity).value,
                    outcome=result.outcome.value,
                    waived=item.waived,
                )
            )
    return out


def _changed(item: StoredFinding) -> ChangedFinding:
    return ChangedFinding(
        key=item.key,
        rule_id=item.rule_id,
        subject=item.subject,
        severity=item.severity,
        message=item.message,
        waived=item.waived,
    )


def _unique(items: Iterable[StoredFinding]) -> dict[str, StoredFinding]:
    by_key: dict[str, StoredFinding] = {}
    for item in items:
        by_key.setdefault(item.key, item)
    return by_key


def diff_findings(
    old: Iterable[StoredFinding],
    new: Iterable[StoredFinding],
    new_outcomes: Mapping[str, str],
    *,
    previous_run: int | None,
    previous_evaluated_at: datetime | None = None,
    this_run: int | None = None,
) -> ChangeSummary:
    """New, resolved and unchanged findings from ``old`` to ``new``.

    A finding that disappeared is *resolved* only if its rule was assessed in the new run
    (pass, fail or waived); if the rule could not be assessed, it is *unverified*: fail closed.
    """
    before, after = _unique(old), _unique(new)
    order = sorted
    gone = [before[k] for k in order(before.keys() - after.keys())]
    return ChangeSummary(
        previous_run=previous_run,
        previous_evaluated_at=previous_evaluated_at,
        this_run=this_run,
        new=[_changed(after[k]) for k in order(after.keys() - before.keys())],
        resolved=[_changed(f) for f in gone if new_outcomes.get(f.rule_id) in ASSESSED_OUTCOMES],
        unverified=[
            _changed(f) for f in gone if new_outcomes.get(f.rule_id) not in ASSESSED_OUTCOMES
        ],
        unchanged=len(after.keys() & before.keys()),
    )


def annotate(
    assessment: Assessment,
    changes: ChangeSummary | None,
    trend: list[TrendPoint],
    first_seen: Mapping[str, date] | None = None,
) -> Assessment:
    """A copy of the assessment carrying the changes, the trend, each finding's baseline and,
    for a finding that earlier runs had too, the day it was first seen (``first_seen``: finding
    key -> day)."""
    if changes is None or changes.first_run:
        return assessment.model_copy(update={"changes": changes, "trend": trend})
    new_keys = {c.key for c in changes.new}
    first_seen = first_seen or {}
    results = [
        result.model_copy(
            update={
                "findings": [
                    f.model_copy(
                        update={
                            "baseline": Baseline.new if f.key in new_keys else Baseline.unchanged,
                            "first_seen": None if f.key in new_keys else first_seen.get(f.key),
                        }
                    )
                    for f in result.findings
                ]
            }
        )
        for result in assessment.results
    ]
    return assessment.model_copy(update={"changes": changes, "trend": trend, "results": results})
