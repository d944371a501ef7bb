"""Reports rendered from an assessment: HTML in Dutch or English (``report.html``), JSON
(``report.json_``), the other formats (``report.formats``), and atomic writing of an output file
(``report.output``).

This package imports only kszcheck.model (an import-linter contract enforces it). Nothing is
imported here, so a command that only writes a file (``kszcheck collect``: ``report.output``) does
not load the HTML templates (jinja2) and the view model.
"""
