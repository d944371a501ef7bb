"""Coverage of the norms: each requirement's result from its rules' outcomes and its answer.

Pure functions: the rule results, the answers and the evaluation day come in as arguments.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from kszcheck.analysis.dates import shift_months
from kszcheck.engine.availability import Availability
from kszcheck.model.answers import Answer, AnswerValue
from kszcheck.model.common import LocalizedText
from kszcheck.model.coverage import (
    ASSESSED,
    AnswerEvidence,
    NormCoverage,
    RequirementOutcome,
    RequirementResult,
)
from kszcheck.model.errors import InputError
from kszcheck.model.norms import Norm, NormRequirement, RequirementStatus
from kszcheck.model.results import Outcome, RuleResult
from kszcheck.model.snapshot import Snapshot
from kszcheck.texts import text

__all__ = [
    "answer_problems",
    "norm_coverage",
    "requirement_result",
    "run_coverage",
]

Reason = LocalizedText | None
_O = RequirementOutcome


def answer_problems(norms: Sequence[Norm], answers: Iterable[Answer]) -> list[tuple[Answer, str]]:
    """Answers that name no manual or partial requirement of a known norm, with the problem."""
    by_id = {norm.id: norm for norm in norms}
    problems: list[tuple[Answer, str]] = []
    for answer in answers:
        norm = by_id.get(answer.norm)
        if norm is None:
            known = ", ".join(sorted(by_id))
            problems.append((answer, f"answers: there is no norm '{answer.norm}' ({known})"))
            continue
        requirement = norm.requirement(answer.requirement)
        if requirement is None:
            problems.append(
                (answer, f"answers: norm {norm.id} has no requirement '{answer.requirement}'")
            )
        elif requirement.status is RequirementStatus.automated:
            rules = ", ".join(requirement.rules)
            problems.append(
                (
                    answer,
                    f"answers: {norm.id} {requirement.id} is automated (decided by {rules}); "
                    "only manual and partial requirements take an answer",
                )
            )
    return problems


def norm_coverage(
    norms: Sequence[Norm],
    results: Sequence[RuleResult],
    answers: Sequence[Answer],
    today: date,
    *,
    answers_missing: LocalizedText | None = None,
) -> list[NormCoverage]:
    """Coverage of every norm. ``answers_missing`` says why no answers could be read, if so."""
    outcomes = {r.rule_id: r.outcome for r in results}
    latest = _latest_answers(answers)
    coverage: list[NormCoverage] = []
    for norm in norms:
        items = [
            requirement_result(
                norm,
                requirement,
                outcomes,
                latest.get((norm.id, requirement.id)),
                today,
                answers_missing,
            )
            for requirement in norm.requirements
        ]
        by_status = {s.value: 0 for s in RequirementStatus}
        by_outcome = {o.value: 0 for o in RequirementOutcome}
        for item in items:
            by_status[item.status.value] += 1
            by_outcome[item.outcome.value] += 1
        coverage.append(
            NormCoverage(
                norm_id=norm.id,
                title=norm.title,
                version=norm.version,
                text_seen=norm.text_seen.value if norm.text_seen is not None else "",
                by_status=by_status,
                assessed=sum(1 for item in items if item.outcome in ASSESSED),
                by_outcome=by_outcome,
                requirements=items,
            )
        )
    return coverage


def _latest_answers(answers: Iterable[Answer]) -> dict[tuple[str, str], Answer]:
    latest: dict[tuple[str, str], Answer] = {}
    for answer in answers:
        key = (answer.norm, answer.requirement)
        current = latest.get(key)
        if current is None or answer.answered_on >= current.answered_on:
            latest[key] = answer
    return latest


def requirement_result(
    norm: Norm,
    requirement: NormRequirement,
    outcomes: Mapping[str, Outcome],
    answer: Answer | None,
    today: date,
    answers_missing: LocalizedText | None = None,
) -> RequirementResult:
    """One requirement: automated from its rules, manual from its answer, partial from both."""
    rules = {rule_id: _rule_outcome(outcomes, rule_id) for rule_id in requirement.rules}
    evidence = None
    if requirement.status is RequirementStatus.automated:
        outcome, reason = _from_rules(rules)
    else:
        evidence = _evidence(norm, requirement, answer, today)
        answered, answer_reason = _from_answer(evidence, answers_missing)
        if requirement.status is RequirementStatus.not_covered and evidence is None:
            answered, answer_reason = (
                _O.not_covered,
                text("coverage.not_covered"),
            )
        if requirement.status in (RequirementStatus.manual, RequirementStatus.not_covered):
            outcome, reason = answered, answer_reason
        else:
            outcome, reason = _combine(_from_rules(rules), (answered, answer_reason))
    return RequirementResult(
        requirement_id=requirement.id,
        title=requirement.title,
        chapter=requirement.chapter,
        status=requirement.status,
        level=requirement.level,
        key_measure=requirement.key_measure,
        outcome=outcome,
        rules=rules,
        answer=evidence,
        reason=reason,
        evidence_needed=norm.evidence_for(requirement),
    )


def _rule_outcome(outcomes: Mapping[str, Outcome], rule_id: str) -> str:
    outcome = outcomes.get(rule_id)
    return outcome.value if outcome is not None else "missing"


def _from_rules(rules: Mapping[str, str]) -> tuple[RequirementOutcome, Reason]:
    values = set(rules.values())
    missing = sorted(r for r, o in rules.items() if o == "missing")
    if "fail" in values:
        failed = ", ".join(sorted(r for r, o in rules.items() if o == "fail"))
        return _O.fail, text("coverage.gap_in", rules=failed)
    if missing:
        names = ", ".join(missing)
        return _O.not_assessed, text("coverage.rules_missing", rules=names)
    for outcome in (_O.not_assessed, _O.manual):
        if outcome.value in values:
            names = ", ".join(sorted(r for r, o in rules.items() if o == outcome.value))
            return outcome, text(f"coverage.rules_{outcome.value}", rules=names)
    if values == {"not_applicable"}:
        return _O.not_applicable, None
    if "waived" in values:
        return _O.waived, None
    return _O.pass_, None


def _evidence(
    norm: Norm, requirement: NormRequirement, answer: Answer | None, today: date
) -> AnswerEvidence | None:
    if answer is None:
        return None
    valid_until = shift_months(answer.answered_on, norm.validity_of(requirement))
    return AnswerEvidence(
        answer=answer.answer.value,
        evidence=answer.evidence,
        answered_on=answer.answered_on,
        answered_by=answer.answered_by,
        valid_until=valid_until,
        expired=today > valid_until,
        line=answer.line,
    )


def _from_answer(
    answer: AnswerEvidence | None, answers_missing: LocalizedText | None
) -> tuple[RequirementOutcome, Reason]:
    if answer is None:
        if answers_missing is not None:
            return _O.manual, answers_missing
        return _O.manual, text("coverage.no_answer")
    if answer.expired:
        return _O.manual, text(
            "coverage.evidence_expired", answered_on=answer.answered_on, until=answer.valid_until
        )
    if answer.answer == AnswerValue.yes.value:
        return _O.pass_, None
    return _O.fail, text(
        f"coverage.answered_{answer.answer}", by=answer.answered_by, on=answer.answered_on
    )


def _combine(
    rules: tuple[RequirementOutcome, Reason], answered: tuple[RequirementOutcome, Reason]
) -> tuple[RequirementOutcome, Reason]:
    """A partial requirement: its rules and its answer must both hold."""
    for outcome in (_O.fail, _O.not_assessed, _O.manual):
        for part in (rules, answered):
            if part[0] is outcome:
                return part
    if rules[0] is _O.not_applicable:
        return answered
    if rules[0] is _O.waived:
        return rules
    return _O.pass_, None


def run_coverage(
    norms: Sequence[Norm], results: Sequence[RuleResult], snapshot: Snapshot, today: date
) -> list[NormCoverage]:
    """Coverage for one run; an answer that names no answerable requirement is an input error."""
    if not norms:
        return []
    answers = snapshot.records.answers
    source = next((s for s in snapshot.sources if _ANSWERS in s.provides), None)
    problems = answer_problems(norms, answers)
    if problems:
        answer, problem = problems[0]
        raise InputError(source.target if source else "records", problem, answer.line)
    unread = Availability(snapshot.sources).problems_for([_ANSWERS])
    missing = None if unread is None else text("engine.answers_not_read", reason=unread)
    return norm_coverage(norms, results, answers, today, answers_missing=missing)


_ANSWERS = "records.answers"
