"""Start-up time of ``kszcheck --help`` against a bare ``python -c pass``, interleaved.

    python benchmarks/startup.py --runs 20

Each run starts both as whole processes, in turn (A B A B …); printed: the median wall time of
each, and of ``kszcheck --version``. Goal (issue 13): ``kszcheck --help`` ≤ 0.15 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.15


def wall(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    py = sys.executable
    probes = {
        "python -c pass": [py, "-c", "pass"],
        "kszcheck --help": [py, "-m", "kszcheck", "--help"],
        "kszcheck --version": [py, "-m", "kszcheck", "--version"],
    }
    times: dict[str, list[float]] = {name: [] for name in probes}
    for _ in range(args.runs):
        for name, argv in probes.items():
            times[name].append(wall(argv))
    for name, found in times.items():
        print(f"{name:<20} median {statistics.median(found):.3f} s  (min {min(found):.3f} s)")
    help_time = statistics.median(times["kszcheck --help"])
    print(f"goal: kszcheck --help ≤ {GOAL} s: {'met' if help_time <= GOAL else 'MISSED'}")


if __name__ == "__main__":
    main()
