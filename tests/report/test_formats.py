"""Machine formats: CSV, JUnit XML, SARIF 2.1.0 (validated against the official schema), and the
published JSON Schema of the assessment."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kszcheck.model.errors import InputError
from kszcheck.model.history import Baseline, ChangedFinding, ChangeSummary
from kszcheck.model.results import Assessment
from kszcheck.report.csv_ import CSV_COLUMNS, render_csv
from kszcheck.report.json_ import read_assessment, render_json
from kszcheck.report.junit import render_junit
from kszcheck.report.sarif import render_sarif
from kszcheck.report.schema import schema_text
from tests.report import HOSTILE_NAME, finding, sample_assessment

ROOT = Path(__file__).resolve().parents[2]
SARIF_SCHEMA = ROOT / "tests" / "schemas" / "sarif-2.1.0-rtm.5.json"
ASSESSMENT_SCHEMA = ROOT / "schema" / "assessment.schema.json"


def with_history(assessment: Assessment) -> Assessment:
    """The sample as a second run: Eva Evil is new, one finding resolved since the previous run."""
    new_key = "KSZ-PEO-001|CN=Eva Evil,OU=Users,DC=gem,DC=local"
    results = [
        r.model_copy(
            update={
                "findings": [
                    f.model_copy(
                        update={
                            "baseline": Baseline.new if f.key == new_key else Baseline.unchanged
                        }
                    )
                    for f in r.findings
                ]
            }
        )
        for r in assessment.results
    ]
    gone = ChangedFinding(
        key="KSZ-PRV-001|adm.oud", rule_id="KSZ-PRV-001", subject="adm.oud", severity="critical"
    )
    new = ChangedFinding(
        key=new_key,
        rule_id="KSZ-PEO-001",
        subject="CN=Eva Evil,OU=Users,DC=gem,DC=local",
        severity="high",
    )
    changes = ChangeSummary(previous_run=1, this_run=2, new=[new], resolved=[gone], unchanged=4)
    return assessment.model_copy(update={"results": results, "changes": changes})


# --- CSV


def csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_has_one_row_per_finding_with_a_bom_and_semicolons() -> None:
    text = render_csv(sample_assessment(), "en")
    assert text.splitlines()[0] == "\ufeff" + ";".join(CSV_COLUMNS)
    rows = csv_rows(text)
    assert [(r["rule_id"], r["subject"], r["status"]) for r in rows] == [
        ("KSZ-PEO-001", "CN=Eva Evil,OU=Users,DC=gem,DC=local", "open"),
        ("KSZ-PEO-001", "CN=Helpdesk1,OU=ICT,DC=gem,DC=local", "waived"),
        ("KSZ-PEO-001", "CN=Oud Account,OU=ICT,DC=gem,DC=local", "expired"),
        ("KSZ-PRV-001", "adm.peeters", "open"),
        ("KSZ-LOG-001", "srv-sd01", "waived"),
    ]
    assert rows[0]["message"] == f"{HOSTILE_NAME} is not in order."
    assert rows[1]["waiver_id"] == "W-001" and rows[1]["waiver_expires"] == "2026-06-30"


def test_csv_never_starts_a_cell_with_a_formula() -> None:
    assessment = sample_assessment()
    hostile = finding("KSZ-PEO-001", '=HYPERLINK("http://x")', name="@SUM(1)")
    results = [
        r.model_copy(update={"findings": [hostile]}) if r.rule_id == "KSZ-PEO-001" else r
        for r in assessment.results
    ]
    rows = csv_rows(render_csv(assessment.model_copy(update={"results": results}), "nl"))
    assert rows[0]["subject"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["message"] == "'@SUM(1) is niet in orde."


def test_csv_carries_the_baseline() -> None:
    rows = csv_rows(render_csv(with_history(sample_assessment()), "en"))
    assert [r["baseline"] for r in rows] == [
        "new",
        "unchanged",
        "unchanged",
        "unchanged",
        "unchanged",
    ]


# --- JUnit


def test_junit_one_case_per_rule_failures_and_skips() -> None:
    root = ET.fromstring(render_junit(sample_assessment(), "en"))
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("7", "2", "3")
    cases = {c.get("name", "").split()[0]: c for c in root.iter("testcase")}
    failure = cases["KSZ-PEO-001"].find("failure")
    assert failure is not None and failure.get("message") == "2 open finding(s)"
    assert f"{HOSTILE_NAME} is not in order." in (failure.text or "")
    skipped = cases["KSZ-SEP-001"].find("skipped")
    assert skipped is not None
    assert skipped.get("message") == "Not assessed: source 'ad' (dc01.gem.local) failed: time-out."
    assert cases["KSZ-GOV-001"].find("skipped") is not None
    assert cases["KSZ-REM-001"].find("skipped") is not None
    assert list(cases["KSZ-NET-001"]) == [] and list(cases["KSZ-LOG-001"]) == []


def test_junit_survives_control_characters_in_ad_text() -> None:
    assessment = sample_assessment()
    bad = finding("KSZ-PEO-001", "evil\x01name", name="x\x0by")
    results = [
        r.model_copy(update={"findings": [bad]}) if r.rule_id == "KSZ-PEO-001" else r
        for r in assessment.results
    ]
    root = ET.fromstring(render_junit(assessment.model_copy(update={"results": results})))
    failure = next(root.iter("failure"))
    assert "evil\ufffdname" in (failure.text or "")


# --- SARIF


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    return jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text("utf-8")))


def sarif(assessment: Assessment, lang: str = "en") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render_sarif(assessment, lang))
    return data


def test_sarif_validates_against_the_2_1_0_schema(
    sarif_validator: jsonschema.Draft4Validator,
) -> None:
    for assessment in (sample_assessment(), with_history(sample_assessment())):
        for lang in ("nl", "en"):
            errors = [e.message for e in sarif_validator.iter_errors(sarif(assessment, lang))]
            assert errors == []


def test_sarif_validator_rejects_a_broken_log(sarif_validator: jsonschema.Draft4Validator) -> None:
    log = sarif(sample_assessment())
    log["runs"][0]["results"][0]["baselineState"] = "gone"
    assert not sarif_validator.is_valid(log)


def test_sarif_rules_results_suppressions_and_baseline() -> None:
    run = sarif(with_history(sample_assessment()), "nl")["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(sample_assessment().rules)
    peo = next(r for r in rules if r["id"] == "KSZ-PEO-001")
    assert peo["help"]["text"] == "Herstel KSZ-PEO-001."
    assert peo["properties"]["help"] == {"nl": "Herstel KSZ-PEO-001.", "en": "Fix KSZ-PEO-001."}
    summary = [
        (
            r["partialFingerprints"]["kszcheckFindingKey/v1"],
            r["level"],
            r["baselineState"],
            bool(r.get("suppressions")),
        )
        for r in run["results"]
    ]
    assert summary == [
        ("KSZ-PEO-001|CN=Eva Evil,OU=Users,DC=gem,DC=local", "error", "new", False),
        ("KSZ-PEO-001|CN=Helpdesk1,OU=ICT,DC=gem,DC=local", "error", "unchanged", True),
        ("KSZ-PEO-001|CN=Oud Account,OU=ICT,DC=gem,DC=local", "error", "unchanged", False),
        ("KSZ-PRV-001|adm.peeters", "error", "unchanged", False),
        ("KSZ-LOG-001|srv-sd01", "warning", "unchanged", True),
        ("KSZ-PRV-001|adm.oud", "none", "absent", False),
    ]
    physical = run["results"][0]["locations"][1]["physicalLocation"]
    assert physical == {"artifactLocation": {"uri": "ad.ldif"}, "region": {"startLine": 36}}


# --- JSON and its schema


def test_published_schema_is_up_to_date() -> None:
    assert ASSESSMENT_SCHEMA.read_text("utf-8") == schema_text(), (
        "schema/assessment.schema.json is stale: run python -m kszcheck.report.schema"
    )


def test_assessments_validate_against_the_published_schema() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(ASSESSMENT_SCHEMA.read_text("utf-8")))
    for assessment in (sample_assessment(), with_history(sample_assessment())):
        assert [e.message for e in validator.iter_errors(json.loads(render_json(assessment)))] == []
    broken = json.loads(render_json(sample_assessment()))
    broken["results"][0]["outcome"] = "maybe"
    assert not validator.is_valid(broken)


def test_another_schema_version_gives_a_clear_message() -> None:
    data = json.loads(render_json(sample_assessment()))
    data["schema_version"] = 0
    with pytest.raises(InputError) as info:
        read_assessment(json.dumps(data), "old.json")
    assert str(info.value) == (
        "old.json: assessment of schema version 0; this kszcheck reads version 1: "
        "evaluate the snapshot again with this version"
    )
