"""Structure lints (issue 21): one home for texts, typed parameters in checks.

- A user-facing text of the code lives in ``kszcheck/texts.yaml``: a ``LocalizedText(...)``
  written with literal strings (or f-strings) anywhere in the package is an inline text.
- Code never chooses a language itself: no comparison with a language code (``lang == "nl"``),
  no dict keyed by two language codes (``{"nl": ..., "en": ...}``), no tuple of language codes:
  it asks the texts owner (``text``, ``say``) or iterates ``LANGS``. Only ``kszcheck/texts.py``
  and ``kszcheck/model/common.py`` (where the languages are defined) know the codes.
- Every key the code asks for (``text("...")``, ``say("...")``) exists in every language.
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


#: Where the language codes are defined; nowhere else does the code name them.
_LANGUAGE_OWNERS = {"texts.py", "model/common.py"}


def _chooses_a_language(node: ast.AST) -> bool:
    codes = set(LANGS)
    if isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        return any(
            (isinstance(o, ast.Constant) and o.value in codes)
            or (
                isinstance(o, ast.Tuple | ast.List | ast.Set)
                and any(isinstance(e, ast.Constant) and e.value in codes for e in o.elts)
            )
            for o in operands
        )
    if isinstance(node, ast.Dict):
        keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
        return len(keys & codes) >= 2
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        values = {e.value for e in node.elts if isinstance(e, ast.Constant)}
        return len(values & codes) >= 2
    return False


def test_no_code_chooses_a_language_itself() -> None:
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        for path, tree in _trees()
        if path.relative_to(PACKAGE).as_posix() not in _LANGUAGE_OWNERS
        for node in ast.walk(tree)
        if _chooses_a_language(node)
    ]
    assert found == []


def test_every_text_key_the_code_asks_for_exists_in_every_language() -> None:
    wanted = {
        (f"{path.relative_to(PACKAGE.parent)}:{node.lineno}", node.args[0].value)
        for path, tree in _trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("text", "say")
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
    choosing = (
        'a if lang == "nl" else b',
        'lang in ("fr", "x")',
        '_W = {"nl": {}, "en": {}}',
        'for lang in ("nl", "en"): pass',
    )
    for code in choosing:
        assert any(_chooses_a_language(n) for n in ast.walk(ast.parse(code))), code
    assert not any(_chooses_a_language(n) for n in ast.walk(ast.parse('x == "nlx"')))
