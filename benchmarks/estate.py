"""Write a synthetic estate (tests/synthetic/estate.py) as a site folder kszcheck can evaluate.

    python benchmarks/estate.py --users 50000 --out /tmp/estate-50k

writes ``snapshot.json`` (the facts, as ``kszcheck collect`` would), ``site.yaml`` (the site
profile) and ``planted.json`` (rule id -> the exact subjects of the planted gaps), then prints
the sizes. Evaluate and render it with the CLI:

    python -m kszcheck evaluate /tmp/estate-50k/snapshot.json --site /tmp/estate-50k/site.yaml \\
        -o /tmp/estate-50k/assessment.json --now 2026-11-23T09:00:00+00:00 --quiet
    python -m kszcheck report /tmp/estate-50k/assessment.json -o /tmp/estate-50k/report.html
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kszcheck.model.snapshot import snapshot_to_json  # noqa: E402
from tests.synthetic.estate import Estate, build_estate, gaps_for  # noqa: E402

__all__ = ["write_estate"]


def write_estate(estate: Estate, out: Path) -> None:
    """snapshot.json, site.yaml and planted.json in ``out`` (created if needed)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "snapshot.json").write_text(snapshot_to_json(estate.snapshot), encoding="utf-8")
    site = estate.site.model_dump(mode="json", exclude_defaults=True, by_alias=True)
    (out / "site.yaml").write_text(
        yaml.safe_dump(site, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    (out / "planted.json").write_text(
        json.dumps(estate.planted, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def describe(estate: Estate) -> str:
    d, n, i = estate.snapshot.directory, estate.snapshot.network, estate.snapshot.inventory
    return (
        f"{len(d.users)} accounts, {len(estate.snapshot.records.people)} persons, "
        f"{len(d.groups)} groups, {len(d.ous)} OUs, {len(d.computers)} computers, "
        f"{len(n.devices)} switches, {len(n.ports)} ports, {len(n.svis)} SVIs, "
        f"{len(i.servers)} servers, {len(i.shares)} shares, {len(i.backups)} backups; "
        f"planted: {sum(len(v) for v in estate.planted.values())} findings in "
        f"{len(estate.planted)} rules"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--leavers", type=int, default=None, help="planted leavers (default: users // 1000)"
    )
    args = parser.parse_args()
    gaps = gaps_for(args.users)
    if args.leavers is not None:
        gaps = replace(gaps, leavers=args.leavers)
    started = time.perf_counter()
    estate = build_estate(args.users, seed=args.seed, gaps=gaps)
    write_estate(estate, args.out)
    print(f"{args.out}: {describe(estate)} ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
