"""The version helper, and the severities of the sub-checks of the governance and
people rules (the rule cases check subjects and messages; these check the severity overrides)."""

from __future__ import annotations

from pathlib import Path

from kszcheck.analysis.facts import Facts
from kszcheck.catalogue.cases import load_case
from kszcheck.checks.people import version_key
from kszcheck.checks.registry import registered
from kszcheck.engine.availability import Availability
from kszcheck.engine.evaluate import evaluate_rule
from kszcheck.engine.params import resolve_params
from kszcheck.model.catalogue import RuleMeta, Severity
from kszcheck.model.results import Finding
from kszcheck.model.yamlsource import load_yaml_text, validate_with_lines

RULES = Path(__file__).resolve().parents[2] / "rules"


def test_versions_compare_as_numbers() -> None:
    ordered = ["", "2019.1", "2019.2", "2024.1", "2024.2", "2024.10", "2024.10b"]
    assert sorted(reversed(ordered), key=version_key) == ordered
    assert version_key("V2024.1") == version_key("v2024.1")
    assert version_key("2024.1") < version_key("2024.1a")


def _findings(rule_dir: str, case: str) -> dict[str, Finding]:
    path = next(RULES.glob(f"*/{rule_dir}"))
    text = (path / "rule.yaml").read_text("utf-8")
    data, lines = load_yaml_text(text, str(path / "rule.yaml"))
    meta = validate_with_lines(RuleMeta, data, lines, str(path / "rule.yaml"))
    loaded, site, snapshot = load_case(path / "cases" / case, meta.needs)
    params = resolve_params(meta, loaded.params)
    result = evaluate_rule(
        meta,
        registered()[meta.id],
        Facts(snapshot, site, loaded.now),
        Availability(snapshot.sources),
        params,
        [],
    )
    return {f.subject: f for f in result.findings}


def _severities(rule_dir: str, case: str) -> dict[str, Severity | None]:
    return {subject: f.severity for subject, f in _findings(rule_dir, case).items()}


def test_consultant_findings_are_high_and_dpo_only_findings_medium() -> None:
    assert _severities("KSZ-GOV-002", "consultant-is-sysadmin.fail.yaml") == {
        "Lien Maes:not-linked": None,
        "P033:privileged": None,
        "P033:function": None,
        "P052:function": Severity.medium,
    }


def test_missing_agreement_clauses_alone_are_medium() -> None:
    assert _severities("KSZ-GOV-007", "clauses-missing.fail.yaml") == {
        "management_agreement:clauses": Severity.medium
    }


def test_procedure_clause_is_low_and_breaches_keep_the_rule_severity() -> None:
    assert _severities("KSZ-GOV-012", "gaps-in-handling.fail.yaml") == {
        "incident_register": None,
        "incident_procedure:notify_ksz": Severity.low,
        "INC-2026-004:notification": None,
        "INC-2026-005:notification": None,
    }


def test_missing_server_of_the_zone_is_high() -> None:
    assert _severities("KSZ-GOV-011", "servers-missing.fail.yaml") == {
        "SRV-SCAN01": None,
        "SRV-SD03": Severity.high,
    }


def test_evidence_points_at_the_records() -> None:
    found = _findings("KSZ-GOV-012", "gaps-in-handling.fail.yaml")
    assert found["INC-2026-004:notification"].evidence == ["gaps-in-handling.fail.yaml:41"]
    assert found["INC-2026-004:notification"].args == {
        "incident": "INC-2026-004",
        "detected": "2026-04-13",
        "notified": "2026-04-17",
        "days": 4,
        "hours": 72,
    }
    p033 = _findings("KSZ-GOV-002", "consultant-is-sysadmin.fail.yaml")["P033:privileged"]
    assert p033.evidence == [
        "consultant-is-sysadmin.fail.yaml:7",
        "CN=adm-tclaes,OU=Beheer,DC=stad,DC=local",
    ]
    assert p033.args == {
        "name": "Tom Claes",
        "accounts": "adm-tclaes",
        "groups": "Server Operators",
    }
