"""Structure lints (issue 21): one home for texts, typed parameters in checks.

- A user-facing text of the code lives in ``kszcheck/texts.yaml``: a ``LocalizedText(...)``
  written with literal strings (or f-strings) anywhere in the package is an inline text.
- Every key the code asks for (``text("...")``, ``with_reason("...")``) exists in both languages.
- Rule modules read their parameters through the typed accessor (``params.integer(...)``), never
  ``params["..."]`` with a cast of their own.
"""

from __future__ import annotations

import ast
from pathlib import Path

from kszcheck.texts import LANGS, load_texts

PACKAGE = Path(__file__).resolve().parent.parent / "kszcheck"
CHECKS = PACKAGE / "checks"


def _trees() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text("utf-8"))) for p in sorted(PACKAGE.rglob("*.py"))]


def _called(node: ast.Call) -> str:
    func = node.func
    return (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )


def test_no_inline_texts_in_the_package() -> None:
    inline = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        for path, tree in _trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and _called(node) == "LocalizedText"
        and any(isinstance(k.value, ast.Constant | ast.JoinedStr) for k in node.keywords)
    ]
    assert inline == []


def test_every_text_key_the_code_asks_for_exists_in_both_languages() -> None:
    wanted = {
        (f"{path.relative_to(PACKAGE.parent)}:{node.lineno}", node.args[0].value)
        for path, tree in _trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("text", "with_reason")
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }
    assert len(wanted) >= 15  # the lint really sees the calls
    missing = [(where, key) for where, key in sorted(wanted) for lang in LANGS
               if key not in load_texts(lang)]  # fmt: skip
    assert missing == []


def test_rule_modules_read_parameters_typed() -> None:
    raw = [
        f"{path.name}:{node.lineno}"
        for path in sorted(CHECKS.glob("*.py"))
        if path.name != "registry.py"
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id == "params"
    ]
    assert raw == []


def test_the_lints_find_what_they_look_for() -> None:
    sample = ast.parse('LocalizedText(nl="x", en=f"y {z}")\nparams["a"]\ntext("k")')
    calls = [n for n in ast.walk(sample) if isinstance(n, ast.Call)]
    assert [_called(c) for c in calls] == ["LocalizedText", "text"]
    assert any(isinstance(n, ast.Subscript) for n in ast.walk(sample))
