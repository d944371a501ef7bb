"""The security consultant's annual report from the history (issue 17): state at year end,
trend, problems resolved and new, waivers, incidents and reviews, action plan, norm coverage;
every figure from a stored run; Dutch, French and English; hostile values stay literal."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.catalogue import load_catalogue
from kszcheck.catalogue.norms import load_norms
from kszcheck.documents import annual_docx, build_annual_report
from kszcheck.documents.annual import AnnualReport
from kszcheck.history import open_history, record_run
from kszcheck.model.catalogue import Severity
from kszcheck.model.results import Assessment, Outcome
from kszcheck.model.text import one_line
from kszcheck.texts import load_texts
from tests.documents.support import PAYLOADS, evaluate, word_tables, word_texts
from tests.support import EXAMPLE, kszcheck

SITE = "Gemeente en OCMW Voorbeeld"
#: The runs stored: one before the year (the baseline), three in 2026.
DAYS = ("2025-12-01", "2026-02-03", "2026-05-10", "2026-11-22")


def at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T08:00:00").replace(tzinfo=UTC)


@pytest.fixture(scope="module")
def runs() -> list[Assessment]:
    return [evaluate(EXAMPLE, at(day)) for day in DAYS]


@pytest.fixture(scope="module")
def history(runs: list[Assessment], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("annual") / "history.sqlite"
    with open_history(path) as store:
        for assessment in runs:
            record_run(store, assessment, assessment.evaluated_at)
    return path


def build(history: Path, lang: str, site: str = SITE, year: int | None = 2026) -> AnnualReport:
    catalogue = load_catalogue()
    titles = {n.id: n.title for n in load_norms()}
    with open_history(history, read_only=True) as store:
        return build_annual_report(store, site, year, lang, catalogue.rules, titles)


def keys(assessment: Assessment) -> dict[str, str]:
    return {f.key: f.subject for r in assessment.results for f in r.findings}


def test_the_year_end_state_and_trend_come_from_the_stored_runs(
    history: Path, runs: list[Assessment]
) -> None:
    report = build(history, "en")
    last, start = runs[-1], runs[0]
    assert (report.year, report.last.run_id, report.last.day.isoformat()) == (2026, 4, DAYS[-1])
    assert report.last.score == last.summary.score_text
    assert report.last.coverage == last.summary.coverage_text
    assert report.last.failed_rules == last.summary.counts["fail"]
    # compared with the last run before the year
    assert report.start is not None and report.start.run_id == 1
    assert report.start.score == start.summary.score_text
    # the year's runs, the last of each month
    assert [r.run_id for r in report.runs] == [2, 3, 4]
    assert [(r.run_id, r.day.month) for r in report.monthly] == [(2, 2), (3, 5), (4, 11)]


def test_problems_new_and_resolved_name_their_exact_subjects(
    history: Path, runs: list[Assessment]
) -> None:
    report = build(history, "en")
    before, after = keys(runs[0]), keys(runs[-1])
    outcomes = {r.rule_id: r.outcome for r in runs[-1].results}
    assessed = (Outcome.pass_, Outcome.fail, Outcome.waived)
    new = sorted(k for k in after if k not in before)
    resolved = sorted(k for k in before if k not in after and outcomes[k.split("|")[0]] in assessed)
    assert report.counts["new"] == len(new)
    assert report.counts["resolved"] == len(resolved)
    assert resolved, "the example's runs resolve findings over the year"
    assert [(c.rule_id, c.subject) for c in report.new] == [
        (k.split("|")[0], after[k]) for k in new
    ][:40]
    assert [(c.rule_id, c.subject) for c in report.resolved] == [
        (k.split("|")[0], before[k]) for k in resolved
    ][:40]


def test_waivers_plan_and_coverage_of_the_last_run(history: Path, runs: list[Assessment]) -> None:
    report = build(history, "en")
    last = runs[-1]
    assert report.waivers is not None
    assert sorted(w.waiver_id for w in report.waivers) == sorted(w.id for w in last.waivers)
    states = {w.waiver_id: w.state for w in report.waivers}
    day = last.evaluated_at.date()
    for waiver in last.waivers:
        expected = "expired" if waiver.expires < day else "active"
        assert states[waiver.id] == load_texts("en")[f"waiver_status.{expected}"]
    failing = [
        r
        for r in last.results
        if r.outcome is Outcome.fail and any(not f.waived for f in r.findings)
    ]
    assert sorted(a.rule_id for a in report.actions) == sorted(r.rule_id for r in failing)
    ranks = [Severity(load_severity(a.severity)).rank for a in report.actions]
    assert ranks == sorted(ranks)
    for action in report.actions:
        result = next(r for r in failing if r.rule_id == action.rule_id)
        assert action.open_findings == len({f.key for f in result.findings if not f.waived})
    assert report.coverage is not None
    ksz = next(c for c in report.coverage if c.norm_id == "ksz-mn")
    norm = next(n for n in last.norms if n.norm_id == "ksz-mn")
    assert (ksz.total, ksz.assessed) == (norm.total, norm.assessed)
    # the incident register and the reviews: the verdict of the rules that judge them
    judged = {r.rule_id: r.outcome for r in report.record_rules}
    assert {"KSZ-GOV-012", "KSZ-SEP-007", "KSZ-LOG-005"} <= set(judged)


def load_severity(label: str) -> str:
    texts = load_texts("en")
    return next(s.value for s in Severity if texts[f"severity.{s.value}"] == label)


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_the_word_document_in_each_language(history: Path, lang: str) -> None:
    report = build(history, lang)
    data = annual_docx(report)
    t = load_texts(lang)
    texts = word_texts(data)
    assert texts[0] == t["documents.annual.title"].format(year=2026)
    for section in ("state", "trend", "changes", "waivers", "records", "plan", "coverage", "runs"):
        assert t[f"documents.annual.sec_{section}"] in texts, section
    tables = word_tables(data)
    runs_table = tables[-1]
    assert [row[0] for row in runs_table[1:]] == ["2", "3", "4"]
    action_table = next(
        x
        for x in tables
        if x[0][:2] == [t["documents.annual.col_rule"], t["documents.annual.col_title"]]
        and len(x[0]) == 5
    )
    assert [row[0] for row in action_table[1:]] == [a.rule_id for a in report.actions]


def test_a_run_without_stored_coverage_says_so(runs: list[Assessment], tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    with open_history(path) as store:
        record_run(store, runs[-1], runs[-1].evaluated_at)
        store._execute("DELETE FROM requirement_results")  # as stored before schema version 3
    report = build(path, "nl")
    assert report.coverage is None and report.start is None
    texts = word_texts(annual_docx(report))
    assert load_texts("nl")["documents.annual.coverage_not_stored"] in texts
    assert load_texts("nl")["documents.annual.only_run"] in texts


def test_hostile_values_stay_literal_text(runs: list[Assessment], tmp_path: Path) -> None:
    site = PAYLOADS["H10"] + PAYLOADS["H05"]
    last = runs[-1]
    results = []
    values = iter(PAYLOADS.values())
    for result in last.results:
        findings = [
            f.model_copy(update={"subject": next(values, f.subject)}) for f in result.findings
        ]
        results.append(result.model_copy(update={"findings": findings}))
    hostile = last.model_copy(update={"site_name": site, "results": results})
    path = tmp_path / "h.sqlite"
    with open_history(path) as store:
        record_run(store, runs[0].model_copy(update={"site_name": site}), runs[0].evaluated_at)
        record_run(store, hostile, hostile.evaluated_at)
    report = build(path, "en", site=site)
    data = annual_docx(report)
    texts = word_texts(data)
    assert one_line(site) in texts
    subjects = {c.subject for c in report.new}
    listed = [one_line(v) for v in PAYLOADS.values() if one_line(v) in subjects]
    assert listed, "hostile subjects are among the new findings"
    for subject in listed:
        assert subject in texts
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert not re.search(r"<w:(fldSimple|instrText|hyperlink)\b", xml)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", xml)


def test_cli_writes_the_report_and_names_what_is_missing(history: Path, tmp_path: Path) -> None:
    out = tmp_path / "jaarverslag.docx"
    done = kszcheck("annual-report", "--site", SITE, "--history", str(history), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert word_texts(out.read_bytes())[0] == "Jaarverslag van de veiligheidsconsulent 2026"
    done = kszcheck("annual-report", "--site", "Elders", "--history", str(history), "-o", str(out))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"kszcheck: error: the history {history} holds no run of 'Elders' (sites: {SITE})"
    ]
    done = kszcheck(
        "annual-report", "--site", SITE, "--year", "2024", "--history", str(history), "-o", str(out)
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"kszcheck: error: the history holds no run of '{SITE}' in 2024 (years: 2025, 2026)"
    ]
