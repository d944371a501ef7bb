"""The report's layout in a real headless Chromium, with hostile values everywhere AD, switches
and files put text (tests/report/hostile.py): nothing wider than the window at 1280 px, nothing
wider than the printable width of an A4 page with the print style sheet, and every payload shown
as visible text — also with the Content-Security-Policy taken away, so that the escaping alone
is what keeps the payloads from running."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from kszcheck.model.catalogue import Severity
from kszcheck.model.results import Assessment, Finding, Outcome, RuleResult
from kszcheck.model.views import (
    AccessEntry,
    AccessRoute,
    AdminEntry,
    AdminPath,
    ReportViews,
    ZoneResource,
)
from kszcheck.report.html import render_html
from kszcheck.report.pdf import render_pdf
from tests.browser.chromium import find_chromium, run
from tests.browser.pdf_text import pages_text, require_poppler
from tests.browser.test_report_in_chromium import parse
from tests.report import sample_assessment
from tests.report.hostile import HOSTILE, SHOWN

#: The printable width of A4 (210 mm less the margins of 12 mm each side) in CSS pixels.
A4_WIDTH = round((210 - 24) / 25.4 * 96)
#: The parts of the report checked for clipped boxes: the first page, the matrix, the annex.
CHECKED = "#summary, #access, #evidence"
#: Written into the page by the probe: widths, the elements that stick out, and the elements of
#: the first page, the matrix and the annex that hide part of their content (overflow hidden or
#: clip, and content wider or taller than the box).
PROBE = """<script>
(function () {
  var width = document.documentElement.clientWidth;
  var wide = [], clipped = [];
  var cut = function (value) { return value === 'hidden' || value === 'clip'; };
  document.querySelectorAll('CHECKED').forEach(function (part) {
    [part].concat(Array.from(part.querySelectorAll('*'))).forEach(function (e) {
      var style = getComputedStyle(e);
      if ((cut(style.overflowX) && e.scrollWidth > e.clientWidth + 1) ||
          (cut(style.overflowY) && e.scrollHeight > e.clientHeight + 1)) {
        clipped.push(e.tagName.toLowerCase() + '.' + e.className + ' ' +
          e.scrollWidth + 'x' + e.scrollHeight + '>' + e.clientWidth + 'x' + e.clientHeight);
      }
    });
  });
  document.querySelectorAll('body *').forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 1) {
      wide.push(e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(r.right));
    }
  });
  document.body.setAttribute('data-probe', JSON.stringify(
    {width: width, scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 12),
     clipped: clipped.slice(0, 12)}));
})();
</script>""".replace("CHECKED", CHECKED)


@pytest.fixture(scope="module")
def chromium() -> str:
    return find_chromium()


def hostile_views() -> ReportViews:
    names = list(HOSTILE.values())
    resources = [
        ZoneResource(kind="group", name="GG_SD_Dossiers"),
        ZoneResource(kind="group", name=HOSTILE["H19"]),
        ZoneResource(kind="share", name="\\\\SRV-FILE02\\" + HOSTILE["H07"]),
        ZoneResource(kind="server", name=HOSTILE["H05"]),
        ZoneResource(kind="server", name="SRV-NIET-GEZIEN", observed=False),
        ZoneResource(kind="application", name=HOSTILE["H01"]),
        *(ZoneResource(kind="group", name=f"GG_Extra_{i}") for i in range(8)),
    ]
    access = [
        AccessEntry(
            account=value[:300],
            display_name=value,
            dn=f"CN=H{i},OU=SD,DC=gem,DC=local",
            person_id=f"P{i:03d}" if i % 3 else "",
            person_name=value if i % 3 else "",
            acts_for=("ocmw", "gemeente", "both")[i % 3],
            service_owner=value if i % 3 == 0 else "",
            routes=[
                AccessRoute(
                    kind="group",
                    resource="GG_SD_Dossiers",
                    via=[value, value[:300]],
                    rights="member",
                ),
                AccessRoute(
                    kind="share", resource=resources[2].name, via=[value[:300]], rights="change"
                ),
                AccessRoute(
                    kind="server", resource=HOSTILE["H05"], via=[value[:300]], rights="admin"
                ),
                AccessRoute(
                    kind="application",
                    resource=HOSTILE["H01"],
                    via=[value[:300]],
                    rights="role",
                    detail=value,
                ),
            ],
            declaration=date(2024, 5, 1) if i % 2 else None,
            last_logon=datetime(2025, 3, 1, 8, 0, tzinfo=UTC),
        )
        for i, value in enumerate(names)
    ]
    admins = [
        AdminEntry(
            account=value[:300],
            display_name=value,
            dn=f"CN=A{i},OU=Beheer,DC=gem,DC=local",
            person_id=f"P{i:03d}",
            person_name=value,
            groups=[AdminPath(group="Domain Admins", path=["Domain Admins", value])],
            servers=[HOSTILE["H05"], value],
            tier=i % 2,
        )
        for i, value in enumerate(names)
    ]
    return ReportViews(
        directory_available=True,
        records_available=True,
        resources=resources,
        access=access,
        admins=admins,
    )


def hostile_assessment() -> Assessment:
    base = sample_assessment()
    findings = [
        Finding(
            rule_id="KSZ-PEO-001",
            subject=value,
            message="gap",
            args={"name": value},
            evidence=[f"ad.ldif:{i + 1}", value],
        )
        for i, value in enumerate(HOSTILE.values())
    ]
    results = [
        RuleResult(
            rule_id="KSZ-PEO-001", outcome=Outcome.fail, severity=Severity.high, findings=findings
        ),
        *[r for r in base.results if r.rule_id != "KSZ-PEO-001"],
    ]
    return sample_assessment(results=results, views=hostile_views())


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(hostile_assessment(), "nl")


def probe(chromium: str, html: str, folder: Path, width: int, *, printed: bool) -> dict[str, Any]:
    """Load the report without its CSP and with the probe, at the given window width; with
    printed, the print style sheet applies to the screen (as on an A4 page)."""
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html, count=1)
    if printed:
        page = page.replace("@media print {", "@media all {")
    page = page.replace("</body>", PROBE + "</body>")
    path = folder / ("printed.html" if printed else "screen.html")
    path.write_text(page, "utf-8")
    dom, console = run(chromium, path, "--dump-dom", f"--window-size={width},1000")
    assert console == []
    found = re.search(r'data-probe="([^"]*)"', dom)
    assert found, "the probe did not run"
    result: dict[str, Any] = json.loads(found.group(1).replace("&quot;", '"'))
    result["dom"] = dom
    return result


def test_the_probe_sees_a_page_that_is_too_wide(chromium: str, tmp_path: Path) -> None:
    wide = "<!DOCTYPE html><html><head></head><body><p style='width:3000px'>x</p></body></html>"
    seen = probe(chromium, wide, tmp_path, 1280, printed=False)
    assert seen["scroll"] > seen["width"]
    assert seen["wide"] == ["p. 3008"]


def test_the_probe_sees_a_clipped_box(chromium: str, tmp_path: Path) -> None:
    page = (
        "<!DOCTYPE html><html><head></head><body><header id='summary'>"
        "<div class='box' style='width:100px;overflow:hidden;white-space:nowrap'>"
        + "x" * 200
        + "</div><div class='fits' style='width:100px;overflow:hidden'>x</div>"
        "</header></body></html>"
    )
    seen = probe(chromium, page, tmp_path, 1280, printed=False)
    assert [c.split(" ")[0] for c in seen["clipped"]] == ["div.box"]


def test_no_box_clips_its_content(chromium: str, html: str, tmp_path: Path) -> None:
    """At 1280 px and on an A4 page: no element of the first page, the access matrix and the
    evidence annex hides part of its content."""
    for width, printed in ((1280, False), (A4_WIDTH, True)):
        seen = probe(chromium, html, tmp_path, width, printed=printed)
        assert "id=\"summary\"" in seen["dom"] and "id=\"evidence\"" in seen["dom"]
        assert seen["clipped"] == [], (width, printed)


def test_nothing_is_wider_than_the_window_at_1280_px(
    chromium: str, html: str, tmp_path: Path
) -> None:
    seen = probe(chromium, html, tmp_path, 1280, printed=False)
    assert 1200 < seen["width"] <= 1280  # less a scroll bar
    assert seen["wide"] == []
    assert seen["scroll"] <= seen["width"]


def test_nothing_is_wider_than_an_a4_page(chromium: str, html: str, tmp_path: Path) -> None:
    seen = probe(chromium, html, tmp_path, A4_WIDTH, printed=True)
    assert A4_WIDTH - 20 < seen["width"] <= A4_WIDTH
    assert seen["wide"] == []
    assert seen["scroll"] <= seen["width"]


def test_no_payload_runs_even_without_the_csp(chromium: str, html: str, tmp_path: Path) -> None:
    dom = probe(chromium, html, tmp_path, 1280, printed=False)["dom"]
    elements = parse(dom)
    assert elements.title.startswith("Informatieveiligheid van de gedeelde ICT")
    assert "XSS-" not in elements.title
    assert not re.search(r"<[a-z]+[^>]*\sdata-xss=", dom)
    assert not {"img", "svg", "iframe", "math", "a"} & set(elements.tags) - {"a"}
    assert elements.tags.count("script") == 1  # the probe
    assert elements.tags.count("style") == 1


def test_invisible_characters_are_shown_and_long_values_cut(
    chromium: str, html: str, tmp_path: Path
) -> None:
    dom = probe(chromium, html, tmp_path, 1280, printed=False)["dom"]
    text = "".join(parse(dom).text)
    for key, shown in SHOWN.items():
        assert shown in text, key
    for hidden in ("\u202e", "\u200b", "\u200d", "\ufeff", "\u2028", "\u2029", "\x1b", "\x00"):
        assert hidden not in dom
    # the 10 kB name: cut in the cells, whole in the title attributes only
    assert "A" * 10000 not in text
    assert "A" * 10000 in dom


def test_the_pdf_shows_the_hostile_values_as_text(chromium: str, tmp_path: Path) -> None:
    require_poppler()
    pdf = tmp_path / "hostile.pdf"
    pdf.write_bytes(render_pdf(hostile_assessment(), "nl"))
    text = "".join(pages_text(pdf))
    for key, shown in SHOWN.items():
        assert shown in text, key
    assert "\u202e" not in text
    assert "<script>document.title='XSS-H01'</script>" in text
