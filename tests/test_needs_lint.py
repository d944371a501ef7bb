"""The catalogue lint proves every rule's ``needs`` with its cases (kszcheck.engine.needs.py):
a needed kind marked missing makes the rule not_assessed; the kinds outside ``needs`` removed
change nothing. A case's ``provides:`` (kinds not removed) may name only kinds of the rule's
``uses``, and each kind of ``uses`` is shown read by a case that provides it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kszcheck.catalogue import load_catalogue
from kszcheck.catalogue.cases import case_files, load_case
from kszcheck.checks.registry import registered
from kszcheck.engine.needs import KIND_FIELDS, kinds_read, needs_problems
from kszcheck.engine.params import resolve_params
from kszcheck.model.catalogue import RuleMeta
from kszcheck.model.provenance import FACT_KINDS

CATALOGUE = load_catalogue()
CHECKS = registered()
CASES = [
    pytest.param(rule_id, path, id=f"{rule_id}/{path.name.removesuffix('.yaml')}")
    for rule_id, rule_dir in sorted(CATALOGUE.rule_dirs.items())
    for path in case_files(rule_dir)
]


def _meta(rule_id: str, **update: list[str]) -> RuleMeta:
    return CATALOGUE.rules[rule_id].model_copy(update=update)


def _problems(
    rule_id: str, path: Path, needs: list[str] | None = None, **update: list[str]
) -> list[str]:
    meta = _meta(rule_id, **({"needs": needs} if needs is not None else {}), **update)
    case, site, snapshot = load_case(path, meta.needs)
    params = resolve_params(meta, case.params)
    return needs_problems(
        meta, CHECKS.get(rule_id), site, snapshot, case.now, params, case.provides
    )


def _uses_read(meta: RuleMeta) -> set[str]:
    """The kinds of ``uses`` that some case of the rule provides and is shown to read."""
    shown: set[str] = set()
    for path in case_files(CATALOGUE.rule_dirs[meta.id]):
        case, site, snapshot = load_case(path, meta.needs)
        params = resolve_params(meta, case.params)
        kinds = set(case.provides) & set(meta.uses)
        shown |= kinds_read(meta, CHECKS.get(meta.id), site, snapshot, case.now, params, kinds)
    return shown


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


@pytest.mark.parametrize("rule_id", sorted(r for r, meta in CATALOGUE.rules.items() if meta.uses))
def test_every_kind_a_rule_uses_is_read_in_a_case_that_provides_it(rule_id: str) -> None:
    meta = CATALOGUE.rules[rule_id]
    assert _uses_read(meta) == set(meta.uses)


def test_a_case_that_provides_a_kind_outside_uses_fails_the_lint() -> None:
    """KSZ-RMT-003 reads the Windows pack's local groups where collected (``uses``); its case
    provides them. Take them out of ``uses`` and the case's ``provides:`` hides a read: the lint
    names it. A case that provides a kind the rule needs already is named too."""
    case = CATALOGUE.rule_dirs["KSZ-RMT-003"] / "cases" / "standing-local-admin.fail.yaml"
    assert _problems("KSZ-RMT-003", case) == []
    assert _problems("KSZ-RMT-003", case, uses=["directory.users"]) == [
        "the case provides 'host.local_groups', which the rule neither needs nor uses"
    ]
    needs = [*CATALOGUE.rules["KSZ-RMT-003"].needs, "directory.users"]
    assert _problems("KSZ-RMT-003", case, needs, uses=["host.local_groups"]) == [
        "the case provides 'directory.users', which the rule needs already"
    ]


def test_a_kind_in_uses_that_no_case_reads_fails_the_lint() -> None:
    """``uses`` is no escape hatch: a kind no case is shown to read is not proven."""
    meta = _meta("KSZ-RMT-003", uses=["host.local_groups", "directory.users", "host.updates"])
    assert _uses_read(meta) == {"host.local_groups", "directory.users"}
