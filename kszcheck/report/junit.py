"""Render the assessment as JUnit XML: one test case per rule.

fail is a failure (its open findings listed), not_assessed, manual and not_applicable are skipped
(with the reason), pass and waived pass. CI systems show it as a test report.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from kszcheck.model.results import Assessment, Outcome
from kszcheck.report.viewmodel import _Builder

__all__ = ["render_junit"]

_SKIPPED = (Outcome.not_assessed, Outcome.manual, Outcome.not_applicable)
#: Characters XML 1.0 does not allow; untrusted AD text may hold them.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return _INVALID_XML.sub("\ufffd", value)


def render_junit(assessment: Assessment, lang: str = "en") -> str:
    builder = _Builder(assessment, lang)
    results = assessment.results
    failures = sum(1 for r in results if r.outcome is Outcome.fail)
    skipped = sum(1 for r in results if r.outcome in _SKIPPED)
    common = {
        "tests": str(len(results)),
        "failures": str(failures),
        "errors": "0",
        "skipped": str(skipped),
    }
    root = ET.Element("testsuites", {"name": "kszcheck", **common})
    suite = ET.SubElement(
        root,
        "testsuite",
        {
            "name": _text(assessment.site_name),
            **common,
            "timestamp": assessment.evaluated_at.isoformat(),
            "time": "0",
        },
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("tool_version", assessment.tool_version),
        ("catalogue_version", assessment.catalogue_version),
        ("snapshot_hash", assessment.snapshot_hash),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": _text(value)})
    for result in results:
        meta = assessment.rules.get(result.rule_id)
        title = meta.title.get(lang) if meta else ""
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": f"kszcheck.{meta.domain if meta else 'rules'}",
                "name": _text(f"{result.rule_id} {title}".strip()),
                "time": "0",
            },
        )
        reason = result.reason.get(lang) if result.reason else result.outcome.value
        if result.outcome is Outcome.fail:
            open_findings = [f for f in result.findings if not f.waived]
            failure = ET.SubElement(
                case,
                "failure",
                {
                    "type": result.severity.value,
                    "message": f"{len(open_findings)} open finding(s)",
                },
            )
            failure.text = _text(
                "\n".join(
                    f"{f.subject}: {builder.finding(meta, f, result.severity.value).message}"
                    f" [{', '.join(f.evidence)}]"
                    for f in open_findings
                )
            )
        elif result.outcome in _SKIPPED:
            ET.SubElement(case, "skipped", {"message": _text(reason)})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
