"""Real net-snmp ``snmpd`` agents on 127.0.0.1 serving generated switch data.

One snmpd process per simulated switch, on a free high UDP port, with a v2c community and a v3
user (authPriv, SHA/AES); its MIB tree is answered by ``pass_persist.py`` from a ``.snmprec``
file (see switch_stack.py). snmpd's own modules are left out (``-I pass_persist,vacm_conf,
usmUser,usmConf``), so the host's interfaces never shadow the simulated ones.

Stop an agent with :meth:`SnmpdAgent.stop` (SIGTERM, then SIGKILL); agents still running when
the interpreter exits are stopped too.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SNMPD = "/usr/sbin/snmpd"
PASS_PERSIST = Path(__file__).with_name("pass_persist.py")

#: Test credentials of every agent (not secrets: they only guard loopback test agents).
COMMUNITY = "kszcheck-test-ro"
V3_USER = "kszcheck"
AUTH_KEY = "auth-key-7f3a9c"
PRIV_KEY = "priv-key-2b8e4d"
#: Further v3 users with the same keys and SHA-2 / longer AES keys: user -> (auth, priv), in
#: net-snmp's names (snmpd's createUser, snmpget's -a and -x).
STRONG_USERS = {
    "kszcheck-sha512": ("SHA-512", "AES-256"),
    "kszcheck-sha256": ("SHA-256", "AES-192"),
    "kszcheck-sha384": ("SHA-384", "AES"),
    "kszcheck-sha224": ("SHA-224", "AES-256"),
}

_RUNNING: dict[int, subprocess.Popen[bytes]] = {}


def snmpd_path() -> str | None:
    found = shutil.which("snmpd") or (SNMPD if os.access(SNMPD, os.X_OK) else None)
    return found


def missing_reason() -> str | None:
    """Why live SNMP tests cannot run here, or None."""
    if snmpd_path() is None:
        return (
            "net-snmp snmpd is not installed (apt-get install --no-install-recommends snmpd snmp)"
        )
    return None


@dataclass
class SnmpdAgent:
    directory: Path
    port: int
    process: subprocess.Popen[bytes]
    host: str = "127.0.0.1"

    @property
    def target(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        """SIGTERM (and SIGCONT, should it be frozen), then SIGKILL after 5 s."""
        _stop(self.process)

    def log(self) -> str:
        path = self.directory / "snmpd.log"
        return path.read_text(errors="replace") if path.exists() else ""


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_agent(
    directory: Path,
    snmprec: Path,
    *,
    delay_ms: float = 0.0,
    stop_after: int = 0,
    ready_timeout: float = 10.0,
) -> SnmpdAgent:
    """Start snmpd serving ``snmprec``; return once it answers."""
    return start_agents(
        [(directory, snmprec)],
        delay_ms=delay_ms,
        stop_after=stop_after,
        ready_timeout=ready_timeout,
    )[0]


def start_agents(
    jobs: list[tuple[Path, Path]],
    *,
    delay_ms: float = 0.0,
    stop_after: int = 0,
    ready_timeout: float = 20.0,
) -> list[SnmpdAgent]:
    """Start one snmpd per (directory, snmprec) at once; return when all answer. If one does
    not start, all are stopped and RuntimeError names the one (with its log)."""
    binary = snmpd_path()
    if binary is None:
        raise RuntimeError(missing_reason())
    agents: list[SnmpdAgent] = []
    try:
        for directory, snmprec in jobs:
            directory.mkdir(parents=True, exist_ok=True)
            agents.append(_spawn_agent(binary, directory, snmprec, delay_ms, stop_after))
        for at, agent in enumerate(agents):
            for _attempt in range(3):
                if _wait_ready(agent, ready_timeout):
                    break
                log = agent.log()[-2000:]
                agent.stop()
                directory, snmprec = jobs[at]
                agent = _spawn_agent(binary, directory, snmprec, delay_ms, stop_after)
                agents[at] = agent
            else:
                raise RuntimeError(f"snmpd did not start in {agent.directory}:\n{log}")
    except BaseException:
        for agent in agents:
            agent.stop()
        raise
    return agents


def _spawn_agent(
    binary: str, directory: Path, snmprec: Path, delay_ms: float, stop_after: int
) -> SnmpdAgent:
    port = free_udp_port()
    _write_config(directory, port, snmprec, delay_ms, stop_after)
    process = _spawn(binary, directory)
    _RUNNING[process.pid] = process
    return SnmpdAgent(directory=directory, port=port, process=process)


def _write_config(
    directory: Path, port: int, snmprec: Path, delay_ms: float, stop_after: int
) -> None:
    program = f"{sys.executable} {PASS_PERSIST} {snmprec}"
    if delay_ms:
        program += f" --delay-ms {delay_ms}"
    if stop_after:
        program += f" --stop-after {stop_after}"
    (directory / "snmpd.conf").write_text(
        f"agentaddress udp:127.0.0.1:{port}\n"
        f"agentXSocket unix:{directory}/agentx.sock\n"
        f"rocommunity {COMMUNITY} 127.0.0.1\n"
        f"createUser {V3_USER} SHA {AUTH_KEY} AES {PRIV_KEY}\n"
        f"rouser {V3_USER} priv\n"
        + "".join(
            f"createUser {user} {auth} {AUTH_KEY} {priv} {PRIV_KEY}\nrouser {user} priv\n"
            for user, (auth, priv) in STRONG_USERS.items()
        )
        + "dontLogTCPWrappersConnects yes\n"
        f"pass_persist -p 1 .1.3.6.1 {program}\n"
        f"pass_persist -p 1 .1.0.8802 {program}\n",
        encoding="utf-8",
    )


def _spawn(binary: str, directory: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, SNMP_PERSISTENT_DIR=str(directory / "persist"))
    command = [
        binary,
        "-f",
        "-C",
        "-c",
        str(directory / "snmpd.conf"),
        "-Lf",
        str(directory / "snmpd.log"),
        "-p",
        str(directory / "snmpd.pid"),
        "-M",
        "/dev/null",
        "-m",
        "",
        "-I",
        "pass_persist,vacm_conf,usmUser,usmConf",
    ]
    return subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _wait_ready(agent: SnmpdAgent, timeout: float) -> bool:
    """Poll with a v2c GET of sysName.0 until any answer comes."""
    request = _v2c_get_sysname(COMMUNITY)
    deadline = time.monotonic() + timeout
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.2)
        while time.monotonic() < deadline:
            if agent.process.poll() is not None:
                return False
            sock.sendto(request, (agent.host, agent.port))
            try:
                sock.recvfrom(4096)
            except (TimeoutError, ConnectionRefusedError):
                time.sleep(0.05)
                continue
            return True
    return False


def _tlv(tag: int, body: bytes) -> bytes:
    assert len(body) < 128
    return bytes([tag, len(body)]) + body


def _v2c_get_sysname(community: str) -> bytes:
    oid = bytes([0x2B, 6, 1, 2, 1, 1, 5, 0])  # 1.3.6.1.2.1.1.5.0
    varbind = _tlv(0x30, _tlv(0x06, oid) + b"\x05\x00")
    pdu = _tlv(0xA0, _tlv(0x02, b"\x01") + _tlv(0x02, b"\x00") * 2 + _tlv(0x30, varbind))
    return _tlv(0x30, _tlv(0x02, b"\x01") + _tlv(0x04, community.encode()) + pdu)


def _stop(process: subprocess.Popen[bytes]) -> None:
    _RUNNING.pop(process.pid, None)
    if process.poll() is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGCONT):
        try:
            os.kill(process.pid, sig)
        except ProcessLookupError:
            return
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@atexit.register
def _stop_all() -> None:
    for process in list(_RUNNING.values()):
        _stop(process)
