"""Declared share rights against the rights read on the file server (KSZ-SEP-011). Its findings
have the one form of every "declared ≠ observed" finding (``checks.helpers.declared_not_observed``:
subject ``…:declared-vs-observed``, message ``declared_…`` with ``declared``, ``observed`` and
``source``)."""

from __future__ import annotations

from collections.abc import Iterable

from kszcheck.analysis.directory_index import BROAD
from kszcheck.analysis.facts import Facts
from kszcheck.analysis.wellknown import BROAD_SIDS, WELL_KNOWN_NAMES
from kszcheck.checks.helpers import declared_not_observed
from kszcheck.checks.registry import Params, check
from kszcheck.model.directory import Group, User
from kszcheck.model.inventory import Share, ShareAce
from kszcheck.model.results import Finding

__all__ = ["declared_matches_observed", "principal_key"]

_ORDER = {"none": 0, "read": 1, "change": 2, "full": 3}
#: Entries every Windows folder carries for its own administration (the server's local
#: Administrators, SYSTEM, CREATOR OWNER): left to the privileged-access rules, not compared.
_ADMINISTRATIVE = {"S-1-5-32-544", "S-1-5-18", "S-1-3-0", "S-1-3-1"}
_BUILTIN_NAMES = {"administrators": "S-1-5-32-544", "users": "S-1-5-32-545"}


def principal_key(facts: Facts, principal: str, local_to: str = "") -> tuple[str, str]:
    """(comparison key, display name) of a declared name or an observed SID."""
    text = principal.strip()
    domain, _, short = text.rpartition("\\")
    if domain.upper() == "BUILTIN" and short.lower() in _BUILTIN_NAMES:
        text, local_to = _BUILTIN_NAMES[short.lower()], local_to or "server"
    if local_to and text.upper() not in BROAD_SIDS:
        return f"local:{text.upper()}", text
    target = facts.directory.resolve(text)
    if target == BROAD:
        sid = (
            text.upper()
            if text.upper() in BROAD_SIDS
            else WELL_KNOWN_NAMES.get(text.split("\\", 1)[-1].lower(), text.upper())
        )
        return f"sid:{sid}", BROAD_SIDS.get(sid, text)
    if isinstance(target, Group | User):
        return f"dn:{target.dn.lower()}", target.sam_account_name
    return f"name:{text.split(chr(92), 1)[-1].lower()}", text


def _rights(entries: Iterable[ShareAce], facts: Facts) -> dict[str, tuple[str, str]]:
    best: dict[str, tuple[str, str]] = {}
    for ace in entries:
        if ace.deny:
            continue
        key, name = principal_key(facts, ace.principal, ace.local_to)
        sid = key.partition(":")[2].upper()
        if sid in _ADMINISTRATIVE or ace.principal.strip().upper() in _ADMINISTRATIVE:
            continue
        if key not in best or _ORDER.get(ace.rights, 0) > _ORDER.get(best[key][0], 0):
            best[key] = (ace.rights, name)
    return best


@check("KSZ-SEP-011")
def declared_matches_observed(facts: Facts, params: Params) -> Iterable[Finding]:
    """Every declared share on a server that was read exists there, and its declared entries
    are the rights observed on its root folder (share permission and NTFS together)."""
    observed = facts.observed_shares
    for share in facts.snapshot.inventory.shares:
        if not observed.server_read(share.server):
            continue
        where = facts.locator("inventory.shares", share.line)
        evidence = [share.unc, *([where] if where else [])]
        if not observed.listed(share.unc):
            yield declared_not_observed(
                share.unc,
                "declared_share_not_found",
                [*evidence, f"SMB {share.server}"],
                share=share.unc,
                declared="listed",
                observed="not on the server",
                source=f"SMB {share.server}",
            )
            continue
        seen = observed.share(share.unc)
        if seen is None:
            continue  # listed but not readable: the source is partial, SEP-011 not assessed
        yield from _compare(facts, share, observed.root_entries(seen), evidence)


def _compare(
    facts: Facts, share: Share, seen: list[ShareAce], evidence: list[str]
) -> Iterable[Finding]:
    declared = _rights(share.acl, facts)
    actual = _rights(seen, facts)
    for key in sorted(set(declared) | set(actual)):
        said, name = declared.get(key, ("none", ""))
        found, found_name = actual.get(key, ("none", ""))
        if said == found:
            continue
        label = name or found_name
        yield declared_not_observed(
            f"{share.unc}:{label}",
            "declared_rights_not_observed",
            [*evidence, f"SMB {share.server}"],
            share=share.unc,
            principal=label,
            declared=said,
            observed=found,
            source=f"SMB {share.server}",
        )
