"""Benchmark: walk many switches over SNMP with kszcheck's collector and with net-snmp.

Starts N real net-snmp snmpd agents on 127.0.0.1 (one per simulated 1x48-port switch, served by
tests/peers/pass_persist.py, optionally with a per-varbind delay that emulates a switch CPU),
then reads the same tables from all of them:

* kszcheck: ``kszcheck.collectors.snmp.collect`` (one SnmpEngine, bounded concurrency,
  multi-column GETBULK), decoding included;
* net-snmp: one ``snmpbulkwalk -On -Cr<R>`` process per (agent, table column) plus one
  ``snmpget`` per agent for the system group, run in parallel (at most --parallel processes,
  round robin over the agents). For Cisco it walks the trunk-table columns that kszcheck reads
  by GET for the trunk ports only (native VLAN, VLAN bitmaps): the same facts, read plainly.

Prints the wall time (median of --repeat runs), kszcheck's CPU time, the varbinds each side
read, and the ratio kszcheck / net-snmp (goal: <= 1.0).

    python benchmarks/snmp_walk.py --agents 50 --delay-ms 1
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kszcheck.collectors.snmp import collect  # noqa: E402
from kszcheck.collectors.snmp_decode import (  # noqa: E402
    CISCO_COLUMNS,
    CISCO_TRUNK_ROW,
    COMMON_COLUMNS,
    QBRIDGE_COLUMNS,
    SYSTEM_SCALARS,
    oid_text,
)
from kszcheck.model.site import SourceSpec  # noqa: E402
from tests.peers import snmpd  # noqa: E402
from tests.peers.switch_stack import build_stack, write_snmprec  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--ports", type=int, default=48, help="ports of each (1-member) switch")
    parser.add_argument("--variant", choices=["comware", "cisco", "mixed"], default="mixed")
    parser.add_argument("--delay-ms", type=float, default=0.0, help="per-varbind agent delay")
    parser.add_argument("--version", choices=["v2c", "v3"], default="v2c")
    parser.add_argument("--concurrency", type=int, default=10, help="kszcheck devices at a time")
    parser.add_argument("--max-repetitions", type=int, default=25)
    parser.add_argument("--parallel", type=int, default=50, help="net-snmp processes at a time")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if snmpd.missing_reason():
        sys.exit(f"snmp_walk: {snmpd.missing_reason()}")

    with tempfile.TemporaryDirectory(prefix="kszcheck-snmp-bench-") as tmp:
        root = Path(tmp)
        os.environ["SNMP_PERSISTENT_DIR"] = str(root / "client")  # net-snmp's client state
        variants = _variants(args.variant, args.agents)
        jobs = []
        for n, variant in enumerate(variants):
            stack = build_stack(variant, f"sw-{n:03d}", members=1, ports_per_member=args.ports)
            jobs.append((root / f"agent{n}", write_snmprec(stack, root / f"sw{n}.snmprec")))
        started = time.perf_counter()
        agents = snmpd.start_agents(jobs, delay_ms=args.delay_ms)
        print(f"{len(agents)} snmpd agents ready in {time.perf_counter() - started:.1f} s")
        try:
            _run(args, agents, variants, root)
        finally:
            for agent in agents:
                agent.stop()


def _variants(choice: str, count: int) -> list[str]:
    if choice == "mixed":
        return ["comware" if n % 2 else "cisco" for n in range(count)]
    return [choice] * count


def _run(
    args: argparse.Namespace, agents: list[snmpd.SnmpdAgent], variants: list[str], root: Path
) -> None:
    os.environ.update(
        KSZ_BENCH_COMMUNITY=snmpd.COMMUNITY,
        KSZ_BENCH_AUTH=snmpd.AUTH_KEY,
        KSZ_BENCH_PRIV=snmpd.PRIV_KEY,
    )
    credentials: dict[str, object] = (
        {"community": {"env": "KSZ_BENCH_COMMUNITY"}}
        if args.version == "v2c"
        else {
            "v3_user": snmpd.V3_USER,
            "auth_key": {"env": "KSZ_BENCH_AUTH"},
            "priv_key": {"env": "KSZ_BENCH_PRIV"},
        }
    )
    spec = SourceSpec.model_validate(
        {
            "id": "bench",
            "type": "snmp",
            "targets": [agent.target for agent in agents],
            "options": {
                "concurrency": args.concurrency,
                "max_repetitions": args.max_repetitions,
            },
            **credentials,
        }
    )
    ours: list[float] = []
    cpu: list[float] = []
    theirs: list[float] = []
    counts = (0, 0)
    for _ in range(args.repeat):
        wall, used, facts = _kszcheck(spec, root)
        ours.append(wall)
        cpu.append(used)
        net_wall, net_count = _net_snmp(args, agents, variants)
        theirs.append(net_wall)
        counts = (facts, net_count)
    ours_median, theirs_median = statistics.median(ours), statistics.median(theirs)
    print(
        f"setup: {len(agents)} agents x 1x{args.ports} ports ({args.variant}), {args.version}, "
        f"agent delay {args.delay_ms:g} ms/varbind, max-repetitions {args.max_repetitions}, "
        f"kszcheck concurrency {args.concurrency}, net-snmp {args.parallel} processes at a time, "
        f"median of {args.repeat}"
    )
    print(
        f"kszcheck: {ours_median:.2f} s wall, {statistics.median(cpu):.2f} s CPU "
        f"(runs: {', '.join(f'{t:.2f}' for t in ours)}); facts: {counts[0]} ports"
    )
    print(
        f"net-snmp: {theirs_median:.2f} s wall (runs: {', '.join(f'{t:.2f}' for t in theirs)}); "
        f"{counts[1]} varbinds"
    )
    print(f"ratio kszcheck / net-snmp: {ours_median / theirs_median:.2f} (goal <= 1.0)")


def _kszcheck(spec: SourceSpec, root: Path) -> tuple[float, float, int]:
    started, cpu = time.perf_counter(), time.process_time()
    collected = collect(spec, root, datetime.now(UTC))
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    if collected.missing or collected.warnings:
        print(f"  kszcheck warnings: {collected.warnings[:3]}")
    assert collected.network is not None
    return wall, used, len(collected.network.ports)


def _net_snmp(
    args: argparse.Namespace, agents: list[snmpd.SnmpdAgent], variants: list[str]
) -> tuple[float, int]:
    if args.version == "v2c":
        auth = ["-v2c", "-c", snmpd.COMMUNITY]
    else:
        auth = ["-v3", "-l", "authPriv", "-u", snmpd.V3_USER, "-a", "SHA", "-A", snmpd.AUTH_KEY]
        auth += ["-x", "AES", "-X", snmpd.PRIV_KEY]
    per_agent: list[list[list[str]]] = []
    for agent, variant in zip(agents, variants, strict=True):
        scalars = [oid_text(oid) for oid in SYSTEM_SCALARS]
        commands = [["snmpget", "-On", *auth, agent.target, *scalars]]
        groups = COMMON_COLUMNS + (CISCO_COLUMNS if variant == "cisco" else QBRIDGE_COLUMNS)
        if variant == "cisco":  # kszcheck GETs these for the trunk ports only; net-snmp walks
            groups += (CISCO_TRUNK_ROW,)
        for column in (column for group in groups for column in group):
            walk = ["snmpbulkwalk", "-On", f"-Cr{args.max_repetitions}", *auth]
            commands.append([*walk, agent.target, oid_text(column)])
        per_agent.append(commands)
    # round robin over the agents, so that the processes running at a time ask different agents
    ordered = [c for row in itertools.zip_longest(*per_agent) for c in row if c is not None]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.parallel) as pool:
        outputs = list(pool.map(_output, ordered))
    wall = time.perf_counter() - started
    return wall, sum(1 for out in outputs for line in out.splitlines() if line.startswith(".1."))


def _output(command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return done.stdout


if __name__ == "__main__":
    main()
