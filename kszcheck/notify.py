"""E-mail the summary of a scan with the report attached (standard library smtplib).

The password is read from its reference (environment variable or file) only when sending, and
never appears in a message, an error or a log line. With a user name the connection must be
encrypted (STARTTLS or implicit TLS); certificates are verified.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from kszcheck.model.errors import KszError
from kszcheck.model.results import Assessment, Outcome
from kszcheck.model.site import CredentialRef, NotifySettings
from kszcheck.model.text import one_line
from kszcheck.secrets import SecretError, resolve_secret
from kszcheck.texts import say

__all__ = ["MailError", "compose", "send_report", "summary_text"]

TIMEOUT_SECONDS = 30


class MailError(KszError):
    """The summary could not be sent (one line, never with the password)."""


def summary_text(assessment: Assessment, lang: str) -> tuple[str, str]:
    """Subject and plain-text body of the summary mail."""

    def words(key: str, **args: object) -> str:
        return say(f"mail.{key}", lang, **args)

    summary = assessment.summary
    # the site name comes from site.yaml: a line break in it must not end the Subject header
    # nor forge a line of the body
    site = one_line(assessment.site_name)
    subject = f"kszcheck: {site}: {words(summary.status)}"
    lines = [
        f"{site}: {words(summary.status)}",
        f"{words('score')} {summary.score_text} · {words('coverage')} {summary.coverage_text}",
    ]
    changes = assessment.changes
    if changes is not None:
        lines.append(
            words("first")
            if changes.first_run
            else words("changes", new=len(changes.new), resolved=len(changes.resolved))
        )
    failed = sorted(
        (r for r in assessment.results if r.outcome is Outcome.fail),
        key=lambda r: (r.severity.rank, r.rule_id),
    )
    if failed:
        lines += ["", words("gaps_head")]
        for result in failed:
            meta = assessment.rules.get(result.rule_id)
            title = meta.title.get(lang) if meta else ""
            lines.append(f"- {result.rule_id} ({result.severity.value}) {title}")
    lines += ["", words("report")]
    return subject, "\n".join(lines) + "\n"


def compose(
    settings: NotifySettings, to: list[str], assessment: Assessment, report: Path, lang: str
) -> EmailMessage:
    subject, body = summary_text(assessment, lang)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.sender
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="kszcheck")
    message.set_content(body)
    message.add_attachment(
        report.read_bytes(), maintype="text", subtype="html", filename=report.name
    )
    return message


def _password(ref: CredentialRef, base: Path) -> str:
    try:
        return resolve_secret(ref, base, "password")
    except SecretError as exc:
        raise MailError(f"notify: {exc}") from None


def send_report(
    settings: NotifySettings | None,
    to: list[str],
    assessment: Assessment,
    report: Path,
    lang: str,
    *,
    base: Path,
) -> None:
    """Send the summary with the report attached to ``to`` (or the recipients of the settings)."""
    if settings is None:
        raise MailError("--mail-to needs SMTP settings under 'notify:' in site.yaml")
    recipients = list(to) or list(settings.to)
    if not recipients:
        raise MailError("notify: no recipient (give --mail-to or 'to:' under 'notify:')")
    where = f"{settings.host}:{settings.port}"
    encrypted = settings.tls or settings.starttls
    if settings.user and not encrypted:
        raise MailError(f"notify: {where}: refusing to send a password without STARTTLS or TLS")
    password = _password(settings.password, base) if settings.password is not None else None
    if password is not None and not settings.user:
        raise MailError("notify: a password is given but no 'user'")
    try:
        message = compose(settings, recipients, assessment, report, lang)
    except OSError as exc:
        raise MailError(f"cannot read the report {report}: {exc.strerror}") from None
    except ValueError as exc:  # a header the email package refuses (e.g. a line break)
        raise MailError(f"notify: the message cannot be composed: {exc}") from None
    context = ssl.create_default_context(cafile=settings.ca_file or None)
    try:
        client: smtplib.SMTP = (
            smtplib.SMTP_SSL(settings.host, settings.port, timeout=TIMEOUT_SECONDS, context=context)
            if settings.tls
            else smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
        )
        with client:
            client.ehlo()
            if settings.starttls and not settings.tls:
                if not client.has_extn("starttls"):
                    raise MailError(f"notify: {where} does not offer STARTTLS")
                client.starttls(context=context)
                client.ehlo()
            if settings.user and password is not None:
                client.login(settings.user, password)
            client.send_message(message, to_addrs=recipients)
    except MailError:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(
            f"notify: {where}: login as {settings.user} refused ({exc.smtp_code})"
        ) from None
    except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
        detail = str(exc).replace(password, "***") if password else str(exc)
        raise MailError(f"notify: {where}: {type(exc).__name__}: {detail}") from None
