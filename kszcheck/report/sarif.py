"""Render the assessment as SARIF 2.1.0, for code-scanning dashboards and archives.

Rules become reportingDescriptors (help in the report's language; Dutch, French and English all
in the properties). Every finding of a failed or waived rule is a result; a waived finding carries
an accepted suppression. ``baselineState`` comes from the history: new or unchanged, and the
findings resolved since the previous run are added as ``absent`` results.
"""

from __future__ import annotations

import json
import re
from typing import Any

from kszcheck.model.catalogue import RuleMeta
from kszcheck.model.history import ChangedFinding
from kszcheck.model.results import Assessment, Finding, RuleResult
from kszcheck.report.fixes import fix_properties
from kszcheck.report.viewmodel import _Builder

__all__ = ["SARIF_SCHEMA", "SARIF_VERSION", "render_sarif"]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "kszcheckFindingKey/v1"

_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
#: Evidence written as file:line becomes a physical location.
_FILE_LINE = re.compile(r"^(?P<file>[^\s:]+):(?P<line>[1-9]\d*)$")


def _descriptor(meta: RuleMeta, lang: str) -> dict[str, Any]:
    return {
        "id": meta.id,
        "name": meta.slug,
        "shortDescription": {"text": meta.title.get(lang)},
        "fullDescription": {"text": meta.rationale.get(lang)},
        "help": {"text": meta.remediation.get(lang)},
        "defaultConfiguration": {"level": _LEVEL.get(meta.severity.value, "warning")},
        "properties": {
            "severity": meta.severity.value,
            "domain": meta.domain,
            "owner": meta.owner,
            "title": meta.title.written(),
            "help": meta.remediation.written(),
            "sources": [{"ref": s.ref, "basis": s.basis.value} for s in meta.sources],
            "tags": ["ksz", meta.domain],
        },
    }


def _locations(subject: str, evidence: list[str]) -> list[dict[str, Any]]:
    locations: list[dict[str, Any]] = [{"logicalLocations": [{"name": subject, "kind": "object"}]}]
    for item in evidence:
        match = _FILE_LINE.match(item)
        if match:
            locations.append(
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": match["file"]},
                        "region": {"startLine": int(match["line"])},
                    }
                }
            )
    return locations


def _result(
    builder: _Builder,
    index: dict[str, int],
    meta: RuleMeta | None,
    result: RuleResult,
    item: Finding,
) -> dict[str, Any]:
    severity = (item.severity or result.severity).value
    out: dict[str, Any] = {
        "ruleId": result.rule_id,
        "level": _LEVEL.get(severity, "warning"),
        "kind": "fail",
        "message": {"text": builder.finding(meta, item, result.severity.value).message},
        "locations": _locations(item.subject, item.evidence),
        "partialFingerprints": {FINGERPRINT: item.key},
        "properties": {"subject": item.subject, "severity": severity, "evidence": item.evidence},
    }
    if item.fixes:
        out["properties"]["fixes"] = [
            fix_properties(f, builder.t, builder.lang) for f in item.fixes
        ]
    if result.rule_id in index:
        out["ruleIndex"] = index[result.rule_id]
    if item.baseline is not None:
        out["baselineState"] = item.baseline.value
    if item.waiver is not None and not item.waiver.expired:
        out["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": (
                    f"{item.waiver.waiver_id}: {item.waiver.justification} "
                    f"({item.waiver.approved_by}, until {item.waiver.expires.isoformat()})"
                ),
            }
        ]
    return out


def _absent(index: dict[str, int], gone: ChangedFinding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": gone.rule_id,
        "level": "none",
        "kind": "pass",
        "message": {"text": f"{gone.subject}: resolved since the previous run"},
        "locations": _locations(gone.subject, []),
        "partialFingerprints": {FINGERPRINT: gone.key},
        "baselineState": "absent",
    }
    if gone.rule_id in index:
        out["ruleIndex"] = index[gone.rule_id]
    return out


def render_sarif(assessment: Assessment, lang: str = "en") -> str:
    builder = _Builder(assessment, lang)
    rule_ids = sorted(assessment.rules)
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    results: list[dict[str, Any]] = []
    for result in assessment.results:
        meta = assessment.rules.get(result.rule_id)
        results.extend(_result(builder, index, meta, result, f) for f in result.findings)
    if assessment.changes is not None:
        results.extend(_absent(index, gone) for gone in assessment.changes.resolved)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "kszcheck",
                "version": assessment.tool_version,
                "rules": [_descriptor(assessment.rules[r], lang) for r in rule_ids],
                "properties": {"catalogue_version": assessment.catalogue_version},
            }
        },
        "language": builder.text("report.language_tag"),
        "automationDetails": {"id": f"kszcheck/{assessment.site_name}/"},
        "invocations": [
            {
                "executionSuccessful": True,
                "endTimeUtc": assessment.evaluated_at.isoformat(),
                "exitCode": assessment.summary.exit_code,
            }
        ],
        "results": results,
        "properties": {
            "site": assessment.site_name,
            "snapshot_hash": assessment.snapshot_hash,
            "status": assessment.summary.status,
            "not_assessed": [
                r.rule_id for r in assessment.results if r.outcome.value == "not_assessed"
            ],
        },
    }
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
