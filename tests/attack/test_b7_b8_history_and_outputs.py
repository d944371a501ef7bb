"""History that never loses a run (b7) and all-or-nothing run folders (b8), through the real
command line (issue 11; reproducers b7-history-locked and b8-disk-full)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from tests.support import EXAMPLE, kszcheck

FIRST, SECOND = "2026-05-01T08:00:00+02:00", "2026-06-01T08:00:00+02:00"


def test_b7_a_scan_waits_for_a_locked_history_and_stores_its_run(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    first = kszcheck("demo", "-o", str(tmp_path / "out0"), "--history", str(history), "-q")
    assert first.returncode in (3, 5), first.stderr
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:  # an admin's sqlite3 session holding the write lock for a few seconds
        conn = sqlite3.connect(history, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        locked.set()
        release.wait(4)
        conn.execute("ROLLBACK")
        conn.close()

    holder = threading.Thread(target=hold)
    holder.start()
    locked.wait()
    second = kszcheck("demo", "-o", str(tmp_path / "out1"), "--history", str(history), "-q")
    release.set()
    holder.join()
    assert second.returncode in (3, 5), second.stderr
    assert "history" not in second.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.sqlite", "out0", "out1"]
    data = json.loads((tmp_path / "out1" / "assessment.json").read_text("utf-8"))
    assert (data["changes"]["previous_run"], data["changes"]["this_run"]) == (1, 2)


def test_b7_read_only_commands_refuse_a_file_that_is_not_a_history(tmp_path: Path) -> None:
    profile = tmp_path / "site.yaml"
    shutil.copy(EXAMPLE / "site.yaml", profile)
    before = profile.read_bytes()
    for command in ("diff", "history"):
        result = kszcheck(command, "--history", str(profile))
        assert result.returncode == 2
        assert result.stderr.strip() == (
            f"kszcheck: error: {profile}: not a kszcheck history (not an SQLite database); "
            "nothing was changed (check --history)"
        )
    assert profile.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["site.yaml"]


DISK_FULL = """
set -u
mount -t tmpfs -o size=4m tmpfs "$M"
"$PY" -m kszcheck demo -o "$M/run" --history "$H/h.sqlite" -q --lang en --now "$FIRST"
echo "$?" > "$KEEP/first.rc"
cp -a "$M/run" "$KEEP/before"
avail=$(df -B1 --output=avail "$M" | tail -1)
head -c $((avail - 600000)) /dev/zero > "$M/filler"
"$PY" -m kszcheck demo -o "$M/run" --history "$H/h.sqlite" -q --lang nl --now "$SECOND" \
    2> "$KEEP/second.err"
echo "$?" > "$KEEP/second.rc"
ls -A "$M" > "$KEEP/listing"
cp -a "$M/run" "$KEEP/after"
"""


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare (util-linux)")
def test_b8_a_full_disk_leaves_the_previous_run_and_records_nothing(tmp_path: Path) -> None:
    """A real full file system: a 4 MB tmpfs mounted in the test's own user and mount namespace
    (``unshare -rm``), filled to 600 kB before the second scan."""
    mount, history, keep = tmp_path / "m", tmp_path / "h", tmp_path / "keep"
    for folder in (mount, history, keep):
        folder.mkdir()
    env = {
        "M": str(mount),
        "H": str(history),
        "KEEP": str(keep),
        "PY": sys.executable,
        "FIRST": FIRST,
        "SECOND": SECOND,
        "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
    }
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", textwrap.dedent(DISK_FULL)],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=False,
    )
    if "mount:" in done.stderr and not (keep / "first.rc").exists():
        pytest.skip(f"no tmpfs mount in a user namespace here: {done.stderr.strip()}")
    assert (keep / "first.rc").read_text().strip() == "3", done.stderr
    assert (keep / "second.rc").read_text().strip() == "6"
    error = (keep / "second.err").read_text("utf-8").strip()
    # --lang nl: the line starts in Dutch (kszcheck: fout:)
    assert error.startswith(f"kszcheck: fout: {mount / 'run'}/"), error
    assert error.endswith(
        ": No space left on device — nothing of this run was written; the previous run's "
        "files are unchanged"
    )
    assert len(error.splitlines()) == 1
    # the previous run's three files, byte for byte; nothing half-written beside them
    assert (keep / "listing").read_text().split() == ["filler", "run"]
    for name in ("snapshot.json", "assessment.json", "report.html"):
        assert (keep / "after" / name).read_bytes() == (keep / "before" / name).read_bytes()
    assert json.loads((keep / "after" / "assessment.json").read_text("utf-8"))[
        "evaluated_at"
    ].startswith("2026-05-01")
    with sqlite3.connect(history / "h.sqlite") as conn:
        runs = conn.execute("SELECT id, evaluated_at FROM runs").fetchall()
    conn.close()
    assert runs == [(1, "2026-05-01T08:00:00+02:00")]
