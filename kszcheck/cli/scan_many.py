"""``kszcheck scan a.yaml b.yaml … --jobs N``: many site profiles, at most N at a time.

Each site runs as its own ``kszcheck scan`` process (its own memory, its own failure), writing
its run folder ``<output>/<site-slug>/`` and storing its run in the history (SQLite waits for
its lock; PostgreSQL takes concurrent writers). Every profile is loaded first: one that does not
validate, or two sites that would write the same folder, stop everything before any scan
(exit 2). Then one summary line per site, and one exit code: the worst of the sites' codes in
the order 1 (unexpected error), 2 (configuration), 6 (outputs not written), 5, 3, 4, 0.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from kszcheck import pipeline
from kszcheck.cli.app import Ui
from kszcheck.cli.terminal import plain_text
from kszcheck.model.errors import KszError

__all__ = ["SiteRun", "print_many", "scan_many", "worst_exit_code"]

#: Exit codes from the worst to the best.
_WORST_FIRST = (1, 2, 6, 5, 3, 4, 0)


@dataclass(frozen=True)
class SiteRun:
    profile: Path
    name: str
    out_dir: Path
    exit_code: int = 0
    errors: tuple[str, ...] = ()
    status: str = ""
    score: float | None = None
    coverage: float | None = None


def worst_exit_code(codes: list[int]) -> int:
    ranked = [c if c in _WORST_FIRST else 1 for c in codes]
    return min(ranked, key=_WORST_FIRST.index) if ranked else 0


def plan(profiles: list[Path], output: Path) -> list[SiteRun]:
    """Load every profile and give each site its run folder; ``KszError`` on a bad profile or
    two sites that would share a folder."""
    runs: list[SiteRun] = []
    seen: dict[Path, Path] = {}
    for profile in profiles:
        site, site_file = pipeline.load_profile(profile)
        out_dir = pipeline.default_output_dir(site, output)
        if out_dir in seen:
            raise KszError(
                f"{site_file}: writes to {out_dir} like {seen[out_dir]} (two sites with the "
                "same name)"
            )
        seen[out_dir] = site_file
        runs.append(SiteRun(site_file, site.name, out_dir))
    return runs


def _run_one(run: SiteRun, options: list[str]) -> SiteRun:
    done = subprocess.run(
        [sys.executable, "-m", "kszcheck", "scan", str(run.profile), "-o", str(run.out_dir),
         "-q", *options],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    status, score, coverage = "", None, None
    assessment = run.out_dir / "assessment.json"
    if done.returncode in (0, 3, 4, 5) and assessment.is_file():
        summary = json.loads(assessment.read_text("utf-8"))["summary"]
        status, score, coverage = summary["status"], summary["score"], summary["coverage"]
    lines = tuple(line for line in done.stderr.splitlines() if line.strip())
    return SiteRun(
        run.profile, run.name, run.out_dir, done.returncode, lines, status, score, coverage
    )


def scan_many(
    profiles: list[Path],
    output: Path,
    jobs: int,
    options: list[str],
    progress: Callable[[int, int], None] | None = None,
) -> list[SiteRun]:
    """Scan every site, at most ``jobs`` at a time; the results in the profiles' order.
    ``progress`` gets (sites done, sites) as each one ends."""
    runs = plan(profiles, output)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(_run_one, run, options) for run in runs]
        if progress is not None:
            progress(0, len(futures))
            for done, _ in enumerate(as_completed(futures), start=1):
                progress(done, len(futures))
        return [future.result() for future in futures]


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def print_many(ui: Ui, runs: list[SiteRun]) -> None:
    """One line per site (exit code, status, score, coverage, run folder), then each site's
    warnings and errors prefixed with its name; errors are printed even with --quiet."""
    for run in runs:
        for line in run.errors:
            ui.err.print(plain_text(f"[{run.name}] {line}"), markup=False)
    if ui.quiet:
        return
    ui.out.print(f"{'exit':>4}  {'status':<15}  score  cover  site (run folder)", markup=False)
    for run in runs:
        ui.out.print(
            plain_text(
                f"{run.exit_code:>4}  {run.status or '-':<15}  {_percent(run.score):>5}  "
                f"{_percent(run.coverage):>5}  {run.name} ({run.out_dir})"
            ),
            markup=False,
        )
