"""Atomic writes: a reader sees the old file or the new one, never half a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kszcheck.report.html import render_html
from kszcheck.report.output import write_atomic
from tests.report import sample_assessment


def test_writes_the_text_and_creates_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "2025" / "rapport.html"
    write_atomic(target, "één\r\nregel\n")
    assert target.read_bytes() == "één\r\nregel\n".encode()
    assert sorted(p.name for p in target.parent.iterdir()) == ["rapport.html"]


def test_replaces_an_existing_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "rapport.json"
    target.write_text("oud", encoding="utf-8")
    write_atomic(target, "nieuw")
    assert target.read_text(encoding="utf-8") == "nieuw"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.json"]


def test_existing_target_untouched_when_rendering_raised_before_writing(tmp_path: Path) -> None:
    target = tmp_path / "rapport.html"
    target.write_text("vorig rapport", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown report language 'xx'"):
        write_atomic(target, render_html(sample_assessment(), "xx"))
    assert target.read_text(encoding="utf-8") == "vorig rapport"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.html"]


def test_existing_target_untouched_when_writing_fails_halfway(tmp_path: Path) -> None:
    target = tmp_path / "rapport.html"
    target.write_text("vorig rapport", encoding="utf-8")
    # a lone surrogate cannot be encoded as UTF-8: the write fails after it started
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "begin " * 10000 + "\ud800")
    assert target.read_text(encoding="utf-8") == "vorig rapport"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.html"]
