"""Render the HTML report: one self-contained file, from the view-model, with autoescape on.

AD names, descriptions and waiver texts are untrusted input: every value is escaped by jinja2,
and made visible first (control and bidi characters written as ⟨U+202E⟩; report.visible).
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from kszcheck.model.results import Assessment
from kszcheck.report.viewmodel import build_view
from kszcheck.report.visible import cut, finalize

__all__ = ["document_environment", "render_html"]

TEMPLATE = "report.html.j2"


def document_environment(package: str) -> Environment:
    """The jinja2 environment of a self-contained HTML document whose templates are in
    ``<package>/templates``: autoescape on, undefined names an error, every printed value made
    visible (report.visible.finalize) and a ``cut`` filter for long values."""
    environment = Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,
    )
    environment.filters["cut"] = cut
    return environment


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return document_environment("kszcheck.report")


def render_html(assessment: Assessment, lang: str = "nl") -> str:
    """The report of one assessment as a complete HTML document, in Dutch or English."""
    view = build_view(assessment, lang)
    return _environment().get_template(TEMPLATE).render(v=view, t=view.t)
