"""Prove a rule's ``needs`` with its cases (the catalogue lint runs this on every case).

For one case of a rule:

* each kind in ``needs`` recorded as missing must make the rule ``not_assessed``: the engine
  never passes a rule on facts that were not collected;
* every kind *outside* ``needs`` removed from the snapshot (its facts emptied, no source
  providing it) must leave the outcome and the findings unchanged: the check reads nothing it
  does not declare, so a rule cannot pass on facts that were never collected.

A kind that a check reads but does not declare shows up as a changed outcome or changed
findings, and the lint names it.

A case may state that its source provides kinds beyond ``needs`` (its ``provides:``), so that they
are not removed: only kinds the rule declares in ``uses`` (read where collected, the needs
deciding alone elsewhere), never one it needs already or does not declare at all
(:func:`provides_problems`); and each kind of ``uses`` must be shown read by a case that
provides it (:func:`kinds_read`), so ``uses`` cannot hide a read either.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from typing import Any

from kszcheck.analysis.facts import Facts
from kszcheck.checks.registry import CheckFn
from kszcheck.engine.availability import Availability
from kszcheck.engine.evaluate import evaluate_rule
from kszcheck.model.catalogue import RuleMeta
from kszcheck.model.provenance import FACT_KINDS, CollectionStatus, alternatives
from kszcheck.model.results import Outcome, RuleResult
from kszcheck.model.site import SiteProfile
from kszcheck.model.snapshot import Snapshot

__all__ = [
    "KIND_FIELDS",
    "kinds_read",
    "need_kinds",
    "needs_problems",
    "provides_problems",
    "without_kinds",
]

#: Where each fact kind lives in a snapshot: (part, field) pairs emptied to remove the kind.
KIND_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "directory.domain": (("directory", "domains"),),
    "directory.ous": (("directory", "ous"),),
    "directory.users": (("directory", "users"),),
    "directory.groups": (("directory", "groups"),),
    "directory.computers": (("directory", "computers"),),
    "directory.gpos": (("directory", "gpos"),),
    "directory.acls": (("directory", "acls"),),
    "directory.trusts": (("directory", "trusts"),),
    "directory.sites": (("directory", "sites"), ("directory", "subnets")),
    "network.devices": (("network", "devices"), ("network", "trunk_groups")),
    "network.vlans": (("network", "vlans"),),
    "network.ports": (("network", "ports"),),
    "network.svis": (("network", "svis"),),
    "network.acls": (("network", "acls"),),
    "network.hosts": (),  # the hosts seen on ports: cleared port by port (below)
    "smb.shares": (("smb", "shares"), ("smb", "servers")),
    "smb.acls": (("smb", "folders"),),
    "gpo.settings": (("policy", "gpos"),),
    "host.local_groups": (("hosts", "local_group_members"),),
    "host.updates": (("hosts", "updates"),),
    "host.audit_policy": (("hosts", "audit_policy"),),
    "host.event_logs": (("hosts", "event_logs"),),
    "backup.jobs": (("hosts", "backup_jobs"), ("hosts", "backup_sessions")),
    **{
        kind: ((kind.split(".", 1)[0], kind.split(".", 1)[1]),)
        for kind in FACT_KINDS
        if kind.startswith(("inventory.", "records."))
    },
}


def without_kinds(snapshot: Snapshot, kinds: set[str]) -> Snapshot:
    """A copy of ``snapshot`` whose facts of ``kinds`` are emptied and no longer provided."""
    copy = snapshot.model_copy(deep=True)
    for kind in kinds:
        for part, name in KIND_FIELDS[kind]:
            container = getattr(copy, part)
            setattr(container, name, type(getattr(container, name))())
        if kind == "network.hosts":
            for port in copy.network.ports:
                port.hosts = []
    for source in copy.sources:
        source.provides = [k for k in source.provides if k not in kinds]
        source.missing = [k for k in source.missing if k not in kinds]
    return copy


def need_kinds(needs: list[str]) -> set[str]:
    """Every kind a rule's needs name (both sides of an alternative ``a|b``)."""
    return {kind for need in needs for kind in alternatives(need)}


def _missing(snapshot: Snapshot, kinds: list[str]) -> Snapshot:
    copy = snapshot.model_copy(deep=True)
    for source in copy.sources:
        for kind in kinds:
            if kind in source.provides and kind not in source.missing:
                source.missing.append(kind)
                source.status = CollectionStatus.partial
                source.reason = source.reason or "not collected (needs lint)"
    return copy


def _signature(result: RuleResult) -> tuple[Outcome, list[tuple[str, str]]]:
    return result.outcome, sorted((f.subject, f.message) for f in result.findings)


def provides_problems(meta: RuleMeta, provides: Collection[str]) -> list[str]:
    """What is wrong with a case's ``provides:``: a kind the rule needs already, or one it
    neither needs nor declares in ``uses`` (the case would hide an undeclared read)."""
    needed = need_kinds(meta.needs)
    problems = [
        f"the case provides '{kind}', which the rule needs already"
        for kind in provides
        if kind in needed
    ]
    problems += [
        f"the case provides '{kind}', which the rule neither needs nor uses"
        for kind in provides
        if kind not in needed and kind not in meta.uses
    ]
    return problems


def _runner(
    meta: RuleMeta,
    fn: CheckFn | None,
    site: SiteProfile,
    now: datetime,
    params: Mapping[str, Any],
) -> Callable[[Snapshot], RuleResult]:
    return lambda snap: evaluate_rule(
        meta, fn, Facts(snap, site, now), Availability(snap.sources), params, []
    )


def kinds_read(
    meta: RuleMeta,
    fn: CheckFn | None,
    site: SiteProfile,
    snapshot: Snapshot,
    now: datetime,
    params: Mapping[str, Any],
    kinds: Collection[str],
) -> set[str]:
    """The kinds among ``kinds`` whose removal changes the case's result: the check reads them."""
    run = _runner(meta, fn, site, now, params)
    base = _signature(run(snapshot))
    return {kind for kind in kinds if _signature(run(without_kinds(snapshot, {kind}))) != base}


def needs_problems(
    meta: RuleMeta,
    fn: CheckFn | None,
    site: SiteProfile,
    snapshot: Snapshot,
    now: datetime,
    params: Mapping[str, Any],
    extra: Collection[str] = (),
) -> list[str]:
    """What the case shows to be wrong in ``meta.needs`` (empty: the needs hold). ``extra``: the
    kinds the case states it provides beyond ``needs`` (its ``provides:``): facts the check uses
    where they were collected and falls back from elsewhere; they are not removed, and each must
    be in the rule's ``uses`` (:func:`provides_problems`)."""
    run = _runner(meta, fn, site, now, params)
    problems: list[str] = provides_problems(meta, extra)
    base = run(snapshot)
    for need in meta.needs:  # a need 'a|b' is met by either kind: both missing
        outcome = run(_missing(snapshot, alternatives(need))).outcome
        if outcome is not Outcome.not_assessed:
            problems.append(
                f"with '{need}' missing the outcome is {outcome.value}, not not_assessed"
            )
    needed = need_kinds(meta.needs)
    unknown = sorted(needed - set(KIND_FIELDS))
    if unknown:
        problems.append(f"needs names unknown fact kinds {unknown}")
    if base.outcome is Outcome.not_assessed and not base.findings:
        return problems  # nothing was judged: removing other kinds cannot change it
    others = set(KIND_FIELDS) - needed - set(extra)
    stripped = run(without_kinds(snapshot, others))
    if _signature(stripped) != _signature(base):
        culprits = [
            kind
            for kind in sorted(others)
            if _signature(run(without_kinds(snapshot, {kind}))) != _signature(base)
        ]
        problems.append(
            f"without the kinds outside needs the result changes ({base.outcome.value} -> "
            f"{stripped.outcome.value}); it reads {culprits or 'a combination of them'}"
        )
    return problems
