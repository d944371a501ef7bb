"""The catalogue is linted by tests: texts, sources, cases, and checks match rules."""

from __future__ import annotations

import string

import pytest

from kszcheck.catalogue import load_catalogue
from kszcheck.catalogue.cases import case_files, load_case
from kszcheck.checks.registry import registered

CATALOGUE = load_catalogue()
RULE_IDS = sorted(CATALOGUE.rules)


def test_catalogue_has_rules() -> None:
    assert len(RULE_IDS) >= 12


def test_every_rule_has_a_check_and_every_check_a_rule() -> None:
    checks = set(registered())
    assert sorted(set(RULE_IDS) - checks) == [], "rules without a check"
    assert sorted(checks - set(RULE_IDS)) == [], "checks without a rule"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_has_pass_and_fail_cases(rule_id: str) -> None:
    names = [p.name for p in case_files(CATALOGUE.rule_dirs[rule_id])]
    assert any(n.endswith(".pass.yaml") for n in names), f"{rule_id} has no pass case"
    assert any(n.endswith(".fail.yaml") for n in names), f"{rule_id} has no fail case"
    for path in case_files(CATALOGUE.rule_dirs[rule_id]):
        load_case(path)  # every case file validates


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_texts_are_complete_in_both_languages(rule_id: str) -> None:
    meta = CATALOGUE.rules[rule_id]
    for text in (meta.title, meta.plain, meta.rationale, meta.remediation):
        assert text.nl.strip() and text.en.strip()
        assert text.nl.strip() != text.en.strip(), f"{rule_id}: Dutch text equals the English"
    for key, message in meta.messages.items():
        fields_nl = {f for _, f, _, _ in string.Formatter().parse(message.nl) if f}
        fields_en = {f for _, f, _, _ in string.Formatter().parse(message.en) if f}
        assert fields_nl == fields_en, f"{rule_id} message {key}: placeholders differ"
    for name, spec in meta.params.items():
        assert spec.description.nl and spec.description.en, f"{rule_id} param {name}"


def test_sources_carry_a_basis() -> None:
    for meta in CATALOGUE.rules.values():
        assert {s.basis for s in meta.sources}, meta.id
