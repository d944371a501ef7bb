"""Load a snapshot as ``snapshot_to_json`` writes it, its long lists a piece at a time.

pydantic parses a whole JSON text into a tree of its own before it builds the models: for a
200 000-user snapshot (430 MB) that tree, the text and the models together need about 3 GB. In
the layout ``snapshot_to_json`` writes (one-space indentation, a value per line) a section's
long list is easy to find: its items lie between the line ``  "users": [`` and the next line
``  ]``, and an item ends with a line ``   },`` followed by ``   {``. ``pieces_snapshot`` parses
the snapshot with those lists empty, then each list in pieces of about 4 MB, and puts the items
in place; the tree is then never larger than one piece.

Nothing here decides whether the result may be used: text that is not in that layout, or a
piece that does not validate, gives None (the caller parses the whole text, which names the
error), and the caller keeps the result only when it saves to the very same text
(``pipeline.load_snapshot``), which also proves that it is what the whole parse would give.

The loaded items of a list share one ``__pydantic_fields_set__`` (the set of the fields given,
which pydantic makes anew for every model: 2 kB for a user, a third of the snapshot's memory):
every item of a saved snapshot names every field, so the shared set holds them all, and a later
assignment to a field (which adds the field's name) changes nothing.
"""

from __future__ import annotations

import functools
import hashlib
import typing
from collections.abc import Iterator

from pydantic import BaseModel, TypeAdapter, ValidationError

from kszcheck.model.jsontext import has_escapes
from kszcheck.model.snapshot import (
    SNAPSHOT_SCHEMA_VERSION,
    Snapshot,
    paused_gc,
    snapshot_to_json,
)

__all__ = ["pieces_snapshot", "saved_sha256"]

#: Characters of list text validated at once (the parse tree of a piece is a few times larger).
PIECE = 1 << 22
#: A list shorter than this is parsed with the rest of the snapshot.
LONG_LIST = 1 << 16

#: Items of a list saved at once by ``saved_sha256``.
SAVED_ITEMS = 2000

_ITEM_END = "\n   },\n   {\n"  # the end of one item of a section's list and the start of the next


def pieces_snapshot(text: str, long_list: int = LONG_LIST) -> Snapshot | None:
    """The snapshot in ``text``, its lists of ``long_list`` characters or more parsed in pieces;
    None when the text is not in the layout ``snapshot_to_json`` writes or does not validate."""
    if not (text.startswith('{\n "schema_version": ') and text.endswith("\n}\n")):
        return None
    if has_escapes(text):  # a lone surrogate is refused by the whole parse, with its line
        return None
    shell: list[str] = []  # the text with the long lists left empty
    lists: list[tuple[str, str, int, int]] = []  # section, field, where the items start and end
    done = 0
    for section, name, begin, end in _lists(text):
        if end - begin >= long_list:
            shell += (text[done : begin - 1], "]")  # '"users": [' becomes '"users": []'
            done = end + len("\n  ]")
            lists.append((section, name, begin, end))
    shell.append(text[done:])
    try:
        with paused_gc():
            snapshot = Snapshot.model_validate_json("".join(shell))
            del shell
            if (
                "schema_version" not in snapshot.model_fields_set
                or snapshot.schema_version != SNAPSHOT_SCHEMA_VERSION
            ):
                return None
            for section, name, begin, end in lists:
                part = getattr(snapshot, section)
                if getattr(part, name) != []:
                    return None
                setattr(part, name, _items(text, _item_type(type(part), name), begin, end))
    except ValidationError:
        return None
    return snapshot


def saved_sha256(snapshot: Snapshot) -> str:
    """``Snapshot.content_hash`` (the SHA-256 of ``snapshot_to_json``), with the sections' long
    lists saved ``SAVED_ITEMS`` items at a time: the whole saved text (and pydantic's copy of
    it while it makes the string) is never in memory.

    The snapshot is saved with those lists empty; each ``"name": []`` is then hashed as the
    list is saved in its place: the list's own JSON, one level deeper (two more spaces on every
    line: a JSON string holds no line break)."""
    updates: dict[str, BaseModel] = {}
    lists: list[tuple[str, str, list[BaseModel]]] = []
    for section, model in _sections():
        part = getattr(snapshot, section)
        long = [name for name in _list_fields(model) if len(getattr(part, name)) > SAVED_ITEMS]
        if long:
            updates[section] = part.model_copy(update={name: [] for name in long})
            lists += [(section, name, getattr(part, name)) for name in long]
    shell = snapshot_to_json(snapshot.model_copy(update=updates))
    digest = hashlib.sha256()
    done = 0
    for section, name, items in lists:
        key = f'\n  "{name}": []'
        at = shell.find(key, max(done, shell.find(f'\n "{section}": {{\n')))
        digest.update(shell[done : at + len(key) - 1].encode("utf-8"))  # up to the '['
        adapter = _adapter(type(items[0]))
        for start in range(0, len(items), SAVED_ITEMS):
            saved = adapter.dump_json(items[start : start + SAVED_ITEMS], indent=1)
            digest.update(b",\n  " if start else b"\n  ")
            digest.update(saved[2:-2].replace(b"\n", b"\n  "))  # without '[\n' and '\n]'
        digest.update(b"\n  ]")
        done = at + len(key)
    digest.update(shell[done:].encode("utf-8"))
    return digest.hexdigest()


def _lists(text: str) -> Iterator[tuple[str, str, int, int]]:
    """(section, field, start, end of the items) of every non-empty list of models in the
    snapshot's sections, in the order they are saved."""
    at = 0
    for section, model in _sections():
        head = text.find(f'\n "{section}": {{\n', at)
        if head < 0:
            continue
        close = text.find("\n }", head)
        at = head
        for name in _list_fields(model):
            key = text.find(f'\n  "{name}": [\n', at, close)
            if key < 0:
                continue
            begin = key + len(f'\n  "{name}": [\n')
            end = text.find("\n  ]", begin, close)
            if end < 0:
                return
            yield section, name, begin, end
            at = end


def _items(text: str, item: type[BaseModel], begin: int, end: int) -> list[BaseModel]:
    """The items of the list text[begin:end], validated a piece at a time."""
    adapter = _adapter(item)
    shared = set(item.model_fields)
    items: list[BaseModel] = []
    start = begin
    while start < end:
        cut = text.find(_ITEM_END, min(start + PIECE, end), end)
        stop = end if cut < 0 else cut + len("\n   }")
        piece = adapter.validate_json("[" + text[start:stop] + "]")
        for model in piece:
            if model.__pydantic_fields_set__ == shared:
                object.__setattr__(model, "__pydantic_fields_set__", shared)
        items += piece
        start = end if cut < 0 else cut + len("\n   },\n")
    return items


@functools.cache
def _adapter(item: type[BaseModel]) -> TypeAdapter[list[BaseModel]]:
    return TypeAdapter(list[item])  # type: ignore[valid-type]


@functools.cache
def _sections() -> tuple[tuple[str, type[BaseModel]], ...]:
    """The snapshot's fields that are models (directory, network, ...), in the saved order."""
    found = []
    for name, field in Snapshot.model_fields.items():
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            found.append((name, kind))
    return tuple(found)


@functools.cache
def _list_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` that are plain lists of models (no validator or constraint of
    their own), in the saved order."""
    return tuple(
        name
        for name, field in model.model_fields.items()
        if not field.metadata and _list_item(field.annotation) is not None
    )


def _item_type(model: type[BaseModel], name: str) -> type[BaseModel]:
    item = _list_item(model.model_fields[name].annotation)
    assert item is not None  # _list_fields chose it
    return item


def _list_item(kind: object) -> type[BaseModel] | None:
    if typing.get_origin(kind) is not list:
        return None
    (item,) = typing.get_args(kind)
    return item if isinstance(item, type) and issubclass(item, BaseModel) else None
