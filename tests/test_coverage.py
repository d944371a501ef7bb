"""Coverage of the norms: requirement results from rule outcomes and answers with evidence."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from kszcheck.engine.coverage import norm_coverage, requirement_result, run_coverage
from kszcheck.model.answers import Answer
from kszcheck.model.common import LocalizedText
from kszcheck.model.errors import InputError
from kszcheck.model.norms import Norm, NormRequirement
from kszcheck.model.provenance import CollectionStatus, Provenance
from kszcheck.model.records import Records
from kszcheck.model.results import Outcome, RuleResult
from kszcheck.model.snapshot import Snapshot

TODAY = date(2026, 6, 1)
EVIDENCE = LocalizedText(nl="Het plan met zijn datum.", en="The plan with its date.")


def _req(rid: str, status: str, rules: list[str], validity: int | None = None) -> NormRequirement:
    return NormRequirement(
        id=rid,
        title=LocalizedText(nl=f"Vereiste {rid}", en=f"Requirement {rid}"),
        status=status,
        rules=rules,
        evidence=None if status == "automated" else EVIDENCE,
        validity_months=validity,
    )


NORM = Norm(
    id="local",
    title=LocalizedText(nl="Lokaal", en="Local"),
    version="1",
    publisher="Gemeente",
    basis="norm_text",
    requirements=[
        _req("AUTO", "automated", ["KSZ-GOV-001", "KSZ-GOV-003"]),
        _req("MAN", "manual", []),
        _req("PART", "partial", ["KSZ-GOV-001"], validity=3),
    ],
)


def _answer(requirement: str, answer: str, day: date, line: int = 7) -> Answer:
    return Answer(
        norm="local",
        requirement=requirement,
        answer=answer,
        evidence="" if answer == "no" else "DMS-1",
        answered_on=day,
        answered_by="Eva Lambrecht",
        line=line,
    )


def _result(
    rid: str, outcomes: dict[str, Outcome], answer: Answer | None = None, today: date = TODAY
) -> tuple[str, str | None]:
    requirement = NORM.requirement(rid)
    assert requirement is not None
    item = requirement_result(NORM, requirement, outcomes, answer, today)
    return item.outcome.value, item.reason.en if item.reason else None


P, F, NA, NS = Outcome.pass_, Outcome.fail, Outcome.not_applicable, Outcome.not_assessed


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        ({"KSZ-GOV-001": P, "KSZ-GOV-003": P}, ("pass", None)),
        ({"KSZ-GOV-001": P, "KSZ-GOV-003": F}, ("fail", "Gap in KSZ-GOV-003.")),
        ({"KSZ-GOV-001": NS, "KSZ-GOV-003": F}, ("fail", "Gap in KSZ-GOV-003.")),
        ({"KSZ-GOV-001": P, "KSZ-GOV-003": NS}, ("not_assessed", "KSZ-GOV-003: not assessed.")),
        ({"KSZ-GOV-001": NA, "KSZ-GOV-003": NA}, ("not_applicable", None)),
        ({"KSZ-GOV-001": NA, "KSZ-GOV-003": P}, ("pass", None)),
        ({"KSZ-GOV-001": Outcome.waived, "KSZ-GOV-003": P}, ("waived", None)),
        (
            {"KSZ-GOV-001": P},
            ("not_assessed", "Rule(s) KSZ-GOV-003 not in the catalogue."),
        ),
    ],
)
def test_an_automated_requirement_follows_its_rules(
    outcomes: dict[str, Outcome], expected: tuple[str, str | None]
) -> None:
    assert _result("AUTO", outcomes) == expected


def test_a_manual_requirement_waits_until_answered_with_evidence() -> None:
    assert _result("MAN", {}) == ("manual", "No answer with evidence recorded yet.")
    assert _result("MAN", {}, _answer("MAN", "yes", date(2026, 2, 1))) == ("pass", None)
    assert _result("MAN", {}, _answer("MAN", "no", date(2026, 2, 1))) == (
        "fail",
        "Answered 'no' by Eva Lambrecht on 2026-02-01.",
    )
    assert _result("MAN", {}, _answer("MAN", "partial", date(2026, 2, 1)))[0] == "fail"


def test_evidence_older_than_its_validity_counts_as_missing() -> None:
    requirement = NORM.requirement("MAN")
    assert requirement is not None
    answer = _answer("MAN", "yes", date(2025, 5, 31))  # the norm's default: 12 months
    item = requirement_result(NORM, requirement, {}, answer, TODAY)
    assert item.outcome.value == "manual"
    assert item.answer is not None
    assert (item.answer.valid_until, item.answer.expired) == (date(2026, 5, 31), True)
    assert item.reason is not None
    assert (
        item.reason.en == "The evidence of 2025-05-31 expired on 2026-05-31; it counts as missing."
    )
    on_the_last_day = requirement_result(NORM, requirement, {}, answer, date(2026, 5, 31))
    assert on_the_last_day.outcome.value == "pass"


def test_a_partial_requirement_needs_its_rules_and_its_answer() -> None:
    fresh = _answer("PART", "yes", date(2026, 4, 1))  # valid 3 months, until 2026-07-01
    assert _result("PART", {"KSZ-GOV-001": P}, fresh) == ("pass", None)
    assert _result("PART", {"KSZ-GOV-001": F}, fresh) == ("fail", "Gap in KSZ-GOV-001.")
    assert _result("PART", {"KSZ-GOV-001": P})[0] == "manual"
    assert _result("PART", {"KSZ-GOV-001": NS}, fresh)[0] == "not_assessed"
    assert _result("PART", {"KSZ-GOV-001": NA}, fresh) == ("pass", None)
    stale = _answer("PART", "yes", date(2026, 2, 1))  # expired on 2026-05-01
    assert _result("PART", {"KSZ-GOV-001": P}, stale)[0] == "manual"


def test_the_latest_answer_counts_and_the_norm_is_counted() -> None:
    results = [
        RuleResult(rule_id="KSZ-GOV-001", outcome=P, severity="critical"),
        RuleResult(rule_id="KSZ-GOV-003", outcome=F, severity="high"),
    ]
    answers = [
        _answer("MAN", "yes", date(2026, 1, 10)),
        _answer("MAN", "no", date(2026, 3, 10)),
        _answer("PART", "yes", date(2026, 5, 1)),
    ]
    [coverage] = norm_coverage([NORM], results, answers, TODAY)
    assert [(i.requirement_id, i.outcome.value) for i in coverage.requirements] == [
        ("AUTO", "fail"),
        ("MAN", "fail"),
        ("PART", "pass"),
    ]
    assert coverage.by_status == {"automated": 1, "partial": 1, "manual": 1, "not_covered": 0}
    assert coverage.assessed == 3
    assert coverage.by_outcome["fail"] == 2 and coverage.by_outcome["pass"] == 1


def _snapshot(answers: list[Answer], status: CollectionStatus) -> Snapshot:
    moment = datetime(2026, 6, 1, tzinfo=UTC)
    source = Provenance(
        source_id="records",
        collector="records",
        target="records.yaml",
        started=moment,
        finished=moment,
        status=status,
        provides=["records.answers"],
        reason="file not found" if status is CollectionStatus.failed else "",
    )
    return Snapshot(sources=[source], records=Records(answers=answers))


def test_an_answer_to_an_unknown_or_automated_requirement_is_an_input_error() -> None:
    snapshot = _snapshot(
        [_answer("NOPE", "yes", date(2026, 1, 1), line=9)], CollectionStatus.complete
    )
    with pytest.raises(InputError) as caught:
        run_coverage([NORM], [], snapshot, TODAY)
    assert str(caught.value) == "records.yaml:9: answers: norm local has no requirement 'NOPE'"
    snapshot = _snapshot(
        [_answer("AUTO", "yes", date(2026, 1, 1), line=4)], CollectionStatus.complete
    )
    with pytest.raises(InputError, match=r"^records.yaml:4: answers: local AUTO is automated"):
        run_coverage([NORM], [], snapshot, TODAY)


def test_answers_that_could_not_be_read_leave_manual_requirements_manual() -> None:
    [coverage] = run_coverage([NORM], [], _snapshot([], CollectionStatus.failed), TODAY)
    manual = coverage.requirements[1]
    assert manual.outcome.value == "manual"
    assert manual.reason is not None
    assert (
        manual.reason.en
        == "Answers not read: source 'records' (records.yaml) failed: file not found."
    )


def test_an_answer_needs_evidence_unless_it_is_no() -> None:
    with pytest.raises(ValidationError, match="an answer 'yes' needs 'evidence'"):
        Answer(norm="x", requirement="y", answer="yes", answered_on=TODAY, answered_by="Eva")
    assert Answer(norm="x", requirement="y", answer=False, answered_on=TODAY, answered_by="Eva")
    assert (
        Answer.model_validate(
            {
                "norm": "x",
                "requirement": "y",
                "answer": True,
                "evidence": "DMS",
                "answered_on": TODAY,
                "answered_by": "Eva",
            }
        ).answer.value
        == "yes"
    )


# --- not covered: listed so the norm is whole; only an answer decides it ---

DEFAULT_EVIDENCE = LocalizedText(
    nl="De score uit de eigen zelfevaluatie.", en="The score from your own self-assessment."
)
WHOLE = Norm(
    id="local",
    title=LocalizedText(nl="Lokaal", en="Local"),
    version="1",
    publisher="Gemeente",
    basis="framework_mapping",
    text_seen="complete",
    default_evidence=DEFAULT_EVIDENCE,
    requirements=[
        _req("AUTO", "automated", ["KSZ-GOV-001"]),
        NormRequirement(
            id="REST", title=LocalizedText(nl="Niet gedekt", en="Not covered"), status="not_covered"
        ),
    ],
)
PASSED = [RuleResult(rule_id="KSZ-GOV-001", outcome=P, severity="critical")]


def test_a_not_covered_requirement_is_neither_assessed_nor_waiting_until_answered() -> None:
    [coverage] = norm_coverage([WHOLE], PASSED, [], TODAY)
    rest = coverage.requirements[1]
    assert (rest.outcome.value, rest.evidence_needed) == ("not_covered", DEFAULT_EVIDENCE)
    assert rest.reason is not None and rest.reason.en.startswith("Kszcheck does not assess")
    assert coverage.by_status == {"automated": 1, "partial": 0, "manual": 0, "not_covered": 1}
    assert (coverage.assessed, coverage.checked, coverage.text_seen) == (1, 1, "complete")


def test_an_answer_decides_a_not_covered_requirement() -> None:
    answer = _answer("REST", "yes", date(2026, 3, 1))
    [coverage] = norm_coverage([WHOLE], PASSED, [answer], TODAY)
    assert [r.outcome.value for r in coverage.requirements] == ["pass", "pass"]
    assert coverage.assessed == 2


def test_a_not_covered_requirement_lists_no_rules() -> None:
    with pytest.raises(ValidationError, match="lists no rules"):
        NormRequirement(
            id="X",
            title=LocalizedText(nl="X", en="X"),
            status="not_covered",
            rules=["KSZ-GOV-001"],
        )


def test_a_key_measure_below_its_level_is_refused() -> None:
    with pytest.raises(ValidationError, match="from its own level on"):
        NormRequirement(
            id="X",
            title=LocalizedText(nl="X", en="X"),
            status="not_covered",
            level="important",
            key_measure="basic",
        )


def test_a_norm_read_only_in_its_structure_is_not_norm_text() -> None:
    norm = Norm.model_validate(
        {**WHOLE.model_dump(exclude_none=True), "basis": "norm_text", "text_seen": "structure"}
    )
    assert [problem for _, problem in norm.problems()] == [
        "only the norm's structure was read: its basis is not norm_text (use recommended_practice)"
    ]
