"""Custom rule packs: loaded next to the catalogue, their checks by file path; and scaffolding."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kszcheck.analysis.facts import Facts
from kszcheck.catalogue import load_catalogue
from kszcheck.catalogue.cases import case_files, load_case
from kszcheck.catalogue.packs import catalogue_for_site, combine, load_pack
from kszcheck.engine.availability import Availability
from kszcheck.engine.evaluate import evaluate_rule
from kszcheck.engine.params import resolve_params
from kszcheck.model.errors import InputError
from kszcheck.model.results import Outcome
from tests.support import kszcheck

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "tests" / "features" / "catalogus" / "regelpakket"
RULE = "KSZ-LOC-101"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(PACK, target)
    return target


def _run_cases(root: Path) -> list[tuple[str, str, list[str]]]:
    loaded = load_pack(root)
    meta = loaded.catalogue.rules[RULE]
    got = []
    for path in case_files(loaded.catalogue.rule_dirs[RULE]):
        case, site, snapshot = load_case(path, meta.needs)
        result = evaluate_rule(
            meta,
            loaded.checks.get(RULE),
            Facts(snapshot, site, case.now),
            Availability(snapshot.sources),
            resolve_params(meta, case.params),
            [],
        )
        got.append((path.name, result.outcome.value, [f.subject for f in result.findings]))
    return got


def test_a_pack_loads_its_rules_checks_and_cases(pack: Path) -> None:
    assert _run_cases(pack) == [
        ("region-missing.fail.yaml", "fail", ["SRV-SD01"]),
        ("region-recorded.pass.yaml", "pass", []),
    ]


def test_a_pack_joins_the_catalogue_without_replacing_a_rule(pack: Path) -> None:
    shipped = load_catalogue()
    merged, checks = combine(shipped, {}, [load_pack(pack)])
    assert RULE in merged.rules and RULE in checks
    assert merged.version.startswith(shipped.version + "+pack.")
    clash = pack / "governance" / "KSZ-GOV-001"
    shutil.copytree(pack / "servers" / RULE, clash)
    text = (clash / "rule.yaml").read_text("utf-8").replace(RULE, "KSZ-GOV-001")
    (clash / "rule.yaml").write_text(text.replace("domain: servers", "domain: governance"), "utf-8")
    with pytest.raises(InputError, match=r"rule id KSZ-GOV-001 is already used by"):
        combine(shipped, {}, [load_pack(pack)])


def test_a_check_that_raises_makes_its_rule_not_assessed(pack: Path) -> None:
    checks = pack / "checks.py"
    checks.write_text(
        checks.read_text("utf-8").replace(
            "    for server in", "    raise KeyError('region')\n    for server in"
        ),
        "utf-8",
    )
    outcomes = {(name, outcome) for name, outcome, _ in _run_cases(pack)}
    assert outcomes == {
        ("region-missing.fail.yaml", "not_assessed"),
        ("region-recorded.pass.yaml", "not_assessed"),
    }


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    for server in", "    for server in in", r"checks.py:16: syntax error"),
        (
            "from kszcheck.checks.helpers",
            "import no_such_module\nfrom kszcheck.checks.helpers",
            r"checks.py:9: ModuleNotFoundError: No module named 'no_such_module'",
        ),
        (
            '@check("KSZ-LOC-101")',
            '@check("KSZ-LOC-102")',
            r"checks.py: there is a check for KSZ-LOC-102 but the pack has no rule KSZ-LOC-102",
        ),
    ],
)
def test_a_broken_checks_file_is_one_line_with_file_and_line(
    pack: Path, old: str, new: str, message: str
) -> None:
    checks = pack / "checks.py"
    checks.write_text(checks.read_text("utf-8").replace(old, new, 1), "utf-8")
    with pytest.raises(InputError, match=message):
        load_pack(pack)


def test_extra_pack_folders_add_their_rules_and_the_norms_stay(pack: Path) -> None:
    full = catalogue_for_site(load_catalogue(), extra=[pack])
    assert RULE in full.catalogue.rules
    assert [n.id for n in full.norms] == ["cyfun-2025", "iso27001-2022", "ksz-mn", "vtc"]
    with pytest.raises(InputError, match="a rule pack is a folder"):
        catalogue_for_site(load_catalogue(), extra=[pack / "missing"])


def test_rules_new_scaffolds_a_rule_that_loads_with_its_cases(pack: Path) -> None:
    result = kszcheck(
        "rules", "new", "KSZ-LOC-102", "--domain", "servers", "--rules-dir", str(pack)
    )
    assert result.returncode == 0, result.stderr
    loaded = load_pack(pack)
    assert sorted(loaded.catalogue.rules) == ["KSZ-LOC-101", "KSZ-LOC-102"]
    assert sorted(loaded.checks) == ["KSZ-LOC-101", "KSZ-LOC-102"]
    names = [p.name for p in case_files(loaded.catalogue.rule_dirs["KSZ-LOC-102"])]
    assert names == ["example.fail.yaml", "example.pass.yaml", "not-collected.not_assessed.yaml"]
    meta = loaded.catalogue.rules["KSZ-LOC-102"]
    for path in case_files(loaded.catalogue.rule_dirs["KSZ-LOC-102"]):
        case, site, snapshot = load_case(path, meta.needs)
    # the scaffolded not_assessed case holds with the stub check: its needed kind is missing
    facts = Facts(snapshot, site, case.now)
    result = evaluate_rule(
        meta, loaded.checks["KSZ-LOC-102"], facts, Availability(snapshot.sources), {}, []
    )
    assert (case.expect.outcome, result.outcome) == (Outcome.not_assessed, Outcome.not_assessed)


@pytest.mark.parametrize("rule_id", ["KSZ-GOV-001", "KSZ-LOC-101"])
def test_rules_new_refuses_an_existing_id(pack: Path, rule_id: str) -> None:
    result = kszcheck("rules", "new", rule_id, "--domain", "governance", "--rules-dir", str(pack))
    assert result.returncode == 2
    assert f"rule {rule_id} already exists" in result.stderr
    assert not (pack / "governance").exists()
