"""Progress bars (issue 19): on a terminal, stderr shows the long work in the terminal's
language; in a pipe (a log, cron) nothing of it. The terminal is a real pseudo-terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from kszcheck.cli.progress import Bars
from kszcheck.collectors.base import Count
from kszcheck.model.site import SourceSpec
from kszcheck.texts import load_texts
from tests.support import ROOT, kszcheck

NOW = "2026-11-22T09:00:00+01:00"


def on_a_terminal(*args: str) -> tuple[int, str]:
    """Run kszcheck with stderr on a pseudo-terminal: its exit code and what the terminal got."""
    main, child = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "120"}
    process = subprocess.Popen(
        [sys.executable, "-m", "kszcheck", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=child,
    )
    os.close(child)
    received = bytearray()
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        received += data
    os.close(main)
    return process.wait(), received.decode("utf-8", "replace")


def test_a_terminal_shows_the_bars_in_its_language(tmp_path: Path) -> None:
    code, terminal = on_a_terminal("demo", "-o", str(tmp_path / "out"), "--now", NOW)
    assert code == 3
    nl = load_texts("nl")
    assert f"{nl['cli.progress_ldif_bytes']} (ad)" in terminal
    assert nl["cli.progress_rules"] in terminal
    assert "63/63" in terminal  # every rule of the catalogue evaluated


def test_a_pipe_gets_no_bars(tmp_path: Path) -> None:
    result = kszcheck("demo", "-o", str(tmp_path / "out"), "--now", NOW)
    assert result.returncode == 3
    nl = load_texts("nl")
    assert nl["cli.progress_rules"] not in result.stderr
    assert nl["cli.progress_ldif_bytes"] not in result.stderr
    assert "\x1b" not in result.stderr
    assert result.stderr.splitlines()[1] == "  bron ad (ldif): klaar"  # the lines stay


def test_quiet_draws_nothing_even_on_a_terminal(tmp_path: Path) -> None:
    code, terminal = on_a_terminal("demo", "-o", str(tmp_path / "out"), "--now", NOW, "-q")
    assert (code, terminal) == (3, "")


def test_the_amounts_shown() -> None:
    console = Console(force_terminal=True, width=120, record=True)
    spec = SourceSpec(id="ad", type="ldif", path="x.ldif")
    with Bars(console, "en", quiet=False) as bars:
        bars.count(spec, Count("ldif_bytes", 2_500_000, 10_000_000))
        bars.count(SourceSpec.model_construct(id="sw", type="snmp"), Count("snmp_agents", 3, 7))
        bars.count(SourceSpec.model_construct(id="dc", type="ldap"), Count("ldap_entries", 812))
        bars.rules(10, 63)
        bars._progress.refresh()
        shown = console.export_text()
    assert "reading the AD export (ad) " in shown and "2.5/10.0 MB" in shown
    assert "reading switches (SNMP) (sw)" in shown and " 3/7 " in shown
    assert "reading AD objects (dc)" in shown and " 812 " in shown
    assert "evaluating rules" in shown and "10/63" in shown
