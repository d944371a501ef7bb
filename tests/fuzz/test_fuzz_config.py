"""Fuzzing the YAML files a person writes: site profile, waiver file, norm files, rule.yaml and
rule cases.

Contract: each loader returns the validated model or raises one InputError, on one line, naming
the file (and the line when known).
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kszcheck.catalogue.cases import load_case
from kszcheck.catalogue.loader import load_catalogue
from kszcheck.catalogue.norms import load_norm_file
from kszcheck.config import load_site, load_waivers
from tests.fuzz.strategies import ROOT, budget, check_documented, fuzz_bytes, sample, yaml_nesting

RULE = "rules/people/KSZ-PPL-001"

_BILLION_LAUGHS = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
    b"%c: &%c [%s]\n" % (98 + i, 98 + i, b", ".join([b"*%c" % (97 + i)] * 9)) for i in range(9)
)
_HARD = (
    _BILLION_LAUGHS,
    b"name: &a [*a]\n",
    b"name: " + b"[" * 1200 + b"\n",
    b"name: x\x00\n",
    b"\xff\xfe",
    b"name: x\nname: y\n",
    b"? [a, b]\n: c\n",
    b"name: !!binary AAAA\n",
    b"name: !!python/object/apply:os.system ['id']\n",
    b"expires: 2026-02-30\n",
    b"--- a\n--- b\n",
)


@functools.cache
def _site_samples() -> list[bytes]:
    return [sample("inventories/example/site.yaml")]


@functools.cache
def _waiver_samples() -> list[bytes]:
    return [sample("inventories/example/waivers.yaml")]


@functools.cache
def _norm_samples() -> list[bytes]:
    return [sample("rules/norms/ksz-mn.yaml"), sample("rules/norms/vtc.yaml")]


@functools.cache
def _case_samples() -> list[bytes]:
    return [path.read_bytes() for path in sorted((ROOT / RULE / "cases").glob("*.yaml"))]


def _examples(test: object) -> object:
    for hard in _HARD:
        test = example(hard)(test)  # type: ignore[arg-type]
    return test


@budget(60)
@given(fuzz_bytes(_site_samples(), yaml_nesting))
@_examples
def test_site_profile(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("site")
    (folder / "site.yaml").write_bytes(data)
    check_documented(lambda: load_site(folder / "site.yaml"))


@budget(60)
@given(fuzz_bytes(_waiver_samples(), yaml_nesting))
@_examples
def test_waiver_file(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("waivers") / "waivers.yaml"
    path.write_bytes(data)
    check_documented(lambda: load_waivers(path))


@budget(60)
@given(fuzz_bytes(_norm_samples(), yaml_nesting), st.sampled_from(["ksz-mn", "vtc"]))
def test_norm_file(tmp_path_factory: pytest.TempPathFactory, data: bytes, stem: str) -> None:
    path = tmp_path_factory.mktemp("norms") / f"{stem}.yaml"
    path.write_bytes(data)
    check_documented(lambda: load_norm_file(path))


@budget(60)
@given(fuzz_bytes([sample(f"{RULE}/rule.yaml")], yaml_nesting))
@_examples
def test_rule_yaml(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    root = tmp_path_factory.mktemp("rules")
    folder = root / "people" / "KSZ-PPL-001"
    folder.mkdir(parents=True)
    (folder / "rule.yaml").write_bytes(data)
    check_documented(lambda: load_catalogue(root))


@budget(60)
@given(fuzz_bytes(_case_samples(), yaml_nesting))
@_examples
def test_rule_case(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("case") / "fuzz.fail.yaml"
    path.write_bytes(data)
    check_documented(lambda: load_case(path, []))


def test_the_seeds_load(tmp_path: Path) -> None:
    """The mutations start from files that load: the fuzzing reaches past the first check."""
    load_site(ROOT / "inventories/example/site.yaml")
    assert load_waivers(ROOT / "inventories/example/waivers.yaml")
    assert load_norm_file(ROOT / "rules/norms/ksz-mn.yaml").requirements
    shutil.copytree(ROOT / RULE, tmp_path / "people" / "KSZ-PPL-001")
    assert list(load_catalogue(tmp_path).rules) == ["KSZ-PPL-001"]
    for path in sorted((ROOT / RULE / "cases").glob("*.yaml")):
        load_case(path, [])
