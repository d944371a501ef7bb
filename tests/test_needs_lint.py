"""The catalogue lint proves every rule's ``needs`` with its cases (kszcheck.engine.needs.py):
a needed kind marked missing makes the rule not_assessed; the kinds outside ``needs`` removed
change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from kszcheck.catalogue import load_catalogue
from kszcheck.catalogue.cases import case_files, load_case
from kszcheck.checks.registry import registered
from kszcheck.engine.needs import KIND_FIELDS, needs_problems
from kszcheck.engine.params import resolve_params
from kszcheck.model.provenance import FACT_KINDS

CATALOGUE = load_catalogue()
CHECKS = registered()
CASES = [
    pytest.param(rule_id, path, id=f"{rule_id}/{path.name.removesuffix('.yaml')}")
    for rule_id, rule_dir in sorted(CATALOGUE.rule_dirs.items())
    for path in case_files(rule_dir)
]


def _problems(rule_id: str, path: Path, needs: list[str] | None = None) -> list[str]:
    meta = CATALOGUE.rules[rule_id]
    if needs is not None:
        meta = meta.model_copy(update={"needs": needs})
    case, site, snapshot = load_case(path, meta.needs)
    params = resolve_params(meta, case.params)
    return needs_problems(
        meta, CHECKS.get(rule_id), site, snapshot, case.now, params, case.provides
    )


def test_every_fact_kind_can_be_removed() -> None:
    assert set(KIND_FIELDS) == set(FACT_KINDS)


@pytest.mark.parametrize(("rule_id", "path"), CASES)
def test_the_needs_of_every_rule_hold_in_every_case(rule_id: str, path: Path) -> None:
    assert _problems(rule_id, path) == []


def test_a_wrong_needs_fails_the_lint() -> None:
    """Plant a wrong ``needs`` in KSZ-SRV-005 (it reads the server inventory and the domain
    controllers among the AD computers): the lint names the kind it reads without declaring."""
    fail_case = CATALOGUE.rule_dirs["KSZ-SRV-005"] / "cases" / "platforms.fail.yaml"
    assert _problems("KSZ-SRV-005", fail_case) == []
    assert _problems("KSZ-SRV-005", fail_case, ["inventory.servers"]) == [
        "without the kinds outside needs the result changes (fail -> fail); it reads "
        "['directory.computers']"
    ]
    assert _problems("KSZ-SRV-005", fail_case, ["records.people"]) == [
        "without the kinds outside needs the result changes (fail -> pass); it reads "
        "['directory.computers', 'inventory.servers']"
    ]
