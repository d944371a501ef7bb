"""Evidence bundle: written with a SHA-256 manifest; verify names every changed, missing or added
file (exit 3), refuses what is not a bundle (exit 2)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.bundle import Problem, make_bundle, verify_bundle
from kszcheck.model.errors import InputError
from tests.support import kszcheck

ROOT = Path(__file__).resolve().parent.parent
CREATED = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
FILES = {
    "snapshot.json": '{"facts": 1}\n',
    "assessment.json": '{"schema_version": 1}\n',
    "report.html": "<!DOCTYPE html><title>r</title>\n",
}


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "run"
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text, "utf-8")
    (folder / ".report.html.abc.tmp").write_text("half", "utf-8")
    return folder


def rewrite(bundle: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of the bundle with members replaced (bytes) or removed (None), or added."""
    target = bundle.with_name("tampered.zip")
    with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            if info.filename in change:
                continue
            dst.writestr(info, src.read(info.filename))
        for name, data in change.items():
            if data is not None:
                dst.writestr(name, data)
    return target


def test_bundle_holds_the_files_and_a_manifest_of_hashes(run_dir: Path, tmp_path: Path) -> None:
    result = make_bundle(run_dir, tmp_path / "ev.zip", created=CREATED, tool_version="9.9")
    assert result.files == ("assessment.json", "report.html", "snapshot.json")
    with zipfile.ZipFile(tmp_path / "ev.zip") as archive:
        assert sorted(archive.namelist()) == sorted([*FILES, "manifest.json", "SHA256SUMS"])
        manifest_bytes = archive.read("manifest.json")
        manifest = json.loads(manifest_bytes)
        sums = archive.read("SHA256SUMS").decode()
    expected = hashlib.sha256(FILES["snapshot.json"].encode()).hexdigest()
    assert {"name": "snapshot.json", "size": 13, "sha256": expected} in manifest["files"]
    assert manifest["format"] == "kszcheck-evidence/1" and manifest["tool_version"] == "9.9"
    assert f"{expected}  snapshot.json\n" in sums
    assert result.manifest_sha256 == hashlib.sha256(manifest_bytes).hexdigest()
    assert verify_bundle(tmp_path / "ev.zip").problems == []


def test_verify_names_the_changed_missing_and_added_files(run_dir: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "ev.zip"
    make_bundle(run_dir, bundle, created=CREATED, tool_version="9.9")
    tampered = rewrite(
        bundle, {"assessment.json": b'{"schema_version": 2}\n', "report.html": None, "x.txt": b"x"}
    )
    assert verify_bundle(tampered).problems == [
        Problem("assessment.json", "changed"),
        Problem("report.html", "missing"),
        Problem("x.txt", "unexpected"),
    ]


def test_a_folder_without_an_assessment_is_refused(tmp_path: Path) -> None:
    (tmp_path / "snapshot.json").write_text("{}", "utf-8")
    with pytest.raises(InputError, match=r"not a run folder: assessment\.json missing"):
        make_bundle(tmp_path, tmp_path / "ev.zip", created=CREATED, tool_version="9.9")


def test_cli_bundle_and_verify_exit_codes(run_dir: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "evidence.zip"
    made = kszcheck("bundle", str(run_dir), "-o", str(bundle))
    assert made.returncode == 0, made.stderr
    assert "manifest SHA-256: " in made.stdout
    ok = kszcheck("verify", str(bundle))
    assert ok.returncode == 0
    assert ok.stdout.startswith(f"{bundle}: in orde / ok (3 files match the manifest)\n")
    tampered = rewrite(bundle, {"snapshot.json": b"{}"})
    bad = kszcheck("verify", str(tampered))
    assert (bad.returncode, bad.stdout) == (
        3,
        f"{tampered}: snapshot.json: gewijzigd / changed (2 bytes, the manifest says 13)\n",
    )
    (tmp_path / "not.zip").write_text("plain text", "utf-8")
    broken = kszcheck("verify", str(tmp_path / "not.zip"))
    assert broken.returncode == 2
    assert broken.stderr.startswith(f"kszcheck: error: {tmp_path / 'not.zip'}: not a zip file")
