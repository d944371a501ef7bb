"""End of support of an operating system, from the shipped data file ``os_lifecycle.yaml``
(Microsoft Lifecycle dates, compiled on the date in the file; no network at run time)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

from kszcheck.model.yamlsource import load_package_yaml

__all__ = ["Lifecycle", "end_of_support", "lifecycle_as_of"]

_BUILD = re.compile(r"\((\d+)\)")
_WORD = re.compile(r"[a-z0-9.]+")


@dataclass(frozen=True)
class Lifecycle:
    product: str
    end: date
    source: str


@dataclass(frozen=True)
class _Entry:
    product: str
    match: tuple[str, ...]
    exclude: tuple[str, ...]
    build: int | None
    editions: tuple[str, ...]
    end: date
    source: str


@cache
def _data() -> tuple[date, tuple[_Entry, ...]]:
    raw = load_package_yaml((files(__package__) / "os_lifecycle.yaml").read_text(encoding="utf-8"))
    entries = tuple(
        _Entry(
            product=str(e["product"]),
            match=tuple(str(w).lower() for w in e["match"]),
            exclude=tuple(str(w).lower() for w in e.get("not", [])),
            build=int(e["build"]) if "build" in e else None,
            editions=tuple(str(w).lower() for w in e.get("editions", [])),
            end=e["end"],
            source=str(e["source"]),
        )
        for e in raw["entries"]
    )
    return raw["as_of"], entries


def lifecycle_as_of() -> date:
    """The date the shipped lifecycle data was compiled."""
    return _data()[0]


def end_of_support(operating_system: str, version: str = "") -> Lifecycle | None:
    """The first entry whose words all occur in ``operatingSystem`` (and whose build and
    edition fit ``operatingSystemVersion``), or None when the system is not in the data."""
    words = set(_WORD.findall(operating_system.lower()))
    found = _BUILD.search(version)
    build = int(found.group(1)) if found else None
    for entry in _data()[1]:
        if not all(w in words for w in entry.match) or any(w in words for w in entry.exclude):
            continue
        if entry.build is not None and entry.build != build:
            continue
        if entry.editions and not any(w in words for w in entry.editions):
            continue
        return Lifecycle(entry.product, entry.end, entry.source)
    return None
