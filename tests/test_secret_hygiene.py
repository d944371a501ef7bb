"""Secret hygiene: a full scan with every kind of secret set, then every byte kszcheck wrote and
printed is searched for them.

The secrets: the LDAP bind password (against the Samba test DC of tests/peers/samba.py), the
SNMPv3 authentication and privacy keys (a net-snmp snmpd agent of tests/peers/snmpd.py) and the
SMTP password (a STARTTLS + AUTH server on 127.0.0.1 in this file). All are passed by reference:
environment variables and files, as the site profile requires. Then ``scan`` (with history and
mail), ``collect``, ``evaluate``, ``report`` in every format, ``bundle``, ``verify``, ``history``
and ``diff`` run as separate processes; every file they wrote (the bundle unzipped, the SQLite
history as bytes) and all their stdout and stderr are searched for each secret, raw and encoded
(base64 at every alignment, hex, URL encoding, UTF-16). The same again with a wrong password and
a wrong v3 key everywhere (the error paths).

A peer that is absent is replaced by an unreachable address (the secret is still read and used)
outside CI; with CI=true its absence fails the test.
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import json
import os
import shutil
import socket
import socketserver
import ssl
import subprocess
import sys
import threading
import urllib.parse
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from tests.conftest import SambaPool
from tests.peers import snmpd

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-22T08:00:00+01:00"

#: The secrets of the good run; a wrong one of each for the error paths.
SMTP_PASSWORD = "Mail-Geheim-7Qx!2026"
WRONG_LDAP = "Fout-Wachtwoord-9Kz#2026"
WRONG_AUTH_KEY = "fout-auth-key-5d1e77"
WRONG_PRIV_KEY = "fout-priv-key-0c4b19"
WRONG_SMTP = "Fout-Mail-3Wv$2026"
SMTP_USER = "kszcheck-mailer"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _absent(reason: str) -> None:
    if _in_ci():
        pytest.fail(f"{reason} (CI=true: the secret-hygiene test must run against real peers)")


def _closed_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- the peers ----------------------------------------------------------------------------------


@dataclass
class LdapPeer:
    url: str
    ca_file: str
    bind: str
    password: str
    live: bool


@pytest.fixture(scope="module")
def ldap_peer(samba_pool: SambaPool) -> LdapPeer:
    """The session's Samba test DC (tests/conftest.py); without Samba a closed port (the LDAP
    source then fails, and its error paths are still checked)."""
    from tests.live import seed as live_seed

    bind = f"{live_seed.READER}@voorbeeld.local"
    reason = samba_pool.unavailable_reason()
    if reason is not None:
        _absent(reason)
        url = f"ldaps://127.0.0.1:{_closed_port()}"
        return LdapPeer(url, "", bind, live_seed.READER_PASSWORD, live=False)
    dc = samba_pool.get(strong_auth=True)
    return LdapPeer(
        "ldaps://127.0.0.1", str(dc.ca_file), bind, live_seed.READER_PASSWORD, live=True
    )


@dataclass
class SnmpPeer:
    target: str
    live: bool


@pytest.fixture(scope="module")
def snmp_peer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SnmpPeer]:
    from tests.peers.switch_stack import build_stack, write_snmprec

    reason = snmpd.missing_reason()
    if reason is not None:
        _absent(reason)
        yield SnmpPeer(f"127.0.0.1:{_closed_port(socket.SOCK_DGRAM)}", live=False)
        return
    root = tmp_path_factory.mktemp("snmpd")
    data = write_snmprec(build_stack("cisco", "sw-hygiene-1"), root / "cisco.snmprec")
    agent = snmpd.start_agent(root / "cisco", data)
    try:
        yield SnmpPeer(agent.target, live=True)
    finally:
        agent.stop()


class _SmtpHandler(socketserver.StreamRequestHandler):
    """SMTP with STARTTLS and AUTH PLAIN (RFC 3207, RFC 4954): enough for smtplib's login."""

    server: _Smtp

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())
        self.wfile.flush()

    def _restart(self, connection: ssl.SSLSocket) -> None:
        self.connection = self.request = connection
        self.rfile = connection.makefile("rb")
        self.wfile = connection.makefile("wb")

    def handle(self) -> None:
        self.reply("220 hygiene ESMTP")
        encrypted = False
        while raw := self.rfile.readline():
            command = raw.decode("utf-8", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-hygiene")
                self.reply("250 AUTH PLAIN" if encrypted else "250 STARTTLS")
            elif verb == "STARTTLS" and not encrypted:
                self.reply("220 go ahead")
                self._restart(self.server.tls.wrap_socket(self.connection, server_side=True))
                encrypted = True
            elif verb == "AUTH" and encrypted:
                decoded = base64.b64decode(command.split()[2]).split(b"\0")
                self.server.logins.append(decoded[2].decode())
                good = decoded[1:] == [SMTP_USER.encode(), SMTP_PASSWORD.encode()]
                self.reply("235 ok" if good else "535 authentication failed")
            elif verb == "DATA":
                self.reply("354 end with .")
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(line)
                self.server.messages.append(b"".join(lines))
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


class _Smtp(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, tls: ssl.SSLContext) -> None:
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.tls = tls
        self.logins: list[str] = []
        self.messages: list[bytes] = []


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (also its own CA), made with the cryptography package."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=3))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "smtp.pem", folder / "smtp.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def smtp(tmp_path: Path) -> Iterator[tuple[_Smtp, Path]]:
    cert, key = _self_signed(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    server = _Smtp(tls)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, cert
    finally:
        server.shutdown()
        server.server_close()


# --- the run ------------------------------------------------------------------------------------


@dataclass
class Run:
    folder: Path
    outputs: list[tuple[str, bytes]] = field(default_factory=list)  # (what, bytes)
    codes: dict[str, int] = field(default_factory=dict)

    def kszcheck(self, name: str, *args: str, env: dict[str, str]) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "kszcheck", *args],
            capture_output=True,
            cwd=self.folder,
            env=env,
            timeout=180,
            check=False,
        )
        self.outputs += [(f"{name}: stdout", done.stdout), (f"{name}: stderr", done.stderr)]
        self.codes[name] = done.returncode

    def add(self, path: Path) -> None:
        """A file written (a zip also member by member), or every file under a folder."""
        if path.is_dir():
            for child in sorted(path.iterdir()):
                self.add(child)
            return
        if not path.is_file():
            return
        self.outputs.append((path.relative_to(self.folder).as_posix(), path.read_bytes()))
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as bundle:
                for member in bundle.namelist():
                    self.outputs.append((f"{path.name}!{member}", bundle.read(member)))


def _site(folder: Path, ldap: LdapPeer, snmp: SnmpPeer, smtp_port: int, smtp_ca: Path) -> Path:
    """The example administration, with the LDAP, SNMP and SMTP settings of this test."""
    site = yaml.safe_load((ROOT / "inventories" / "example" / "site.yaml").read_text("utf-8"))
    for path in (ROOT / "inventories" / "example").iterdir():
        if path.name != "site.yaml":
            target = folder / "site" / path.name
            target.parent.mkdir(exist_ok=True)
            if path.is_dir():
                shutil.copytree(path, target)
            else:
                target.write_bytes(path.read_bytes())
    ldap_source: dict[str, object] = {
        "id": "ad-live",
        "type": "ldap",
        "url": ldap.url,
        "bind_dn": ldap.bind,
        "password": {"env": "KSZ_HYGIENE_LDAP"},
        "options": {"connect_timeout": 3, "receive_timeout": 20},
    }
    if ldap.ca_file:
        ldap_source["ca_file"] = ldap.ca_file
    site["sources"] += [
        ldap_source,
        {
            "id": "switches-snmp",
            "type": "snmp",
            "targets": [snmp.target],
            "v3_user": snmpd.V3_USER,
            "auth_key": {"env": "KSZ_HYGIENE_AUTH"},
            "priv_key": {"file": "secrets/snmp-priv.txt"},
            "options": {"timeout": 1.0, "retries": 0},
        },
    ]
    site["notify"] = {
        "host": "127.0.0.1",
        "port": smtp_port,
        "starttls": True,
        "user": SMTP_USER,
        "password": {"file": "secrets/smtp-password.txt"},
        "from": "kszcheck@voorbeeld.be",
        "ca_file": str(smtp_ca),
    }
    path = folder / "site" / "site.yaml"
    path.write_text(yaml.safe_dump(site, allow_unicode=True), "utf-8")
    return path


def _full_run(
    folder: Path,
    site: Path,
    secrets: dict[str, str],
    priv_key: str,
    smtp_password: str,
    everything: bool = True,
) -> Run:
    """Every command that reads the site or its outputs; ``everything=False``: those that read
    the secrets (scan, collect) and the bundle of what they wrote."""
    secret_dir = site.parent / "secrets"
    secret_dir.mkdir()
    (secret_dir / "snmp-priv.txt").write_text(priv_key + "\n", "utf-8")
    (secret_dir / "smtp-password.txt").write_text(smtp_password + "\n", "utf-8")
    inputs = set(site.parent.rglob("*"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KSZCHECK_")},
        "KSZ_HYGIENE_LDAP": secrets["ldap"],
        "KSZ_HYGIENE_AUTH": secrets["auth"],
    }
    run = Run(folder)
    out, history = "out", "history.sqlite"
    common = ["--now", NOW, "--history", history]
    run.kszcheck(
        "scan", "scan", str(site), "-o", out, *common, "--mail-to", "ict@voorbeeld.be", env=env
    )
    run.kszcheck("collect", "collect", str(site), "-o", "collected.json", env=env)
    if everything:
        run.kszcheck(
            "evaluate",
            "evaluate", "collected.json", "--site", str(site), "-o", "evaluated.json", "--now", NOW,
            env=env,
        )  # fmt: skip
        for fmt in ("html", "json", "csv", "sarif", "junit"):
            report = f"{out}/report-en.{fmt}"
            run.kszcheck(
                fmt, "report", f"{out}/assessment.json", "--format", fmt, "-o", report,
                "--lang", "en", env=env,
            )  # fmt: skip
    run.kszcheck("bundle", "bundle", out, "-o", "evidence.zip", env=env)
    if everything:
        run.kszcheck("verify", "verify", "evidence.zip", env=env)
        run.kszcheck("history", "history", "--history", history, env=env)
        run.kszcheck("diff", "diff", "--history", history, env=env)
    for path in sorted(folder.iterdir()):  # everything written: outputs, history (+ WAL), logs
        if path.name not in ("site", "smtp.pem", "smtp.key"):
            run.add(path)
    for path in sorted(set(site.parent.rglob("*")) - inputs):  # anything left next to site.yaml
        run.add(path)
    return run


def encodings(secret: str) -> list[bytes]:
    """How a secret could end up in a file: raw, UTF-16, hex, URL-encoded, base64 (the part of
    the encoding that is the same at whatever offset the secret sits)."""
    raw = secret.encode("utf-8")
    found = [
        raw,
        secret.encode("utf-16-le"),
        secret.encode("utf-16-be"),
        raw.hex().encode(),
        raw.hex().upper().encode(),
        urllib.parse.quote(secret, safe="").encode(),
        urllib.parse.quote_plus(secret).encode(),
    ]
    for shift in range(3):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            text = encode(b"\0" * shift + raw)
            start = 4 if shift else 0
            end = len(text) - 4  # the last group may hold padding or the next byte
            found.append(text[start:end])
    return [item for item in dict.fromkeys(found) if len(item) >= 8]


def leaks(run: Run, secrets: dict[str, str]) -> list[str]:
    problems = []
    for label, secret in secrets.items():
        for pattern in encodings(secret):
            problems += [
                f"{label} {pattern!r} in {what}" for what, data in run.outputs if pattern in data
            ]
    return problems


def _written(run: Run) -> set[str]:
    """The files searched (labels of terminal output end in ': stdout' or ': stderr')."""
    return {what for what, _ in run.outputs if not what.endswith((": stdout", ": stderr"))}


# --- the tests ----------------------------------------------------------------------------------


def test_no_secret_in_any_output_of_a_full_scan(
    tmp_path: Path, ldap_peer: LdapPeer, snmp_peer: SnmpPeer, smtp: tuple[_Smtp, Path]
) -> None:
    server, ca = smtp
    site = _site(tmp_path, ldap_peer, snmp_peer, server.server_address[1], ca)
    secrets = {
        "ldap password": ldap_peer.password,
        "snmp auth key": snmpd.AUTH_KEY,
        "snmp priv key": snmpd.PRIV_KEY,
        "smtp password": SMTP_PASSWORD,
    }
    run = _full_run(
        tmp_path,
        site,
        {"ldap": ldap_peer.password, "auth": snmpd.AUTH_KEY},
        snmpd.PRIV_KEY,
        SMTP_PASSWORD,
    )
    # the secrets were used: the sources were read and the mail was sent with the password
    snapshot = (tmp_path / "out" / "snapshot.json").read_text("utf-8")
    status = {s["source_id"]: s["status"] for s in json.loads(snapshot)["sources"]}
    assert status["ad-live"] == ("complete" if ldap_peer.live else "failed"), run.outputs[1]
    assert status["switches-snmp"] == ("complete" if snmp_peer.live else "failed"), run.outputs[1]
    assert server.logins == [SMTP_PASSWORD]
    assert len(server.messages) == 1
    assert run.codes["scan"] in (3, 5) and run.codes["verify"] == 0, run.outputs[:2]
    assert {
        "out/snapshot.json",
        "out/assessment.json",
        "out/report.html",
        "out/report-en.sarif",
        "history.sqlite",
        "evidence.zip!snapshot.json",
    } <= _written(run)
    mail = [("mail", server.messages[0])]
    assert leaks(Run(tmp_path, run.outputs + mail), secrets) == []


def test_no_secret_in_any_output_when_the_secrets_are_wrong(
    tmp_path: Path, ldap_peer: LdapPeer, snmp_peer: SnmpPeer, smtp: tuple[_Smtp, Path]
) -> None:
    server, ca = smtp
    site = _site(tmp_path, ldap_peer, snmp_peer, server.server_address[1], ca)
    secrets = {
        "wrong ldap password": WRONG_LDAP,
        "wrong snmp auth key": WRONG_AUTH_KEY,
        "wrong snmp priv key": WRONG_PRIV_KEY,
        "wrong smtp password": WRONG_SMTP,
    }
    run = _full_run(
        tmp_path,
        site,
        {"ldap": WRONG_LDAP, "auth": WRONG_AUTH_KEY},
        WRONG_PRIV_KEY,
        WRONG_SMTP,
        everything=False,
    )
    snapshot = (tmp_path / "out" / "snapshot.json").read_text("utf-8")
    status = {s["source_id"]: s["status"] for s in json.loads(snapshot)["sources"]}
    assert (status["ad-live"], status["switches-snmp"]) == ("failed", "failed")
    assert server.logins == [WRONG_SMTP] and server.messages == []
    assert run.codes["scan"] in (4, 5)
    stderr = dict(run.outputs)["scan: stderr"].decode()
    assert "mail not sent" in stderr and "Traceback" not in stderr
    assert leaks(run, secrets) == []


def test_the_search_finds_a_planted_secret() -> None:
    """The search itself: a secret hidden in each encoding, at each base64 offset, is found."""
    secret = "Plant-Geheim-2026!"
    raw = secret.encode()
    planted = [
        ("raw", b"x" + raw + b"y"),
        ("utf16", secret.encode("utf-16-le")),
        ("hex", raw.hex().encode()),
        ("url", urllib.parse.quote(secret).encode()),
    ] + [(f"b64+{n}", base64.b64encode(b"ab"[:n] + raw + b"tail")) for n in range(3)]
    run = Run(Path("."), [*planted, ("clean", b"nothing to see")])
    found = {problem.rsplit(" in ", 1)[1] for problem in leaks(run, {"planted": secret})}
    assert found == {"raw", "utf16", "hex", "url", "b64+0", "b64+1", "b64+2"}
