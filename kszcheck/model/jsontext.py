"""Read JSON text that kszcheck or a person wrote: every way it can be unusable is one
InputError naming the file and, where it can be known, the line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from kszcheck.model.errors import InputError

__all__ = ["check_surrogates", "has_escapes", "load_json_text"]

_SURROGATE = re.compile("[\ud800-\udfff]")
#: A surrogate can only come from an escape (text read as UTF-8 holds none): only a text with
#: such an escape (JSON ``\ud800``, YAML also ``\U0000d800``) is searched value by value.
_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F]")


def has_escapes(text: str) -> bool:
    """Whether the text holds an escape that may be a lone surrogate (checked value by value)."""
    return _ESCAPE.search(text) is not None


def load_json_text(text: str, source: str | Path, what: str = "JSON") -> Any:
    """Parse JSON; malformed text, nesting deeper than the parser's limit and strings holding
    a lone UTF-16 surrogate (``"\\ud800"``, which is no character and cannot be written as
    UTF-8) are refused."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"not valid {what}: {exc.msg}", exc.lineno) from None
    except RecursionError:
        raise InputError(source, f"not valid {what}: nested too deeply") from None
    check_surrogates(text, data, source)
    return data


def check_surrogates(text: str, data: Any, source: str | Path) -> None:
    """Refuse data parsed from ``text`` (JSON or YAML) that holds a lone surrogate."""
    if _ESCAPE.search(text) is None:
        return
    found = _find_surrogate(data)
    if found is not None:
        raise InputError(
            source,
            f"the escape \\u{ord(found):04x} is a lone UTF-16 surrogate, not a character "
            "(the text was cut or mis-converted)",
            _line_of_escape(text, found),
        )


def _find_surrogate(data: Any) -> str | None:
    """The first lone surrogate in any string (key or value) of parsed data, else None.
    Iterative: the depth of the data is no limit."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            match = _SURROGATE.search(item)
            if match:
                return match.group()
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _line_of_escape(text: str, char: str) -> int | None:
    match = re.search(rf"\\(?:u|U0000){ord(char):04x}", text, re.IGNORECASE)
    return None if match is None else text.count("\n", 0, match.start()) + 1
