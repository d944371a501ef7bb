"""Apply waivers to findings: active ones waive, expired ones are shown but do not."""

from __future__ import annotations

from datetime import date

from kszcheck.model.results import Finding, FindingWaiver
from kszcheck.model.waivers import Waiver

__all__ = ["apply_waivers"]


def apply_waivers(findings: list[Finding], waivers: list[Waiver], today: date) -> list[Finding]:
    result: list[Finding] = []
    for item in findings:
        matching = [w for w in waivers if w.covers(item.rule_id, item.subject) and w.start <= today]
        if not matching:
            result.append(item)
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
