"""``kszcheck scan a b … --jobs N``: several site profiles, each in its own run folder, one
summary, one exit code (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kszcheck.cli.scan_many import worst_exit_code
from kszcheck.history import open_history
from tests.support import EXAMPLE, copy_example, edit_yaml, kszcheck

NOW = "2026-11-22T09:00:00+01:00"


def site(folder: Path, name: str) -> Path:
    copy_example(folder)
    edit_yaml(folder / "site.yaml", lambda data: data.update(name=name))
    return folder


def test_two_sites_in_parallel_each_in_its_own_folder(tmp_path: Path, user_data: Path) -> None:
    a = site(tmp_path / "a", "Gemeente Aalter")
    b = site(tmp_path / "b", "Gemeente Bever")
    reports = tmp_path / "reports"
    result = kszcheck("scan", str(a), str(b), "--jobs", "2", "-o", str(reports), "--now", NOW)
    assert result.returncode in (3, 5), result.stderr
    assert sorted(p.name for p in reports.iterdir()) == [
        "gemeente-aalter",
        "gemeente-bever",
    ]
    for slug in ("gemeente-aalter", "gemeente-bever"):
        assert sorted(p.name for p in (reports / slug).iterdir()) == [
            "assessment.json",
            "report.html",
            "snapshot.json",
        ]
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["exit", "status", "score", "cover", "site", "(run", "folder)"]
    assert lines[1].endswith(f"Gemeente Aalter ({reports / 'gemeente-aalter'})")
    assert lines[2].endswith(f"Gemeente Bever ({reports / 'gemeente-bever'})")
    for slug, name in (
        ("gemeente-aalter", "Gemeente Aalter"),
        ("gemeente-bever", "Gemeente Bever"),
    ):
        # each site its own history in the user's data folder
        found = user_data / "kszcheck" / "sites" / slug / "history.sqlite"
        with open_history(found, read_only=True) as store:
            assert store.sites() == [name]


def test_a_bad_profile_or_two_sites_with_one_name_stop_everything_first(tmp_path: Path) -> None:
    a = site(tmp_path / "a", "Gemeente Aalter")
    twin = site(tmp_path / "twin", "Gemeente Aalter")
    reports = tmp_path / "reports"
    result = kszcheck("scan", str(a), str(twin), "-o", str(reports), "--now", NOW)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"kszcheck: error: {twin / 'site.yaml'}: writes to {reports / 'gemeente-aalter'} like "
        f"{a / 'site.yaml'} (two sites with the same name)"
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n", "utf-8")
    result = kszcheck("scan", str(a), str(broken), "-o", str(reports), "--now", NOW)
    assert result.returncode == 2
    assert result.stderr.startswith(f"kszcheck: error: {broken}:")
    assert not reports.exists()


@pytest.mark.parametrize(
    ("codes", "worst"),
    [
        ([0, 3, 4], 3),
        ([4, 0], 4),
        ([3, 5], 5),
        ([5, 6], 6),
        ([6, 2, 3], 2),
        ([0, 1, 2], 1),
        ([], 0),
    ],
)
def test_the_worst_exit_code_wins(codes: list[int], worst: int) -> None:
    assert worst_exit_code(codes) == worst


def test_one_site_is_the_plain_scan(tmp_path: Path) -> None:
    result = kszcheck("scan", str(EXAMPLE), "-o", str(tmp_path / "out"), "--now", NOW, "-q")
    assert result.returncode in (3, 5), result.stderr
    assert (tmp_path / "out" / "report.html").is_file()
