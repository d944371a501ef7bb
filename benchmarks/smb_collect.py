"""Benchmark: read the NTFS rights of many folders with kszcheck's SMB collector and with
Samba's own ``smbcacls``.

Starts a real Samba smbd (tests/peers/smbd.py) with --shares shares of --folders sub folders
each, every folder with its own NTFS ACL, then reads the same descriptors:

* kszcheck: ``kszcheck.collectors.smb.read_server`` with depth 1 (one SMB session; share list
  and share permissions over SRVSVC, machine SID over LSA, one security-descriptor query per
  folder), parsing included;
* smbcacls: one ``smbcacls //127.0.0.1/<share> <folder> --numeric`` process per folder, run in
  parallel (--parallel), which is how a script would do it. It does not read the share
  permissions or list the folders, so it does less.

smbcacls can only connect to port 445, so smbd listens there: run it inside a network
namespace of its own, as root:

    unshare -n bash -c 'ip link set lo up; python benchmarks/smb_collect.py --shares 20 \
        --folders 25'

Prints the median wall time of --repeat runs, kszcheck's CPU time and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kszcheck.collectors.smb import SmbSettings, read_server
from tests.peers import smbd

CHANGE = "0x001301bf"
ADMINS = "(A;OICI;0x001f01ff;;;BA)"


def _shares(count: int, folders: int) -> list[smbd.ShareSpec]:
    specs = []
    for n in range(count):
        names = [f"Map{m:03d}" for m in range(folders)]
        ntfs = {"": f"O:BAG:SYD:PAI{ADMINS}(A;OICI;{CHANGE};;;S-1-5-21-1-2-3-{n + 1000})"}
        for m, name in enumerate(names):
            ntfs[name] = f"O:BAG:SYD:PAI{ADMINS}(A;OICI;{CHANGE};;;S-1-5-21-1-2-3-{m + 2000})"
        specs.append(smbd.ShareSpec(name=f"Share{n:03d}", folders=names, ntfs=ntfs))
    return specs


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shares", type=int, default=20)
    parser.add_argument("--folders", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parallel", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        top = Path(folder)
        specs = _shares(args.shares, args.folders)
        server = smbd.start(top / "smbd", specs, port=445)
        auth = top / "auth.txt"
        auth.write_text(f"username = {smbd.ADMIN_USER}\npassword = {smbd.ADMIN_PASSWORD}\n")
        jobs = [(s.name, "") for s in specs] + [(s.name, f) for s in specs for f in s.folders]
        try:
            ours, cpu, theirs = [], [], []
            for _ in range(args.repeat):
                start, cpu0 = time.perf_counter(), time.process_time()
                read = read_server(
                    "127.0.0.1",
                    smbd.ADMIN_USER,
                    smbd.ADMIN_PASSWORD,
                    SmbSettings(depth=1, max_folders=100_000),
                )
                ours.append(time.perf_counter() - start)
                cpu.append(time.process_time() - cpu0)
                assert not read.problems, read.problems[:3]
                assert len(read.folders) == len(jobs), (len(read.folders), len(jobs))
                start = time.perf_counter()
                with ThreadPoolExecutor(args.parallel) as pool:
                    codes = list(pool.map(lambda job: _smbcacls(auth, *job), jobs))
                theirs.append(time.perf_counter() - start)
                assert codes == [0] * len(jobs), codes[:5]
        finally:
            server.stop()
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"{len(specs)} shares, {len(jobs)} folders, {args.repeat} runs (median)")
    print(f"kszcheck read_server: {a:.2f} s wall, {statistics.median(cpu):.2f} s CPU")
    print(f"smbcacls x{len(jobs)} (parallel {args.parallel}): {b:.2f} s wall")
    print(f"ratio kszcheck / smbcacls: {a / b:.2f}")
    return 0


def _smbcacls(auth: Path, share: str, path: str) -> int:
    return subprocess.run(
        ["smbcacls", "-A", str(auth), f"//127.0.0.1/{share}", path or "/", "--numeric"],
        capture_output=True,
        timeout=120,
        check=False,
    ).returncode


if __name__ == "__main__":
    sys.exit(main())
