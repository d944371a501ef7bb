"""The demo's report as a PDF printed by headless Chromium (kszcheck report --format pdf): how
many A4 pages, the first page alone on its page, the exact subjects in the text, fonts embedded."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kszcheck.texts import load_texts
from tests.browser.chromium import find_chromium
from tests.browser.pdf_text import fonts, page_count, pages_text, require_poppler
from tests.support import kszcheck

NOW = "2026-11-22T09:00:00+01:00"
#: The Dutch report of the example administration must fit in this many A4 pages (issue 15).
PAGE_LIMIT = 25


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    find_chromium()
    require_poppler()
    out = tmp_path_factory.mktemp("pdf")
    run = kszcheck(
        "demo", "-o", str(out), "--now", NOW, "--quiet", "--history", str(out / "h.sqlite")
    )
    assert run.returncode in (1, 3), run.stderr  # the example has gaps
    return out


@pytest.fixture(scope="module")
def pdf_nl(demo: Path) -> Path:
    return _pdf(demo, "nl")


def _pdf(demo: Path, lang: str) -> Path:
    target = demo / f"report-{lang}.pdf"
    result = kszcheck(
        "report",
        str(demo / "assessment.json"),
        "--format",
        "pdf",
        "--lang",
        lang,
        "-o",
        str(target),
    )
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF-")
    return target


def squeezed(text: str) -> str:
    """Text without any whitespace: a cell's text wraps across lines in pdftotext's output."""
    return re.sub(r"\s+", "", text)


def assessment(demo: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((demo / "assessment.json").read_text("utf-8"))
    return data


def test_the_dutch_report_fits_the_page_budget(pdf_nl: Path) -> None:
    pages = page_count(pdf_nl)
    print(f"\nDutch demo report: {pages} A4 pages (limit {PAGE_LIMIT})")
    assert pages <= PAGE_LIMIT


def test_the_first_page_stands_alone(pdf_nl: Path) -> None:
    pages = pages_text(pdf_nl)
    first = pages[0]
    assert "Informatieveiligheid van de gedeelde ICT" in first
    assert "Gemeente en OCMW Voorbeeld" in first
    assert "Toestand op 22 november 2026" in first
    assert "Wat is er veranderd sinds de vorige scan" in first
    total = len(pages)
    # the page number is printed in the bottom margin of every page (pdftotext reads it first)
    assert pages[1].splitlines()[:2] == [f"2 / {total}", "Actieplan"]
    assert all(page.startswith(f"{n} / {total}\n") for n, page in enumerate(pages, start=1))


def test_every_finding_subject_is_in_the_pdf(demo: Path, pdf_nl: Path) -> None:
    text = squeezed("".join(pages_text(pdf_nl)))
    subjects = [
        f["subject"]
        for r in assessment(demo)["results"]
        if r["outcome"] in ("fail", "waived")
        for f in r["findings"]
        if f.get("recorded", True)
    ]
    assert len(subjects) > 90  # the demo's findings: 98 since one problem is one finding
    missing = [s for s in subjects if squeezed(s) not in text]
    assert missing == []


def test_the_action_plan_names_each_problem_and_its_due_date(demo: Path, pdf_nl: Path) -> None:
    text = squeezed("".join(pages_text(pdf_nl)))
    problems = assessment(demo)["problems"]
    assert problems
    months = load_texts("nl")
    for problem in problems:
        due = date.fromisoformat(problem["due"])
        assert problem["rule_id"] in text
        assert f"{due.day}{months[f'month.{due.month}']}{due.year}" in text


def test_fonts_are_embedded(pdf_nl: Path) -> None:
    found = fonts(pdf_nl)
    assert found
    assert [name for name, embedded in found if not embedded] == []


def test_the_english_report_is_english(demo: Path) -> None:
    pdf = _pdf(demo, "en")
    assert page_count(pdf) <= PAGE_LIMIT
    pages = pages_text(pdf)
    assert "Information security of the shared ICT" in pages[0]
    assert pages[1].splitlines()[:2] == [f"2 / {len(pages)}", "Action plan"]
