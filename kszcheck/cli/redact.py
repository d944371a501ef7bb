"""Secrets out of the last-resort error output: the one line of an unexpected error, and the
traceback printed with KSZCHECK_DEBUG=1, never show a credential.

Every secret the process resolved (``kszcheck.secrets``, the one credential resolver) is replaced
by ``***``, also in the escaped forms a traceback prints (``repr``, ``\\x..``).
"""

from __future__ import annotations

from kszcheck.secrets import resolved_secrets

__all__ = ["redact"]

#: Shorter values are not redacted: replacing every "a" would only garble the output (a secret
#: that short is refused long before, e.g. an SNMPv3 key needs 8 characters).
_SHORTEST = 3


def _forms(secret: str) -> set[str]:
    forms = {secret, secret.strip()}
    forms |= {repr(f)[1:-1] for f in list(forms)}
    forms |= {f.encode("unicode_escape").decode("ascii") for f in list(forms)}
    forms |= {repr(f.encode("utf-8"))[2:-1] for f in list(forms)}
    return {f for f in forms if len(f) >= _SHORTEST}


def redact(text: str) -> str:
    """The text with every resolved secret replaced by ***."""
    forms: set[str] = set()
    for secret in resolved_secrets():
        forms |= _forms(secret)
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, "***")
    return text
