"""Shared reading of the table-like input files: CSV tables and YAML lists of items.

Conventions (documented for users in inventories/README.md):

- the file type follows the extension: ``.csv``, ``.yaml`` or ``.yml``;
- YAML: a mapping whose top-level keys are collection names, each holding a list of items whose
  keys are the model field names; an empty value means "not set";
- CSV: UTF-8 (a BOM is accepted), one header row with the model field names, separator ``,``
  (or ``;`` when the header uses more ``;`` than ``,``); an empty cell means "not set"; list
  cells are split on ``;`` in a comma file and on ``|`` in a semicolon file; nested fields are
  columns with a dot (``logging.retention_days``); booleans are yes/no, ja/nee, true/false, 1/0.

The functions below are pure apart from :func:`read_source`, which reads one file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from kszcheck.model.errors import InputError
from kszcheck.model.yamlsource import LineMap, error_from_validation, load_yaml_text

__all__ = [
    "CellParser",
    "CsvRow",
    "FileFormat",
    "SourceText",
    "csv_columns",
    "csv_rows",
    "file_format",
    "load_collection",
    "load_yaml_container",
    "not_recorded_when_empty",
    "parse_bool",
    "read_csv_items",
    "read_source",
    "refuse_duplicates",
]

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

FileFormat = Literal["csv", "yaml"]

#: Parses one non-empty CSV cell; gets the cell text and the list separator of the file.
#: Raises ValueError with a message that completes "column 'x': ...".
CellParser = Callable[[str, str], Any]

_EXTENSIONS: dict[str, FileFormat] = {".csv": "csv", ".yaml": "yaml", ".yml": "yaml"}
_TRUE = frozenset({"yes", "true", "ja", "1"})
_FALSE = frozenset({"no", "false", "nee", "0"})
#: Field name filled by the collector, never read from the file.
_LINE_FIELD = "line"


@dataclass(frozen=True)
class SourceText:
    """The text of one input file and the hash of its bytes."""

    name: str
    text: str
    content_hash: str
    suffix: str


def read_source(path: Path) -> SourceText:
    """Read a file as UTF-8 (with or without BOM). OSError propagates to the runner."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            path, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8", None
        ) from None
    return SourceText(
        name=str(path),
        text=text,
        content_hash=hashlib.sha256(data).hexdigest(),
        suffix=path.suffix.lower(),
    )


def file_format(source: SourceText, allowed: Sequence[FileFormat]) -> FileFormat:
    """The file type by extension; anything not allowed is refused."""
    found = _EXTENSIONS.get(source.suffix)
    if found is None or found not in allowed:
        wanted = " or ".join(sorted(ext for ext, fmt in _EXTENSIONS.items() if fmt in allowed))
        shown = source.suffix or "no extension"
        raise InputError(source.name, f"unsupported file type '{shown}': expected {wanted}")
    return found


def parse_bool(text: str) -> bool:
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f"'{text}' is not a yes/no value (use yes/no, ja/nee, true/false or 1/0)")


def refuse_duplicates(items: Sequence[T], key: Callable[[T], str], what: str, source: str) -> None:
    """Refuse two items with the same key (case-insensitive), naming the line of the second."""
    first_line: dict[str, int | None] = {}
    for item in items:
        value = key(item)
        folded = value.casefold()
        line: int | None = getattr(item, _LINE_FIELD, None)
        if folded in first_line:
            earlier = first_line[folded]
            where = f" (first on line {earlier})" if earlier is not None else ""
            raise InputError(source, f"{what} '{value}' is listed twice{where}", line)
        first_line[folded] = line


def load_collection(
    source: SourceText,
    collection: str,
    item_model: type[M],
    container: type[BaseModel],
    cell_parsers: Mapping[str, CellParser] | None = None,
    declared_none: set[str] | None = None,
) -> list[M]:
    """Read one collection from a CSV table or from a YAML file holding only that collection.
    With ``declared_none``, the YAML form ``collection: none`` says there are none (its name is
    added to the set)."""
    if file_format(source, ("csv", "yaml")) == "csv":
        return read_csv_items(source, item_model, cell_parsers)
    loaded, _ = load_yaml_container(
        source, container, (collection,), required=(collection,), declared_none=declared_none
    )
    items: list[M] = getattr(loaded, collection)
    return items


@dataclass(frozen=True)
class Unrecorded:
    """A collection with no items that the file did not say were none: not recorded."""

    missing: list[str]
    reason: str
    warnings: list[str]


def not_recorded_when_empty(
    source: SourceText, collection: str, kind: str, count: int, declared_none: set[str]
) -> Unrecorded:
    """A CSV with only its header row, or an empty YAML list, cannot be told apart from a file
    cut before its first row: the kind is not recorded (missing), never "none". Only the YAML
    form ``collection: none`` says there are none."""
    if count or collection in declared_none:
        return Unrecorded([], "", [])
    name = Path(source.name).name
    return Unrecorded(
        [kind],
        f"{name}: no rows, so {collection} are not recorded (a header-only or empty list "
        f"cannot be told apart from a cut file); write '{collection}: none' in YAML when there "
        "are none",
        [
            f"{name}: niet geregistreerd / not recorded: geen rijen / no rows; schrijf / write "
            f"'{collection}: none' (YAML) als er geen zijn / when there are none"
        ],
    )


# --------------------------------------------------------------------------- model introspection

_Kind = Literal["scalar", "bool", "list", "model", "other"]


def _field_type(annotation: Any) -> tuple[Any, bool]:
    """The type of a field without ``| None``, and whether None is allowed."""
    origin = get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        args = [a for a in get_args(annotation) if a is not type(None)]
        return (args[0] if len(args) == 1 else annotation), len(args) < len(get_args(annotation))
    return annotation, annotation is None


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _kind(annotation: Any) -> _Kind:
    tp, _ = _field_type(annotation)
    if tp is bool:
        return "bool"
    if _is_model(tp):
        return "model"
    origin = get_origin(tp)
    if origin is list:
        (element,) = get_args(tp)
        return "other" if _is_model(element) else "list"
    if origin is dict or origin is Union or origin is types.UnionType:
        return "other"
    return "scalar"


# --------------------------------------------------------------------------------------- CSV


@dataclass(frozen=True)
class _Column:
    path: tuple[str, ...]
    kind: _Kind
    parser: CellParser | None = None


def _csv_columns(model: type[BaseModel], parsers: Mapping[str, CellParser]) -> dict[str, _Column]:
    columns: dict[str, _Column] = {}
    for name, info in model.model_fields.items():
        if name == _LINE_FIELD:
            continue
        kind = _kind(info.annotation)
        if name in parsers:
            columns[name] = _Column((name,), kind, parsers[name])
        elif kind == "model":
            sub, _ = _field_type(info.annotation)
            for sub_name, sub_info in sub.model_fields.items():
                sub_kind = _kind(sub_info.annotation)
                if sub_kind in ("scalar", "bool", "list"):
                    columns[f"{name}.{sub_name}"] = _Column((name, sub_name), sub_kind)
        elif kind in ("scalar", "bool", "list"):
            columns[name] = _Column((name,), kind)
    return columns


def csv_columns(
    model: type[BaseModel], parsers: Mapping[str, CellParser] | None = None
) -> list[str]:
    """The columns a CSV of ``model`` may have, in the model's order (what the reader accepts)."""
    return list(_csv_columns(model, parsers or {}))


def _required_columns(model: type[BaseModel]) -> list[str]:
    return [n for n, info in model.model_fields.items() if info.is_required()]


@dataclass(frozen=True)
class CsvRow:
    line: int
    cells: list[str]


def csv_rows(source: str, text: str, delimiter: str) -> Iterator[CsvRow]:
    """Rows with the line on which each starts; rows whose cells are all empty are skipped.
    A malformed row (an unclosed quote, a cell over the csv module's 128 KiB limit) is an
    InputError naming its line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield CsvRow(start, [cell.strip() for cell in cells])
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(source, f"malformed CSV: {exc}", start) from None


def _header_text(text: str) -> str:
    """The first line with a letter or digit in it: the header row ('' for an empty table)."""
    for line in text.splitlines():
        if any(char.isalnum() for char in line):
            return line
    return ""


def _delimiter(header: str) -> str:
    """Belgian Excel writes ';': a header with more ';' than ',' is read as such."""
    return ";" if header.count(";") > header.count(",") else ","


def read_csv_items(
    source: SourceText,
    model: type[M],
    cell_parsers: Mapping[str, CellParser] | None = None,
) -> list[M]:
    """Read a CSV table of items of ``model``; each item gets the line of its row."""
    header_text = _header_text(source.text)
    delimiter = _delimiter(header_text)
    rows = csv_rows(source.name, source.text, delimiter)
    header = next(rows, None) if header_text else None
    if header is None:
        raise InputError(source.name, _empty_message(model), 1)
    list_sep = ";" if delimiter == "," else "|"
    columns = _csv_columns(model, cell_parsers or {})
    names = [cell.lower() for cell in header.cells]
    _check_header(source.name, header.line, names, columns, model)
    items: list[M] = []
    for row in rows:
        if len(row.cells) > len(names):
            raise InputError(
                source.name,
                f"this row has {len(row.cells)} cells but the header has {len(names)} columns "
                f"(put a value that contains '{delimiter}' between double quotes)",
                row.line,
            )
        data = _row_data(source.name, row, names, columns, list_sep)
        item = _validate_row(source.name, row.line, model, data, columns)
        if _LINE_FIELD in model.model_fields:
            setattr(item, _LINE_FIELD, row.line)
        items.append(item)
    return items


def _empty_message(model: type[BaseModel]) -> str:
    required = ", ".join(_required_columns(model))
    return f"the file is empty; expected a header row with column names (at least: {required})"


def _check_header(
    source: str,
    line: int,
    names: list[str],
    columns: Mapping[str, _Column],
    model: type[BaseModel],
) -> None:
    seen: set[str] = set()
    for name in names:
        if not name:
            raise InputError(source, "the header has a column without a name", line)
        if name not in columns:
            raise InputError(source, f"unknown column '{name}'", line)
        if name in seen:
            raise InputError(source, f"column '{name}' appears twice in the header", line)
        seen.add(name)
    for name in _required_columns(model):
        if name not in seen:
            raise InputError(source, f"missing column '{name}' (it is required)", line)


def _row_data(
    source: str,
    row: CsvRow,
    names: list[str],
    columns: Mapping[str, _Column],
    list_sep: str,
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, cell in zip(names, row.cells, strict=False):
        if not cell:
            continue
        column = columns[name]
        try:
            value = _cell_value(column, cell, list_sep)
        except ValueError as exc:
            raise InputError(source, f"column '{name}': {exc}", row.line) from None
        target = data
        for part in column.path[:-1]:
            target = target.setdefault(part, {})
        target[column.path[-1]] = value
    return data


def _cell_value(column: _Column, cell: str, list_sep: str) -> Any:
    if column.parser is not None:
        return column.parser(cell, list_sep)
    if column.kind == "bool":
        return parse_bool(cell)
    if column.kind == "list":
        return [part.strip() for part in cell.split(list_sep) if part.strip()]
    return cell


def _validate_row(
    source: str, line: int, model: type[M], data: dict[str, Any], columns: Mapping[str, _Column]
) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(part) for part in err["loc"]]
        column = _column_of(loc, columns)
        message = _friendly(err["type"], err["msg"], err.get("input"), err.get("ctx") or {})
        where = f"column '{column}': " if column else ""
        raise InputError(source, where + message, line) from None


def _column_of(loc: list[str], columns: Mapping[str, _Column]) -> str:
    if len(loc) >= 2 and f"{loc[0]}.{loc[1]}" in columns:
        return f"{loc[0]}.{loc[1]}"
    return loc[0] if loc else ""


def _friendly(kind: str, message: str, value: Any, ctx: Mapping[str, Any]) -> str:
    shown = f"'{value}'" if isinstance(value, str) else ""
    if kind == "missing":
        return "a value is required"
    if kind == "enum" and shown:
        return f"{shown} is not one of {ctx.get('expected', '')}"
    if kind.startswith("date_") and shown:
        return f"{shown} is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31"
    if kind.startswith("datetime_") and shown:
        return (
            f"{shown} is not a date and time; write it as YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM, e.g. 2026-01-31T22:15"
        )
    if kind.startswith("int_") and shown:
        return f"{shown} is not a whole number"
    return f"{shown}: {message}" if shown else message


# -------------------------------------------------------------------------------------- YAML


def load_yaml_container(
    source: SourceText,
    container: type[M],
    allowed: Sequence[str],
    required: Sequence[str] = (),
    declared_none: set[str] | None = None,
) -> tuple[M, LineMap]:
    """Read a YAML mapping of collections into ``container``; every item gets its line.

    ``allowed`` are the top-level keys this file may hold, ``required`` those it must hold.
    With ``declared_none`` a collection may be written ``key: none`` (the user says there are
    none); it loads as an empty list and its key is added to ``declared_none``.
    """
    data, lines = load_yaml_text(source.text, source.name)
    if data is None:
        keys = ", ".join(f"'{k}:'" for k in allowed)
        raise InputError(source.name, f"the file is empty; expected a mapping with {keys}", 1)
    if not isinstance(data, dict):
        keys = ", ".join(f"'{k}:'" for k in allowed)
        raise InputError(source.name, f"expected a mapping with {keys} at the top level", 1)
    for key in data:
        if key not in allowed:
            choices = ", ".join(f"'{k}'" for k in allowed)
            raise InputError(
                source.name,
                f"unknown key '{key}' (this file may hold: {choices})",
                lines.get((key,)),
            )
    for key in required:
        if key not in data:
            raise InputError(source.name, f"missing required key '{key}'", 1)
    if declared_none is not None:
        for key, value in list(data.items()):
            if isinstance(value, str) and value.strip().lower() == "none":
                data[key] = []
                declared_none.add(key)
    prepared = _prepare(container, data, (), lines, source.name)
    try:
        loaded = container.model_validate(prepared)
    except ValidationError as exc:
        raise _yaml_error(exc, lines, source.name) from None
    for name in allowed:
        for index, item in enumerate(getattr(loaded, name)):
            if _LINE_FIELD in type(item).model_fields:
                setattr(item, _LINE_FIELD, lines.get((name, index)))
    return loaded, lines


def _yaml_error(exc: ValidationError, lines: LineMap, source: str) -> InputError:
    """The first validation error, with its line; dates and numbers get a plain message."""
    error = error_from_validation(exc, lines, source)
    err = exc.errors()[0]
    value = err.get("input")
    if isinstance(value, str) and err["type"].startswith(("date_", "datetime_", "int_", "enum")):
        key = ".".join(str(part) for part in err["loc"])
        message = _friendly(err["type"], err["msg"], value, err.get("ctx") or {})
        return InputError(source, f"{key}: {message}", error.line)
    return error


def _prepare(
    model: type[BaseModel],
    data: dict[str, Any],
    path: tuple[str | int, ...],
    lines: LineMap,
    source: str,
) -> dict[str, Any]:
    """Make YAML values fit the model the way a person means them.

    Strings are trimmed; an empty value means "not set"; a number or date in a text field is read
    as text; a single value where a list is expected is a list of one. Unknown keys are left for
    validation, which refuses them with their line; ``line`` is refused here.
    """
    result: dict[str, Any] = {}
    for key, value in data.items():
        info = model.model_fields.get(key)
        if key == _LINE_FIELD and info is not None:
            raise InputError(source, f"unknown key '{key}'", lines.get((*path, key)))
        if info is None:
            result[key] = value
            continue
        prepared = _prepare_value(info.annotation, value, (*path, key), lines, source)
        if prepared is not None or _field_type(info.annotation)[1]:
            result[key] = prepared
    return result


def _prepare_value(
    annotation: Any, value: Any, path: tuple[str | int, ...], lines: LineMap, source: str
) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
    tp, _ = _field_type(annotation)
    if _is_model(tp) and isinstance(value, dict):
        return _prepare(tp, value, path, lines, source)
    if get_origin(tp) is list:
        (element,) = get_args(tp)
        if value is None:
            return None
        items = value if isinstance(value, list) else [value]
        prepared = [
            _prepare_value(element, item, (*path, i), lines, source) for i, item in enumerate(items)
        ]
        if _is_model(element):  # keep positions: each item's line is looked up by its index
            return prepared
        return [item for item in prepared if item is not None]
    if tp is bool and isinstance(value, str):
        try:
            return parse_bool(value)
        except ValueError as exc:
            where = ".".join(str(part) for part in path)
            raise InputError(source, f"{where}: {exc}", lines.get(path)) from None
    if tp is str and isinstance(value, int | float | date) and not isinstance(value, bool):
        return value.isoformat() if isinstance(value, date) else str(value)
    return value
