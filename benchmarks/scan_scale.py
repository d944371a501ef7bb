"""``kszcheck scan`` of a realistic directory export against a minimal reader of the same file.

    python benchmarks/scan_scale.py --users 50000 --runs 3
    python benchmarks/scan_scale.py --users 10000 --runs 3 --collect

The site is written once by ``benchmarks/directory_export.py`` (cached under
``$TMPDIR/kszcheck-dirs/<users>-<seed>``, in a process of its own). Then, interleaved (A B A B …,
so a noisy neighbour cannot favour either side), each run times as whole processes:

    A  python benchmarks/ldif_baseline.py ad-export.ldif          (the floor: read, unfold,
                                                                   base64, walk every ACE)
    B  python -m kszcheck scan <site> -o <tmp> --now … --quiet     (collect, evaluate, report)
    C  python -m kszcheck collect <site> -o <tmp>/snapshot.json     (with --collect)

Per process: wall time, CPU time (with the LDIF worker processes kszcheck starts) and peak RSS
(``wait4`` rusage: the largest single process), and the sampled peak of the whole process tree.
``--workers N`` sets KSZCHECK_WORKERS for kszcheck (1: the export read by one process);
``--one-process`` also times ``scan`` with KSZCHECK_WORKERS=1 in the same interleaved runs.
Printed: every run, the medians, the ratio scan / baseline for wall time and peak RSS, and
the goals of issue 13 for 50 000 users (≤ 15 s, ≤ 1 GiB, ≤ 2.5 × the baseline).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from process_run import Run, timed

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-23T09:00:00+00:00"
GOAL_SECONDS, GOAL_BYTES, GOAL_RATIO = 15.0, 1 << 30, 2.5


def site_dir(users: int, seed: int) -> Path:
    folder = Path(tempfile.gettempdir()) / "kszcheck-dirs" / f"{users}-{seed}"
    if not (folder / "site.yaml").is_file():
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "directory_export.py"),
             "--users", str(users), "--seed", str(seed), "--out", str(folder)],
            check=True,
        )  # fmt: skip
    return folder


def row(label: str, run: Run) -> str:
    return (
        f"  {label:<9} {run.wall:7.2f} s wall {run.cpu:7.2f} s CPU {run.peak / 2**20:6.0f} MiB "
        f"peak {run.tree_peak / 2**20:6.0f} MiB process tree"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--collect", action="store_true", help="also time kszcheck collect")
    parser.add_argument("--workers", type=int, help="KSZCHECK_WORKERS for kszcheck")
    parser.add_argument(
        "--one-process",
        action="store_true",
        help="also time kszcheck scan with the export read by one process (KSZCHECK_WORKERS=1)",
    )
    args = parser.parse_args()
    if args.workers:
        os.environ["KSZCHECK_WORKERS"] = str(args.workers)
    # An installed kszcheck has its bytecode compiled (pip does it); where the environment
    # forbids writing it, every process (and every LDIF worker) would compile kszcheck again:
    # a warm-up run of each command writes the cache first.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    folder = site_dir(args.users, args.seed)
    ldif = folder / "ad-export.ldif"
    print(f"{folder}: ad-export.ldif {ldif.stat().st_size / 2**20:.0f} MiB")
    py = sys.executable
    baseline_argv = [py, str(ROOT / "benchmarks" / "ldif_baseline.py"), str(ldif)]
    results: dict[str, list[Run]] = {"baseline": [], "scan": [], "scan-1": [], "collect": []}
    warm = Path(tempfile.mkdtemp(prefix="kszcheck-warm-"))
    try:
        subprocess.run([sys.executable, "-m", "kszcheck", "demo", "-o", str(warm / "demo"),
                        "--history", str(warm / "h.sqlite"), "--quiet"], check=False)  # fmt: skip
        subprocess.run([sys.executable, "-c", "import kszcheck.collectors.ldif_worker"], check=True)
    finally:
        shutil.rmtree(warm, ignore_errors=True)
    for number in range(1, args.runs + 1):
        out = Path(tempfile.mkdtemp(prefix="kszcheck-scan-"))
        try:
            order = ["baseline", "scan"] if number % 2 else ["scan", "baseline"]
            if args.one_process:
                order.insert(1 if number % 2 else 0, "scan-1")
            if args.collect:
                order.append("collect")
            print(f"run {number}:")
            for what in order:
                if what == "baseline":
                    run = timed(baseline_argv)
                elif what in ("scan", "scan-1"):
                    one = {"KSZCHECK_WORKERS": "1"} if what == "scan-1" else None
                    run = timed([py, "-m", "kszcheck", "scan", str(folder), "-o", str(out / what),
                                 "--history", str(out / f"{what}.sqlite"), "--now", NOW,
                                 "--quiet"], one)  # fmt: skip
                else:
                    run = timed([py, "-m", "kszcheck", "collect", str(folder), "-o",
                                 str(out / "snapshot.json"), "--quiet"])  # fmt: skip
                results[what].append(run)
                print(row(what, run), flush=True)
        finally:
            shutil.rmtree(out, ignore_errors=True)
    median = {
        what: Run(
            statistics.median(r.wall for r in runs),
            statistics.median(r.cpu for r in runs),
            int(statistics.median(r.peak for r in runs)),
            int(statistics.median(r.tree_peak for r in runs)),
        )
        for what, runs in results.items()
        if runs
    }
    print(f"median of {args.runs} ({args.users} users):")
    for what, run in median.items():
        print(row(what, run))
    base, scan = median["baseline"], median["scan"]
    if "scan-1" in median:
        one = median["scan-1"]
        print(f"ratio scan / scan in one process: wall {scan.wall / one.wall:.2f}x")
    print(
        f"ratio scan / baseline: wall {scan.wall / base.wall:.2f}x, "
        f"peak RSS {scan.peak / base.peak:.1f}x"
    )
    if args.users == 50_000:
        print(
            f"goals (issue 13): wall {scan.wall:.1f} s (≤ {GOAL_SECONDS:.0f} s), "
            f"peak RSS {scan.peak / 2**30:.2f} GiB, of the process tree "
            f"{scan.tree_peak / 2**30:.2f} GiB (≤ 1 GiB), "
            f"ratio {scan.wall / base.wall:.2f} (≤ {GOAL_RATIO})"
        )


if __name__ == "__main__":
    main()
