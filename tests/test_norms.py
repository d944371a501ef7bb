"""The norm-file loader: valid files load with their lines; bad ones give one line naming
the file, the line and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from kszcheck.catalogue.norms import load_norm_file, load_norms, unknown_rule_references
from kszcheck.model.errors import InputError
from kszcheck.model.norms import CyfunLevel, RequirementStatus

VALID = """\
id: local
title: {nl: Lokaal beleid, en: Local policy}
version: "1"
publisher: Gemeente Voorbeeld
basis: norm_text
note: {nl: Alleen een voorbeeld., en: Only an example.}
default_validity_months: 6
chapters:
  - id: C1
    title: {nl: Hoofdstuk een, en: Chapter one}
requirements:
  - id: R-1
    chapter: C1
    status: automated
    title: {nl: Een consulent, en: A consultant}
    rules: [KSZ-GOV-001]
  - id: R-2
    status: manual
    level: basic
    key_measure: true
    title: {nl: Een plan, en: A plan}
    evidence: {nl: Het plan met datum., en: The plan with its date.}
    validity_months: 24
"""


def _write(tmp_path: Path, text: str, name: str = "local.yaml") -> Path:
    folder = tmp_path / "norms"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_norm_file_loads_with_lines(tmp_path: Path) -> None:
    norm = load_norm_file(_write(tmp_path, VALID))
    assert [(r.id, r.status, r.line) for r in norm.requirements] == [
        ("R-1", RequirementStatus.automated, 12),
        ("R-2", RequirementStatus.manual, 17),
    ]
    second = norm.requirements[1]
    assert (second.level, second.key_measure) == (CyfunLevel.basic, CyfunLevel.basic)
    assert (norm.validity_of(norm.requirements[0]), norm.validity_of(second)) == (6, 24)
    assert [n.id for n in load_norms([tmp_path])] == ["local"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    rules: [KSZ-GOV-001]\n",
            "",
            "local.yaml:12: requirements.0: Value error, an automated requirement needs at least "
            "one rule",
        ),
        (
            "    evidence: {nl: Het plan met datum., en: The plan with its date.}\n",
            "",
            "local.yaml:17: requirements.1: Value error, a manual requirement needs 'evidence'",
        ),
        ("    rules: [KSZ-GOV-001]", "    rules: [GOV-1]", "local.yaml:16: requirements.0.rules"),
        ("  - id: R-2", "  - id: R-1", "local.yaml:17: requirement id 'R-1' is used twice"),
        ("    chapter: C1", "    chapter: C9", "local.yaml:13: chapter 'C9' is not listed"),
        (
            "    status: manual",
            "    status: done",
            "local.yaml:18: requirements.1.status: Input should be",
        ),
        ("    validity_months: 24", "    validity_month: 24", "local.yaml:23: unknown key"),
        ("    level: basic", "    levl: basic", "local.yaml:20: requirements.1.key_measure"),
        ("id: local", "id: other", "local.yaml:1: the file is named local.yaml but the norm id"),
        ("    validity_months: 24", "    validity_months: 0", "local.yaml:23: requirements.1"),
    ],
)
def test_a_bad_norm_file_names_file_line_and_problem(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in VALID
    path = _write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(InputError) as caught:
        load_norm_file(path)
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(str(path.parent) + "/")
    assert message in text, text


def test_a_norm_id_used_by_two_files_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, VALID)
    pack = tmp_path / "pack"
    (pack / "norms").mkdir(parents=True)
    (pack / "norms" / "local.yaml").write_text(VALID, encoding="utf-8")
    with pytest.raises(InputError, match="norm id local is also used by"):
        load_norms([tmp_path, pack])


def test_unknown_rule_references_are_listed_per_requirement(tmp_path: Path) -> None:
    norm = load_norm_file(_write(tmp_path, VALID))
    assert dict(unknown_rule_references([norm], ["KSZ-PPL-001"])) == {"local/R-1": ["KSZ-GOV-001"]}
    assert dict(unknown_rule_references([norm], ["KSZ-GOV-001"])) == {}
