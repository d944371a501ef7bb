"""The demo's Dutch and English reports (issue 15): the access matrix marks the cells a finding
says are not authorised, and each report is in one language.

The language check reads the report as tests/test_french.py does (visible text and title/alt,
without what came from the input) and looks for words only another language uses.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kszcheck.model.results import Assessment
from kszcheck.report.html import render_html
from kszcheck.report.matrix import UNAUTHORISED_MARK
from kszcheck.report.viewmodel import build_view
from tests.support import kszcheck
from tests.test_french import (
    CITATIONS,
    DUTCH,
    ENGLISH,
    input_strings,
    visible_text,
    without_input,
)

NOW = "2026-11-22T09:00:00+01:00"
#: Words only French uses (none is a Dutch or English word, nor a name in the example's input).
FRENCH = {
    "les", "une", "est", "sont", "avec", "pour", "dans", "accès", "règle", "règles", "constat",
    "constats", "données", "exigence", "aucun", "aucune", "doit",
}  # fmt: skip
#: Names of products that a text cites as the vendor spells them, in every language.
PRODUCT_NAMES = ("Active Directory Users and Computers",)
#: Values of the model that must show as words of the report's language, never as such.
ENUM_VALUES = ("acts-for", "acts_for", "not_assessed", "not_applicable", "Werkt voor: both")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Assessment]:
    folder = tmp_path_factory.mktemp("demo")
    out = folder / "out"
    result = kszcheck(
        "demo", "--lang", "nl", "-o", str(out), "--now", NOW,
        "--history", str(folder / "history.sqlite"),
    )  # fmt: skip
    assert result.returncode == 3, result.stderr
    return out, Assessment.model_validate_json((out / "assessment.json").read_text("utf-8"))


def _flagged(assessment: Assessment, lang: str) -> dict[str, list[str]]:
    matrix = build_view(assessment, lang).matrix
    assert matrix is not None
    flagged: dict[str, list[str]] = {}
    for group in matrix.groups:
        for row in group.rows:
            names = [c.name for c, cell in zip(matrix.columns, row.cells, strict=True)]
            marked = [n for n, cell in zip(names, row.cells, strict=True) if not cell.authorised]
            if marked:
                flagged[row.name] = marked
    return flagged


def test_the_matrix_marks_the_cells_a_finding_says_are_not_authorised(
    demo: tuple[Path, Assessment],
) -> None:
    """KSZ-SEP-003 names a person and the resources no function of theirs justifies; KSZ-SEP-008
    a shared or unknown account, none of whose access is authorised."""
    _, assessment = demo
    flagged = _flagged(assessment, "nl")
    scan, share = "\\\\SRV-FILE02\\SD_Scan$", "\\\\SRV-FILE02\\SocialeDienst"
    # P040 and P041 (through GG_OCMW_Alle_Personeel): the application group and the scan share
    both = ["DL_SD_Toepassing", scan]
    assert flagged["Rita Verstraete"] == both
    # the shared accounts: every cell they reach
    assert flagged["onthaal"] == ["GG_SD_Dossiers", "DL_SD_Share_RW", share, scan]
    assert flagged["svc_scan"] == ["DL_SD_Share_RW", share, scan]
    # a person KSZ-SEP-003 does not name keeps plain cells
    assert "Kristof Willems" not in flagged
    cells = build_view(assessment, "nl").matrix
    assert cells is not None
    assert cells.unauthorised_cells == sum(len(v) for v in flagged.values())


def test_the_report_shows_the_mark_and_explains_it(demo: tuple[Path, Assessment]) -> None:
    out, _ = demo
    html = (out / "report.html").read_text("utf-8")
    cell = re.search(r'<td class="right right-read unauthorised" title="([^"]*)">L!</td>', html)
    assert cell is not None
    assert cell.group(1).startswith("niet toegestaan: ")
    assert '<span class="code unauthorised">!</span> een vaststelling zegt' in html
    english = render_html(
        Assessment.model_validate_json((out / "assessment.json").read_text()), "en"
    )
    mark = re.escape(UNAUTHORISED_MARK)
    assert re.search(rf'unauthorised" title="not authorised: [^"]*">[A-Z]{mark}</td>', english)


def _own_text(html: str, out: Path) -> str:
    """kszcheck's own text in a report: without the input and the product names."""
    text = visible_text(html, CITATIONS)
    for name in PRODUCT_NAMES:
        text = text.replace(name, " ")
    return without_input(text, input_strings(out))


def _foreign_words(text: str, words: set[str]) -> list[str]:
    found = {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ_]+(?:\.[A-Za-z_]+)*", text)}
    return sorted(found & words)


@pytest.mark.parametrize(("lang", "foreign"), [("nl", ENGLISH | FRENCH), ("en", DUTCH | FRENCH)])
def test_the_demo_report_is_in_one_language(
    demo: tuple[Path, Assessment], lang: str, foreign: set[str]
) -> None:
    out, assessment = demo
    text = _own_text(render_html(assessment, lang), out)
    assert _foreign_words(text, foreign) == []
    assert [v for v in ENUM_VALUES if v in text] == []


def test_the_check_finds_another_language(demo: tuple[Path, Assessment]) -> None:
    """The same check on the French report of the same run finds its words."""
    out, assessment = demo
    text = _own_text(render_html(assessment, "fr"), out)
    assert len(_foreign_words(text, FRENCH)) >= 8
