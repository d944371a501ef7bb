"""KSZ-SEP-001: the separation model found in the directory against the declared one.

Detection, from the containers the site designates for the social-data zone:
* an SDZ container that is an OU of the collected domain -> ``ou``;
* an SDZ container that is itself a domain: collected next to another domain, or reached by a
  trust inside the forest -> ``domain``; reached by a forest or external trust -> ``forest``;
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
from kszcheck.model.results import Finding

__all__ = ["detect_model", "separation_model"]

SUBJECT = "separation-model"


def _is_domain_dn(dn: str) -> bool:
    parts = [p.strip().lower() for p in dn.split(",") if p.strip()]
    return bool(parts) and all(p.startswith("dc=") for p in parts)


def _dns_name(dn: str) -> str:
    return ".".join(p.split("=", 1)[1].strip() for p in dn.split(",") if p.strip()).lower()


def detect_model(facts: Facts) -> tuple[str, list[str]]:
    """The detected model (forest, domain, ou, none, unknown) and the containers it rests on."""
    directory = facts.snapshot.directory
    ous = {norm_dn(o.dn) for o in directory.ous}
    domains = {norm_dn(d.dn) for d in directory.domains}
    trusts = {t.partner.lower(): t for t in directory.trusts}
    found: dict[str, list[str]] = {}
    for container in facts.zones.sdz_ous:
        key = norm_dn(container)
        if key in ous:
            found.setdefault("ou", []).append(container)
        elif _is_domain_dn(container):
            trust = trusts.get(_dns_name(container))
            if key in domains and len(domains) > 1:
                found.setdefault("domain", []).append(container)
            elif trust is not None:
                kind = "domain" if trust.within_forest else "forest"
                found.setdefault(kind, []).append(container)
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
