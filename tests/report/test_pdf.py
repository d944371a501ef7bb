"""The PDF printer's edges without a browser: which Chromium it takes, what it says when there is
none, and that a printer which hangs is stopped, with everything it started."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from kszcheck.report.json_ import render_json
from kszcheck.report.pdf import CHROMIUM_ENV, PdfError, find_chromium, html_to_pdf
from tests.report import sample_assessment
from tests.support import kszcheck


def script(path: Path, body: str) -> Path:
    path.write_text("#!/bin/sh\n" + body, "utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_the_configured_binary_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = script(tmp_path / "chromium", "exit 0\n")
    monkeypatch.setenv(CHROMIUM_ENV, "/nowhere/chromium")
    assert find_chromium(str(fake)) == fake


def test_a_missing_configured_binary_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CHROMIUM_ENV, "/nowhere/chromium")
    with pytest.raises(PdfError) as caught:
        find_chromium()
    assert (
        str(caught.value)
        == "$KSZCHECK_CHROMIUM names /nowhere/chromium, which is not an executable file"
    )


def test_no_chromium_anywhere_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CHROMIUM_ENV, raising=False)
    monkeypatch.setattr("kszcheck.report.pdf.DEFAULT_CHROMIUM", Path("/nowhere/chromium"))
    monkeypatch.setenv("PATH", "/nowhere")
    with pytest.raises(PdfError) as caught:
        find_chromium()
    assert "install the Debian package 'chromium', or set $KSZCHECK_CHROMIUM" in str(caught.value)


def test_a_printer_that_hangs_is_stopped_with_its_children(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    hanging = script(
        tmp_path / "hangs",
        f"sleep 300 &\necho $! > {pids}.child\necho $$ > {pids}\nwait\n",
    )
    with pytest.raises(PdfError) as caught:
        html_to_pdf("<p>x</p>", binary=hanging, timeout=1)
    assert str(caught.value) == f"{hanging} did not finish the PDF within 1 s and was stopped"
    for pid_file in (pids, Path(f"{pids}.child")):
        assert not running(int(pid_file.read_text().strip()))


def running(pid: int) -> bool:
    """Whether the process runs (a zombie waiting for its parent to reap it does not)."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat_line.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def test_a_failing_printer_is_reported_with_its_last_line(tmp_path: Path) -> None:
    failing = script(
        tmp_path / "fails", "echo 'first' >&2\necho 'cannot open display' >&2\nexit 3\n"
    )
    with pytest.raises(PdfError) as caught:
        html_to_pdf("<p>x</p>", binary=failing)
    assert str(caught.value) == f"{failing} failed (exit 3): cannot open display"


def test_a_printer_that_writes_no_pdf_is_refused(tmp_path: Path) -> None:
    silent = script(tmp_path / "silent", "exit 0\n")
    with pytest.raises(PdfError) as caught:
        html_to_pdf("<p>x</p>", binary=silent)
    assert str(caught.value) == f"{silent} wrote no PDF"


def test_the_command_line_names_the_missing_browser_in_one_line(tmp_path: Path) -> None:
    assessment = tmp_path / "assessment.json"
    assessment.write_text(render_json(sample_assessment()), "utf-8")
    out = tmp_path / "r.pdf"
    result = kszcheck(
        "report",
        str(assessment),
        "--format",
        "pdf",
        "-o",
        str(out),
        extra_env={CHROMIUM_ENV: str(tmp_path / "nothing")},
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"kszcheck: error: $KSZCHECK_CHROMIUM names {tmp_path / 'nothing'}, "
        "which is not an executable file\n"
    )
    assert not out.exists()
