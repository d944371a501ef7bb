"""One child process measured from the kernel's rusage: wall time, CPU time and peak RSS.

Shared by the benchmarks that run kszcheck as a whole process (scan_scale.py, evaluate_scale.py).
CPU time includes the processes the child started and waited for (kszcheck's LDIF workers); the
rusage peak RSS is that of the largest single process, so the peak of the whole process tree
(the sum of the resident sets of the child and its descendants) is sampled too, every 20 ms
from /proc (Linux; 0 elsewhere).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Run", "timed"]

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    wall: float
    cpu: float
    peak: int  # bytes, of the largest single process
    tree_peak: int = 0  # bytes, the sampled peak of the sum over the process tree


def timed(argv: list[str], env: dict[str, str] | None = None) -> Run:
    """Run a child process (with ``env`` added to the environment); its wall time, CPU time and
    peak RSS from the kernel's rusage."""
    started = time.perf_counter()
    child = subprocess.Popen(
        argv, cwd=ROOT, stdout=subprocess.DEVNULL, env={**os.environ, **(env or {})}
    )
    sampler = _TreeSampler(child.pid)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    sampler.running = False
    sampler.join()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3, 4, 5):  # 3-5: findings, not assessed, incomplete sources
        raise SystemExit(f"{' '.join(argv)}: exit code {code}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, sampler.peak)


class _TreeSampler(threading.Thread):
    """The peak of the summed resident sets of a process and its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.running = True
        self.page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, sum(self._rss(pid) for pid in self._tree(self.pid)))
            time.sleep(0.02)

    def _tree(self, pid: int) -> list[int]:
        found = [pid]
        at = 0
        while at < len(found):
            try:
                tasks = os.listdir(f"/proc/{found[at]}/task")
                for task in tasks:
                    with open(f"/proc/{found[at]}/task/{task}/children") as handle:
                        found += [int(child) for child in handle.read().split()]
            except OSError:
                pass
            at += 1
        return found

    def _rss(self, pid: int) -> int:
        try:
            with open(f"/proc/{pid}/statm") as handle:
                return int(handle.read().split()[1]) * self.page
        except (OSError, IndexError, ValueError):
            return 0
