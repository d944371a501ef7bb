"""Start-up time of the command line, interleaved: ``kszcheck --help`` against a bare
``python -c pass``, and ``kszcheck collect`` (its help, and the example administration).

    python benchmarks/startup.py --runs 20
    python benchmarks/startup.py --runs 15 --baseline /tmp/before   # against an older checkout

Each run starts every probe as a whole process, in turn (A B A B …); printed: the median wall
time of each. With ``--baseline DIR`` (a checkout of an earlier commit, e.g.
``git worktree add /tmp/before <commit>``) each kszcheck probe is also run from DIR, right after
this checkout's, and the median of the paired ratios (this / baseline) is printed. Goal (issue 13):
``kszcheck --help`` ≤ 0.15 s; ``collect`` imports only what it uses.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.15


def wall(argv: list[str], cwd: Path) -> float:
    """One whole process; ``python -m`` imports kszcheck from ``cwd`` (the checkout)."""
    started = time.perf_counter()
    subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--baseline", type=Path, default=None, help="an older checkout")
    args = parser.parse_args()
    py = sys.executable
    snapshot = Path(tempfile.mkdtemp(prefix="kszcheck-startup-")) / "snapshot.json"
    example = ROOT / "inventories" / "example"
    probes = {
        "python -c pass": [py, "-c", "pass"],
        "kszcheck --help": [py, "-m", "kszcheck", "--help"],
        "kszcheck --version": [py, "-m", "kszcheck", "--version"],
        "kszcheck collect --help": [py, "-m", "kszcheck", "collect", "--help"],
        "kszcheck collect example": [
            *[py, "-m", "kszcheck", "collect", str(example)],
            *["-o", str(snapshot), "--quiet"],
        ],
    }
    trees = {"": ROOT} | ({" (baseline)": args.baseline.resolve()} if args.baseline else {})
    times: dict[str, list[float]] = {}
    for _ in range(args.runs):
        for name, argv in probes.items():
            for label, tree in trees.items():
                if label and not name.startswith("kszcheck"):
                    continue
                times.setdefault(name + label, []).append(wall(argv, tree))
    for name, found in times.items():
        print(f"{name:<36} median {statistics.median(found):.3f} s  (min {min(found):.3f} s)")
    if args.baseline:
        for name in probes:
            if name.startswith("kszcheck"):
                pairs = zip(times[name], times[name + " (baseline)"], strict=True)
                ratio = statistics.median(a / b for a, b in pairs)
                print(f"{name:<36} this / baseline: median of pairs {ratio:.2f}")
    help_time = statistics.median(times["kszcheck --help"])
    print(f"goal: kszcheck --help ≤ {GOAL} s: {'met' if help_time <= GOAL else 'MISSED'}")


if __name__ == "__main__":
    main()
