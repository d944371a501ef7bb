"""A net-snmp ``pass_persist`` program serving one ``.snmprec`` file (stdlib only).

Usage (from snmpd.conf): ``pass_persist -p 1 .1.3.6.1 <python> pass_persist.py FILE.snmprec
[--delay-ms N] [--stop-after N]``

Protocol (snmpd.conf(5)), one line at a time on stdin/stdout, flushed after every reply:
``PING`` -> ``PONG``; ``get`` or ``getnext`` and an OID line -> the OID, the type and the value
lines, or ``NONE``; ``set`` and two more lines -> ``not-writable``. EOF ends the program.

``--delay-ms`` sleeps before every get/getnext reply, like the CPU of a real switch.
``--stop-after N`` freezes the agent (SIGSTOP to snmpd, the parent) at the N-th get/getnext, as a
switch that stops answering in the middle of a walk.
"""

from __future__ import annotations

import argparse
import bisect
import os
import signal
import sys
import time

TYPES = {
    "2": "integer",
    "65": "counter",
    "66": "gauge",
    "67": "timeticks",
    "70": "counter64",
}


def load(path: str) -> tuple[list[tuple[int, ...]], list[tuple[str, str]]]:
    """The records sorted by OID, and for each its pass_persist type and value line."""
    rows: list[tuple[tuple[int, ...], str, str]] = []
    with open(path, encoding="ascii") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            oid, tag, value = line.split("|", 2)
            rows.append((tuple(int(p) for p in oid.strip(".").split(".")), tag, value))
    rows.sort(key=lambda row: row[0])
    return [row[0] for row in rows], [reply(tag, value) for _, tag, value in rows]


def reply(tag: str, value: str) -> tuple[str, str]:
    if tag == "4":
        return "string", value
    if tag == "4x":
        data = bytes.fromhex(value)
        return "octet", " ".join(f"{b:02X}" for b in data)
    if tag == "6":
        return "objectid", "." + value.strip(".")
    if tag == "64":
        return "ipaddress", value
    if tag in TYPES:
        return TYPES[tag], value
    raise ValueError(f"unknown snmprec tag {tag!r}")


def serve(path: str, delay: float, stop_after: int) -> None:
    oids, replies = load(path)
    read, write = sys.stdin.readline, sys.stdout.write
    served = 0
    while True:
        command = read()
        if not command:
            return
        command = command.strip()
        if command == "PING":
            write("PONG\n")
        elif command in ("get", "getnext"):
            wanted = tuple(int(p) for p in read().strip().strip(".").split(".") if p)
            served += 1
            if stop_after and served == stop_after:
                os.kill(os.getppid(), signal.SIGSTOP)
            if delay:
                time.sleep(delay)
            if command == "get":
                at = bisect.bisect_left(oids, wanted)
                found = at if at < len(oids) and oids[at] == wanted else None
            else:
                at = bisect.bisect_right(oids, wanted)
                found = at if at < len(oids) else None
            if found is None:
                write("NONE\n")
            else:
                kind, value = replies[found]
                write("." + ".".join(map(str, oids[found])) + f"\n{kind}\n{value}\n")
        elif command == "set":
            read()
            read()
            write("not-writable\n")
        elif command:
            write("NONE\n")
        sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("snmprec")
    parser.add_argument("--delay-ms", type=float, default=0.0)
    parser.add_argument("--stop-after", type=int, default=0)
    args = parser.parse_args()
    serve(args.snmprec, args.delay_ms / 1000.0, args.stop_after)


if __name__ == "__main__":
    main()
