"""When a finding was first seen: the first of the consecutive runs of the site that had it
(kszcheck.history.record), and the action plan's days counted from then (a real scan of the
example administration, three times against one history)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from kszcheck.history import open_history, record_run
from kszcheck.model.results import Assessment
from tests.report import sample_assessment
from tests.support import kszcheck

RECORDED = datetime(2025, 3, 12, 15, 0, tzinfo=UTC)
EVA = "KSZ-PEO-001|CN=Eva Evil,OU=Users,DC=gem,DC=local"
PEETERS = "KSZ-PRV-001|adm.peeters"


def on(day: int, *, without: str = "") -> Assessment:
    """The sample on a day of March 2025, without the finding of the given key."""
    base = sample_assessment()
    results = [
        r.model_copy(update={"findings": [f for f in r.findings if f.key != without]})
        for r in base.results
    ]
    moment = base.evaluated_at.replace(day=day)
    return base.model_copy(update={"evaluated_at": moment, "results": results})


def first_seen(annotated: Assessment) -> dict[str, date | None]:
    return {f.key: f.first_seen for r in annotated.results for f in r.findings}


def test_first_seen_is_the_start_of_the_streak(tmp_path: Path) -> None:
    with open_history(tmp_path / "h.sqlite") as store:
        first = record_run(store, on(10), RECORDED)
        record_run(store, on(11, without=EVA), RECORDED)
        third = record_run(store, on(12), RECORDED)
    assert set(first_seen(first).values()) == {None}  # the first run: nothing before it
    seen = first_seen(third)
    assert seen[PEETERS] == date(2025, 3, 10)  # in all three runs
    assert seen[EVA] is None  # gone in the second run: new again in the third


def scan(site: Path, out: Path, now: str, history: Path) -> dict[str, Any]:
    result = kszcheck(
        "scan", str(site), "-o", str(out), "--now", now, "--quiet", "--history", str(history)
    )
    assert result.returncode in (3, 5), result.stderr
    data: dict[str, Any] = json.loads((out / "assessment.json").read_text("utf-8"))
    return data


def test_the_action_plan_counts_from_the_first_scan_that_saw_a_problem(
    example_site: Path, tmp_path: Path
) -> None:
    history = tmp_path / "h.sqlite"
    scan(example_site, tmp_path / "a", "2026-09-01T09:00:00+02:00", history)
    first = scan(example_site, tmp_path / "b", "2026-10-01T09:00:00+02:00", history)
    later = scan(example_site, tmp_path / "c", "2026-11-22T09:00:00+01:00", history)
    key = "KSZ-PRV-004|not_protected"
    before = next(p for p in first["problems"] if p["id"] == key)
    problem = next(p for p in later["problems"] if p["id"] == key)
    # medium: 180 days from 1 September 2026, the first scan that saw it
    assert problem["severity"] == "medium"
    assert problem["since"] == "2026-09-01"
    assert problem["due"] == (date(2026, 9, 1) + timedelta(days=180)).isoformat()
    assert before["due"] == problem["due"]
    html = (tmp_path / "c" / "report.html").read_text("utf-8")
    assert (
        "termijn voor ernst middel, vanaf 1 september 2026, toen het probleem eerst werd gezien"
        in html
    )
