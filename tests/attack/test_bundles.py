"""Evidence bundles an auditor can trust (issue 11: b5, b6, b9): signed manifests, forged and
malformed bundles refused with exit 3 naming the member, symlinks never followed."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.bundle import Problem, make_bundle, verify_bundle
from kszcheck.signing import fingerprint, load_private_key, load_public_key, new_key_pair
from tests.support import kszcheck

CREATED = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
ASSESSMENT = b'{"results": [{"outcome": "fail"}]}\n'


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "snapshot.json").write_bytes(b'{"facts": 1}\n')
    (folder / "assessment.json").write_bytes(ASSESSMENT)
    return folder


def _rewrite(bundle: Path, target: Path, members: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(target, "w") as out:
        for name, data in members:
            out.writestr(name, data)
    return target


def _forge(bundle: Path, target: Path) -> Path:
    """The assessment changed, the manifest and SHA256SUMS recomputed (b6 a)."""
    with zipfile.ZipFile(bundle) as src:
        members = {n: src.read(n) for n in src.namelist()}
    forged = ASSESSMENT.replace(b"fail", b"pass")
    manifest = json.loads(members["manifest.json"])
    for entry in manifest["files"]:
        if entry["name"] == "assessment.json":
            entry.update(size=len(forged), sha256=hashlib.sha256(forged).hexdigest())
    members["assessment.json"] = forged
    members["manifest.json"] = json.dumps(manifest).encode()
    members["SHA256SUMS"] = "".join(
        f"{e['sha256']}  {e['name']}\n" for e in manifest["files"]
    ).encode()
    return _rewrite(bundle, target, list(members.items()))


def test_signed_bundle_verifies_and_a_forged_rehashed_one_fails(
    run_dir: Path, tmp_path: Path
) -> None:
    pair = new_key_pair(tmp_path / "auditor", "pass-Phrase-1")
    assert os.stat(pair.private).st_mode & 0o777 == 0o600
    assert b"ENCRYPTED" in pair.private.read_bytes()
    key = load_private_key(pair.private, "pass-Phrase-1")
    bundle = tmp_path / "ev.zip"
    made = make_bundle(run_dir, bundle, created=CREATED, tool_version="9", key=key)
    assert made.signer == pair.fingerprint == fingerprint(load_public_key(pair.public))
    good = verify_bundle(bundle, trusted=pair.fingerprint, sha256=made.bundle_sha256)
    assert (good.problems, good.signer) == ([], pair.fingerprint)

    forged = verify_bundle(_forge(bundle, tmp_path / "forged.zip"), trusted=pair.fingerprint)
    assert forged.problems == [
        Problem("manifest.json", "signature invalid / handtekening ongeldig", pair.fingerprint)
    ]
    # re-signed by the forger's own key: a valid signature, by another key
    other = new_key_pair(tmp_path / "forger", None)
    resigned = make_bundle(
        run_dir, tmp_path / "resigned.zip", created=CREATED, tool_version="9",
        key=load_private_key(other.private, None),
    )  # fmt: skip
    assert verify_bundle(resigned.path, trusted=pair.fingerprint).problems == [
        Problem(
            "manifest.json",
            "signed by another key / door een andere sleutel ondertekend",
            f"{other.fingerprint}, expected {pair.fingerprint}",
        )
    ]
    unsigned = make_bundle(run_dir, tmp_path / "u.zip", created=CREATED, tool_version="9")
    assert verify_bundle(unsigned.path, trusted=pair.fingerprint).problems == [
        Problem("manifest.json", "not signed / niet ondertekend", f"expected {pair.fingerprint}")
    ]
    wrong = verify_bundle(bundle, sha256="0" * 64).problems
    assert wrong == [Problem("ev.zip", "SHA-256 differs / wijkt af", f"{made.bundle_sha256}, "
                             f"expected {'0' * 64}")]  # fmt: skip


def test_cli_keys_sign_verify(run_dir: Path, tmp_path: Path) -> None:
    made = kszcheck("keys", "new", str(tmp_path / "k"))
    assert made.returncode == 0, made.stderr
    signed = kszcheck("bundle", str(run_dir), "-o", str(tmp_path / "e.zip"), "--sign",
                      str(tmp_path / "k.key"))  # fmt: skip
    assert signed.returncode == 0, signed.stderr
    ok = kszcheck("verify", str(tmp_path / "e.zip"), "--key", str(tmp_path / "k.pub"))
    assert ok.returncode == 0 and "(the key you gave)" in ok.stdout
    forged = _forge(tmp_path / "e.zip", tmp_path / "f.zip")
    bad = kszcheck("verify", str(forged), "--key", str(tmp_path / "k.pub"))
    assert bad.returncode == 3 and "signature invalid" in bad.stdout
    again = kszcheck("keys", "new", str(tmp_path / "k"))
    assert again.returncode == 2 and "never overwritten" in again.stderr


def test_duplicate_unsafe_empty_and_damaged_bundles_are_refused(
    run_dir: Path, tmp_path: Path
) -> None:
    bundle = tmp_path / "ev.zip"
    make_bundle(run_dir, bundle, created=CREATED, tool_version="9")
    with zipfile.ZipFile(bundle) as src:
        members = [(n, src.read(n)) for n in src.namelist()]
    import warnings

    warnings.simplefilter("ignore")
    dup = _rewrite(bundle, tmp_path / "dup.zip", [("assessment.json", b"x"), *members])
    assert Problem("assessment.json", "refused / geweigerd", "two members of the same name") in (
        verify_bundle(dup).problems
    )
    names = _rewrite(bundle, tmp_path / "n.zip", [*members, ("../../x", b"x"), ("/abs", b"y")])
    problems = verify_bundle(names).problems
    assert Problem("../../x", "refused / geweigerd", "name with '..'") in problems
    assert Problem("/abs", "refused / geweigerd", "absolute name") in problems
    empty = _rewrite(
        bundle, tmp_path / "e.zip",
        [("manifest.json", json.dumps({"format": "kszcheck-evidence/1", "files": []}).encode())],
    )  # fmt: skip
    assert Problem("manifest.json", "refused / geweigerd", "lists no file") in (
        verify_bundle(empty).problems
    )
    data = bytearray(bundle.read_bytes())
    with zipfile.ZipFile(bundle) as src:
        info = src.getinfo("assessment.json")
    data[info.header_offset + 30 + len(info.filename) + 5] ^= 1
    (tmp_path / "flip.zip").write_bytes(bytes(data))
    result = kszcheck("verify", str(tmp_path / "flip.zip"))
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert "assessment.json: " in result.stdout


def test_bundle_skips_symlinks_and_never_writes_through_a_planted_one(
    run_dir: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", "utf-8")
    (run_dir / "notes.txt").symlink_to(secret)
    victim = tmp_path / "victim.txt"
    victim.write_text("victim", "utf-8")
    (tmp_path / ".e2.zip.tmp").symlink_to(victim)
    result = make_bundle(run_dir, tmp_path / "e2.zip", created=CREATED, tool_version="9")
    assert result.skipped == ("notes.txt",)
    with zipfile.ZipFile(tmp_path / "e2.zip") as archive:
        assert "notes.txt" not in archive.namelist()
    assert victim.read_text("utf-8") == "victim"
    assert not (tmp_path / "e2.zip").is_symlink()
