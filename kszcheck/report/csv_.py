"""Render the findings as CSV: one row per finding, for a spreadsheet.

UTF-8 with a byte-order mark and ``;`` as separator, so that Excel with a Belgian or Dutch locale
(where the comma is the decimal sign) opens it in columns as it is. A cell that starts with
``= + - @`` or a tab gets a leading apostrophe: AD values are untrusted and must never be run as a
spreadsheet formula.
"""

from __future__ import annotations

import csv
import io

from kszcheck.model.results import Assessment
from kszcheck.report.viewmodel import _Builder

__all__ = ["CSV_COLUMNS", "render_csv", "spreadsheet_cell"]

CSV_COLUMNS = (
    "rule_id",
    "rule_title",
    "domain",
    "severity",
    "outcome",
    "subject",
    "message",
    "evidence",
    "status",
    "waiver_id",
    "waiver_expires",
    "baseline",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: str) -> str:
    """Text from input never runs as a spreadsheet formula: a leading =, +, -, @, TAB or CR is
    neutralised with an apostrophe."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def render_csv(assessment: Assessment, lang: str = "nl") -> str:
    """Every finding of the assessment as a CSV row (text starting with a BOM)."""
    builder = _Builder(assessment, lang)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for result in assessment.results:
        meta = assessment.rules.get(result.rule_id)
        for item in result.findings:
            view = builder.finding(meta, item, result.severity.value)
            waiver = item.waiver
            row = (
                result.rule_id,
                meta.title.get(lang) if meta else "",
                meta.domain if meta else "",
                (item.severity or result.severity).value,
                result.outcome.value,
                item.subject,
                view.message,
                " | ".join(item.evidence),
                view.status,
                waiver.waiver_id if waiver else "",
                waiver.expires.isoformat() if waiver else "",
                item.baseline.value if item.baseline else "",
            )
            writer.writerow([spreadsheet_cell(str(v)) for v in row])
    return "\ufeff" + out.getvalue()
