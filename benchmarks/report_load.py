"""Open the HTML report of an estate with about 20 000 findings in headless Chromium; print the
time to load it next to the time to load an empty page, and the ratio to the goal.

    python benchmarks/report_load.py                  # 20 000 findings, 5 runs
    python benchmarks/report_load.py --findings 40000 --runs 3

The estate of ``tests/synthetic/estate.py`` (30 000 users) gets enough planted leavers
(KSZ-PPL-005) for the requested number of findings; it is evaluated and rendered in this process
(``kszcheck.report.html.render_html``), then Chromium (Debian package ``chromium``, the flags of
``tests/browser/chromium.py``) loads it with ``--dump-dom``, which returns once the page has
loaded and been laid out. Each run is a new browser process with a new profile; the empty page
is timed the same way, in turn with the report, so that the difference is the report's own cost.
Goal: the report loads in ≤ 3 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kszcheck.model.results import Assessment  # noqa: E402
from kszcheck.pipeline import evaluate_snapshot  # noqa: E402
from kszcheck.report.html import render_html  # noqa: E402
from tests.browser.chromium import FLAGS  # noqa: E402
from tests.synthetic.estate import Gaps, build_estate, gaps_for  # noqa: E402

GOAL_SECONDS = 3.0
USERS = 30_000


def other_findings(gaps: Gaps) -> int:
    """How many findings the planted gaps other than the leavers give (see estate.py)."""
    reach = 2 * gaps.gemeente_reach + (1 if gaps.gemeente_reach else 0)
    tier0 = 1 + gaps.tier0_extra if gaps.tier0_extra else 0
    return gaps.no_declaration + 2 * gaps.generic_accounts + reach + tier0 + 1


def assessment_with(findings: int) -> Assessment:
    gaps = gaps_for(USERS)
    gaps = replace(gaps, leavers=findings - other_findings(gaps))
    estate = build_estate(USERS, gaps=gaps)
    return evaluate_snapshot(estate.site, Path("site.yaml"), estate.snapshot, estate.now)


def chromium() -> str:
    import shutil

    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("chromium is not installed (Debian package 'chromium')")


def load_seconds(binary: str, page: Path) -> float:
    with tempfile.TemporaryDirectory(prefix="kszcheck-bench-") as profile:
        started = time.perf_counter()
        result = subprocess.run(
            [binary, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        elapsed = time.perf_counter() - started
    if result.returncode != 0 or "</html>" not in result.stdout:
        raise SystemExit(f"chromium failed on {page}: {result.stderr[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--findings", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", default="nl", choices=["nl", "en"])
    args = parser.parse_args()
    binary = chromium()
    assessment = assessment_with(args.findings)
    count = sum(len(r.findings) for r in assessment.results)
    started = time.perf_counter()
    html = render_html(assessment, args.lang)
    render = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="kszcheck-report-") as tmp:
        report, empty = Path(tmp) / "report.html", Path(tmp) / "empty.html"
        report.write_text(html, encoding="utf-8")
        empty.write_text("<!doctype html><html><head></head><body></body></html>")
        load_seconds(binary, report)  # warm-up: the browser's files into the page cache
        report_times, empty_times = [], []
        for _ in range(args.runs):
            report_times.append(load_seconds(binary, report))
            empty_times.append(load_seconds(binary, empty))
    full, base = statistics.median(report_times), statistics.median(empty_times)
    print(f"{count} findings; report.html {len(html.encode()) / 2**20:.1f} MiB, rendered in "
          f"{render:.2f} s")  # fmt: skip
    print(
        f"chromium --dump-dom, median of {args.runs}: report {full:.2f} s "
        f"(min {min(report_times):.2f}, max {max(report_times):.2f}); empty page {base:.2f} s; "
        f"the report's own load time {full - base:.2f} s"
    )
    print(
        f"ratio to the {GOAL_SECONDS:.0f} s goal: {full / GOAL_SECONDS:.2f} (whole browser run), "
        f"{(full - base) / GOAL_SECONDS:.2f} (report's own time)"
    )


if __name__ == "__main__":
    main()
