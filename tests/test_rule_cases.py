"""One test runs every case of every rule: the exact outcome and the exact findings."""

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
    case, site, snapshot = load_case(path)
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
