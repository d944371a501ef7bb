"""Evaluate rules: availability of facts first, then the pure check, then waivers."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from kszcheck.analysis.facts import Facts
from kszcheck.checks.registry import CheckFn, NotApplicable, Params
from kszcheck.engine.availability import Availability
from kszcheck.engine.coverage import run_coverage
from kszcheck.engine.params import resolve_params
from kszcheck.engine.problems import group_problems
from kszcheck.engine.summary import summarise
from kszcheck.engine.views import build_views
from kszcheck.engine.waivers import apply_waivers
from kszcheck.fixes import result_with_fixes
from kszcheck.model.catalogue import RuleMeta, Severity
from kszcheck.model.common import LocalizedText
from kszcheck.model.errors import InputError
from kszcheck.model.norms import Norm
from kszcheck.model.results import Assessment, Finding, Outcome, RuleResult
from kszcheck.model.site import SiteProfile
from kszcheck.model.snapshot import Snapshot, paused_gc
from kszcheck.model.waivers import Waiver
from kszcheck.texts import not_assessed, text

__all__ = ["evaluate", "evaluate_rule"]


def evaluate_rule(
    meta: RuleMeta,
    fn: CheckFn | None,
    facts: Facts,
    availability: Availability,
    params: Mapping[str, Any],
    waivers: list[Waiver],
) -> RuleResult:
    """One rule's outcome. A rule whose facts are missing is never a pass."""
    if fn is None:
        return _without(
            meta,
            Outcome.not_assessed,
            not_assessed(text("engine.no_check")),
        )
    reason = availability.reason_for(meta.needs)
    if reason is not None:
        return _without(meta, Outcome.not_assessed, reason)
    try:
        raw = list(fn(facts, Params(params)))
    except NotApplicable as exc:
        return _without(meta, Outcome.not_applicable, exc.reason)
    except Exception as exc:  # noqa: BLE001 - a broken check fails closed, it does not vanish
        error = f"{type(exc).__name__}: {exc}"
        return _without(
            meta,
            Outcome.not_assessed,
            not_assessed(text("engine.check_error", error=error)),
        )
    findings = sorted(
        (f.model_copy(update={"rule_id": meta.id}) for f in raw),
        key=lambda f: (f.subject.lower(), f.message),
    )
    unknown = sorted({f.message for f in findings if f.recorded} - set(meta.messages))
    if unknown:
        return _without(
            meta,
            Outcome.not_assessed,
            not_assessed(text("engine.unknown_messages", messages=unknown)),
        )
    gaps = apply_waivers([f for f in findings if f.recorded], waivers, facts.today)
    unrecorded = [f for f in findings if not f.recorded]
    findings = sorted(gaps + unrecorded, key=lambda f: (f.subject.lower(), f.message))
    reason = None
    if any(not f.waived for f in gaps):
        outcome = Outcome.fail
    elif unrecorded:
        outcome, reason = Outcome.not_assessed, _unrecorded_reason(unrecorded)
    elif gaps:
        outcome = Outcome.waived
    else:
        outcome = Outcome.pass_
    return RuleResult(
        rule_id=meta.id,
        outcome=outcome,
        severity=_severity(meta, gaps),
        reason=reason,
        findings=findings,
    )


def _unrecorded_reason(findings: list[Finding]) -> LocalizedText:
    """Not assessed because subjects lack the fields the rule judges: say what to record."""
    shown = [f"{f.subject} ({f.args.get('field')})" for f in findings[:_LISTED]]
    more = len(findings) - len(shown)
    listed = ", ".join(shown)
    named = text("engine.listed_and_more", listed=listed, more=more) if more else listed
    return not_assessed(text("engine.unrecorded", count=len(findings), listed=named))


#: How many not-recorded subjects a reason names.
_LISTED = 5


def _without(meta: RuleMeta, outcome: Outcome, reason: LocalizedText) -> RuleResult:
    """A result without findings, with the reason why."""
    return RuleResult(rule_id=meta.id, outcome=outcome, severity=meta.severity, reason=reason)


def _severity(meta: RuleMeta, findings: list[Finding]) -> Severity:
    open_findings = [f for f in findings if not f.waived]
    severities = [f.severity or meta.severity for f in open_findings]
    return min(severities, key=lambda s: s.rank) if severities else meta.severity


@paused_gc()  # the views of a large estate are millions of small objects: see paused_gc
def evaluate(
    snapshot: Snapshot,
    site: SiteProfile,
    rules: Mapping[str, RuleMeta],
    checks: Mapping[str, CheckFn],
    waivers: list[Waiver],
    now: datetime,
    *,
    tool_version: str,
    catalogue_version: str,
    site_source: str = "site.yaml",
    norms: Sequence[Norm] = (),
    snapshot_hash: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Assessment:
    """Evaluate every rule on the snapshot. ``snapshot_hash``: the snapshot's content hash when
    the caller already has it (``Snapshot.content_hash`` dumps the whole snapshot);
    ``progress`` gets (rules evaluated, rules) after each rule."""
    facts = Facts(snapshot, site, now)
    availability = Availability(snapshot.sources)
    for rule_id in site.params:
        if rule_id not in rules:
            raise InputError(site_source, f"params: there is no rule '{rule_id}' in the catalogue")
    results: list[RuleResult] = []
    dialects = {d.name: d.platform for d in snapshot.network.devices}
    for rule_id in sorted(rules):
        meta = rules[rule_id]
        try:
            params = resolve_params(meta, site.params.get(rule_id))
        except ValueError as exc:
            raise InputError(site_source, f"params: {exc}") from None
        result = evaluate_rule(meta, checks.get(rule_id), facts, availability, params, waivers)
        results.append(result_with_fixes(result, meta, dialects))
        if progress is not None:
            progress(len(results), len(rules))
    organisations = (
        {"gemeente": site.organisations.gemeente.name, "ocmw": site.organisations.ocmw.name}
        if site.organisations
        else {}
    )
    return Assessment(
        tool_version=tool_version,
        catalogue_version=catalogue_version,
        snapshot_hash=snapshot_hash or snapshot.content_hash(),
        site_name=site.name,
        organisations=organisations,
        collected_at=snapshot.collected_at,
        evaluated_at=now,
        sources=snapshot.sources,
        rules=dict(rules),
        results=results,
        waivers=waivers,
        summary=summarise(results),
        norms=run_coverage(norms, results, snapshot, facts.today),
        views=build_views(facts),
        problems=group_problems(results, rules, facts.today, site.action_plan),
    )
