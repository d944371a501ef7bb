"""One test runs every case of every rule: the exact outcome and the exact findings. A case's
source provides only what its rule's ``needs`` name (kszcheck.catalogue.cases.load_case), so a
rule that passes here passes on the kinds it declares."""

from __future__ import annotations

from pathlib import Path

import pytest

from kszcheck.analysis.facts import Facts
from kszcheck.catalogue import load_catalogue
from kszcheck.catalogue.cases import case_files, load_case
from kszcheck.checks.registry import registered
from kszcheck.engine.availability import Availability
from kszcheck.engine.evaluate import evaluate_rule
from kszcheck.engine.params import resolve_params

CATALOGUE = load_catalogue()
CHECKS = registered()
CASES = [
    pytest.param(rule_id, path, id=f"{rule_id}/{path.name.removesuffix('.yaml')}")
    for rule_id, rule_dir in sorted(CATALOGUE.rule_dirs.items())
    for path in case_files(rule_dir)
]


@pytest.mark.parametrize(("rule_id", "path"), CASES)
def test_rule_case(rule_id: str, path: Path) -> None:
    meta = CATALOGUE.rules[rule_id]
    case, site, snapshot = load_case(path, meta.needs)
    params = resolve_params(meta, case.params)
    facts = Facts(snapshot, site, case.now)
    result = evaluate_rule(
        meta, CHECKS.get(rule_id), facts, Availability(snapshot.sources), params, []
    )
    got = sorted((f.subject, f.message) for f in result.findings)
    want = sorted((f.subject, f.message) for f in case.expect.findings)
    assert (result.outcome, got) == (case.expect.outcome, want), (
        result.reason.en if result.reason else ""
    )
    for item in result.findings:  # every message renders in both languages
        if not item.recorded:  # "not recorded": the report's own text names the field
            assert isinstance(item.args.get("field"), str), item
            continue
        for lang in ("nl", "en"):
            meta.messages[item.message].get(lang).format(**item.args)


def test_a_case_provides_only_the_needs_and_what_it_states(tmp_path: Path) -> None:
    """The loader gives a case's source the rule's ``needs`` and the case's own ``provides:``,
    nothing else: without its ``provides:`` line, KSZ-LOG-001's GPO case cannot tie the GPO to
    the server (no OUs, GPOs or computers collected) and falls back on the declaration."""
    meta = CATALOGUE.rules["KSZ-LOG-001"]
    path = CATALOGUE.rule_dirs["KSZ-LOG-001"] / "cases" / "observed-gpo.fail.yaml"
    stated = path.read_text("utf-8")
    assert "\nprovides: [directory.ous, directory.gpos, directory.computers]" in stated
    case, site, snapshot = load_case(path, meta.needs)
    assert sorted(snapshot.sources[0].provides) == [
        "directory.computers",
        "directory.gpos",
        "directory.ous",
        "gpo.settings",
        "inventory.servers",
        "inventory.shares",
    ]
    bare = tmp_path / path.name
    bare.write_text(
        "".join(ln for ln in stated.splitlines(True) if not ln.startswith("provides:")), "utf-8"
    )
    case, site, snapshot = load_case(bare, meta.needs)
    facts = Facts(snapshot, site, case.now)
    params = resolve_params(meta, case.params)
    result = evaluate_rule(
        meta, CHECKS.get(meta.id), facts, Availability(snapshot.sources), params, []
    )
    assert [(f.subject, f.message) for f in result.findings] == [
        ("SRV-FILE01:object-access", "object_access_not_declared")
    ]
