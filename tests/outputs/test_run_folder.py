"""The run folder is written all or nothing (issue 11, b8): a staging folder beside it, moved into
place only when every file is written; a write error leaves the previous run's files as they were.
The error is injected at the write layer here; tests/attack/test_b8_disk_full.py fills a real
(tmpfs) file system."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from kszcheck import run_folder
from kszcheck.model.errors import OutputError
from kszcheck.run_folder import write_run_folder

FIRST = {"snapshot.json": "{1}", "assessment.json": "[1]", "report.html": "<p>1</p>"}
SECOND = {"snapshot.json": "{2}", "assessment.json": "[2]", "report.html": "<p>2</p>"}


def content(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted(folder.iterdir())}


def test_a_new_folder_is_created_with_every_file(tmp_path: Path) -> None:
    write_run_folder(tmp_path / "reports" / "site", FIRST)
    assert content(tmp_path / "reports" / "site") == FIRST
    assert [p.name for p in (tmp_path / "reports").iterdir()] == ["site"]


def test_a_previous_run_folder_is_replaced_in_one_step(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    write_run_folder(folder, FIRST)
    before = folder.stat().st_ino
    write_run_folder(folder, SECOND)
    assert content(folder) == SECOND
    assert folder.stat().st_ino != before  # a new folder was swapped in, not files edited
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_other_files_in_the_folder_are_kept(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    write_run_folder(folder, FIRST)
    (folder / "notes.txt").write_text("mine", "utf-8")
    write_run_folder(folder, SECOND)
    assert content(folder) == {**SECOND, "notes.txt": "mine"}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_write_error_leaves_the_previous_run_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "site"
    write_run_folder(folder, FIRST)
    real_write = run_folder._write

    def full_after_the_first(path: Path, shown: Path, text: str) -> None:
        if path.name != "snapshot.json":
            raise OSError(errno.ENOSPC, "No space left on device", str(shown))
        real_write(path, shown, text)

    monkeypatch.setattr(run_folder, "_write", full_after_the_first)
    with pytest.raises(OutputError) as caught:
        write_run_folder(folder, SECOND)
    assert str(caught.value) == (
        f"{folder / 'assessment.json'}: No space left on device — nothing of this run was "
        "written; the previous run's files are unchanged"
    )
    assert caught.value.exit_code == 6
    assert content(folder) == FIRST
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folder left


def test_a_file_where_the_folder_should_be_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.write_text("a file", "utf-8")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        write_run_folder(target, FIRST)
    assert target.read_text("utf-8") == "a file"
