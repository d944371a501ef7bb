"""Connecting to a directory server with ldap3: where, how (LDAPS, StartTLS, plain), as whom.

The source spec says where (``url: ldaps://dc1.voorbeeld.local``), as whom (``bind_dn`` as a DN,
``user@domain`` or ``DOMAIN\\user``; simple bind) and the password by reference only. TLS is
verified against ``ca_file`` (or the system's trust store); ``ldap://`` means StartTLS, and plain
LDAP without TLS only with ``options: {allow_plain_ldap: true}``. Timeouts are bounded.

Every failure becomes one line naming the server and what failed, as a SourceFailed; a
malformed spec is an InputError. The password never appears in a message: messages are built
from our own words plus the server's result code, and are scrubbed of the password anyway.
"""

from __future__ import annotations

import contextlib
import re
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kszcheck.collectors.base import SourceFailed
from kszcheck.model.errors import InputError
from kszcheck.model.site import CredentialRef, SourceSpec
from kszcheck.secrets import SecretError, resolve_secret

__all__ = [
    "MALFORMED_ANSWER",
    "LdapTarget",
    "close",
    "connect",
    "describe_failure",
    "malformed_answer",
    "parse_target",
    "resolve_password",
]

#: Options an ldap source accepts, with their types.
OPTIONS: dict[str, type | tuple[type, ...]] = {
    "allow_plain_ldap": bool,
    "base_dn": str,
    "page_size": int,
    "connect_timeout": (int, float),
    "receive_timeout": (int, float),
    "tls_server_name": str,
}
_BIND_NAME = re.compile(r"^(?:[^\\@\s]+\\[^\\@]+|[^@\s\\]+@[^@\s\\]+\.[^@\s\\]+|.+=.+)$")


@dataclass
class LdapTarget:
    """Where and how to connect; built from a source spec, without the password."""

    source_id: str
    host: str
    port: int
    mode: str  # ldaps, starttls, plain
    bind_name: str
    ca_file: Path | None = None
    base_dn: str = ""
    page_size: int = 1000
    connect_timeout: int = 10
    receive_timeout: int = 120
    tls_server_name: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        scheme = "ldaps" if self.mode == "ldaps" else "ldap"
        return f"{scheme}://{self.host}:{self.port}"

    @property
    def label(self) -> str:
        """How messages name the server: URL plus how it is protected."""
        how = {"ldaps": "LDAPS", "starttls": "StartTLS", "plain": "plain LDAP"}[self.mode]
        return f"{self.url} ({how})"


def _bad(spec: SourceSpec, message: str) -> InputError:
    return InputError(f"source '{spec.id}'", message)


def parse_target(spec: SourceSpec, base_dir: Path) -> LdapTarget:
    """Check the spec of an ldap source. Raises InputError naming the source and the problem."""
    parts = urlsplit(spec.url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("ldap", "ldaps") or not parts.hostname:
        raise _bad(spec, f"url '{spec.url}' is not ldaps://host[:port] or ldap://host[:port]")
    if parts.path not in ("", "/") or parts.query or parts.username:
        raise _bad(spec, f"url '{spec.url}' must be only scheme, host and port")
    unknown = sorted(set(spec.options) - set(OPTIONS))
    if unknown:
        raise _bad(
            spec, f"unknown option(s) {', '.join(unknown)} (known: {', '.join(sorted(OPTIONS))})"
        )
    for name, value in spec.options.items():
        kind = OPTIONS[name]
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
            raise _bad(spec, f"option '{name}' has the wrong type ({value!r})")
    options = spec.options
    if not spec.bind_dn:
        raise _bad(spec, "bind_dn is missing (a DN, user@domain or DOMAIN\\user)")
    if not _BIND_NAME.match(spec.bind_dn.strip()):
        raise _bad(
            spec,
            f"bind_dn '{spec.bind_dn}' is not a DN, user@domain or DOMAIN\\user "
            "(a bare account name cannot be bound)",
        )
    if spec.password is None:
        raise _bad(spec, "password is missing: give 'password: {env: VARIABLE}' or {file: path}")
    plain = bool(options.get("allow_plain_ldap", False))
    mode = "ldaps" if scheme == "ldaps" else ("plain" if plain else "starttls")
    try:
        port = parts.port or (636 if scheme == "ldaps" else 389)
    except ValueError:
        raise _bad(spec, f"url '{spec.url}' has an invalid port") from None
    ca_file: Path | None = None
    if spec.ca_file:
        ca_file = Path(spec.ca_file).expanduser()
        ca_file = ca_file if ca_file.is_absolute() else base_dir / ca_file
    page_size = int(options.get("page_size", 1000))
    if not 1 <= page_size <= 100_000:
        raise _bad(spec, f"option 'page_size' must be between 1 and 100000, not {page_size}")
    target = LdapTarget(
        source_id=spec.id,
        host=parts.hostname,
        port=port,
        mode=mode,
        bind_name=spec.bind_dn.strip(),
        ca_file=ca_file,
        base_dn=str(options.get("base_dn", "")),
        page_size=page_size,
        connect_timeout=max(1, round(options.get("connect_timeout", 10))),
        receive_timeout=max(1, round(options.get("receive_timeout", 120))),
        tls_server_name=str(options.get("tls_server_name", "")),
    )
    if mode == "plain":
        target.warnings.append(
            f"onversleutelde LDAP-verbinding naar {target.url} (allow_plain_ldap): wachtwoord en "
            f"directorygegevens gaan leesbaar over het netwerk / plain LDAP to {target.url} "
            "(allow_plain_ldap): the password and the directory data cross the network "
            "unencrypted"
        )
    return target


def resolve_password(ref: CredentialRef, base_dir: Path, source_id: str) -> str:
    """The bind password (``kszcheck.secrets``). Raises SourceFailed naming the reference, not
    the secret."""
    try:
        return resolve_secret(ref, base_dir, "password")
    except SecretError as exc:
        raise SourceFailed(f"source '{source_id}': {exc}") from None


def _tls(target: LdapTarget) -> Any:
    from ldap3 import Tls

    if target.ca_file is not None and not target.ca_file.is_file():
        raise SourceFailed(f"{target.label}: the CA file {target.ca_file} does not exist")
    return Tls(
        validate=ssl.CERT_REQUIRED,
        version=ssl.PROTOCOL_TLS_CLIENT,
        ca_certs_file=str(target.ca_file) if target.ca_file else None,
        valid_names=[target.tls_server_name] if target.tls_server_name else None,
    )


def connect(target: LdapTarget, password: str) -> Any:
    """An open, bound, read-only ldap3 Connection. Raises SourceFailed with one clear line."""
    from ldap3 import NONE, SIMPLE, Connection, Server
    from ldap3.core.exceptions import LDAPException

    tls = None if target.mode == "plain" else _tls(target)
    server = Server(
        target.host,
        port=target.port,
        use_ssl=target.mode == "ldaps",
        tls=tls,
        get_info=NONE,
        connect_timeout=target.connect_timeout,
    )
    conn = Connection(
        server,
        user=target.bind_name,
        password=password,
        authentication=SIMPLE,
        read_only=True,
        auto_referrals=False,
        raise_exceptions=False,
        receive_timeout=target.receive_timeout,
        return_empty_attributes=False,
        check_names=False,  # no schema is loaded: skip per-attribute name checks (speed)
    )
    step = "connect"
    try:
        conn.open()
        if target.mode == "starttls":
            step = "StartTLS"
            if not conn.start_tls():
                raise SourceFailed(
                    f"{target.label}: StartTLS refused: {_result(conn)} "
                    "(use ldaps://, or allow_plain_ldap where the site accepts it)"
                )
        step = "bind"
        if not conn.bind():
            raise SourceFailed(f"{target.label}: {_bind_failure(conn, target)}")
    except SourceFailed:
        close(conn)
        raise
    except (LDAPException, OSError) as exc:
        close(conn)
        raise SourceFailed(describe_failure(exc, target, step, password)) from None
    except MALFORMED_ANSWER as exc:
        close(conn)
        raise SourceFailed(malformed_answer(exc, target, step)) from None
    return conn


#: What ldap3's decoder raises on an LDAP message it cannot decode (a damaged BindResponse or
#: search result from a faulty or rogue server): the source fails, the scan goes on.
MALFORMED_ANSWER: tuple[type[Exception], ...] = (KeyError, IndexError, ValueError, TypeError)


def malformed_answer(exc: Exception, target: LdapTarget, step: str) -> str:
    """One line for an answer that could not be decoded (the exception's text is ldap3's
    internals, e.g. KeyError: 29: only its type is named)."""
    return (
        f"{target.label}: the server's answer to the {step} is not a valid LDAP message "
        f"({type(exc).__name__} in the decoder) / onleesbaar LDAP-antwoord"
    )


def close(conn: Any) -> None:
    """Unbind; a connection that is already broken has nothing left to report."""
    from ldap3.core.exceptions import LDAPException

    with contextlib.suppress(LDAPException, OSError, *MALFORMED_ANSWER):
        conn.unbind()


def _result(conn: Any) -> str:
    result = conn.result or {}
    text = str(result.get("description") or "no answer")
    message = str(result.get("message") or "").strip()
    return f"{text} ({message})" if message else text


def _bind_failure(conn: Any, target: LdapTarget) -> str:
    result = conn.result or {}
    code = result.get("result")
    if code == 49:
        return f"bind as {target.bind_name} refused: invalid credentials (wrong name or password)"
    if code == 8:
        return (
            f"bind as {target.bind_name} refused: the server requires an encrypted connection "
            "for a simple bind (strongerAuthRequired); use ldaps:// or StartTLS"
        )
    return f"bind as {target.bind_name} failed: {_result(conn)}"


def describe_failure(exc: BaseException, target: LdapTarget, step: str, password: str) -> str:
    """One line: the server, the step and what went wrong, without the password."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    history = getattr(exc, "args", ())
    for item in history:
        if isinstance(item, list):  # ldap3 keeps the causes of 'unable to open socket' here
            text = (
                "; ".join(
                    " ".join(str(part[1]).split()) for part in item if isinstance(part, tuple)
                )
                or text
            )
    lowered = text.lower()
    if "certificate_verify_failed" in lowered or "certificate verify failed" in lowered:
        why = text.split("certificate verify failed", 1)[-1].strip(" :()")
        what = "the server certificate does not verify" + (f" ({why})" if why else "")
        what += f" against {target.ca_file}" if target.ca_file else " against the system CAs"
    elif "hostname" in lowered and ("match" in lowered or "mismatch" in lowered):
        what = f"the server certificate is not valid for '{target.host}' ({text})"
    elif "refused" in lowered:
        what = "connection refused (nothing listens on that port?)"
    elif "timed out" in lowered or "timeout" in lowered:
        what = f"no answer within {target.connect_timeout:g} s (timeout)"
    elif "terminated" in lowered or "closed" in lowered or "reset" in lowered:
        what = f"the server closed the connection during {step} ({type(exc).__name__})"
    else:
        what = f"{step} failed: {text}"
    return scrub(f"{target.label}: {what}", password)


def scrub(text: str, secret: str) -> str:
    """Remove a secret from a message (belt and braces: messages are built without it)."""
    return text.replace(secret, "***") if secret else text
