"""Read YAML while remembering the line of every key, and turn validation errors into one line.

Pure functions over text; callers do the file reading.
"""

from __future__ import annotations

from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from kszcheck.model.errors import InputError
from kszcheck.model.jsontext import check_surrogates

__all__ = ["LineMap", "load_package_yaml", "load_yaml_text", "validate_with_lines"]

#: Path of keys and list indexes -> 1-based line number.
LineMap = dict[tuple[str | int, ...], int]

M = TypeVar("M", bound=BaseModel)


#: Values that aliases (``*name``) may add beyond the file's own size: enough for shared
#: defaults, too few for a "billion laughs" document that expands to millions of values.
_ALIAS_ALLOWANCE = 100_000


#: libyaml's parser where PyYAML was built with it (several times faster than the pure-Python
#: one); its errors are reported by the pure-Python parser, whose messages name the problem.
_FAST_LOADER: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def load_package_yaml(text: str) -> Any:
    """Parse YAML data shipped inside the package (texts, lookup tables): trusted, so without
    line numbers or alias limits, with libyaml's parser where available."""
    return yaml.load(text, Loader=_FAST_LOADER or yaml.SafeLoader)


def load_yaml_text(text: str, source: str) -> tuple[Any, LineMap]:
    """Parse YAML text; return the data and a map from key path to line."""
    if _FAST_LOADER is not None:
        try:
            return _load(_FAST_LOADER, text, source)
        except InputError:
            pass  # the pure-Python parser below gives the same kind of error, worded as always
    return _load(yaml.SafeLoader, text, source)


def _load(kind: type[yaml.SafeLoader], text: str, source: str) -> tuple[Any, LineMap]:
    try:
        loader = kind(text)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. a NUL
        at = text[: exc.position].count("\n") + 1
        shown = f"#x{exc.character:04x}" if isinstance(exc.character, int) else "a character"
        raise InputError(source, f"invalid YAML: {shown} is not allowed in YAML", at) from None
    try:
        node = loader.get_single_node()
        lines: LineMap = {}
        limit = len(text) + _ALIAS_ALLOWANCE
        data = None if node is None else _build(loader, node, (), lines, source, limit)
    except RecursionError:  # nesting thousands deep, or an alias inside its own anchor
        raise InputError(
            source, "invalid YAML: nested too deeply (or an alias refers to itself)"
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(source, f"invalid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise InputError(source, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    check_surrogates(text, data, source)
    return data, lines


def _build(
    loader: yaml.SafeLoader,
    node: yaml.Node,
    path: tuple[str | int, ...],
    lines: LineMap,
    source: str,
    limit: int,
) -> Any:
    lines[path] = node.start_mark.line + 1
    if len(lines) > limit:
        raise InputError(
            source,
            "invalid YAML: its aliases (*name) expand to more values than the file holds",
            node.start_mark.line + 1,
        )
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | bool) and key is not None:
                raise InputError(
                    source, "a key must be a plain value", key_node.start_mark.line + 1
                )
            skey = str(key)
            if skey in result:
                raise InputError(source, f"duplicate key '{skey}'", key_node.start_mark.line + 1)
            result[skey] = _build(loader, value_node, (*path, skey), lines, source, limit)
            lines[(*path, skey)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(loader, child, (*path, i), lines, source, limit)
            for i, child in enumerate(node.value)
        ]
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as exc:  # e.g. a timestamp such as 2026-13-01
        raise InputError(
            source, f"invalid value '{node.value}': {exc}", node.start_mark.line + 1
        ) from None


def validate_with_lines(
    model: type[M], data: Any, lines: LineMap, source: str, what: str = ""
) -> M:
    """Validate data against a model; the first error becomes one InputError with its line."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise error_from_validation(exc, lines, source, what) from None


def error_from_validation(
    exc: ValidationError, lines: LineMap, source: str, what: str = ""
) -> InputError:
    err = exc.errors()[0]
    loc = tuple(err["loc"])
    line = _line_for(loc, lines)
    key = ".".join(str(p) for p in loc)
    if err["type"] == "extra_forbidden":
        message = f"unknown key '{loc[-1]}'" + (
            f" in {key.rsplit('.', 1)[0]}" if len(loc) > 1 else ""
        )
    elif err["type"] == "missing":
        message = f"missing required key '{key}'"
    else:
        message = f"{key}: {err['msg']}" if key else err["msg"]
    if what:
        message = f"{what}: {message}"
    return InputError(source, message, line)


def _line_for(loc: tuple[Any, ...], lines: LineMap) -> int | None:
    for end in range(len(loc), -1, -1):
        key = tuple(loc[:end])
        if key in lines:
            return lines[key]
    return None
