"""Benchmark: a central PostgreSQL history filled by many scanners, then the partner's overview.

    python3 benchmarks/history_postgres.py [--sites 300] [--runs 52] [--writers 4] [--url URL]

Without ``--url`` it starts its own PostgreSQL server (tests/peers/postgres.py: initdb/pg_ctl in a
temporary folder on 127.0.0.1, TLS, fsync on) — as root it runs the server as ``nobody``. The
stored run is the real assessment of the example administration (evaluated once), renamed per
site and dated one week apart. ``--writers`` processes (one connection each, like that many
scanners) store ``sites × runs`` runs, week by week, each through ``record_run`` — the insert of
the run, its rule outcomes, findings and waivers, plus the reads of the previous run and the
trend that a scan does. Prints the runs per second, then the time to build the overview from the
database and to render it as HTML (median of 3). Not a test: run it on an idle machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kszcheck import pipeline  # noqa: E402
from kszcheck.history import HistoryTarget, open_history, parse_target, record_run  # noqa: E402
from kszcheck.history.overview import build_overview  # noqa: E402
from kszcheck.model.results import Assessment  # noqa: E402
from kszcheck.overview import render_overview  # noqa: E402

START = datetime(2025, 1, 6, 7, 0, tzinfo=UTC)


def example_assessment() -> Assessment:
    example = ROOT / "inventories" / "example"
    now = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    run = pipeline.collect(example, now)
    return pipeline.evaluate_snapshot(run.site, run.site_file, run.snapshot, now)


def writer(args: tuple[HistoryTarget, str, list[int], int]) -> int:
    target, assessment_json, sites, runs = args
    base = Assessment.model_validate_json(assessment_json)
    stored = 0
    with open_history(target) as store:
        for week in range(runs):
            moment = START + timedelta(weeks=week)
            for number in sites:
                run = base.model_copy(
                    update={"site_name": f"Gemeente {number:03d}", "evaluated_at": moment}
                )
                record_run(store, run, moment + timedelta(hours=1), report=f"https://ksz/{number}")
                stored += 1
    return stored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=300)
    parser.add_argument("--runs", type=int, default=52)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--url", help="an existing database (password: PGPASSWORD/~/.pgpass)")
    options = parser.parse_args()

    server = None
    if options.url:
        target = parse_target(options.url)
    else:
        from tests.peers.postgres import SCANNER_PASSWORD, PostgresServer

        server = PostgresServer.start(fsync=True)
        os.environ["PGPASSWORD"] = SCANNER_PASSWORD
        target = parse_target(server.url())
    try:
        assessment = example_assessment()
        findings = sum(len(r.findings) for r in assessment.results)
        print(
            f"one run: {len(assessment.results)} rule outcomes, {findings} findings, "
            f"{len(assessment.waivers)} waivers"
        )
        open_history(target).close()  # the schema, once
        shards = [list(range(i, options.sites, options.writers)) for i in range(options.writers)]
        text = assessment.model_dump_json()
        began = time.perf_counter()
        with get_context("spawn").Pool(options.writers) as pool:
            stored = sum(pool.map(writer, [(target, text, s, options.runs) for s in shards]))
        elapsed = time.perf_counter() - began
        print(
            f"stored {stored} runs ({options.sites} sites x {options.runs} runs) from "
            f"{options.writers} concurrent writers in {elapsed:.1f} s: "
            f"{stored / elapsed:.1f} runs/s"
        )
        builds, renders = [], []
        for _ in range(3):
            began = time.perf_counter()
            with open_history(target, read_only=True) as store:
                overview = build_overview(store, START + timedelta(weeks=options.runs))
            builds.append(time.perf_counter() - began)
            began = time.perf_counter()
            html = render_overview(overview, "html", "nl")
            renders.append(time.perf_counter() - began)
        print(
            f"overview of {len(overview.sites)} sites: read and built in "
            f"{statistics.median(builds):.2f} s, rendered as HTML ({len(html) // 1024} KiB) in "
            f"{statistics.median(renders):.2f} s (median of 3)"
        )
    finally:
        if server is not None:
            server.remove()


if __name__ == "__main__":
    main()
