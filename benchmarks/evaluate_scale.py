"""Evaluate and render synthetic estates of growing size; print time, peak memory and ratios.

    python benchmarks/evaluate_scale.py                        # 5 000, 10 000, 20 000, 50 000 users
    python benchmarks/evaluate_scale.py --sizes 50000 --runs 5

For each size, the estate of ``tests/synthetic/estate.py`` (50 000 users: 10 000 groups, 500
switches, 2 000 servers) is written once as ``snapshot.json`` + ``site.yaml`` (cached under
``$TMPDIR/kszcheck-estates``), then timed as whole processes, the way a user runs them:

    python -m kszcheck evaluate snapshot.json --site site.yaml -o assessment.json --now … --quiet
    python -m kszcheck report assessment.json -o report.html

Per process: wall time, CPU time (user + sys) and peak resident memory (``wait4`` rusage). One
warm-up run, then the median of ``--runs``. Printed: a row per size; for the largest size the
ratio to the goals (10 s, 1 GiB); and the scaling exponent, the least-squares slope of log(time)
against log(users), for wall and CPU time (goal ≤ 1.1), and for the wall time without the
start-up of the two processes (``python -m kszcheck --version``, measured the same way), which
does not grow with the estate and so flatters the whole-process exponent.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from process_run import Run, timed

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.synthetic.estate import NOW  # noqa: E402

GOAL_SECONDS = 10.0
GOAL_BYTES = 1 << 30
GOAL_EXPONENT = 1.1


def estate_dir(users: int, seed: int) -> Path:
    """The estate's folder, written by benchmarks/estate.py in a process of its own: a child
    forked from a process that holds a large estate starts with that process's memory, which
    its peak RSS would count."""
    folder = Path(tempfile.gettempdir()) / "kszcheck-estates" / f"{users}-{seed}"
    if not (folder / "snapshot.json").is_file():
        script = ROOT / "benchmarks" / "estate.py"
        subprocess.run(
            [sys.executable, str(script), "--users", str(users), "--seed", str(seed),
             "--out", str(folder)],
            check=True,
        )  # fmt: skip
    return folder


def one_pass(folder: Path) -> tuple[Run, Run]:
    py = sys.executable
    evaluate = timed(
        [py, "-m", "kszcheck", "evaluate", str(folder / "snapshot.json"),
         "--site", str(folder / "site.yaml"), "-o", str(folder / "assessment.json"),
         "--now", NOW.isoformat(), "--quiet"]
    )  # fmt: skip
    report = timed(
        [py, "-m", "kszcheck", "report", str(folder / "assessment.json"),
         "-o", str(folder / "report.html")]
    )  # fmt: skip
    return evaluate, report


def slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log(y) against log(x)."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    num = sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True))
    return num / sum((a - mx) ** 2 for a in lx)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="5000,10000,20000,50000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; median of {args.runs} runs")
    header = (
        f"{'users':>7} {'eval s':>7} {'report s':>8} {'total s':>8} {'cpu s':>7} {'peak MiB':>9}"
    )
    startup = statistics.median(
        timed([sys.executable, "-m", "kszcheck", "--version"]).wall for _ in range(args.runs + 1)
    )
    print(f"start-up of one process (kszcheck --version): {startup:.2f} s")
    print(header)
    totals: list[float] = []
    cpus: list[float] = []
    peak = 0
    for users in sizes:
        folder = estate_dir(users, args.seed)
        for _ in range(args.warmup):
            one_pass(folder)
        runs = [one_pass(folder) for _ in range(args.runs)]
        ev = statistics.median(e.wall for e, _ in runs)
        rep = statistics.median(r.wall for _, r in runs)
        total = statistics.median(e.wall + r.wall for e, r in runs)
        cpu = statistics.median(e.cpu + r.cpu for e, r in runs)
        peak = max(max(e.peak, r.peak) for e, r in runs)
        totals.append(total)
        cpus.append(cpu)
        print(
            f"{users:>7} {ev:>7.2f} {rep:>8.2f} {total:>8.2f} {cpu:>7.2f} {peak / 2**20:>9.0f}",
            flush=True,
        )
    largest = sizes[-1]
    print(
        f"\n{largest} users: total {totals[-1]:.2f} s = {totals[-1] / GOAL_SECONDS:.2f} × the "
        f"{GOAL_SECONDS:.0f} s goal (CPU {cpus[-1]:.2f} s = {cpus[-1] / GOAL_SECONDS:.2f} ×); "
        f"peak {peak / 2**20:.0f} MiB = {peak / GOAL_BYTES:.2f} × the 1 GiB goal"
    )
    if len(sizes) >= 2:
        wall_k, cpu_k = (
            slope([float(s) for s in sizes], totals),
            slope([float(s) for s in sizes], cpus),
        )
        net = [max(t - 2 * startup, 1e-3) for t in totals]
        net_k = slope([float(s) for s in sizes], net)
        print(
            f"scaling exponent {sizes[0]}–{largest} users: wall {wall_k:.2f} "
            f"({wall_k / GOAL_EXPONENT:.2f} × the {GOAL_EXPONENT} goal), CPU {cpu_k:.2f} "
            f"({cpu_k / GOAL_EXPONENT:.2f} ×), wall without start-up {net_k:.2f} "
            f"({net_k / GOAL_EXPONENT:.2f} ×)"
        )


if __name__ == "__main__":
    main()
