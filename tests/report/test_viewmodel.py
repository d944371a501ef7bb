"""The view-model: plain data for one language, computed from the assessment alone."""

from __future__ import annotations

import pytest

from kszcheck.model.catalogue import Severity
from kszcheck.model.results import Finding, Outcome, RuleResult
from kszcheck.report.viewmodel import build_view, safe_format
from tests.report import (
    HOSTILE_DESCRIPTION,
    HOSTILE_NAME,
    finding,
    rule,
    sample_assessment,
    summary_for,
)

# --- safe_format


def test_safe_format_fills_known_placeholders() -> None:
    assert safe_format("{name} heeft {count} rechten", {"name": "jan", "count": 3}) == (
        "jan heeft 3 rechten"
    )


def test_safe_format_leaves_unknown_placeholders_visible() -> None:
    assert safe_format("{name} op {server}", {"name": "jan"}) == "jan op {server}"


def test_safe_format_never_evaluates_attributes_or_indexes() -> None:
    args = {"name": "jan"}
    assert safe_format("{name.__class__} {name[0]} {0}", args) == "{name.__class__} {name[0]} {0}"


def test_safe_format_keeps_a_malformed_template() -> None:
    assert safe_format("open { zonder sluiting", {"name": "jan"}) == "open { zonder sluiting"


def test_safe_format_applies_a_numeric_spec_and_ignores_a_bad_one() -> None:
    assert safe_format("{n:03d} {s:03d}", {"n": 7, "s": "x"}) == "007 x"


def test_safe_format_does_not_reformat_values() -> None:
    assert safe_format("{a}", {"a": "{b}", "b": "geheim"}) == "{b}"


# --- overall figures


def test_status_score_and_coverage_in_dutch() -> None:
    view = build_view(sample_assessment())
    assert view.lang == "nl"
    assert view.status_label == "Tekortkomingen, en onvolledig beoordeeld"
    assert view.status_sentence == (
        "Er zijn 2 problemen die moeten worden verholpen, waarvan 1 kritiek (2 van de 4 "
        "beoordeelde regels zijn niet in orde), en de beoordeling is onvolledig: 2 regels "
        "konden niet worden beoordeeld of wachten nog op bewijs."
    )
    assert (view.score, view.coverage) == ("50%", "66%")
    assert view.evaluated_on == "Toestand op 12 maart 2025"


def test_score_without_assessed_rules_is_shown_as_unknown() -> None:
    assessment = sample_assessment()
    assessment.summary = summary_for(assessment.results, "incomplete", score=None, coverage=0.0)
    view = build_view(assessment, "en")
    assert (view.score, view.score_known, view.coverage) == ("–", False, "0%")


@pytest.mark.parametrize(("share", "shown"), [(0.9996, "99%"), (0.29, "29%"), (1.0, "100%")])
def test_percentages_are_rounded_down(share: float, shown: str) -> None:
    assessment = sample_assessment()
    assessment.summary = summary_for(assessment.results, "gaps", score=share, coverage=share)
    view = build_view(assessment)
    assert (view.score, view.coverage) == (shown, shown)


def test_counts_by_outcome_and_failed_rules_by_severity() -> None:
    view = build_view(sample_assessment(), "en")
    assert [(c.key, c.label, c.count) for c in view.outcome_counts] == [
        ("fail", "not met", 2),
        ("waived", "waived", 1),
        ("pass", "met", 1),
        ("not_assessed", "not assessed", 1),
        ("manual", "awaiting evidence", 1),
        ("not_applicable", "not applicable", 1),
    ]
    assert [(c.key, c.label, c.count) for c in view.failed_by_severity] == [
        ("critical", "critical", 1),
        ("high", "high", 1),
        ("medium", "medium", 0),
        ("low", "low", 0),
    ]


# --- problems and the action plan


def test_first_page_lists_open_problems_with_who_acts_and_by_when() -> None:
    view = build_view(sample_assessment())
    assert [
        (p.rule_id, p.severity_label, p.count_text, p.owner_label, p.due, p.overdue)
        for p in view.first_problems
    ] == [
        ("KSZ-PRV-001", "kritiek", "1 account", "de ICT-verantwoordelijke", "11 april 2025", False),
        # the expired waiver W-OLD (31 December 2024) makes it due before its 90 days
        ("KSZ-PEO-001", "hoog", "2 personen", "de personeelsdienst", "31 december 2024", True),
    ]
    assert view.open_problems == 2
    assert view.open_findings == 3
    peo = view.first_problems[1]
    assert peo.statement == f"{HOSTILE_NAME} is niet in orde."
    assert peo.others_text == "Ook: CN=Oud Account,OU=ICT,DC=gem,DC=local."
    assert peo.due_note == "uitzondering W-OLD is verlopen"
    assert [(c.key, c.count) for c in view.problems_by_severity] == [
        ("critical", 1),
        ("high", 1),
        ("medium", 0),
        ("low", 0),
    ]


def test_waived_problems_are_due_when_their_waiver_expires() -> None:
    view = build_view(sample_assessment(), "en")
    waived = [(p.rule_id, p.due, p.due_note) for p in view.problems if p.waived]
    assert waived == [
        ("KSZ-PEO-001", "30 June 2026", "when waiver W-001 expires"),
        ("KSZ-LOG-001", "30 June 2026", "when waiver W-001 expires"),
    ]
    assert [p.number for p in view.problems] == [1, 2, 3, 4]


def test_the_first_page_lists_six_problems_and_points_to_the_plan() -> None:
    rules = {
        f"KSZ-NET-00{i}": rule(f"KSZ-NET-00{i}", "network", "medium", "ict_manager")
        for i in range(1, 9)
    }
    results = [
        RuleResult(
            rule_id=rule_id,
            outcome=Outcome.fail,
            severity=Severity.low if rule_id == "KSZ-NET-001" else Severity.medium,
            findings=[
                finding(rule_id, f"sw{n}:Gi1/0/{n}").model_copy(
                    update={"severity": Severity.low if rule_id == "KSZ-NET-001" else None}
                )
                for n in range(int(rule_id[-1]))
            ],
        )
        for rule_id in rules
    ]
    assessment = sample_assessment(
        rules=rules, results=results, waivers=[], summary=summary_for(results, "gaps")
    )
    view = build_view(assessment)
    # medium before low; among equals (same due date), the problem with more subjects first
    assert [p.rule_id for p in view.first_problems] == [
        "KSZ-NET-008",
        "KSZ-NET-007",
        "KSZ-NET-006",
        "KSZ-NET-005",
        "KSZ-NET-004",
        "KSZ-NET-003",
    ]
    assert view.first_problems[0].count_text == "8 personen"
    assert view.more_problems == (
        "Het actieplan verderop somt alle 8 problemen op, met wie moet handelen en tegen wanneer."
    )


# --- gaps by severity and domain


def test_failed_and_waived_rules_grouped_by_severity_then_domain() -> None:
    view = build_view(sample_assessment(), "en")
    layout = [
        (group.label, [(d.label, [r.rule_id for r in d.rules]) for d in group.domains])
        for group in view.gaps
    ]
    assert layout == [
        ("critical", [("Administrators and privileged accounts", ["KSZ-PRV-001"])]),
        ("high", [("People and confidentiality", ["KSZ-PEO-001"])]),
        ("medium", [("Logging and monitoring", ["KSZ-LOG-001"])]),
    ]


def test_findings_render_the_message_in_the_language_with_their_status() -> None:
    view = build_view(sample_assessment(), "en")
    peo = view.gaps[1].domains[0].rules[0]
    assert [(f.subject, f.message, f.status, f.status_text) for f in peo.findings_shown] == [
        (
            "CN=Eva Evil,OU=Users,DC=gem,DC=local",
            "<img src=x onerror=alert(1)> is not in order.",
            "open",
            "open",
        ),
        (
            "CN=Oud Account,OU=ICT,DC=gem,DC=local",
            "CN=Oud Account,OU=ICT,DC=gem,DC=local is not in order.",
            "expired",
            "waiver W-OLD expired on 31 December 2024 (approved by Jan Janssens): open again",
        ),
        (
            "CN=Helpdesk1,OU=ICT,DC=gem,DC=local",
            "CN=Helpdesk1,OU=ICT,DC=gem,DC=local is not in order.",
            "waived",
            "waiver W-001, approved by Marleen Peeters, valid until 30 June 2026",
        ),
    ]
    assert peo.findings_count_text == "2 open, 1 waived"
    assert [(s.ref, s.basis_label) for s in peo.sources] == [
        ("KSZ minimumnormen §3", "written in a KSZ or VTC text, or in law"),
        ("CyFun PR.AC-4", "mapped from a framework (such as CyFun or ISO 27001)"),
    ]


def test_unknown_placeholders_and_attribute_lookups_stay_visible_in_a_finding() -> None:
    view = build_view(sample_assessment())
    prv = view.gaps[0].domains[0].rules[0]
    assert prv.findings_shown[0].message == (
        f"adm.peeters heeft de beschrijving {HOSTILE_DESCRIPTION} {{unknown}} {{account.__class__}}"
    )


def test_argument_values_are_written_in_the_language() -> None:
    results = [
        RuleResult(
            rule_id="KSZ-NET-001",
            outcome=Outcome.fail,
            severity=Severity.low,
            findings=[
                Finding(
                    rule_id="KSZ-NET-001",
                    subject="sw1",
                    message="gap",
                    args={"name": True},
                ),
                Finding(rule_id="KSZ-NET-001", subject="sw2", message="gap", args={"name": None}),
                Finding(rule_id="KSZ-NET-001", subject="sw3", message="gap", args={"name": 0.5}),
            ],
        )
    ]
    assessment = sample_assessment(results=results, summary=summary_for(results, "gaps"))
    rule_view = build_view(assessment).gaps[0].domains[0].rules[0]
    assert [f.message for f in rule_view.findings_shown] == [
        "ja is niet in orde.",
        "— is niet in orde.",
        "0.5 is niet in orde.",
    ]


def test_many_findings_are_folded_after_the_first_ten() -> None:
    results = [
        RuleResult(
            rule_id="KSZ-NET-001",
            outcome=Outcome.fail,
            severity=Severity.low,
            findings=[finding("KSZ-NET-001", f"sw1:Gi1/0/{n:02d}") for n in range(1, 13)],
        )
    ]
    assessment = sample_assessment(results=results, summary=summary_for(results, "gaps"))
    rule_view = build_view(assessment, "en").gaps[0].domains[0].rules[0]
    assert [f.subject for f in rule_view.findings_folded] == ["sw1:Gi1/0/11", "sw1:Gi1/0/12"]
    assert rule_view.findings_shown[-1].subject == "sw1:Gi1/0/10"
    assert rule_view.findings_folded_text == "Show the other 2 findings"


def test_a_result_without_catalogue_entry_still_renders() -> None:
    results = [
        RuleResult(
            rule_id="KSZ-XYZ-009",
            outcome=Outcome.fail,
            severity=Severity.high,
            findings=[Finding(rule_id="KSZ-XYZ-009", subject="x", message="lost_message")],
        )
    ]
    assessment = sample_assessment(results=results, summary=summary_for(results, "gaps"))
    rule_view = build_view(assessment).gaps[0].domains[0].rules[0]
    assert (rule_view.title, rule_view.findings_shown[0].message) == ("KSZ-XYZ-009", "lost_message")


# --- the other sections


def test_not_assessed_and_manual_rules_carry_their_reason() -> None:
    view = build_view(sample_assessment())
    assert [(r.rule_id, r.outcome_label, r.reason) for r in view.incomplete] == [
        (
            "KSZ-SEP-001",
            "niet beoordeeld",
            "Niet beoordeeld: bron 'ad' (dc01.gem.local) is mislukt: time-out.",
        ),
        (
            "KSZ-GOV-001",
            "wacht op bewijs",
            "Dit is een organisatorische vereiste: leg het bewijs vast om ze te laten beoordelen.",
        ),
    ]
    assert [(r.rule_id, r.reason) for r in view.not_applicable] == [
        ("KSZ-REM-001", "Er is geen toegang op afstand ingericht.")
    ]
    assert [(r.rule_id, r.title, r.domain_label) for r in view.passed] == [
        ("KSZ-NET-001", "Titel KSZ-NET-001", "Netwerk")
    ]


def test_waivers_are_split_by_their_state_on_the_evaluation_day() -> None:
    view = build_view(sample_assessment())
    assert [(w.waiver_id, w.status_label, w.expires) for w in view.waivers_active] == [
        ("W-001", "geldig", "30 juni 2026")
    ]
    assert [(w.waiver_id, w.status_label, w.approved_by) for w in view.waivers_expired] == [
        ("W-OLD", "verlopen", "Jan Janssens")
    ]
    assert [(w.waiver_id, w.status_label, w.start) for w in view.waivers_pending] == [
        ("W-LATER", "nog niet ingegaan", "1 juni 2025")
    ]


def test_sources_with_their_collection_status() -> None:
    view = build_view(sample_assessment(), "en")
    assert [
        (s.source_id, s.status_label, s.missing, s.reason, s.warnings) for s in view.sources
    ] == [
        ("ad", "failed", (), "time-out", ()),
        (
            "switches",
            "partial",
            ("network.acls",),
            "",
            ("sw-core-02.cfg: 'interface Vlan99' has no ip address",),
        ),
    ]
    assert view.sources[0].finished == "12 March 2025, 13:02 UTC"


def test_run_metadata() -> None:
    meta = build_view(sample_assessment()).meta
    assert meta.site_name == "Gemeente en OCMW Zottegem-Éénhoven"
    assert meta.organisations == (("Gemeente", "Gemeente Éénhoven"), ("OCMW", "OCMW Éénhoven"))
    assert (meta.tool_version, meta.catalogue_version) == ("0.1.0", "0.1.0+abcdef123456")
    assert meta.snapshot_hash == "sha256:" + "ab" * 32
    assert meta.evaluated_at == "12 maart 2025, 14:05 UTC"
    assert meta.collected_at == "12 maart 2025, 13:00 UTC"
