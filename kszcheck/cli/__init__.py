"""Command-line interface: the only package that wires collectors, engine and reports together.

``root`` holds the command group and the entry point (light: ``kszcheck --help`` imports nothing
else), ``app`` the shared options and what the commands print; every other module here adds the
commands of one area to the group (``commands_run``: demo, scan, evaluate, report, on
``kszcheck.pipeline``; ``commands_collect``: collect, on ``kszcheck.collection`` only), imported
when one of its commands runs (``root.COMMANDS``).
"""

from __future__ import annotations

from kszcheck.cli.root import cli, main

__all__ = ["cli", "main"]
