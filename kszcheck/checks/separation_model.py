"""KSZ-SEP-001: the separation model found in the directory against the declared one.

Detection, from the containers the site designates for the social-data zone:
* an SDZ container that is an OU of the domain that also holds the gemeente's zone (or of the
  only collected domain) -> ``ou``;
* an SDZ container that is itself a domain, or an OU of a domain other than the gemeente's
  (the gemeente-user zones' OUs tell which that is): reached by a trust inside the forest, or
  collected next to the other domain without a trust between them -> ``domain``; reached by a
  forest or external trust -> ``forest``;
* no SDZ container found in the facts -> ``none``.
A domain container that is neither collected nor named by a collected trust cannot be
classified: the check says so instead of guessing.
"""

from __future__ import annotations

from collections.abc import Iterable

from kszcheck.analysis.facts import Facts
from kszcheck.checks.helpers import finding
from kszcheck.checks.registry import Params, check
from kszcheck.model.common import norm_dn
from kszcheck.model.directory import Trust
from kszcheck.model.results import Finding
from kszcheck.model.site import ZoneKind

__all__ = ["detect_model", "separation_model"]

SUBJECT = "separation-model"


def _is_domain_dn(dn: str) -> bool:
    parts = [p.strip().lower() for p in dn.split(",") if p.strip()]
    return bool(parts) and all(p.startswith("dc=") for p in parts)


def _dns_name(dn: str) -> str:
    return ".".join(p.split("=", 1)[1].strip() for p in dn.split(",") if p.strip()).lower()


def _gemeente_domains(facts: Facts) -> set[str]:
    """Normalised DNs of the collected domains that hold the gemeente-user zones' OUs."""
    found: set[str] = set()
    for zone in facts.site.zones:
        if zone.kind is ZoneKind.gemeente_users:
            for ou in zone.ous:
                domain = facts.directory.domain_of(ou)
                if domain is not None:
                    found.add(norm_dn(domain.dn))
    return found


def _trust_kind(trust: Trust) -> str:
    return "domain" if trust.within_forest else "forest"


def detect_model(facts: Facts) -> tuple[str, list[str]]:
    """The detected model (forest, domain, ou, none, unknown) and the containers it rests on."""
    directory = facts.snapshot.directory
    ous = {norm_dn(o.dn) for o in directory.ous}
    domains = {norm_dn(d.dn) for d in directory.domains}
    trusts = {t.partner.lower(): t for t in directory.trusts}
    gemeente = _gemeente_domains(facts)
    found: dict[str, list[str]] = {}
    for container in facts.zones.sdz_ous:
        key = norm_dn(container)
        if key in ous:
            home = facts.directory.domain_of(container)
            home_dn = norm_dn(home.dn) if home is not None else ""
            if not gemeente or home_dn in gemeente:
                found.setdefault("ou", []).append(container)
                continue
            # an OU of the OCMW's own domain: separated from the gemeente's domain
            linked = [trusts.get(_dns_name(d)) for d in (home_dn, *sorted(gemeente))]
            trust = next((t for t in linked if t is not None), None)
            kind = _trust_kind(trust) if trust is not None else "domain"
            found.setdefault(kind, []).append(container)
        elif _is_domain_dn(container):
            trust = trusts.get(_dns_name(container))
            if trust is not None:
                found.setdefault(_trust_kind(trust), []).append(container)
            elif key in domains:
                found.setdefault("domain", []).append(container)
            else:
                found.setdefault("unknown", []).append(container)
    for model in ("forest", "domain", "ou", "unknown"):
        if model in found:
            return model, found[model]
    return "none", []


@check("KSZ-SEP-001")
def separation_model(facts: Facts, params: Params) -> Iterable[Finding]:
    """Fail when no model is declared, when the model is 'none', or when the declared model
    differs from the one detected in the directory."""
    declared = facts.site.separation_model
    detected, containers = detect_model(facts)
    evidence = containers or [d.dn for d in facts.snapshot.directory.domains]
    if declared is None:
        yield finding(SUBJECT, "undeclared", evidence, detected=detected)
    elif detected == "unknown":
        yield finding(
            SUBJECT,
            "unverified",
            evidence,
            declared=declared.value,
            containers="; ".join(containers),
        )
    elif declared.value == "none" or detected == "none":
        yield finding(SUBJECT, "no_separation", evidence, declared=declared.value)
    elif declared.value != detected:
        yield finding(SUBJECT, "mismatch", evidence, declared=declared.value, detected=detected)
