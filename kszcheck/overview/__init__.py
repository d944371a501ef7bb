"""The partner's overview over many administrations, rendered from ``kszcheck.history.overview``:
a self-contained HTML page (nl, fr, en), JSON and CSV.

    render_overview(overview, fmt, lang, titles) -> str     fmt: html | json | csv
"""

from kszcheck.overview.render import FORMATS, render_overview

__all__ = ["FORMATS", "render_overview"]
