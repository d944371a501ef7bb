"""Apply waivers to findings: active ones waive, expired ones are shown but do not."""

from __future__ import annotations

from datetime import date

from kszcheck.model.results import Finding, FindingWaiver
from kszcheck.model.waivers import Waiver

__all__ = ["apply_waivers"]


def apply_waivers(findings: list[Finding], waivers: list[Waiver], today: date) -> list[Finding]:
    result: list[Finding] = []
    for item in findings:
        matching = [
            w
            for w in waivers
            if w.covers(item.rule_id, item.subject, item.resources) and w.start <= today
        ]
        if not matching:
            result.append(_partly_waived(item, waivers, today))
            continue
        # an active waiver wins over an expired one; among equals, the one that lasts longest
        best = max(matching, key=lambda w: (w.active_on(today), w.expires))
        note = FindingWaiver(
            waiver_id=best.id,
            approved_by=best.approved_by,
            justification=best.justification,
            expires=best.expires,
            expired=not best.active_on(today),
        )
        result.append(item.model_copy(update={"waiver": note}))
    return result


def _partly_waived(item: Finding, waivers: list[Waiver], today: date) -> Finding:
    """A finding that an active resource-scoped waiver covers only in part stays a failure;
    its evidence says which resources the waiver accepts, so the reader sees what is left."""
    notes = []
    for waiver in waivers:
        if not (
            waiver.resources
            and waiver.active_on(today)
            and waiver.matches(item.rule_id, item.subject)
        ):
            continue
        covered = [r for r in item.resources if waiver.covers_resource(r)]
        if covered:
            notes.append(f"waiver {waiver.id} covers only: {', '.join(covered)}")
    if not notes:
        return item
    return item.model_copy(update={"evidence": [*item.evidence, *notes]})
