"""A real Samba file server (smbd, standalone) on 127.0.0.1 for the SMB tests.

Everything lives in one directory: smb.conf, the passdb, the share folders, logs. Before smbd
starts, the test's planted rights are written *offline by Samba's own code*, not by kszcheck:
- share permissions with ``sharesec`` (share_info.tdb);
- NTFS ACLs with Samba's Python ``samba.ntacls.setntacl`` through the s3 VFS, so with
  ``vfs objects = acl_xattr`` they become real ``security.NTACL`` attributes that smbd serves.
  (``samba-tool ntacl set`` needs an AD domain SID, and ``smbcacls`` only connects to port 445.)
The machine SID is fixed (``net setlocalsid``) so tests can name local SIDs.

smbd runs in the foreground (``-F --no-process-group``) in its own session on a free high TCP
port and is stopped by PID (SIGTERM, SIGKILL after 10 s), after checking that /proc/PID/exe is
smbd; servers still running when the interpreter exits are stopped too. smbd forks one child per
connection; the children end when their parent does.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

SMBD = "/usr/sbin/smbd"
SYSTEM_PYTHON = "/usr/bin/python3"
NETBIOS_NAME = "FS-SOC1"
WORKGROUP = "VOORBEELD"
#: The file server's own (machine) SID: local accounts and groups are <MACHINE_SID>-<rid>.
MACHINE_SID = "S-1-5-21-3000000001-3000000002-3000000003"
#: Test-only secrets of throw-away local accounts of the test server (not real credentials).
ADMIN_USER, ADMIN_PASSWORD = "root", "Smb-Test-Beheer-1!"
READER_USER, READER_PASSWORD = "nobody", "Smb-Test-Lezer-2!"
_TOOLS = ("smbd", "sharesec", "smbpasswd", "net")

_RUNNING: dict[int, subprocess.Popen[bytes]] = {}


class SmbdError(RuntimeError):
    """The test file server could not be prepared or started; says which step and why."""


def unavailable_reason() -> str | None:
    """Why a test file server cannot run here, or None."""
    missing = [tool for tool in _TOOLS if shutil.which(tool) is None]
    if missing:
        return (
            f"Samba smbd test peer unavailable: {', '.join(missing)} not installed "
            "(apt-get install samba)"
        )
    if (
        not Path(SYSTEM_PYTHON).exists()
        or _run_ok([SYSTEM_PYTHON, "-c", "import samba.ntacls"]) is False
    ):
        return "Samba smbd test peer unavailable: python3-samba is not installed"
    if not Path("/usr/lib/x86_64-linux-gnu/samba/vfs/acl_xattr.so").exists() and not list(
        Path("/usr/lib").glob("*/samba/vfs/acl_xattr.so")
    ):
        return "Samba smbd test peer unavailable: samba-vfs-modules (acl_xattr) is not installed"
    if os.geteuid() != 0:
        return "Samba smbd test peer unavailable: smbd and the NTFS ACL xattrs need root"
    return None


def _run_ok(args: list[str]) -> bool:
    try:
        return subprocess.run(args, capture_output=True, timeout=60, check=False).returncode == 0
    except OSError:
        return False


@dataclass
class ShareSpec:
    """One share: its folders, its share permissions and its NTFS ACLs (SDDL, Samba syntax)."""

    name: str
    #: share permissions as sharesec ACEs, e.g. "S-1-1-0:ALLOWED/0/FULL"
    share_acl: list[str] = field(default_factory=list)
    #: NTFS ACL of the root folder and of sub folders: relative path ("" = root) -> SDDL
    ntfs: dict[str, str] = field(default_factory=dict)
    folders: list[str] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)  # more smb.conf lines of the share


@dataclass
class FileServer:
    directory: Path
    port: int
    process: subprocess.Popen[bytes]
    host: str = "127.0.0.1"

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def share_path(self, share: str) -> Path:
        return self.directory / "shares" / share

    def log(self) -> str:
        path = self.directory / "log" / "smbd.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def stop(self) -> None:
        _stop(self.process)


def free_tcp_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def smb_conf(top: Path, port: int, shares: list[ShareSpec], global_extra: dict[str, str]) -> str:
    lines = [
        "[global]",
        f"netbios name = {NETBIOS_NAME}",
        f"workgroup = {WORKGROUP}",
        "server role = standalone server",
        "interfaces = 127.0.0.1",
        "bind interfaces only = yes",
        f"smb ports = {port}",
        "disable netbios = yes",
        "server min protocol = SMB2_02",
        "server signing = mandatory",
        f"private dir = {top}/private",
        f"lock directory = {top}/lock",
        f"state directory = {top}/state",
        f"cache directory = {top}/cache",
        f"pid directory = {top}/run",
        f"ncalrpc dir = {top}/run/ncalrpc",
        f"log file = {top}/log/smbd.log",
        "logging = file",
        "max log size = 0",
        f"passdb backend = tdbsam:{top}/private/passdb.tdb",
        "load printers = no",
        "printing = bsd",
        "printcap name = /dev/null",
        "disable spoolss = yes",
        *(f"{k} = {v}" for k, v in global_extra.items()),
    ]
    for share in shares:
        lines += [
            f"[{share.name}]",
            f"path = {top}/shares/{share.name}",
            "read only = no",
            "vfs objects = acl_xattr",
            "acl_xattr:ignore system acls = yes",
            *(f"{k} = {v}" for k, v in share.extra.items()),
        ]
    return "\n".join(lines[:1] + [f"\t{line}" for line in lines[1:]]) + "\n"


def _step(args: list[str], what: str, stdin: str = "") -> str:
    result = subprocess.run(
        args, input=stdin, capture_output=True, text=True, timeout=120, check=False
    )
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise SmbdError(f"{what} failed (exit {result.returncode}): {' | '.join(tail)}")
    return result.stdout


_SET_NTACLS = """
import sys
from samba import ntacls
from samba.auth_util import system_session_unix
from samba.samba3 import param as s3param
conf, machine_sid = sys.argv[1], sys.argv[2]
lp = s3param.get_context()
lp.load(conf)
args = sys.argv[3:]
for service, path, sddl in zip(args[0::3], args[1::3], args[2::3]):
    ntacls.setntacl(lp, path, sddl, machine_sid, system_session_unix(), use_ntvfs=False,
                    service=service)
"""


def start(
    directory: Path,
    shares: list[ShareSpec],
    *,
    global_extra: dict[str, str] | None = None,
    ready_timeout: float = 30.0,
    port: int | None = None,
) -> FileServer:
    """Prepare ``directory``, plant the shares' rights and start smbd; return once it listens."""
    reason = unavailable_reason()
    if reason is not None:
        raise SmbdError(reason)
    top = directory
    for sub in ("private", "lock", "state", "cache", "run", "log", "shares"):
        (top / sub).mkdir(parents=True, exist_ok=True)
    port = port or free_tcp_port()
    conf = top / "smb.conf"
    conf.write_text(smb_conf(top, port, shares, global_extra or {}), encoding="utf-8")
    for share in shares:
        root = top / "shares" / share.name
        root.mkdir(parents=True, exist_ok=True)
        for folder in share.folders:
            (root / folder).mkdir(parents=True, exist_ok=True)
        for name, data in share.files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
    _step(["net", "-s", str(conf), "setlocalsid", MACHINE_SID], "net setlocalsid")
    for user, password in ((ADMIN_USER, ADMIN_PASSWORD), (READER_USER, READER_PASSWORD)):
        _step(
            ["smbpasswd", "-c", str(conf), "-s", "-a", user],
            f"smbpasswd -a {user}",
            stdin=f"{password}\n{password}\n",
        )
    acl_args: list[str] = []
    for share in shares:
        if share.share_acl:
            _step(
                ["sharesec", "-s", str(conf), share.name, "--replace", ",".join(share.share_acl)],
                f"sharesec {share.name}",
            )
        for rel, sddl in share.ntfs.items():
            acl_args += [share.name, str(top / "shares" / share.name / rel), sddl]
    if acl_args:
        _step([SYSTEM_PYTHON, "-c", _SET_NTACLS, str(conf), MACHINE_SID, *acl_args], "setntacl")
    process = subprocess.Popen(
        [SMBD, "-F", "--no-process-group", "-s", str(conf)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    _RUNNING[process.pid] = process
    server = FileServer(directory=top, port=port, process=process)
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _RUNNING.pop(process.pid, None)
            raise SmbdError(f"smbd exited with {process.returncode}:\n{server.log()}")
        with socket.socket() as sock:
            sock.settimeout(0.3)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return server
        time.sleep(0.1)
    server.stop()
    raise SmbdError(f"smbd did not listen on 127.0.0.1:{port} within {ready_timeout} s")


def _is_smbd(pid: int) -> bool:
    try:
        return os.path.basename(os.readlink(f"/proc/{pid}/exe")) == "smbd"
    except OSError:
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    _RUNNING.pop(process.pid, None)
    if process.poll() is not None:
        return
    if not _is_smbd(process.pid):
        return
    try:
        os.kill(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@atexit.register
def _stop_all() -> None:
    for process in list(_RUNNING.values()):
        _stop(process)
