"""Evaluate and render synthetic estates of growing size; print time, peak memory and ratios.

    python benchmarks/evaluate_scale.py                        # 5 000, 10 000, 20 000, 50 000 users
    python benchmarks/evaluate_scale.py --sizes 50000 --runs 5
    python benchmarks/evaluate_scale.py --sizes 50000,100000,200000 --runs 2   # issue 13

For each size, the estate of ``tests/synthetic/estate.py`` (50 000 users: 10 000 groups, 500
switches, 2 000 servers) is written once as ``snapshot.json`` + ``site.yaml`` (cached under
``$TMPDIR/kszcheck-estates``; 200 000 users: 430 MB, about 20 s), then timed as whole
processes, the way a user runs them:

    python -m kszcheck evaluate snapshot.json --site site.yaml -o assessment.json --now … --quiet
    python -m kszcheck report assessment.json -o report.html

Per process: wall time, CPU time (user + sys) and peak resident memory (``wait4`` rusage). One
warm-up run, then the median of ``--runs``; the peak of a size is the largest of either process
in any run. Printed: a row per size; the ratio to the goals of the sizes that have one (50 000
users: 10 s and 1 GiB; 200 000 users: 2 GiB, issue 13); and the scaling exponents, the
least-squares slopes of log(value) against log(users) over the sizes run: of the wall time of
evaluate + report (the exponent the goals name: ≤ 1.1 from 5 000 to 50 000 users, ≤ 1.05 with
200 000 users, issue 13), of the CPU time, of the wall time without the start-up of the two
processes (``python -m kszcheck --version``, measured the same way: it does not grow with the
estate and so flattens the whole-process exponent), and of the peak memory.
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

#: Goals by estate size: (seconds for evaluate + report or None, peak bytes).
GOALS: dict[int, tuple[float | None, int]] = {50_000: (10.0, 1 << 30), 200_000: (None, 2 << 30)}
#: The goal for the exponent of time: ≤ 1.1 up to 50 000 users, ≤ 1.05 with 200 000 (issue 13).
GOAL_EXPONENT = 1.1
GOAL_EXPONENT_200K = 1.05


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
    peaks: list[int] = []
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
        peaks.append(peak)
        print(
            f"{users:>7} {ev:>7.2f} {rep:>8.2f} {total:>8.2f} {cpu:>7.2f} {peak / 2**20:>9.0f}",
            flush=True,
        )
    for users, total, cpu, peak in zip(sizes, totals, cpus, peaks, strict=True):
        if users in GOALS:
            print(goal_line(users, total, cpu, peak))
    if len(sizes) >= 2:
        xs = [float(s) for s in sizes]
        net = [max(t - 2 * startup, 1e-3) for t in totals]
        wall_k, cpu_k, net_k = slope(xs, totals), slope(xs, cpus), slope(xs, net)
        memory_k = slope(xs, [float(p) for p in peaks])
        goal = GOAL_EXPONENT_200K if max(sizes) >= 200_000 else GOAL_EXPONENT
        print(
            f"scaling exponent {sizes[0]}–{sizes[-1]} users: wall {wall_k:.2f} "
            f"({wall_k / goal:.2f} × the {goal} goal), CPU {cpu_k:.2f} "
            f"({cpu_k / goal:.2f} ×), wall without start-up {net_k:.2f} "
            f"({net_k / goal:.2f} ×); peak memory {memory_k:.2f}"
        )


def goal_line(users: int, total: float, cpu: float, peak: int) -> str:
    seconds, memory = GOALS[users]
    timed_goal = (
        f"total {total:.2f} s = {total / seconds:.2f} × the {seconds:.0f} s goal "
        f"(CPU {cpu:.2f} s = {cpu / seconds:.2f} ×); "
        if seconds is not None
        else f"total {total:.2f} s (CPU {cpu:.2f} s); "
    )
    return (
        f"{users} users: {timed_goal}peak {peak / 2**20:.0f} MiB = "
        f"{peak / memory:.2f} × the {memory / 2**30:.0f} GiB goal"
    )


if __name__ == "__main__":
    main()
