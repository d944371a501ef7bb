"""Where a history is: an SQLite file, or a PostgreSQL URL that never holds a password.

``parse_target("reports/history.sqlite")`` or ``parse_target("postgresql://scanner@db/ksz")``
(the ``--history`` option, ``$KSZCHECK_HISTORY``, or ``history: {url: …}`` in a site profile).
A URL with a password (``user:secret@``, ``?password=``) is refused: the password is given by
reference (the profile's ``history: {password: {env|file}}``, or libpq's ``PGPASSWORD`` and
``~/.pgpass``), so it never appears on a command line, in a log or in a message. Without an
``sslmode`` the URL gets ``sslmode=verify-full``: the server's certificate and name are verified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from kszcheck.history.store import HistoryError
from kszcheck.model.site import CredentialRef, url_holds_password

__all__ = ["HistoryTarget", "is_url", "parse_target"]

_URL = re.compile(r"^postgres(?:ql)?://", re.IGNORECASE)


def is_url(text: str) -> bool:
    return bool(_URL.match(text))


@dataclass(frozen=True)
class HistoryTarget:
    """An SQLite file (``path``) or a PostgreSQL URL (``url``, with its password reference)."""

    path: Path | None = None
    url: str | None = None
    password: CredentialRef | None = None
    #: the folder a password file reference is relative to (the site profile's)
    base: Path = Path(".")

    @property
    def shown(self) -> str:
        """How messages name it: the file, or the URL (which holds no password)."""
        return str(self.path) if self.url is None else self.url

    @property
    def conninfo(self) -> str:
        """The URL for libpq, with ``sslmode=verify-full`` unless it says otherwise."""
        assert self.url is not None
        parts = urlsplit(self.url)
        query = parse_qsl(parts.query, keep_blank_values=True)
        if not any(key == "sslmode" for key, _ in query):
            query.append(("sslmode", "verify-full"))
        return urlunsplit(parts._replace(query=urlencode(query)))


def _hidden(text: str) -> str:
    """The URL with any password replaced by ``***`` (for the message that refuses it)."""
    parts = urlsplit(text)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.partition(':')[0]}:***@{host}" if ":" in user else netloc
    query = [
        (k, "***" if k.lower() == "password" else v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(netloc=netloc, query=urlencode(query)))


def parse_target(
    text: str, *, password: CredentialRef | None = None, base: Path = Path(".")
) -> HistoryTarget:
    """The history ``text`` names; ``HistoryError`` for a URL that holds a password."""
    if not is_url(text):
        return HistoryTarget(path=Path(text))
    parts = urlsplit(text)
    if url_holds_password(text):
        raise HistoryError(
            f"{_hidden(text)}: the history URL holds a password; give it by reference instead "
            "(history: {password: {env: NAME}} in the site profile, or PGPASSWORD / ~/.pgpass)"
        )
    if not parts.hostname or not parts.path.strip("/"):
        raise HistoryError(
            f"{text}: a PostgreSQL history URL names a host and a database "
            "(postgresql://user@host:5432/database)"
        )
    return HistoryTarget(url=text, password=password, base=base)
