"""The HTML report in a real browser (headless Chromium): no console errors or blocked requests,
a hostile AD display name stays text, the first page renders with text, 20 000 findings load."""

from __future__ import annotations

import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kszcheck.model.catalogue import Severity
from kszcheck.model.results import Assessment, Finding, Outcome, RuleResult
from kszcheck.model.views import AccessEntry, AccessRoute, ReportViews
from kszcheck.report.html import render_html
from tests.browser.chromium import dark_share, find_chromium, load, screenshot
from tests.report import HOSTILE_NAME, sample_assessment

CANARY = "<img src=x onerror=\"document.title='PWNED'\">"


@pytest.fixture(scope="module")
def chromium() -> str:
    return find_chromium()


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_title:
            self.title += data


def parse(dom: str) -> Elements:
    parser = Elements()
    parser.feed(dom)
    return parser


def hostile_assessment() -> Assessment:
    """The sample, plus the hostile names in the access matrix (an AD display name)."""
    views = ReportViews(
        directory_available=True,
        records_available=True,
        access=[
            AccessEntry(
                account="eevil",
                display_name=HOSTILE_NAME,
                dn="CN=Eva Evil,OU=Users,DC=gem,DC=local",
                routes=[AccessRoute(kind="group", resource="GG_SD", via=[CANARY])],
            )
        ],
    )
    return sample_assessment().model_copy(update={"views": views})


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "report.html"
    path.write_text(render_html(hostile_assessment(), "nl"), "utf-8")
    return path


def test_harness_sees_console_errors_and_injected_elements(chromium: str, tmp_path: Path) -> None:
    """The checks below can fail: a page that logs an error and injects an element is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><title>t</title><p>x</p>"
        "<script>console.error('kapot');document.title='PWNED'</script>",
        "utf-8",
    )
    page = load(chromium, bad)
    assert any("kapot" in line for line in page.console)
    assert parse(page.dom).title == "PWNED"


def test_no_console_errors_and_no_blocked_requests(chromium: str, report: Path) -> None:
    page = load(chromium, report)
    assert page.console == []


def test_hostile_display_name_stays_text(chromium: str, report: Path) -> None:
    dom = parse(load(chromium, report).dom)
    assert "img" not in dom.tags
    assert "script" not in dom.tags
    assert dom.title.startswith("Informatieveiligheid van de gedeelde ICT")
    text = "".join(dom.text)
    assert HOSTILE_NAME in text  # shown as the text it is
    assert "onerror=\"document.title='PWNED'\"" in text


def test_first_page_renders_with_text(chromium: str, report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "first-page.png"
    console = screenshot(chromium, report, shot, size="1000,700")
    assert console == []
    share = dark_share(shot, 700)
    # A blank page has 0; the first page (title, status, figures) has text all over it.
    assert share > 0.01, f"first page looks blank ({share:.4f} of the pixels are dark)"


def big_assessment(count: int) -> Assessment:
    base = sample_assessment()
    findings = [
        Finding(
            rule_id="KSZ-PEO-001",
            subject=f"CN=Gebruiker {i:05d},OU=Users,DC=gem,DC=local",
            message="gap",
            args={"name": f"gebruiker{i:05d}"},
            evidence=[f"ad.ldif:{i + 1}"],
        )
        for i in range(count)
    ]
    results = [
        RuleResult(
            rule_id="KSZ-PEO-001", outcome=Outcome.fail, severity=Severity.high, findings=findings
        ),
        *[r for r in base.results if r.rule_id != "KSZ-PEO-001"],
    ]
    return base.model_copy(update={"results": results})


def test_report_with_20000_findings_loads(chromium: str, tmp_path: Path) -> None:
    started = time.perf_counter()
    html = render_html(big_assessment(20_000), "nl")
    rendered = time.perf_counter()
    path = tmp_path / "big.html"
    path.write_text(html, "utf-8")
    page = load(chromium, path)
    loaded = time.perf_counter()
    print(
        f"\n20 000 findings: {len(html) / 1e6:.1f} MB HTML, rendered in {rendered - started:.2f} s,"
        f" loaded by chromium in {loaded - rendered:.2f} s"
    )
    assert page.console == []
    dom = page.dom
    assert "CN=Gebruiker 19999,OU=Users,DC=gem,DC=local" in dom
    assert "Toon de overige 19990 bevindingen" in dom
    assert dom.rstrip().endswith("</html>")
