"""Assessments built by hand for the report tests (no engine, no catalogue needed)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from kszcheck.engine.problems import group_problems
from kszcheck.model.catalogue import RuleMeta, Severity
from kszcheck.model.common import LocalizedText
from kszcheck.model.provenance import CollectionStatus, Provenance
from kszcheck.model.results import (
    ArgValue,
    Assessment,
    Finding,
    FindingWaiver,
    Outcome,
    RuleResult,
    Summary,
)
from kszcheck.model.waivers import Waiver

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_DESCRIPTION = '"><script>alert(1)</script>'
EVALUATED_AT = datetime(2025, 3, 12, 14, 5, tzinfo=UTC)
KSZ_URL = "https://www.ksz-bcss.fgov.be/nl/documentatie/minimumnormen"


def lt(nl: str, en: str) -> LocalizedText:
    return LocalizedText(nl=nl, en=en)


def rule(
    rule_id: str,
    domain: str,
    severity: str,
    owner: str,
    *,
    messages: dict[str, LocalizedText] | None = None,
) -> RuleMeta:
    short = rule_id.lower()
    return RuleMeta.model_validate(
        {
            "id": rule_id,
            "slug": short,
            "domain": domain,
            "title": {"nl": f"Titel {rule_id}", "en": f"Title {rule_id}"},
            "plain": {"nl": f"Eenvoudig {rule_id}.", "en": f"Plain {rule_id}."},
            "rationale": {"nl": f"Waarom {rule_id}.", "en": f"Why {rule_id}."},
            "remediation": {"nl": f"Herstel {rule_id}.", "en": f"Fix {rule_id}."},
            "severity": severity,
            "owner": owner,
            "sources": [
                {
                    "ref": "KSZ minimumnormen §3",
                    "basis": "norm_text",
                    "url": KSZ_URL,
                    "seen": "official",
                },
                {"ref": "CyFun PR.AC-4", "basis": "framework_mapping"},
            ],
            "needs": ["directory.users"],
            "messages": {
                key: value.model_dump()
                for key, value in (
                    messages or {"gap": lt("{name} is niet in orde.", "{name} is not in order.")}
                ).items()
            },
        }
    )


def finding(
    rule_id: str, subject: str, *, waiver: FindingWaiver | None = None, **args: ArgValue
) -> Finding:
    return Finding(
        rule_id=rule_id,
        subject=subject,
        message="gap",
        args=dict(args) or {"name": subject},
        evidence=[f"ad.ldif:{len(subject)}"],
        waiver=waiver,
    )


ACTIVE_WAIVER = Waiver(
    id="W-001",
    rule="KSZ-PEO-001",
    subjects=["cn=helpdesk*"],
    justification="Helpdesk tijdelijk nodig tijdens de migratie.",
    approved_by="Marleen Peeters",
    start=date(2025, 1, 1),
    expires=date(2026, 6, 30),
)
EXPIRED_WAIVER = Waiver(
    id="W-OLD",
    rule="KSZ-PEO-001",
    subjects=["cn=oud*"],
    justification=f"Oude uitzondering {HOSTILE_DESCRIPTION}",
    approved_by="Jan Janssens",
    start=date(2024, 1, 1),
    expires=date(2024, 12, 31),
)
PENDING_WAIVER = Waiver(
    id="W-LATER",
    rule="KSZ-LOG-001",
    justification="Pas vanaf volgend jaar van toepassing.",
    approved_by="Marleen Peeters",
    start=date(2025, 6, 1),
    expires=date(2025, 12, 31),
)


def note(waiver: Waiver, expired: bool) -> FindingWaiver:
    return FindingWaiver(
        waiver_id=waiver.id,
        approved_by=waiver.approved_by,
        justification=waiver.justification,
        expires=waiver.expires,
        expired=expired,
    )


def sample_rules() -> dict[str, RuleMeta]:
    rules = [
        rule("KSZ-PEO-001", "people", "high", "hr"),
        rule(
            "KSZ-PRV-001",
            "privileged",
            "critical",
            "ict_manager",
            messages={
                "described": lt(
                    "{account} heeft de beschrijving {description} {unknown} {account.__class__}",
                    "{account} has the description {description} {unknown} {account.__class__}",
                )
            },
        ),
        rule("KSZ-SEP-001", "separation", "medium", "ict_manager"),
        rule("KSZ-GOV-001", "governance", "high", "security_consultant"),
        rule("KSZ-NET-001", "network", "low", "ict_manager"),
        rule("KSZ-REM-001", "remote", "medium", "ict_manager"),
        rule("KSZ-LOG-001", "logging", "medium", "security_consultant"),
    ]
    return {r.id: r for r in rules}


def sample_results() -> list[RuleResult]:
    return [
        RuleResult(
            rule_id="KSZ-PEO-001",
            outcome=Outcome.fail,
            severity=Severity.high,
            findings=[
                finding("KSZ-PEO-001", "CN=Eva Evil,OU=Users,DC=gem,DC=local", name=HOSTILE_NAME),
                finding(
                    "KSZ-PEO-001",
                    "CN=Helpdesk1,OU=ICT,DC=gem,DC=local",
                    waiver=note(ACTIVE_WAIVER, expired=False),
                ),
                finding(
                    "KSZ-PEO-001",
                    "CN=Oud Account,OU=ICT,DC=gem,DC=local",
                    waiver=note(EXPIRED_WAIVER, expired=True),
                ),
            ],
        ),
        RuleResult(
            rule_id="KSZ-PRV-001",
            outcome=Outcome.fail,
            severity=Severity.critical,
            findings=[
                Finding(
                    rule_id="KSZ-PRV-001",
                    subject="adm.peeters",
                    message="described",
                    args={"account": "adm.peeters", "description": HOSTILE_DESCRIPTION},
                    evidence=["CN=adm.peeters,OU=Beheer,DC=gem,DC=local"],
                )
            ],
        ),
        RuleResult(
            rule_id="KSZ-SEP-001",
            outcome=Outcome.not_assessed,
            severity=Severity.medium,
            reason=lt(
                "Niet beoordeeld: bron 'ad' (dc01.gem.local) is mislukt: time-out.",
                "Not assessed: source 'ad' (dc01.gem.local) failed: time-out.",
            ),
        ),
        RuleResult(rule_id="KSZ-GOV-001", outcome=Outcome.manual, severity=Severity.high),
        RuleResult(rule_id="KSZ-NET-001", outcome=Outcome.pass_, severity=Severity.low),
        RuleResult(
            rule_id="KSZ-REM-001",
            outcome=Outcome.not_applicable,
            severity=Severity.medium,
            reason=lt(
                "Er is geen toegang op afstand ingericht.", "No remote access is configured."
            ),
        ),
        RuleResult(
            rule_id="KSZ-LOG-001",
            outcome=Outcome.waived,
            severity=Severity.medium,
            findings=[
                finding("KSZ-LOG-001", "srv-sd01", waiver=note(ACTIVE_WAIVER, expired=False))
            ],
        ),
    ]


def summary_for(results: list[RuleResult], status: str, **override: Any) -> Summary:
    counts = {o.value: 0 for o in Outcome}
    failed = {s.value: 0 for s in Severity}
    for item in results:
        counts[item.outcome.value] += 1
        if item.outcome is Outcome.fail:
            failed[item.severity.value] += 1
    values: dict[str, Any] = {
        "counts": counts,
        "failed_by_severity": failed,
        "score": 0.5,
        "coverage": 0.6667,
        "status": status,
        "exit_code": 5,
    }
    values.update(override)
    return Summary(**values)


def sample_assessment(**override: Any) -> Assessment:
    """An assessment with every outcome, waivers in all states and hostile AD strings."""
    results = sample_results()
    values: dict[str, Any] = {
        "tool_version": "0.1.0",
        "catalogue_version": "0.1.0+abcdef123456",
        "snapshot_hash": "sha256:" + "ab" * 32,
        "site_name": "Gemeente en OCMW Zottegem-Éénhoven",
        "organisations": {"gemeente": "Gemeente Éénhoven", "ocmw": "OCMW Éénhoven"},
        "collected_at": datetime(2025, 3, 12, 13, 0, tzinfo=UTC),
        "evaluated_at": EVALUATED_AT,
        "sources": [
            Provenance(
                source_id="ad",
                collector="ldap",
                target="ldaps://dc01.gem.local",
                started=datetime(2025, 3, 12, 13, 0, tzinfo=UTC),
                finished=datetime(2025, 3, 12, 13, 2, tzinfo=UTC),
                status=CollectionStatus.failed,
                provides=["directory.users"],
                reason="time-out",
            ),
            Provenance(
                source_id="switches",
                collector="switchconfig",
                target="inventories/switches",
                started=datetime(2025, 3, 12, 13, 0, tzinfo=UTC),
                finished=datetime(2025, 3, 12, 13, 1, tzinfo=UTC),
                status=CollectionStatus.partial,
                provides=["network.ports"],
                missing=["network.acls"],
                warnings=["sw-core-02.cfg: 'interface Vlan99' has no ip address"],
                content_hash="sha256:" + "cd" * 32,
            ),
        ],
        "rules": sample_rules(),
        "results": results,
        "waivers": [ACTIVE_WAIVER, EXPIRED_WAIVER, PENDING_WAIVER],
        "summary": summary_for(results, "gaps_incomplete"),
    }
    values.update(override)
    if "problems" not in override:
        values["problems"] = group_problems(
            values["results"], values["rules"], values["evaluated_at"].date()
        )
    return Assessment(**values)
