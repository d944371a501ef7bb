"""One child process measured from the kernel's rusage: wall time, CPU time and peak RSS.

Shared by the benchmarks that run kszcheck as a whole process (scan_scale.py, evaluate_scale.py).
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Run", "timed"]

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    wall: float
    cpu: float
    peak: int  # bytes


def timed(argv: list[str]) -> Run:
    """Run a child process; its wall time, CPU time and peak RSS from the kernel's rusage."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3, 4, 5):  # 3-5: findings, not assessed, incomplete sources
        raise SystemExit(f"{' '.join(argv)}: exit code {code}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)
