"""Issue 13's fail-closed gap: an export without the security descriptors of the zone's users and
computers (an ldapsearch without the SD flags control on them, or an account without
READ_CONTROL) must not let the delegation rules (KSZ-SEP-006, KSZ-PRV-001) pass as "nobody
controls them". The example export with those descriptors taken out, collected and evaluated."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

from kszcheck.analysis.facts import Facts
from kszcheck.catalogue import load_catalogue
from kszcheck.checks.registry import registered
from kszcheck.collectors.run import collect_site
from kszcheck.config import load_site
from kszcheck.engine.availability import Availability
from kszcheck.engine.evaluate import evaluate_rule
from kszcheck.engine.params import resolve_params
from kszcheck.model.results import FindingKind, Outcome
from kszcheck.paths import example_dir

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
CATALOGUE = load_catalogue()
CHECKS = registered()
_SD = re.compile(r"^nTSecurityDescriptor::.*\n(?: .*\n)*", re.M)


def _without_descriptors(tmp_path: Path, classes: set[str]) -> Path:
    """A copy of the example whose export has no descriptor on the entries of ``classes``."""
    base = tmp_path / "example"
    shutil.copytree(example_dir(), base)
    ldif = base / "ad-export.ldif"
    blocks = ldif.read_text("utf-8").split("\n\n")
    for index, block in enumerate(blocks):
        found = {m.lower() for m in re.findall(r"^objectClass: (\S+)$", block, re.M)}
        if found & classes:
            blocks[index] = _SD.sub("", block + "\n").rstrip("\n")
    ldif.write_text("\n\n".join(blocks), "utf-8")
    return base


def _results(base: Path, *rule_ids: str) -> dict[str, tuple[Outcome, list[tuple[str, str]]]]:
    site = load_site(base / "site.yaml")
    snapshot = collect_site(site, base, NOW)
    facts = Facts(snapshot, site, NOW)
    found = {}
    for rule_id in rule_ids:
        meta = CATALOGUE.rules[rule_id]
        result = evaluate_rule(
            meta,
            CHECKS[rule_id],
            facts,
            Availability(snapshot.sources),
            resolve_params(meta, None),
            [],
        )
        unrecorded = [
            (f.subject, str(f.args["field"]))
            for f in result.findings
            if f.kind is FindingKind.not_recorded
        ]
        found[rule_id] = (result.outcome, unrecorded)
    return found


def test_zone_users_and_computers_without_descriptors_are_not_judged(tmp_path: Path) -> None:
    base = _without_descriptors(tmp_path, {"user", "computer"})
    results = _results(base, "KSZ-SEP-006", "KSZ-PRV-001")
    unread = [
        (
            "acl-unread:computers",
            # SRV-FILE02 and SRV-SOC01; the test server SRV-SOCTST01 is no zone server (its
            # place in the zone's VLAN is KSZ-SRV-004's finding)
            "nTSecurityDescriptor (2 computers, first: CN=SRV-FILE02,OU=Computers,OU=Sociale "
            "Dienst,OU=OCMW,DC=voorbeeld,DC=local)",
        ),
        (
            "acl-unread:users",
            "nTSecurityDescriptor (13 users, first: CN=Sofie Peeters,OU=Gebruikers,OU=Sociale "
            "Dienst,OU=OCMW,DC=voorbeeld,DC=local)",
        ),
    ]
    # the planted gaps on the OUs and GPOs still fail the rules; the unread objects are listed
    # as not recorded (not assessed for them), never silently skipped
    assert results == {"KSZ-SEP-006": (Outcome.fail, unread), "KSZ-PRV-001": (Outcome.fail, unread)}


def test_the_whole_example_export_leaves_nothing_unread(tmp_path: Path) -> None:
    base = tmp_path / "example"
    shutil.copytree(example_dir(), base)
    assert _results(base, "KSZ-SEP-006", "KSZ-PRV-001") == {
        "KSZ-SEP-006": (Outcome.fail, []),
        "KSZ-PRV-001": (Outcome.fail, []),
    }


def test_an_export_without_any_descriptor_leaves_the_delegation_rules_not_assessed(
    tmp_path: Path,
) -> None:
    base = _without_descriptors(
        tmp_path,
        {
            "user",
            "computer",
            "group",
            "organizationalunit",
            "domaindns",
            "grouppolicycontainer",
            "container",
        },
    )
    results = _results(base, "KSZ-SEP-006", "KSZ-PRV-001")
    assert results == {
        "KSZ-SEP-006": (Outcome.not_assessed, []),
        "KSZ-PRV-001": (Outcome.not_assessed, []),
    }
