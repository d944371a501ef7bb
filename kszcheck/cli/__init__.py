"""Command-line interface: the only package that wires collectors, engine and reports together.

``app`` holds the command group, the shared options and what they print; every other module here
adds the commands of one area to that group (``commands_run``: demo, scan, collect, evaluate,
report, on ``kszcheck.pipeline``). They are imported explicitly below.
"""

from __future__ import annotations

from kszcheck.cli.app import cli, main

__all__ = ["cli", "main"]

# Command modules, each adding its commands to ``cli`` (listed explicitly, in help order).
from kszcheck.cli import commands_bundle as _bundle  # noqa: F401
from kszcheck.cli import commands_catalogue as _catalogue  # noqa: F401
from kszcheck.cli import commands_history as _history  # noqa: F401
from kszcheck.cli import commands_norms as _norms  # noqa: F401
from kszcheck.cli import commands_run as _run  # noqa: F401
from kszcheck.cli import commands_waivers as _waivers  # noqa: F401
from kszcheck.cli import commands_windows as _windows  # noqa: F401
