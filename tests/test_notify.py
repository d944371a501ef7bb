"""E-mail of the summary: delivered to a tiny SMTP server on 127.0.0.1; STARTTLS enforced for
logins; the password never appears in any output."""

from __future__ import annotations

import email
import json
import os
import shutil
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
import yaml

from kszcheck.model.site import NotifySettings
from kszcheck.notify import MailError, send_report
from tests.report import sample_assessment

ROOT = Path(__file__).resolve().parent.parent
SECRET = "s3cr3t-Passw0rd!"


class SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) to receive one message: no STARTTLS, no AUTH."""

    server: Smtp

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 test ESMTP")
        sender, recipients = "", []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            command = raw.decode("utf-8", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250-test")
                self.reply("250 8BITMIME")
            elif verb == "MAIL":
                sender = command.split(":", 1)[1].strip(" <>")
                self.reply("250 ok")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 end with .")
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(line[1:] if line.startswith(b"..") else line)
                self.server.messages.append((sender, recipients, b"".join(lines)))
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok" if verb in ("RSET", "NOOP") else "502 not implemented")


class Smtp(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.messages: list[tuple[str, list[str], bytes]] = []


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    server = Smtp()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def settings(server: Smtp, **extra: object) -> NotifySettings:
    values = {"host": "127.0.0.1", "port": server.server_address[1], "starttls": False}
    values.update(extra)
    return NotifySettings.model_validate({"from": "kszcheck@voorbeeld.be", **values})


def test_summary_is_sent_with_the_report_attached(smtp: Smtp, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    report.write_text("<!DOCTYPE html><p>rapport</p>", "utf-8")
    assessment = sample_assessment()
    send_report(settings(smtp), ["ict@voorbeeld.be"], assessment, report, "nl", base=tmp_path)
    ((sender, recipients, data),) = smtp.messages
    assert (sender, recipients) == ("kszcheck@voorbeeld.be", ["ict@voorbeeld.be"])
    message = email.message_from_bytes(data, policy=default)
    assert isinstance(message, EmailMessage)
    assert message["Subject"] == (
        f"kszcheck: {assessment.site_name}: tekortkomingen gevonden, onvolledig beoordeeld"
    )
    body = message.get_body(("plain",))
    assert body is not None
    assert "- KSZ-PRV-001 (critical) Titel KSZ-PRV-001" in body.get_content()
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "report.html"
    assert attachment.get_content() == "<!DOCTYPE html><p>rapport</p>"


def test_starttls_is_required_when_asked(smtp: Smtp, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    report.write_text("x", "utf-8")
    port = smtp.server_address[1]
    with pytest.raises(MailError) as info:
        send_report(
            settings(smtp, starttls=True),
            ["a@b.be"],
            sample_assessment(),
            report,
            "en",
            base=tmp_path,
        )
    assert str(info.value) == f"notify: 127.0.0.1:{port} does not offer STARTTLS"
    assert smtp.messages == []


def test_a_password_is_never_sent_in_the_clear_nor_shown(
    smtp: Smtp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KSZ_SMTP_PASSWORD", SECRET)
    report = tmp_path / "report.html"
    report.write_text("x", "utf-8")
    plain = settings(smtp, user="kszcheck", password={"env": "KSZ_SMTP_PASSWORD"})
    with pytest.raises(MailError) as info:
        send_report(plain, ["a@b.be"], sample_assessment(), report, "en", base=tmp_path)
    port = smtp.server_address[1]
    assert str(info.value) == (
        f"notify: 127.0.0.1:{port}: refusing to send a password without STARTTLS or TLS"
    )


def test_an_inline_password_is_refused() -> None:
    with pytest.raises(ValueError, match="a password is never written in the site profile"):
        NotifySettings.model_validate({"host": "smtp", "password": SECRET})


def test_scan_mails_the_summary_and_never_prints_the_password(smtp: Smtp, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(ROOT / "inventories" / "example", site)
    profile = yaml.safe_load((site / "site.yaml").read_text("utf-8"))
    profile["notify"] = {
        "host": "127.0.0.1",
        "port": smtp.server_address[1],
        "starttls": False,
        "from": "kszcheck@voorbeeld.be",
    }
    (site / "site.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), "utf-8")
    env = {**os.environ, "KSZ_SMTP_PASSWORD": SECRET}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kszcheck",
            "scan",
            str(site),
            "-o",
            str(tmp_path / "out"),
            "--now",
            "2026-11-22T09:00:00+01:00",
            "-q",
            "--mail-to",
            "ict@voorbeeld.be",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=env,
    )
    written = json.loads((tmp_path / "out" / "assessment.json").read_text("utf-8"))
    assert (result.returncode, result.stdout, result.stderr) == (
        written["summary"]["exit_code"],
        "",
        "",
    )
    ((_, recipients, data),) = smtp.messages
    assert recipients == ["ict@voorbeeld.be"]
    assert b"Gemeente en OCMW Voorbeeld" in data
    # with a user and STARTTLS on a server that does not offer it: one line, no password
    profile["notify"].update(user="kszcheck", starttls=True, password={"env": "KSZ_SMTP_PASSWORD"})
    (site / "site.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), "utf-8")
    again = subprocess.run(
        [
            sys.executable,
            "-m",
            "kszcheck",
            "scan",
            str(site),
            "-o",
            str(tmp_path / "out"),
            "--now",
            "2026-11-22T09:00:00+01:00",
            "-q",
            "--mail-to",
            "ict@voorbeeld.be",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=env,
    )
    assert again.returncode == written["summary"]["exit_code"]
    assert again.stderr == (
        f"kszcheck: warning: mail not sent: notify: 127.0.0.1:{smtp.server_address[1]} "
        "does not offer STARTTLS\n"
    )
    outputs = (
        again.stdout
        + again.stderr
        + "".join(p.read_text("utf-8", "replace") for p in (tmp_path / "out").iterdir())
    )
    assert SECRET not in outputs
