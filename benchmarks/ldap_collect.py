"""Benchmark: kszcheck's live AD collection against ldapsearch, on a real Samba AD DC.

Seeds ``--users`` users (default 10 000) and one group of 100 members per 100 users (plus the
gemeente/OCMW test structure) into a cached Samba template (offline ldbmodify in batch mode; the
first build of the 10 000-user template takes a few minutes), starts the DC on 127.0.0.1, then
runs, as whole processes (start-up included):

* kszcheck: ``python -m kszcheck collect site.yaml -o snapshot.json --quiet`` (LDAPS, paged
  searches, security descriptors with the SD-flags control, normalisation, snapshot written);
* ldapsearch: the same searches over LDAPS, one ``ldapsearch`` process per search, run one
  after the other by one shell, output to a file. The searches are recorded from one
  in-process collection by kszcheck's own collector before the runs (every request it sends:
  base, scope, filter, attributes, page size, and its controls such as SD flags), so the
  baseline asks for exactly what kszcheck asks for.

The two run interleaved (A B, B A, A B, ...: which side goes first alternates), after one
warm-up run of each, so that a noisy neighbour or a warming cache cannot favour either side.
For each run it prints the wall time; the client's CPU time (user + system of the process and
its children, from the kernel's rusage via ``wait4``); the client CPU per entry (entries counted
from the result: the snapshot's directory objects, the ``dn:`` lines of ldapsearch's LDIF); and
the Samba server's CPU time during the run (utime + stime from ``/proc/PID/stat`` before and
after, summed over the processes of the session that the test peer started samba in). Then the
medians of ``--runs`` runs and the ratios kszcheck / ldapsearch of wall time and client CPU
(of the medians, and the median of the per-pair ratios). kszcheck's fixed cost, its start-up
(``kszcheck collect --help``: interpreter and imports), is measured after each pair and shown
apart from the client CPU of the collection itself.

Needs root (ports 389/636) and the Debian packages of tests/live. Run from the repository root:

    python3 benchmarks/ldap_collect.py [--runs 5] [--users 10000]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from process_run import Run, timed  # noqa: E402

from tests.live import seed as S  # noqa: E402
from tests.peers import samba  # noqa: E402

MEMBERS = 100  # members of each bench group; one group per MEMBERS users
BENCH_OU = f"OU=Bench,{S.B}"
_SCOPES = {"BASE": "base", "LEVEL": "one", "SUBTREE": "sub"}
_DIRECTORY_LISTS = ("domains", "ous", "users", "groups", "computers", "gpos", "trusts", "sites",
                    "subnets")  # fmt: skip


@dataclass(frozen=True)
class Search:
    base: str
    scope: str  # BASE, LEVEL or SUBTREE
    filter: str
    attributes: tuple[str, ...]
    page_size: int | None
    controls: tuple[tuple[str, bool, bytes], ...]  # (OID, critical, value) besides paging


def bulk_ldif(users: int) -> str:
    lines = [f"dn: {BENCH_OU}", "objectClass: organizationalUnit", ""]
    for i in range(users):
        name = f"b{i:05d}"
        lines += [
            f"dn: CN={name},{BENCH_OU}",
            "objectClass: user",
            f"sAMAccountName: {name}",
            f"userPrincipalName: {name}@voorbeeld.local",
            f"displayName: Medewerker {i:05d}",
            "userAccountControl: 544",
            "",
        ]
    for g in range(users // MEMBERS):
        lines += [
            f"dn: CN=BG_{g:03d},{BENCH_OU}",
            "objectClass: group",
            f"sAMAccountName: BG_{g:03d}",
            "groupType: -2147483646",
        ]
        lines += [f"member: CN=b{g * MEMBERS + m:05d},{BENCH_OU}" for m in range(MEMBERS)]
        lines.append("")
    return "\n".join(lines)


def record_searches(site: Path) -> list[Search]:
    """The searches that kszcheck's LDAP collector sends, recorded from one in-process
    collection (the first request of each; the next pages repeat it with a cookie)."""
    from kszcheck.collectors import ldap, ldap_wire
    from kszcheck.config.site_loader import load_site

    recorded: list[Search] = []
    send = ldap_wire.Wire.send

    def recording(self: ldap_wire.Wire, base: str, search_filter: str, scope: str,
                  attributes: list[str], page_size: int | None = None, cookie: bytes = b"",
                  controls: list[Any] | None = None) -> int:  # fmt: skip
        if not cookie:
            found = tuple(
                (str(c["controlType"]), bool(c["criticality"]), bytes(c["controlValue"]))
                for c in controls or []
            )
            recorded.append(Search(base, scope, search_filter, tuple(attributes), page_size, found))
        return send(self, base, search_filter, scope, attributes, page_size, cookie, controls)

    profile = load_site(site)
    ldap_wire.Wire.send = recording  # type: ignore[method-assign]
    try:
        ldap.collect(profile.sources[0], site.parent, datetime.now(UTC))
    finally:
        ldap_wire.Wire.send = send  # type: ignore[method-assign]
    return recorded


def ldapsearch_script(searches: list[Search], folder: Path, out: Path) -> str:
    commands = [f": > {shlex.quote(str(out))}"]
    for search in searches:
        args = [
            "ldapsearch", "-LLL", "-o", "ldif-wrap=no", "-H", "ldaps://127.0.0.1",
            "-D", f"{S.READER}@voorbeeld.local", "-y", str(folder / "pw"),
            "-b", search.base, "-s", _SCOPES[search.scope],
        ]  # fmt: skip
        if search.page_size is not None:
            args += ["-E", f"pr={search.page_size}/noprompt"]
        for oid, critical, value in search.controls:
            encoded = base64.b64encode(value).decode()
            args += ["-E", f"{'!' if critical else ''}{oid}=::{encoded}"]
        line = shlex.join([*args, search.filter, *search.attributes])
        commands.append(f"{line} >> {shlex.quote(str(out))}")
    # Debian's GnuTLS-based libldap refuses the test CA (kszcheck's Python ssl verifies it), so
    # the baseline skips certificate verification: a per-connection cost, not a per-entry one.
    return "set -e\nexport LDAPTLS_REQCERT=never\n" + "\n".join(commands) + "\n"


def site_yaml(dc: samba.SambaDC, folder: Path) -> Path:
    path = folder / "site.yaml"
    path.write_text(
        "name: Benchmark\n"
        "sources:\n"
        "  - id: ad\n"
        "    type: ldap\n"
        "    url: ldaps://127.0.0.1\n"
        f"    bind_dn: {S.READER}@voorbeeld.local\n"
        "    password: {file: pw}\n"
        f"    ca_file: {dc.ca_file}\n",
        encoding="utf-8",
    )
    return path


def session_cpu(session: int) -> float:
    """CPU seconds (utime + stime) of the live processes of one session (the test DC's)."""
    ticks = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:  # ended meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # fields from the 3rd (state) on
        if int(fields[3]) == session:  # field 6: session
            ticks += int(fields[11]) + int(fields[12])  # fields 14, 15: utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


@dataclass
class Sample:
    wall: float
    cpu: float  # the client's user + system time
    server: float  # Samba's CPU time during the run
    entries: int

    @property
    def per_entry_us(self) -> float:
        return self.cpu / max(self.entries, 1) * 1e6


def snapshot_entries(path: Path) -> int:
    directory = json.loads(path.read_text(encoding="utf-8"))["directory"]
    return sum(len(directory[name]) for name in _DIRECTORY_LISTS)


def ldif_entries(path: Path) -> int:
    with path.open("rb") as lines:
        return sum(1 for line in lines if line.startswith(b"dn:"))


def measure(argv: list[str], session: int, result: Path, count: Callable[[Path], int]) -> Sample:
    before = session_cpu(session)
    run = timed(argv)
    server = session_cpu(session) - before
    return Sample(run.wall, run.cpu, server, count(result))


def line(name: str, s: Sample) -> str:
    return (
        f"  {name:<10} wall {s.wall:6.2f} s  client CPU {s.cpu:6.2f} s "
        f"({s.per_entry_us:5.0f} µs/entry, {s.entries} entries)  Samba CPU {s.server:6.2f} s"
    )


def median_sample(samples: list[Sample]) -> Sample:
    return Sample(
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        statistics.median(s.server for s in samples),
        int(statistics.median(s.entries for s in samples)),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="measured pairs (default 5)")
    parser.add_argument("--users", type=int, default=10_000, help="bench users (default 10 000)")
    options = parser.parse_args()
    # An installed kszcheck has its bytecode compiled (pip does it); where the environment
    # forbids writing it, every run would compile kszcheck's sources again: let the warm-up
    # run write the cache, so that both sides start as installed tools do.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    reason = samba.unavailable_reason()
    if reason:
        raise SystemExit(reason)
    base_seed = S.seed()
    seed = samba.Seed(
        ldif=base_seed.ldif + "\n" + bulk_ldif(options.users),
        acls=base_seed.acls,
        passwords=base_seed.passwords,
    )
    started = time.perf_counter()
    template = samba.ensure_template(seed)
    print(f"template ready in {time.perf_counter() - started:.1f} s ({template})")
    print(f"load before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (1 and 5 min)")
    with tempfile.TemporaryDirectory(prefix="kszcheck-bench-") as tmp:
        folder = Path(tmp)
        dc = samba.start(template, folder / "dc")
        try:
            (folder / "pw").write_text(S.READER_PASSWORD)
            (folder / "pw").chmod(0o600)
            snapshot = folder / "snapshot.json"
            out = folder / "ldapsearch.ldif"
            site = site_yaml(dc, folder)
            searches = record_searches(site)
            print(f"{len(searches)} searches recorded from kszcheck's collector, for ldapsearch:")
            for search in searches:
                print(f"  {search.scope:<7} {search.base or '(rootDSE)'} {search.filter}")
            script = folder / "ldapsearch.sh"
            script.write_text(ldapsearch_script(searches, folder, out))
            sides = {
                "kszcheck": (
                    [sys.executable, "-m", "kszcheck", "collect", str(site),
                     "-o", str(snapshot), "--quiet"],
                    snapshot,
                    snapshot_entries,
                ),
                "ldapsearch": (["sh", str(script)], out, ldif_entries),
            }  # fmt: skip
            samples: dict[str, list[Sample]] = {name: [] for name in sides}
            startup: list[Run] = []  # kszcheck's fixed cost: start-up and imports
            for argv, result, count in sides.values():  # warm-up, not counted
                measure(argv, dc.pid, result, count)
            for i in range(options.runs):
                order = list(sides) if i % 2 == 0 else list(reversed(sides))
                print(f"run {i + 1} ({' then '.join(order)})")
                for name in order:
                    argv, result, count = sides[name]
                    sample = measure(argv, dc.pid, result, count)
                    samples[name].append(sample)
                    print(line(name, sample), flush=True)
                startup.append(timed([sys.executable, "-m", "kszcheck", "collect", "--help"]))
                print(f"  (start-up: kszcheck collect --help: wall {startup[-1].wall:.2f} s, "
                      f"CPU {startup[-1].cpu:.2f} s)")  # fmt: skip
        finally:
            dc.stop()
    print(f"load after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (1 and 5 min)")
    ours, theirs = samples["kszcheck"], samples["ldapsearch"]
    a, b = median_sample(ours), median_sample(theirs)
    print(f"medians of {options.runs} interleaved runs ({options.users} users, "
          f"{options.users // MEMBERS} groups of {MEMBERS}):")  # fmt: skip
    print(line("kszcheck", a))
    print(line("ldapsearch", b))
    pair_wall = statistics.median(x.wall / y.wall for x, y in zip(ours, theirs, strict=True))
    pair_cpu = statistics.median(x.cpu / y.cpu for x, y in zip(ours, theirs, strict=True))
    fixed = statistics.median(run.cpu for run in startup)
    print(
        f"  kszcheck's start-up (collect --help) takes {fixed:.2f} s of CPU; the rest of its "
        f"client CPU is {a.cpu - fixed:.2f} s ({(a.cpu - fixed) / a.entries * 1e6:.0f} µs/entry)"
    )
    print(
        f"ratio kszcheck / ldapsearch: wall {a.wall / b.wall:.2f} (median of pairs "
        f"{pair_wall:.2f}; goal <= 1.2), client CPU {a.cpu / b.cpu:.2f} (median of pairs "
        f"{pair_cpu:.2f})"
    )


if __name__ == "__main__":
    main()
