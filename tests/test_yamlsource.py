"""load_yaml_text parses with libyaml where PyYAML has it: the same data and key lines as the
pure-Python parser, whose error messages it keeps."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kszcheck.model import yamlsource
from kszcheck.model.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
FILES = [
    *sorted((ROOT / "rules").rglob("rule.yaml"))[:12],
    ROOT / "inventories" / "example" / "site.yaml",
    ROOT / "inventories" / "example" / "records.yaml",
]


@pytest.mark.skipif(yamlsource._FAST_LOADER is None, reason="PyYAML without libyaml")
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_libyaml_gives_the_same_data_and_lines(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = yamlsource.load_yaml_text(text, str(path))
    slow = yamlsource._load(yaml.SafeLoader, text, str(path))
    assert fast == slow
    assert len(fast[1]) > 5  # key lines were recorded


@pytest.mark.parametrize(
    "text", ["a: [1, 2\nb: 3\n", "a: 1\n\tb: 2\n", "a: \x00\n", "a: &x [*x]\n", "- a\nb: 1\n"]
)
def test_errors_are_worded_by_the_pure_python_parser(text: str) -> None:
    with pytest.raises(InputError) as fast:
        yamlsource.load_yaml_text(text, "x.yaml")
    with pytest.raises(InputError) as slow:
        yamlsource._load(yaml.SafeLoader, text, "x.yaml")
    assert str(fast.value) == str(slow.value)
    assert str(fast.value).startswith("x.yaml:")
