"""Every output format of ``kszcheck report --format``, by name."""

from __future__ import annotations

from collections.abc import Callable

from kszcheck.model.results import Assessment
from kszcheck.report.csv_ import render_csv
from kszcheck.report.html import render_html
from kszcheck.report.json_ import render_json
from kszcheck.report.junit import render_junit
from kszcheck.report.pdf import render_pdf
from kszcheck.report.sarif import render_sarif

__all__ = ["FORMATS", "render"]

#: format name -> renderer(assessment, lang) -> text, or bytes for the PDF
FORMATS: dict[str, Callable[[Assessment, str], str | bytes]] = {
    "html": render_html,
    "pdf": render_pdf,
    "json": lambda assessment, _lang: render_json(assessment),
    "csv": render_csv,
    "sarif": render_sarif,
    "junit": render_junit,
}


def render(assessment: Assessment, fmt: str, lang: str = "nl") -> str | bytes:
    """The assessment in one of FORMATS (a KeyError names an unknown format)."""
    return FORMATS[fmt](assessment, lang)
