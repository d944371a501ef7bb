"""The engine: missing facts are never a pass; waivers; parameters; the exit codes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime

import pytest

from kszcheck.analysis.facts import Facts
from kszcheck.checks.helpers import finding, not_recorded
from kszcheck.checks.registry import NotApplicable, Params
from kszcheck.engine import evaluate, evaluate_rule, resolve_params
from kszcheck.engine.availability import Availability
from kszcheck.model.catalogue import RuleMeta
from kszcheck.model.common import LocalizedText
from kszcheck.model.errors import InputError
from kszcheck.model.provenance import CollectionStatus, Provenance
from kszcheck.model.results import Finding, FindingKind, Outcome
from kszcheck.model.site import SiteProfile
from kszcheck.model.snapshot import Snapshot
from kszcheck.model.waivers import Waiver

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def _text(word: str) -> dict[str, str]:
    return {"nl": f"{word} (nl)", "en": f"{word} (en)"}


META = RuleMeta.model_validate(
    {
        "id": "KSZ-TST-001",
        "slug": "test-rule",
        "domain": "people",
        "title": _text("Titel"),
        "plain": _text("Plain"),
        "rationale": _text("Why"),
        "remediation": _text("Fix"),
        "severity": "high",
        "owner": "ict_manager",
        "sources": [{"ref": "test", "basis": "recommended_practice"}],
        "needs": ["directory.users", "records.people"],
        "params": {"limit": {"type": "int", "default": 2, "description": _text("limit")}},
        "messages": {"bad": {"nl": "{who} is fout", "en": "{who} is wrong"}},
    }
)


def _source(
    status: CollectionStatus,
    provides: list[str],
    missing: list[str] | None = None,
    reason: str = "",
) -> Provenance:
    return Provenance(
        source_id="src",
        collector="test",
        target="file.x",
        started=NOW,
        finished=NOW,
        status=status,
        provides=provides,
        missing=missing or [],
        reason=reason,
    )


def _facts() -> Facts:
    return Facts(Snapshot(), SiteProfile(name="t"), NOW)


def two_findings(facts: Facts, params: Params) -> Iterable[Finding]:
    yield finding("b-subject", "bad", who="B")
    yield finding("a-subject", "bad", who="A")


def no_findings(facts: Facts, params: Params) -> Iterable[Finding]:
    return []


BOTH = [_source(CollectionStatus.complete, ["directory.users", "records.people"])]


def _run(fn, sources, waivers=()):  # type: ignore[no-untyped-def]
    return evaluate_rule(META, fn, _facts(), Availability(sources), {"limit": 2}, list(waivers))


def test_all_facts_and_no_findings_is_a_pass() -> None:
    assert _run(no_findings, BOTH).outcome is Outcome.pass_


def test_findings_are_sorted_and_carry_the_rule_id() -> None:
    result = _run(two_findings, BOTH)
    assert result.outcome is Outcome.fail
    assert [(f.rule_id, f.subject) for f in result.findings] == [
        ("KSZ-TST-001", "a-subject"),
        ("KSZ-TST-001", "b-subject"),
    ]


@pytest.mark.parametrize(
    ("sources", "reason_en"),
    [
        ([], "no source provides 'directory.users'"),
        (
            [
                _source(
                    CollectionStatus.failed,
                    ["directory.users", "records.people"],
                    reason="file not found",
                )
            ],
            "source 'src' (file.x) failed: file not found",
        ),
        (
            [
                _source(
                    CollectionStatus.partial,
                    ["directory.users", "records.people"],
                    missing=["records.people"],
                    reason="truncated",
                )
            ],
            "source 'src' did not fully provide 'records.people': truncated",
        ),
    ],
)
def test_missing_facts_are_never_a_pass(sources: list[Provenance], reason_en: str) -> None:
    result = _run(no_findings, sources)
    assert result.outcome is Outcome.not_assessed
    assert result.reason is not None
    assert reason_en in result.reason.en
    assert result.reason.nl.startswith("Niet beoordeeld")


def test_a_crashing_check_is_not_assessed_not_a_pass() -> None:
    def broken(facts: Facts, params: Params) -> Iterable[Finding]:
        raise ZeroDivisionError("boom")

    result = _run(broken, BOTH)
    assert result.outcome is Outcome.not_assessed
    assert result.reason is not None and "ZeroDivisionError" in result.reason.en


def test_a_check_can_say_not_applicable() -> None:
    def not_here(facts: Facts, params: Params) -> Iterable[Finding]:
        raise NotApplicable(LocalizedText(nl="geen OCMW", en="no OCMW"))

    assert _run(not_here, BOTH).outcome is Outcome.not_applicable


def test_a_rule_without_check_is_not_assessed() -> None:
    assert _run(None, BOTH).outcome is Outcome.not_assessed


def _waiver(subjects: list[str], expires: date) -> Waiver:
    return Waiver(
        id="W1",
        rule="KSZ-TST-001",
        subjects=subjects,
        justification="accepted until the migration",
        approved_by="Directeur",
        start=date(2026, 1, 1),
        expires=expires,
    )


def test_waiver_covering_every_finding_waives_the_rule() -> None:
    result = _run(two_findings, BOTH, [_waiver(["*-subject"], date(2027, 1, 1))])
    assert result.outcome is Outcome.waived
    assert all(
        f.waiver is not None and f.waiver.approved_by == "Directeur" for f in result.findings
    )


def test_partial_waiver_keeps_the_rule_failed_and_findings_visible() -> None:
    result = _run(two_findings, BOTH, [_waiver(["a-subject"], date(2027, 1, 1))])
    assert result.outcome is Outcome.fail
    assert [(f.subject, f.waived) for f in result.findings] == [
        ("a-subject", True),
        ("b-subject", False),
    ]


def test_expired_waiver_is_a_failure_again() -> None:
    result = _run(two_findings, BOTH, [_waiver(["*"], date(2026, 10, 31))])
    assert result.outcome is Outcome.fail
    assert [f.waiver.expired for f in result.findings if f.waiver] == [True, True]


def test_resource_waiver_does_not_hide_other_access() -> None:
    """A waiver scoped to one share covers a person's access finding only when that share is
    all the finding concerns; access to another resource stays a failure, and its evidence
    says what the waiver accepts."""
    from kszcheck.engine.waivers import apply_waivers

    waiver = _waiver(["P021"], date(2027, 1, 1)).model_copy(
        update={"resources": ["\\\\SRV-FILE02\\Aanmeldingen$"], "legal_basis": "protocol 2025/7"}
    )
    only_share = Finding(
        rule_id="KSZ-TST-001",
        subject="P021",
        message="bad",
        resources=["\\\\srv-file02\\aanmeldingen$"],
    )
    also_group = only_share.model_copy(
        update={"resources": ["\\\\srv-file02\\aanmeldingen$", "GG_SD_Dossiers"]}
    )
    no_resources = only_share.model_copy(update={"resources": []})
    waived, kept, general = apply_waivers(
        [only_share, also_group, no_resources], [waiver], date(2026, 11, 22)
    )
    assert waived.waived
    assert not kept.waived
    assert kept.evidence == ["waiver W1 covers only: \\\\srv-file02\\aanmeldingen$"]
    assert not general.waived


def test_params_defaults_and_overrides() -> None:
    assert resolve_params(META, None) == {"limit": 2}
    assert resolve_params(META, {"limit": 7}) == {"limit": 7}
    with pytest.raises(ValueError, match="has no parameter 'limti'"):
        resolve_params(META, {"limti": 7})
    with pytest.raises(ValueError, match="expected int"):
        resolve_params(META, {"limit": "seven"})


@pytest.mark.parametrize(
    ("checks", "sources", "status", "code"),
    [
        ({"KSZ-TST-001": no_findings}, BOTH, "compliant", 0),
        ({"KSZ-TST-001": two_findings}, BOTH, "gaps", 3),
        ({"KSZ-TST-001": no_findings}, [], "incomplete", 4),
    ],
)
def test_summary_and_exit_codes(checks, sources, status, code) -> None:  # type: ignore[no-untyped-def]
    snapshot = Snapshot(sources=sources)
    assessment = evaluate(
        snapshot,
        SiteProfile(name="t"),
        {"KSZ-TST-001": META},
        checks,
        [],
        NOW,
        tool_version="t",
        catalogue_version="c",
    )
    assert (assessment.summary.status, assessment.summary.exit_code) == (status, code)


def test_gaps_and_not_assessed_together_exit_5() -> None:
    other = META.model_copy(update={"id": "KSZ-TST-002", "needs": ["network.svis"]})
    assessment = evaluate(
        Snapshot(sources=BOTH),
        SiteProfile(name="t"),
        {"KSZ-TST-001": META, "KSZ-TST-002": other},
        {"KSZ-TST-001": two_findings, "KSZ-TST-002": no_findings},
        [],
        NOW,
        tool_version="t",
        catalogue_version="c",
    )
    assert assessment.summary.exit_code == 5
    assert assessment.summary.score == 0.0
    assert assessment.summary.coverage == 0.5


def test_site_params_for_an_unknown_rule_name_the_site_file() -> None:
    site = SiteProfile(name="t", params={"KSZ-NOP-001": {"x": 1}})
    expected = re.escape("site.yaml: params: there is no rule 'KSZ-NOP-001'")
    with pytest.raises(InputError, match=expected):
        evaluate(
            Snapshot(),
            site,
            {"KSZ-TST-001": META},
            {},
            [],
            NOW,
            tool_version="t",
            catalogue_version="c",
        )


def _unrecorded(facts: Facts, params: Params) -> Iterable[Finding]:
    yield not_recorded("SRV-B:patch", "last_patched", ["servers.csv:3"])


def _unrecorded_and_gap(facts: Facts, params: Params) -> Iterable[Finding]:
    yield not_recorded("SRV-B:patch", "last_patched")
    yield finding("SRV-A", "bad", who="A")


def test_a_field_nobody_recorded_is_not_assessed_and_says_what_to_record() -> None:
    result = _run(_unrecorded, BOTH)
    assert result.outcome is Outcome.not_assessed
    assert [(f.subject, f.message, f.kind) for f in result.findings] == [
        ("SRV-B:patch", "not_recorded", FindingKind.not_recorded)
    ]
    assert result.reason is not None
    assert result.reason.en == (
        "Not assessed: 1 subject(s) lack a recorded value the rule judges; "
        "record: SRV-B:patch (last_patched)."
    )


def test_a_real_gap_fails_and_keeps_the_not_recorded_findings() -> None:
    result = _run(_unrecorded_and_gap, BOTH)
    assert result.outcome is Outcome.fail
    assert [(f.subject, f.kind) for f in result.findings] == [
        ("SRV-A", FindingKind.gap),
        ("SRV-B:patch", FindingKind.not_recorded),
    ]


def test_a_waiver_never_turns_not_recorded_into_waived() -> None:
    waiver = _waiver(["SRV-B:patch"], date(2027, 1, 1))
    result = _run(_unrecorded, BOTH, [waiver])
    assert result.outcome is Outcome.not_assessed
    assert result.findings[0].waiver is None
