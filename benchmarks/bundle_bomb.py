"""Benchmark: the memory of ``kszcheck verify`` on zip bombs, next to a real bundle.

    python3 benchmarks/bundle_bomb.py [--gib 1]

Builds, in a temporary folder, (1) the real bundle of the example's run folder, and evidence
bundles whose ``snapshot.json`` is a run of zeros that deflates about 1000:1: (2) one just under
verify's member limit (``MAX_MEMBER_BYTES``, 1 GiB) with a correct manifest, so verify must read
and hash all of it; (3) the same member whose manifest says 1 kB, so verify must stop reading
after 1 kB + 1 byte; (4) a member of ``--gib`` GiB above the limit, refused unread. Each is
verified by ``python -m kszcheck verify`` as a process of its own; printed: the exit code, the
wall time and the peak resident memory of that process (``wait4``'s ru_maxrss). Not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kszcheck.bundle import BUNDLE_FORMAT, MAX_MEMBER_BYTES  # noqa: E402

CHUNK = 1 << 20


def zeros_digest(size: int) -> str:
    digest, left, block = hashlib.sha256(), size, bytes(CHUNK)
    while left:
        piece = min(left, CHUNK)
        digest.update(block[:piece])
        left -= piece
    return digest.hexdigest()


def bomb(path: Path, size: int, manifest_size: int) -> Path:
    """A bundle whose snapshot.json is ``size`` zero bytes; its manifest says ``manifest_size``."""
    assessment = b'{"schema_version": 1}\n'
    files = [
        {"name": "snapshot.json", "size": manifest_size, "sha256": zeros_digest(manifest_size)},
        {
            "name": "assessment.json",
            "size": len(assessment),
            "sha256": hashlib.sha256(assessment).hexdigest(),
        },
    ]
    manifest = {
        "format": BUNDLE_FORMAT,
        "created": datetime.now(UTC).isoformat(),
        "tool_version": "bench",
        "files": files,
    }
    sums = "".join(f"{f['sha256']}  {f['name']}\n" for f in files)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("snapshot.json", "w", force_zip64=True) as member:
            left, block = size, bytes(CHUNK)
            while left:
                piece = min(left, CHUNK)
                member.write(block[:piece])
                left -= piece
        archive.writestr("assessment.json", assessment)
        archive.writestr("manifest.json", json.dumps(manifest, indent=2) + "\n")
        archive.writestr("SHA256SUMS", sums)
    return path


def verify(path: Path) -> tuple[int, float, int]:
    """Exit code, seconds, peak RSS in MiB of ``kszcheck verify path``."""
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "kszcheck", "verify", str(path)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - began
    return os.waitstatus_to_exitcode(status), seconds, usage.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gib", type=int, default=4, help="size of the over-limit member")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kszcheck-bomb-") as folder:
        base = Path(folder)
        out = base / "run"
        subprocess.run(
            [sys.executable, "-m", "kszcheck", "demo", "-o", str(out), "-q",
             "--history", str(base / "h.sqlite")],
            cwd=ROOT, check=False,
        )  # fmt: skip
        real = base / "real.zip"
        subprocess.run(
            [sys.executable, "-m", "kszcheck", "bundle", str(out), "-o", str(real)],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        under = MAX_MEMBER_BYTES - 1
        cases = [
            ("real bundle of the demo run", real),
            ("1 GiB - 1 of zeros, manifest right", bomb(base / "under.zip", under, under)),
            ("1 GiB - 1 of zeros, manifest says 1 kB", bomb(base / "lie.zip", under, 1000)),
            (
                f"{options.gib} GiB of zeros (over the limit)",
                bomb(base / "over.zip", options.gib << 30, options.gib << 30),
            ),
        ]
        print(f"{'bundle':<42} {'zip size':>10} {'exit':>4} {'time':>7} {'peak RSS':>9}")
        for label, path in cases:
            code, seconds, rss = verify(path)
            size = path.stat().st_size
            print(f"{label:<42} {size / 1e6:>8.1f}MB {code:>4} {seconds:>6.1f}s {rss:>6} MiB")


if __name__ == "__main__":
    main()
