"""The partner's overview (issue 18): every site of a history with its latest score, coverage,
trend, critical problems, waivers in force and expiring, last scan (stale flagged), report link;
the problems that recur across sites; HTML (nl, fr, en), JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.history import HistoryStore, open_history, record_run
from kszcheck.history.overview import Overview, build_overview
from kszcheck.model.results import Assessment
from kszcheck.overview import render_overview
from tests.report import sample_assessment
from tests.support import kszcheck

NOW = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
HOSTILE_SITE = "<b>Evil</b>\u202eGemeente"


def run_of(site: str, day: int, month: int = 6, score: float = 0.5) -> Assessment:
    base = sample_assessment()
    return base.model_copy(
        update={
            "site_name": site,
            "evaluated_at": datetime(2026, month, day, 7, 0, tzinfo=UTC),
            "summary": base.summary.model_copy(update={"score": score}),
        }
    )


def fill(store: HistoryStore) -> None:
    """Gemeente A scanned twice (score 50 % then 75 %), Gemeente B last on 1 May (stale), and a
    site whose name is hostile HTML with a right-to-left override."""
    record_run(store, run_of("Gemeente A", 1), NOW, report="https://ksz.example/a/report.html")
    record_run(
        store, run_of("Gemeente A", 8, score=0.75), NOW, report="https://ksz.example/a/report.html"
    )
    record_run(store, run_of("Gemeente B", 1, month=5), NOW, report="javascript:alert(1)")
    record_run(store, run_of(HOSTILE_SITE, 9), NOW)


@pytest.fixture
def overview(tmp_path: Path) -> Overview:
    with open_history(tmp_path / "h.sqlite") as store:
        fill(store)
    with open_history(tmp_path / "h.sqlite", read_only=True) as store:
        return build_overview(store, NOW)


def test_every_site_with_its_latest_run(overview: Overview) -> None:
    sites = {s.site: s for s in overview.sites}
    assert list(sites) == [HOSTILE_SITE, "Gemeente A", "Gemeente B"]
    a, b = sites["Gemeente A"], sites["Gemeente B"]
    assert (a.latest.score, a.score_change, [r.run_id for r in a.trend]) == (0.75, 0.25, [1, 2])
    assert (a.stale, b.stale, sites[HOSTILE_SITE].stale) == (False, True, False)
    assert b.score_change is None
    for item in overview.sites:
        assert [(f.rule_id, f.subject) for f in item.critical] == [("KSZ-PRV-001", "adm.peeters")]
        # W-001 runs until 30 June 2026: in force and expiring within 30 days; W-OLD and
        # W-LATER expired before 10 June 2026
        assert [w.waiver_id for w in item.waivers_open] == ["W-001"]
        assert [w.waiver_id for w in item.waivers_expiring] == ["W-001"]


def test_problems_that_recur_across_sites(overview: Overview) -> None:
    assert [(p.rule_id, p.severity, p.sites, p.findings) for p in overview.recurring] == [
        ("KSZ-PRV-001", "critical", [HOSTILE_SITE, "Gemeente A", "Gemeente B"], 3),
        ("KSZ-PEO-001", "high", [HOSTILE_SITE, "Gemeente A", "Gemeente B"], 6),
    ]


def test_json_and_csv_carry_the_same(overview: Overview) -> None:
    data = json.loads(render_overview(overview, "json", "en"))
    a = next(s for s in data["sites"] if s["site"] == "Gemeente A")
    assert (a["score"], a["score_change"], a["stale"], a["report"]) == (
        0.75,
        0.25,
        False,
        "https://ksz.example/a/report.html",
    )
    assert a["waivers_expiring"] == [
        {"waiver_id": "W-001", "rule_id": "KSZ-PEO-001", "expires": "2026-06-30"}
    ]
    assert [p["rule_id"] for p in data["recurring"]] == ["KSZ-PRV-001", "KSZ-PEO-001"]
    text = render_overview(overview, "csv", "en")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0][:4] == ["site", "status", "score", "coverage"]
    assert [r[0] for r in rows[1:]] == [HOSTILE_SITE, "Gemeente A", "Gemeente B"]
    assert (rows[2][2], rows[2][4]) == ("0.7500", "+0.2500")
    assert rows[3][9] == "yes"  # Gemeente B is stale


@pytest.mark.parametrize(
    ("lang", "heading", "stale"),
    [
        ("nl", "Overzicht van de besturen", "verouderd: ouder dan 8 dagen"),
        ("fr", "Vue d'ensemble des administrations", "obsolète : plus de 8 jours"),
        ("en", "Overview of the administrations", "stale: older than 8 days"),
    ],
)
def test_html_in_each_language(overview: Overview, lang: str, heading: str, stale: str) -> None:
    html = render_overview(overview, "html", lang)
    assert f"<h1>{heading.replace(chr(39), '&#39;')}</h1>" in html
    assert stale.replace("'", "&#39;") in html
    assert "<b>Evil</b>" not in html
    assert "&lt;b&gt;Evil&lt;/b&gt;&lt;U+202E&gt;Gemeente" in html
    assert 'href="javascript:' not in html  # a report link that is no http(s)/file URL
    assert '<a href="https://ksz.example/a/report.html">' in html


def test_the_command_writes_each_format(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    with open_history(history) as store:
        fill(store)
    before = history.read_bytes()
    for fmt in ("html", "json", "csv"):
        out = tmp_path / f"overview.{fmt}"
        result = kszcheck(
            "overview", "--history", str(history), "-o", str(out), "--format", fmt,
            "--lang", "fr", "--now", NOW.isoformat(),
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"overzicht / overview: {out} (3)"
    data = json.loads((tmp_path / "overview.json").read_text("utf-8"))
    assert [s["site"] for s in data["sites"]] == [HOSTILE_SITE, "Gemeente A", "Gemeente B"]
    html = (tmp_path / "overview.html").read_text("utf-8")
    assert "KSZ-PRV-001</b> " in html
    assert history.read_bytes() == before  # read-only
