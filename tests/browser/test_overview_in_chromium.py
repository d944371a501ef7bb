"""The partner's overview in a real browser (headless Chromium): no console errors or blocked
requests, a hostile site name stays text, every site is a row, the trend is drawn."""

from __future__ import annotations

from pathlib import Path

import pytest

from kszcheck.history import open_history, record_run
from kszcheck.history.overview import build_overview
from kszcheck.overview import render_overview
from tests.browser.chromium import find_chromium, load
from tests.browser.test_report_in_chromium import parse
from tests.overview.test_overview import HOSTILE_SITE, NOW, fill, run_of

CANARY = "<img src=x onerror=\"document.title='PWNED'\">"


@pytest.fixture(scope="module")
def chromium() -> str:
    return find_chromium()


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_overview_loads_clean_with_every_site(chromium: str, tmp_path: Path, lang: str) -> None:
    history = tmp_path / "h.sqlite"
    with open_history(history) as store:
        fill(store)
        record_run(store, run_of(CANARY, 9), NOW)
    with open_history(history, read_only=True) as store:
        overview = build_overview(store, NOW)
    page = tmp_path / f"overview-{lang}.html"
    page.write_text(render_overview(overview, "html", lang), "utf-8")
    loaded = load(chromium, page)
    assert loaded.console == []
    elements = parse(loaded.dom)
    assert "PWNED" not in elements.title
    text = " ".join(elements.text)
    assert CANARY in text
    assert "<b>Evil</b><U+202E>Gemeente" in text
    assert elements.tags.count("tr") == 1 + 4 + 1 + 2  # sites head + 4 sites, recurring head + 2
    assert elements.tags.count("polyline") == 1  # only Gemeente A has two scored runs
    assert HOSTILE_SITE not in text  # the override is shown as <U+202E>, never applied
