"""Problems: findings grouped by cause, one subject counted once, due dates from severity,
the site's deadlines and waivers (kszcheck.engine.problems, pure)."""

from __future__ import annotations

from datetime import date

from kszcheck.engine.problems import group_problems
from kszcheck.model.catalogue import Severity
from kszcheck.model.problems import ActionPlanSettings, DueBasis, Problem
from kszcheck.model.results import Finding, FindingKind, FindingWaiver, Outcome, RuleResult
from tests.report import lt, rule

TODAY = date(2026, 11, 22)
RULES = {
    "KSZ-PRV-004": rule(
        "KSZ-PRV-004",
        "privileged",
        "high",
        "ict_manager",
        messages={"not_protected": lt("{account} nl", "{account} en")},
    ),
    "KSZ-SRV-005": rule(
        "KSZ-SRV-005",
        "servers",
        "high",
        "ict_manager",
        messages={
            "patch_old": lt("{server} nl", "{server} en"),
            "declared_patch_not_observed": lt("{server} nl", "{server} en"),
        },
    ),
    "KSZ-NET-003": rule(
        "KSZ-NET-003",
        "network",
        "critical",
        "ict_manager",
        messages={"permits_all": lt("{device} nl", "{device} en")},
    ),
}


def gap(rule_id: str, subject: str, message: str, **args: str) -> Finding:
    return Finding(rule_id=rule_id, subject=subject, message=message, args=args)


def failed(rule_id: str, *findings: Finding, outcome: Outcome = Outcome.fail) -> RuleResult:
    return RuleResult(
        rule_id=rule_id, outcome=outcome, severity=Severity.high, findings=list(findings)
    )


def shape(problems: list[Problem]) -> list[tuple[str, str, list[tuple[str, str, list[str]]]]]:
    return [(p.id, p.noun, [(s.subject, s.name, s.findings) for s in p.subjects]) for p in problems]


def test_one_cause_is_one_problem_with_every_subject_it_concerns() -> None:
    result = failed(
        "KSZ-PRV-004",
        gap("KSZ-PRV-004", "adm.b:not-protected", "not_protected", account="adm.b"),
        gap("KSZ-PRV-004", "adm.a:not-protected", "not_protected", account="adm.a"),
    )
    problems = group_problems([result], RULES, TODAY)
    assert shape(problems) == [
        (
            "KSZ-PRV-004|not_protected",
            "account",
            [
                ("adm.a:not-protected", "adm.a", ["KSZ-PRV-004|adm.a:not-protected"]),
                ("adm.b:not-protected", "adm.b", ["KSZ-PRV-004|adm.b:not-protected"]),
            ],
        )
    ]
    assert (problems[0].severity, problems[0].owner) == (Severity.high, "ict_manager")
    assert (problems[0].due, problems[0].due_basis) == (date(2027, 2, 20), DueBasis.severity)


def test_a_declared_vs_observed_twin_counts_once_with_its_observed_finding() -> None:
    result = failed(
        "KSZ-SRV-005",
        gap("KSZ-SRV-005", "SRV-SOC01:patch", "patch_old", server="SRV-SOC01"),
        gap(
            "KSZ-SRV-005",
            "SRV-SOC01:patch:declared-vs-observed",
            "declared_patch_not_observed",
            server="SRV-SOC01",
        ),
        # a twin whose observed finding is absent stays a problem of its own
        gap(
            "KSZ-SRV-005",
            "SRV-X:patch:declared-vs-observed",
            "declared_patch_not_observed",
            server="SRV-X",
        ),
    )
    assert shape(group_problems([result], RULES, TODAY)) == [
        (
            "KSZ-SRV-005|declared_patch_not_observed",
            "server",
            [("SRV-X:patch", "SRV-X", ["KSZ-SRV-005|SRV-X:patch:declared-vs-observed"])],
        ),
        (
            "KSZ-SRV-005|patch_old",
            "server",
            [
                (
                    "SRV-SOC01:patch",
                    "SRV-SOC01",
                    [
                        "KSZ-SRV-005|SRV-SOC01:patch",
                        "KSZ-SRV-005|SRV-SOC01:patch:declared-vs-observed",
                    ],
                )
            ],
        ),
    ]


def test_subjects_with_the_same_name_are_shown_by_subject_and_counted_as_cases() -> None:
    result = failed(
        "KSZ-NET-003",
        gap("KSZ-NET-003", "gemeente:sdz", "permits_all", device="CORE-SW01"),
        gap("KSZ-NET-003", "guest:sdz", "permits_all", device="CORE-SW01"),
    )
    assert shape(group_problems([result], RULES, TODAY)) == [
        (
            "KSZ-NET-003|permits_all",
            "",
            [
                ("gemeente:sdz", "gemeente:sdz", ["KSZ-NET-003|gemeente:sdz"]),
                ("guest:sdz", "guest:sdz", ["KSZ-NET-003|guest:sdz"]),
            ],
        )
    ]


def test_not_recorded_findings_and_passed_rules_are_no_problem() -> None:
    unrecorded = Finding(
        rule_id="KSZ-PRV-004",
        subject="adm.c",
        message="not_recorded",
        args={"field": "owner"},
        kind=FindingKind.not_recorded,
    )
    results = [
        failed("KSZ-PRV-004", unrecorded, outcome=Outcome.not_assessed),
        failed("KSZ-SRV-005", outcome=Outcome.pass_),
    ]
    assert group_problems(results, RULES, TODAY) == []


def test_the_site_sets_the_days_per_severity() -> None:
    result = failed("KSZ-PRV-004", gap("KSZ-PRV-004", "adm.a", "not_protected", account="adm.a"))
    settings = ActionPlanSettings(due_days={Severity.high: 14})
    [problem] = group_problems([result], RULES, TODAY, settings)
    assert problem.due == date(2026, 12, 6)
    assert ActionPlanSettings().days_for(Severity.critical) == 30


def waiver(waiver_id: str, expires: date, expired: bool) -> FindingWaiver:
    return FindingWaiver(
        waiver_id=waiver_id,
        approved_by="Marleen Peeters",
        justification="migratie",
        expires=expires,
        expired=expired,
    )


def test_waivers_set_the_due_date() -> None:
    active = gap("KSZ-PRV-004", "adm.a", "not_protected", account="adm.a")
    lapsed = gap("KSZ-PRV-004", "adm.b", "not_protected", account="adm.b")
    active.waiver = waiver("W-1", date(2027, 6, 30), expired=False)
    lapsed.waiver = waiver("W-0", date(2026, 10, 1), expired=True)
    problems = group_problems([failed("KSZ-PRV-004", active, lapsed)], RULES, TODAY)
    assert [(p.id, p.waived, p.waivers, p.due, p.due_basis) for p in problems] == [
        # open: the expired waiver made it due on the day it expired
        (
            "KSZ-PRV-004|not_protected",
            False,
            ["W-0"],
            date(2026, 10, 1),
            DueBasis.waiver_expired,
        ),
        (
            "KSZ-PRV-004|not_protected|waived",
            True,
            ["W-1"],
            date(2027, 6, 30),
            DueBasis.waiver,
        ),
    ]


def test_the_days_count_from_the_day_the_history_first_saw_the_problem() -> None:
    old = gap("KSZ-PRV-004", "adm.a:not-protected", "not_protected", account="adm.a")
    older = old.model_copy(update={"first_seen": date(2026, 9, 1)})
    newer = gap("KSZ-PRV-004", "adm.b:not-protected", "not_protected", account="adm.b")
    newer = newer.model_copy(update={"first_seen": date(2026, 10, 15)})
    fresh = gap("KSZ-NET-003", "core:permits-all", "permits_all", device="core")
    problems = group_problems(
        [failed("KSZ-PRV-004", older, newer), failed("KSZ-NET-003", fresh)], RULES, TODAY
    )
    by_rule = {p.rule_id: p for p in problems}
    # high: 90 days from the oldest finding's first day, not from the scan
    assert by_rule["KSZ-PRV-004"].since == date(2026, 9, 1)
    assert by_rule["KSZ-PRV-004"].due == date(2026, 11, 30)
    assert by_rule["KSZ-PRV-004"].due_basis is DueBasis.severity
    # critical, first seen in this scan: 30 days from today
    assert by_rule["KSZ-NET-003"].since is None
    assert by_rule["KSZ-NET-003"].due == date(2026, 12, 22)
