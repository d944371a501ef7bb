"""Render an ``Overview``: HTML (jinja2, autoescaped, one file without outside requests), JSON
and CSV (UTF-8 with a BOM, ``;``-separated, formula-safe cells, like the report's CSV).

Site names, subjects and messages come from the administrations' systems: hostile text. HTML
escapes them and shows hidden characters visibly (``model.text.visible``); CSV and JSON carry
them as data.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import Environment

from kszcheck import __version__
from kszcheck.history.overview import Overview, SiteOverview
from kszcheck.model.common import LocalizedText
from kszcheck.model.text import visible
from kszcheck.report.csv_ import spreadsheet_cell
from kszcheck.report.html import document_environment
from kszcheck.texts import load_texts, say

__all__ = ["CSV_COLUMNS", "FORMATS", "render_overview"]

FORMATS = ("html", "json", "csv")

CSV_COLUMNS = (
    "site",
    "status",
    "score",
    "coverage",
    "score_change",
    "critical_problems",
    "waivers_in_force",
    "waivers_expiring",
    "last_scan",
    "stale",
    "report",
)


def render_overview(
    overview: Overview,
    fmt: str,
    lang: str,
    titles: Mapping[str, LocalizedText] | None = None,
) -> str:
    """The overview as ``fmt`` (html, json or csv) in ``lang``; ``titles`` are the rules'
    titles by rule id (the catalogue's), shown next to the ids where known."""
    if fmt == "json":
        return json.dumps(_data(overview), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(overview)
    return _html(overview, lang, titles or {})


def _site_data(item: SiteOverview) -> dict[str, Any]:
    latest = item.latest
    return {
        "site": item.site,
        "run_id": latest.run_id,
        "status": latest.status,
        "score": latest.score,
        "coverage": latest.coverage,
        "score_change": item.score_change,
        "evaluated_at": latest.evaluated_at.isoformat(),
        "recorded_at": latest.recorded_at.isoformat(),
        "stale": item.stale,
        "report": latest.report,
        "failed_rules": latest.failed_rules,
        "open_findings": latest.open_findings,
        "trend": [
            {
                "run_id": r.run_id,
                "evaluated_at": r.evaluated_at.isoformat(),
                "score": r.score,
                "coverage": r.coverage,
            }
            for r in item.trend
        ],
        "critical": [
            {"rule_id": f.rule_id, "subject": f.subject, "message": f.message}
            for f in item.critical
        ],
        "waivers_in_force": len(item.waivers_open),
        "waivers_expiring": [
            {"waiver_id": w.waiver_id, "rule_id": w.rule_id, "expires": w.expires.isoformat()}
            for w in item.waivers_expiring
        ],
    }


def _data(overview: Overview) -> dict[str, Any]:
    return {
        "generated_at": overview.generated_at.isoformat(),
        "stale_days": overview.stale_days,
        "expiring_days": overview.expiring_days,
        "sites": [_site_data(s) for s in overview.sites],
        "recurring": [
            {"rule_id": p.rule_id, "severity": p.severity, "sites": p.sites, "findings": p.findings}
            for p in overview.recurring
        ],
    }


def _csv(overview: Overview) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for item in overview.sites:
        latest = item.latest
        writer.writerow(
            (
                spreadsheet_cell(item.site),
                latest.status,
                "" if latest.score is None else f"{latest.score:.4f}",
                f"{latest.coverage:.4f}",
                "" if item.score_change is None else f"{item.score_change:+.4f}",
                len(item.critical),
                len(item.waivers_open),
                len(item.waivers_expiring),
                latest.evaluated_at.isoformat(),
                "yes" if item.stale else "no",
                spreadsheet_cell(latest.report),
            )
        )
    return "\ufeff" + out.getvalue()


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = document_environment("kszcheck.overview")
    env.filters["visible"] = visible
    return env


def _sparkline(item: SiteOverview, width: int = 120, height: int = 28) -> str:
    """The points of an SVG polyline of the site's scores, oldest left (empty without scores)."""
    scores = [r.score for r in item.trend]
    if len(scores) < 2:
        return ""
    step = width / (len(scores) - 1)
    return " ".join(
        f"{i * step:.1f},{height - (s * height):.1f}" for i, s in enumerate(scores) if s is not None
    )


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _change(value: float | None) -> str:
    return "" if value is None else f"{value * 100:+.0f} pt"


def _link(report: str) -> str:
    """Only http(s) and file links are links; anything else is shown, not followed."""
    return report if report.startswith(("https://", "http://", "file:///")) else ""


def _html(overview: Overview, lang: str, titles: Mapping[str, LocalizedText]) -> str:
    texts = load_texts(lang)
    return (
        _environment()
        .get_template("overview.html.j2")
        .render(
            o=overview,
            t=texts,
            lang=lang,
            version=__version__,
            generated=overview.generated_at.strftime("%Y-%m-%d %H:%M %Z").strip(),
            stale_text=say("overview.stale", lang, days=overview.stale_days),
            sites_text=say("overview.sites", lang, count=len(overview.sites)),
            expiring_text=lambda n: say(
                "overview.expiring", lang, count=n, days=overview.expiring_days
            ),
            title_of=lambda rule_id: titles[rule_id].get(lang) if rule_id in titles else "",
            sparkline=_sparkline,
            percent=_percent,
            change=_change,
            link=_link,
        )
    )
