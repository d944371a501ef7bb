"""Hostile AD names in `kszcheck diff` and `history` (issue 11, b11): CR/LF cannot forge a line,
no ESC sequence reaches the terminal, bidi and zero-width characters are shown as U+XXXX."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support import kszcheck

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inventories" / "example"
#: A server name holding CR/LF (forging a warning line), ESC sequences (OSC 8 link, clear screen)
#: and an RTL override; it is the subject of several findings of the example.
HOSTILE = "SRV-SOC\u202eTST01\r\nkszcheck: warning: all good\x1b]8;;http://evil\x1b\\\x1b[2J"


def _hostile_site(target: Path) -> Path:
    shutil.copytree(EXAMPLE, target)
    servers = target / "servers.csv"
    text = servers.read_text("utf-8")
    assert "SRV-SOCTST01" in text
    servers.write_text(text.replace("SRV-SOCTST01", '"' + HOSTILE + '"'), "utf-8")
    return target


def test_diff_and_history_escape_subjects(tmp_path: Path) -> None:
    history = str(tmp_path / "h.sqlite")
    first = kszcheck("scan", str(EXAMPLE), "-o", str(tmp_path / "a"), "--history", history, "-q")
    assert first.returncode in (3, 4, 5), first.stderr
    site = _hostile_site(tmp_path / "hostile")
    second = kszcheck("scan", str(site), "-o", str(tmp_path / "b"), "--history", history, "-q")
    assert second.returncode in (3, 4, 5), second.stderr
    diff = kszcheck("diff", "--history", history)
    assert diff.returncode == 0, diff.stderr
    assert "\x1b" not in diff.stdout and "\r" not in diff.stdout
    assert not any(
        line.startswith("kszcheck: warning: all good") for line in diff.stdout.split("\n")
    )
    assert (
        "SRV-SOC<U+202E>TST01\\r\\nkszcheck: warning: all good\\x1b]8;;http://evil" in diff.stdout
    )
    listing = kszcheck("history", "--history", history)
    assert "\x1b" not in listing.stdout and "\r" not in listing.stdout
