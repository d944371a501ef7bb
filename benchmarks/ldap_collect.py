"""Benchmark: kszcheck's live AD collection against ldapsearch, on a real Samba AD DC.

Seeds 10 000 users and 100 groups of 100 members (plus the gemeente/OCMW test structure) into
a cached Samba template (offline ldbmodify in batch mode; the first build takes about half a
minute), starts the DC on 127.0.0.1, then times, as whole processes (start-up included):

* kszcheck: ``python -m kszcheck collect site.yaml -o snapshot.json --quiet`` (LDAPS, paged
  searches, security descriptors with the SD-flags control, normalisation, snapshot written);
* ldapsearch: the same searches (same bases, filters, attributes, page size 1000, SD-flags
  control where kszcheck sends it) over LDAPS, one ``ldapsearch -E pr=1000/noprompt`` process
  per search, run one after the other by one shell, output to a file.

Prints the median of N runs (default 3) for both and the ratio. Needs root (ports 389/636) and
the Debian packages of tests/live. Run from the repository root:

    python3 benchmarks/ldap_collect.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kszcheck.collectors.ldap import ATTRIBUTES, FILTERS  # noqa: E402
from tests.live import seed as S  # noqa: E402
from tests.peers import samba  # noqa: E402

USERS, GROUPS, MEMBERS = 10_000, 100, 100
BENCH_OU = f"OU=Bench,{S.B}"
SD_CONTROL = "!1.2.840.113556.1.4.801=::MAMCAQc="  # BER SEQUENCE { INTEGER 7 }: owner, group, DACL


def bulk_ldif() -> str:
    lines = [f"dn: {BENCH_OU}", "objectClass: organizationalUnit", ""]
    for i in range(USERS):
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
    for g in range(GROUPS):
        lines += [
            f"dn: CN=BG_{g:03d},{BENCH_OU}",
            "objectClass: group",
            f"sAMAccountName: BG_{g:03d}",
            "groupType: -2147483646",
        ]
        lines += [f"member: CN=b{g * MEMBERS + m:05d},{BENCH_OU}" for m in range(MEMBERS)]
        lines.append("")
    return "\n".join(lines)


def searches(config: str) -> list[tuple[str, str, str, list[str], bool]]:
    """(base, scope, filter, attributes, with SD control): the searches kszcheck makes."""
    b = S.B
    return [
        (b, "base", "(objectClass=*)", ATTRIBUTES["domain"], True),
        (f"CN=Partitions,{config}", "one", f"(&(objectClass=crossRef)(nCName={b}))",
         ATTRIBUTES["crossref"], False),
        (b, "sub", FILTERS["ous"], ATTRIBUTES["ous"], True),
        (b, "sub", FILTERS["users"], ATTRIBUTES["users"], True),
        (b, "sub", FILTERS["groups"], ATTRIBUTES["groups"], True),
        (b, "sub", FILTERS["computers"], ATTRIBUTES["computers"], True),
        (f"CN=Policies,CN=System,{b}", "sub", FILTERS["gpos"], ATTRIBUTES["gpos"], True),
        (f"CN=AdminSDHolder,CN=System,{b}", "base", "(objectClass=*)",
         ATTRIBUTES["adminsdholder"], True),
        (f"CN=System,{b}", "one", FILTERS["trusts"], ATTRIBUTES["trusts"], False),
        (f"CN=Sites,{config}", "one", FILTERS["sites"], ATTRIBUTES["sites"], False),
        (f"CN=Subnets,CN=Sites,{config}", "one", FILTERS["subnets"], ATTRIBUTES["subnets"],
         False),
    ]  # fmt: skip


def ldapsearch_script(dc: samba.SambaDC, out: Path) -> str:
    config = f"CN=Configuration,{S.B}"
    commands = []
    for base, scope, flt, attrs, sd in searches(config):
        args = [
            "ldapsearch", "-LLL", "-o", "ldif-wrap=no", "-H", "ldaps://127.0.0.1",
            "-D", f"{S.READER}@voorbeeld.local", "-y", str(out.parent / "pw"),
            "-b", base, "-s", scope, "-E", "pr=1000/noprompt",
        ]  # fmt: skip
        if sd:
            args += ["-E", SD_CONTROL]
        commands.append(shlex.join([*args, flt, *attrs]) + f" >> {shlex.quote(str(out))}")
    # Debian's GnuTLS-based libldap refuses the test CA (kszcheck's Python ssl verifies it), so
    # the baseline skips certificate verification: a per-connection cost, not a per-entry one.
    return "export LDAPTLS_REQCERT=never\n" + "\n".join(commands)


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


def timed(args: list[str], runs: int, env: dict[str, str] | None = None) -> list[float]:
    times = []
    for _ in range(runs + 1):  # one warm-up run, not counted
        start = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 3, 4, 5):
            raise SystemExit(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()[-300:]}")
        times.append(elapsed)
    return times[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    reason = samba.unavailable_reason()
    if reason:
        raise SystemExit(reason)
    base_seed = S.seed()
    seed = samba.Seed(
        ldif=base_seed.ldif + "\n" + bulk_ldif(),
        acls=base_seed.acls,
        passwords=base_seed.passwords,
    )
    started = time.perf_counter()
    template = samba.ensure_template(seed)
    print(f"template ready in {time.perf_counter() - started:.1f} s ({template})")
    with tempfile.TemporaryDirectory(prefix="kszcheck-bench-") as tmp:
        folder = Path(tmp)
        dc = samba.start(template, folder / "dc")
        try:
            (folder / "pw").write_text(S.READER_PASSWORD)
            (folder / "pw").chmod(0o600)
            site = site_yaml(dc, folder)
            kszcheck = [sys.executable, "-m", "kszcheck", "collect", str(site), "-o",
                        str(folder / "snapshot.json"), "--quiet"]  # fmt: skip
            script = folder / "ldapsearch.sh"
            out = folder / "ldapsearch.ldif"
            script.write_text(f": > {shlex.quote(str(out))}\n" + ldapsearch_script(dc, out))
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            ours = timed(kszcheck, options.runs, env)
            theirs = timed(["sh", str(script)], options.runs)
            users = sum(1 for line in out.read_text().splitlines() if line.startswith("dn: CN=b"))
        finally:
            dc.stop()
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"entries: {USERS} users + {GROUPS} groups x {MEMBERS} members (ldapsearch saw {users})")
    print(f"kszcheck collect : median {a:.2f} s  runs {', '.join(f'{t:.2f}' for t in ours)}")
    print(f"ldapsearch       : median {b:.2f} s  runs {', '.join(f'{t:.2f}' for t in theirs)}")
    print(f"ratio kszcheck / ldapsearch: {a / b:.2f} (goal <= 1.25)")


if __name__ == "__main__":
    main()
