"""A real Samba AD domain controller on 127.0.0.1 for tests and benchmarks.

Provisioning and seeding happen once, offline, into a *template* directory cached under a
temporary cache folder and keyed on everything that goes into it (realm, passwords, Samba
version, seed LDIF, ACL steps, salt). Each start copies the template, writes an smb.conf whose
paths all point inside the copy, starts ``samba -i -M single`` in its own session and waits
until a rootDSE answer carries the base DN. Stopping sends SIGTERM (SIGKILL after 15 s) to the
PID only after checking that ``/proc/PID/exe`` is a samba binary and that the process holds
files under this instance's directory (samba rewrites its argv, and PIDs are reused).
``--maximum-runtime`` ends a server that a killed test run leaked.

Samba's LDAP ports are fixed (389/636/3268/3269), so one instance runs at a time; the caller
stops one before starting the next. samba-tool runs on the system python3 (python3-samba).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

REALM = "VOORBEELD.LOCAL"
DOMAIN = "VOORBEELD"
HOST = "DC1"
BASE_DN = "DC=voorbeeld,DC=local"
#: Test-only secret of the built-in Administrator of the throw-away test domain.
ADMIN_PASSWORD = "Test-Beheer-2026!"
LDAP_PORTS = (389, 636, 3268, 3269)
_TOOLS = ("samba", "samba-tool", "ldbmodify", "ldbsearch", "openssl")
_SALT = "kszcheck-samba-template-v3"
_SYSTEM_PYTHON = "/usr/bin/python3"


class SambaError(RuntimeError):
    """The test DC could not be built or started; the message says which step and why."""


def unavailable_reason() -> str | None:
    """Why a test DC cannot run on this machine, or None when it can."""
    missing = [tool for tool in _TOOLS if shutil.which(tool) is None]
    if missing:
        return (
            f"Samba AD DC test peer unavailable: {', '.join(missing)} not installed "
            "(apt-get install samba samba-dsdb-modules samba-ad-provision ldb-tools "
            "ldap-utils openssl)"
        )
    if os.geteuid() != 0:
        return "Samba AD DC test peer unavailable: samba must bind ports 389/636 (run as root)"
    busy = [port for port in LDAP_PORTS if _port_open(port)]
    if busy:
        return f"Samba AD DC test peer unavailable: 127.0.0.1 ports {busy} are already in use"
    return None


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _run(args: list[str], step: str, env: dict[str, str] | None = None, stdin: str = "") -> str:
    result = subprocess.run(
        args,
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise SambaError(f"{step} failed (exit {result.returncode}): {' | '.join(tail)}")
    return result.stdout


# --- smb.conf and TLS ------------------------------------------------------------------------


def smb_conf(dc: Path, strong_auth: bool = True) -> str:
    """The whole smb.conf of a test DC whose files are all under ``dc``."""
    return f"""[global]
\tnetbios name = {HOST}
\tworkgroup = {DOMAIN}
\trealm = {REALM}
\tserver role = active directory domain controller
\tinterfaces = 127.0.0.1
\tbind interfaces only = yes
\tdisable netbios = yes
\tserver services = ldap cldap
\tdns forwarder =
\tprivate dir = {dc}/private
\tlock directory = {dc}
\tstate directory = {dc}/state
\tcache directory = {dc}/cache
\tbinddns dir = {dc}/bind-dns
\tpid directory = {dc}/run
\tncalrpc dir = {dc}/run/ncalrpc
\tntp signd socket directory = {dc}/run/ntp_signd
\twinbindd socket directory = {dc}/run/winbindd
\tlog file = {dc}/log/samba.log
\tlogging = file
\tmax log size = 0
\tidmap_ldb:use rfc2307 = yes
\tldap server require strong auth = {"yes" if strong_auth else "no"}
\ttls enabled = yes
\ttls keyfile = {dc}/private/tls/key.pem
\ttls certfile = {dc}/private/tls/cert.pem
\ttls cafile = {dc}/private/tls/ca.pem
[sysvol]
\tpath = {dc}/state/sysvol
\tread only = No
[netlogon]
\tpath = {dc}/state/sysvol/{REALM.lower()}/scripts
\tread only = No
"""


def make_ca(folder: Path, name: str) -> tuple[Path, Path]:
    """A self-signed CA (certificate, key) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / f"{name}.pem", folder / f"{name}-key.pem"
    _run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650",
            "-subj", f"/CN={name}", "-keyout", str(key), "-out", str(cert),
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ],
        "openssl (CA)",
    )  # fmt: skip
    return cert, key


def make_server_cert(tls: Path, ca_cert: Path, ca_key: Path) -> None:
    """Server key and certificate for 127.0.0.1 / localhost / dc1, signed by the CA."""
    tls.mkdir(parents=True, exist_ok=True)
    ext = tls / "server.ext"
    ext.write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:dc1.voorbeeld.local,DNS:voorbeeld.local\n"
        "extendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n"
    )
    csr = tls / "server.csr"
    _run(
        [
            "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=dc1.voorbeeld.local",
            "-keyout", str(tls / "key.pem"), "-out", str(csr),
        ],
        "openssl (server key)",
    )  # fmt: skip
    _run(
        [
            "openssl", "x509", "-req", "-in", str(csr), "-CA", str(ca_cert), "-CAkey", str(ca_key),
            "-CAcreateserial", "-days", "3650", "-extfile", str(ext), "-out", str(tls / "cert.pem"),
        ],
        "openssl (server certificate)",
    )  # fmt: skip
    shutil.copyfile(ca_cert, tls / "ca.pem")
    for path in tls.iterdir():
        path.chmod(0o600)


# --- the template ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AclStep:
    """One ``samba-tool dsacl set``: SDDL where ``{sid:NAME}`` stands for an account's SID."""

    object_dn: str
    sddl: str


@dataclass(frozen=True)
class Seed:
    ldif: str
    acls: tuple[AclStep, ...] = ()
    #: sAMAccountName -> password, set offline (plain ldbmodify, no encryption needed)
    passwords: tuple[tuple[str, str], ...] = ()


def template_key(seed: Seed) -> str:
    version = _run(["samba", "-V"], "samba -V").strip()
    parts = [
        _SALT,
        REALM,
        DOMAIN,
        HOST,
        hashlib.sha256(ADMIN_PASSWORD.encode()).hexdigest(),
        version,
        seed.ldif,
        repr(seed.acls),
        repr(seed.passwords),
    ]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:20]


def cache_root() -> Path:
    base = os.environ.get("KSZCHECK_SAMBA_CACHE") or str(
        Path(tempfile.gettempdir()) / "kszcheck-samba-cache"
    )
    return Path(base)


def ensure_template(seed: Seed, root: Path | None = None) -> Path:
    """The cached template directory for this seed; built (about 10 s) when absent."""
    root = root or cache_root()
    root.mkdir(parents=True, exist_ok=True)
    final = root / f"template-{template_key(seed)}"
    if (final / "complete").exists():
        return final
    building = Path(tempfile.mkdtemp(prefix="building-", dir=root))
    try:
        _build(building, seed)
        (building / "complete").write_text("ok\n")
        try:
            building.rename(final)
        except OSError:  # another process finished first
            shutil.rmtree(building, ignore_errors=True)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return final


def _build(top: Path, seed: Seed) -> None:
    dc = top / "dc"
    _run(
        [
            "samba-tool", "domain", "provision", f"--targetdir={dc}", f"--realm={REALM}",
            f"--domain={DOMAIN}", f"--host-name={HOST}", "--server-role=dc",
            "--dns-backend=SAMBA_INTERNAL", "--use-rfc2307", f"--adminpass={ADMIN_PASSWORD}",
            "--function-level=2008_R2", "--option=interfaces=127.0.0.1",
            "--option=bind interfaces only=yes", f"--option=log file={dc}/provision.log",
        ],
        "samba-tool domain provision",
    )  # fmt: skip
    _write_conf(dc, strong_auth=True)
    sam = str(dc / "private" / "sam.ldb")
    _run(
        [
            "samba-tool", "domain", "passwordsettings", "set", "-H", sam, "--complexity=off",
            "--min-pwd-length=0", "--min-pwd-age=0", "--max-pwd-age=0", "--history-length=0",
            "-s", str(dc / "etc" / "smb.conf"),
        ],
        "samba-tool domain passwordsettings",
    )  # fmt: skip
    ca_cert, ca_key = make_ca(top / "ca", "kszcheck-test-ca")
    make_server_cert(dc / "private" / "tls", ca_cert, ca_key)
    if seed.ldif.strip():
        seed_file = top / "seed.ldif"
        seed_file.write_text(seed.ldif, encoding="utf-8")
        _run(["ldbmodify", "-o", "batch_mode:1", "-H", sam, str(seed_file)], "ldbmodify (seed)")
    if seed.passwords:
        _set_passwords(top, sam, seed.passwords)
    if seed.acls:
        sids = lookup_sids(sam)
        for step in seed.acls:
            _run(
                [
                    "samba-tool", "dsacl", "set", "-H", sam, f"--objectdn={step.object_dn}",
                    f"--sddl={expand_sids(step.sddl, sids)}", "-s", str(dc / "etc" / "smb.conf"),
                ],
                f"samba-tool dsacl set on {step.object_dn}",
            )  # fmt: skip


def _set_passwords(top: Path, sam: str, passwords: Iterable[tuple[str, str]]) -> None:
    import base64

    sids_dn = lookup_dns(sam)
    lines = []
    for name, password in passwords:
        encoded = base64.b64encode(f'"{password}"'.encode("utf-16-le")).decode()
        lines += [
            f"dn: {sids_dn[name.lower()]}",
            "changetype: modify",
            "replace: unicodePwd",
            f"unicodePwd:: {encoded}",
            "-",
            "replace: userAccountControl",
            "userAccountControl: 512",
            "-",
            "",
        ]
    path = top / "passwords.ldif"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        _run(["ldbmodify", "-H", sam, str(path)], "ldbmodify (passwords)")
    finally:
        path.unlink()


def _search(sam: str, attrs: list[str]) -> list[dict[str, str]]:
    out = _run(["ldbsearch", "-H", sam, "-b", BASE_DN, "(sAMAccountName=*)", *attrs], "ldbsearch")
    entries: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for line in out.splitlines():
        if not line.strip():
            if current:
                entries.append(current)
            current = {}
            continue
        key, sep, value = line.partition(": ")
        if sep:
            current[key.lower()] = value
    if current:
        entries.append(current)
    return entries


def lookup_sids(sam: str) -> dict[str, str]:
    """sAMAccountName (lower case) -> objectSid text, read offline."""
    return {
        e["samaccountname"].lower(): e["objectsid"]
        for e in _search(sam, ["sAMAccountName", "objectSid"])
        if "samaccountname" in e and "objectsid" in e
    }


def lookup_dns(sam: str) -> dict[str, str]:
    return {
        e["samaccountname"].lower(): e["dn"]
        for e in _search(sam, ["sAMAccountName"])
        if "samaccountname" in e and "dn" in e
    }


def expand_sids(sddl: str, sids: dict[str, str]) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        if name not in sids:
            raise SambaError(f"ACL step names unknown account '{match.group(1)}'")
        return sids[name]

    return re.sub(r"\{sid:([^}]+)\}", sub, sddl)


# --- a running instance ---------------------------------------------------------------------


@dataclass
class SambaDC:
    """A running test DC."""

    top: Path
    process: subprocess.Popen[bytes]
    strong_auth: bool
    sids: dict[str, str] = field(default_factory=dict)

    @property
    def dc(self) -> Path:
        return self.top / "dc"

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def ca_file(self) -> Path:
        return self.dc / "private" / "tls" / "ca.pem"

    @property
    def log(self) -> Path:
        return self.top / "samba.out"

    def stop(self) -> None:
        stop_process(self.pid, self.top, self.process)


def _write_conf(dc: Path, strong_auth: bool) -> Path:
    for sub in ("etc", "log", "run", "cache", "state", "bind-dns"):
        (dc / sub).mkdir(parents=True, exist_ok=True)
    conf = dc / "etc" / "smb.conf"
    conf.write_text(smb_conf(dc, strong_auth))
    return conf


def start(
    template: Path, workdir: Path, strong_auth: bool = True, max_runtime: int = 1800
) -> SambaDC:
    """Copy the template into ``workdir`` and start samba on it; wait until it answers."""
    if workdir.exists():
        shutil.rmtree(workdir)
    _run(["cp", "-a", str(template), str(workdir)], "copy of the template")
    dc = workdir / "dc"
    conf = _write_conf(dc, strong_auth)
    with (workdir / "samba.out").open("wb") as out:
        process = subprocess.Popen(
            [
                "samba", "-i", "-M", "single", "-s", str(conf),
                f"--maximum-runtime={max_runtime}",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
    server = SambaDC(workdir, process, strong_auth)
    try:
        _wait_ready(server)
        server.sids = lookup_sids(str(dc / "private" / "sam.ldb"))
    except BaseException:
        server.stop()
        raise
    return server


def _wait_ready(server: SambaDC, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SambaError(f"samba exited with {server.process.returncode}: {_tail(server.log)}")
        log = server.dc / "log" / "samba.log"
        if log.exists() and "no network interfaces found" in log.read_text(errors="replace"):
            raise SambaError("samba found no network interface for 127.0.0.1")
        if _port_open(389) and _port_open(636) and _root_dse_ok():
            return
        time.sleep(0.05)
    raise SambaError(f"samba did not answer on 127.0.0.1:389 within {limit:.0f} s")


def _root_dse_ok() -> bool:
    from ldap3 import BASE, Connection, Server
    from ldap3.core.exceptions import LDAPException

    try:
        conn = Connection(Server("127.0.0.1", port=389, connect_timeout=2), receive_timeout=2)
        conn.open()
        conn.search("", "(objectClass=*)", BASE, attributes=["defaultNamingContext"])
        ok = any(
            str(v).lower() == BASE_DN.lower()
            for e in conn.response or []
            for v in e.get("raw_attributes", {}).get("defaultNamingContext", [])
            for v in [v.decode() if isinstance(v, bytes) else v]
        )
        conn.unbind()
        return ok
    except (LDAPException, OSError):  # not ready yet
        return False


def _tail(path: Path, lines: int = 5) -> str:
    if not path.exists():
        return "(no output)"
    return " | ".join(path.read_text(errors="replace").strip().splitlines()[-lines:])


def is_our_samba(pid: int, top: Path) -> bool:
    """True only if PID is a samba binary holding files under ``top`` (argv is rewritten by
    samba, so /proc/PID/cmdline proves nothing)."""
    try:
        exe = os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return False
    if not re.search(r"/samba( \(deleted\))?$", exe):
        return False
    prefix = str(top.resolve())
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        with contextlib.suppress(OSError):
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith(prefix):
                return True
    return False


def stop_process(
    pid: int, top: Path, process: subprocess.Popen[bytes] | None = None, grace: float = 15.0
) -> None:
    """Stop a test DC by PID, idempotently; never a process that is not this instance's."""
    if process is not None and process.poll() is not None:
        return
    if not is_our_samba(pid, top):
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.1)
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if process is not None:
            if process.poll() is not None:
                return
        elif not Path(f"/proc/{pid}").exists():
            return
        time.sleep(0.05)
    if is_our_samba(pid, top):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL) if os.getpgid(pid) == pid else os.kill(
                pid, signal.SIGKILL
            )
    if process is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)
