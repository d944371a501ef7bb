"""Reports rendered from an assessment: HTML in Dutch or English, and JSON.

This package imports only kszcheck.model (an import-linter contract enforces it).
"""

from kszcheck.report.html import render_html
from kszcheck.report.json_ import render_json
from kszcheck.report.output import write_atomic
from kszcheck.report.viewmodel import ReportView, build_view

__all__ = ["ReportView", "build_view", "render_html", "render_json", "write_atomic"]
