"""A real PostgreSQL server for the tests, started with ``initdb``/``pg_ctl`` into a temporary
folder, listening on 127.0.0.1 only, over TLS (a test CA and a server certificate for 127.0.0.1
and localhost, made here with ``cryptography``) with SCRAM passwords.

PostgreSQL refuses to run as root: when the tests run as root (CI does), the server's processes
run as the unprivileged user ``nobody`` (``subprocess``'s ``user=``/``group=``), and the data
folder is given to that user. The server binaries are Debian's ``postgresql`` package
(``/usr/lib/postgresql/<version>/bin``; ``.ci/run`` installs it).

    server = PostgresServer.start(folder)     # initdb + pg_ctl start (waits until it accepts)
    server.url(user, database)                # postgresql://…?sslmode=verify-full&sslrootcert=…
    server.stop() / server.kill() / server.restart()
"""

from __future__ import annotations

import atexit
import datetime as dt
import glob
import ipaddress
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

#: Test credentials (not secrets: they guard a loopback test server that lives for one test run).
ADMIN, ADMIN_PASSWORD = "kszcheck_admin", "admin-pw-4c1e"
SCANNER, SCANNER_PASSWORD = "scanner", "scanner-pw-8d2f"
DATABASE = "kszcheck_history"

_RUNNING: list[PostgresServer] = []


def bin_dir() -> Path | None:
    """The folder of initdb and pg_ctl (the newest installed PostgreSQL), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _version(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def missing_reason() -> str | None:
    """Why the PostgreSQL tests cannot run here, or None."""
    if bin_dir() is None:
        return "PostgreSQL is not installed (apt-get install --no-install-recommends postgresql)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[dev]')"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def certificates(folder: Path, ca: str = "kszcheck test CA") -> tuple[Path, Path, Path]:
    """A test CA (named ``ca``) and a server certificate for 127.0.0.1 and localhost signed by
    it: the files of the CA, the certificate and its key."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, ca)])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, cert_file, key_file = folder / "ca.crt", folder / "server.crt", folder / "server.key"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    key_file.chmod(0o600)
    return ca_file, cert_file, key_file


@dataclass
class PostgresServer:
    folder: Path
    port: int
    ca_file: Path

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @classmethod
    def start(cls, *, fsync: bool = False) -> PostgresServer:
        """initdb into a new temporary folder and start the server (as ``nobody`` under root)."""
        binaries = bin_dir()
        assert binaries is not None, missing_reason()
        folder = Path(tempfile.mkdtemp(prefix="kszcheck-pg-"))
        folder.chmod(0o755)  # the server's user reaches its data folder; the CA is read by all
        tls = folder / "tls"
        tls.mkdir()
        ca_file, cert_file, key_file = certificates(tls)
        password_file = folder / "admin.pw"
        password_file.write_text(ADMIN_PASSWORD + "\n", "utf-8")
        server = cls(folder, _free_port(), ca_file)
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            for path in (folder, tls, key_file, cert_file, password_file):
                os.chown(path, nobody.pw_uid, nobody.pw_gid)
        server._run(
            binaries / "initdb",
            "-D", str(server.data), "-U", ADMIN, "--pwfile", str(password_file),
            "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8",
            "--locale=C.UTF-8",
        )  # fmt: skip
        settings = [
            "listen_addresses = '127.0.0.1'",
            f"port = {server.port}",
            "unix_socket_directories = ''",
            "ssl = on",
            f"ssl_cert_file = '{cert_file}'",
            f"ssl_key_file = '{key_file}'",
            f"fsync = {'on' if fsync else 'off'}",
            "max_connections = 60",
        ]
        with (server.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n".join(settings) + "\n")
        (server.data / "pg_hba.conf").write_text(
            "hostssl all all 127.0.0.1/32 scram-sha-256\n", "utf-8"
        )
        server.resume()
        _RUNNING.append(server)
        server.psql(
            f"CREATE ROLE {SCANNER} LOGIN PASSWORD '{SCANNER_PASSWORD}'",
            f"CREATE DATABASE {DATABASE} OWNER {SCANNER}",
        )
        return server

    def _run(self, *command: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        root = os.geteuid() == 0
        nobody = pwd.getpwnam("nobody") if root else None
        return subprocess.run(
            [str(c) for c in command],
            capture_output=True,
            text=True,
            check=check,
            user=nobody.pw_uid if nobody else None,
            group=nobody.pw_gid if nobody else None,
            extra_groups=[] if nobody else None,
            cwd=self.folder,
            env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"},
            timeout=120,
        )

    def resume(self) -> None:
        """Start (again) and wait until the server accepts connections."""
        binaries = bin_dir()
        assert binaries is not None
        self._run(
            binaries / "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"),
            "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``immediate``: like a crash, no checkpoint, clients cut off)."""
        binaries = bin_dir()
        assert binaries is not None
        self._run(binaries / "pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
        if self in _RUNNING:
            _RUNNING.remove(self)

    def url(self, user: str = SCANNER, database: str = DATABASE, *, ca: bool = True) -> str:
        """The history URL of the test database (no password: give it by reference)."""
        query = f"?sslrootcert={self.ca_file}" if ca else ""
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}{query}"

    def psql(self, *statements: str) -> None:
        """Run statements as the administrator (over TLS, with the admin password)."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=ADMIN,
            password=ADMIN_PASSWORD,
            dbname="postgres",
            sslmode="verify-full",
            sslrootcert=str(self.ca_file),
            autocommit=True,
        ) as conn:
            for statement in statements:
                conn.execute(statement.encode())


@atexit.register
def _stop_all() -> None:
    for server in list(_RUNNING):
        server.remove()
