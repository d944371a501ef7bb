"""A read-only view of a SYSVOL tree: a local copy (a folder) or a share on a domain
controller. Names are matched without regard to case, as Windows does (Samba writes
``MACHINE``, the Group Policy editor ``Machine``)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

__all__ = ["FolderTree", "SysvolTree"]


class SysvolTree(Protocol):
    def children(self, parts: tuple[str, ...]) -> list[tuple[str, bool]]:
        """(name, is a folder) of the entries of a folder ('' = the root)."""
        ...

    def read(self, parts: tuple[str, ...]) -> bytes: ...

    def describe(self, parts: tuple[str, ...]) -> str:
        """A path for evidence and errors."""
        ...


class FolderTree:
    """A SYSVOL copy on disk."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, parts: tuple[str, ...]) -> Path:
        return self.root.joinpath(*parts)

    def children(self, parts: tuple[str, ...]) -> list[tuple[str, bool]]:
        return sorted((p.name, p.is_dir()) for p in self._path(parts).iterdir())

    def read(self, parts: tuple[str, ...]) -> bytes:
        return self._path(parts).read_bytes()

    def describe(self, parts: tuple[str, ...]) -> str:
        return str(self._path(parts))


def find(tree: SysvolTree, base: tuple[str, ...], *names: str) -> tuple[str, ...] | None:
    """The path below ``base`` whose parts equal ``names`` ignoring case, or None."""
    current = base
    for name in names:
        match = next((n for n, _ in tree.children(current) if n.lower() == name.lower()), None)
        if match is None:
            return None
        current = (*current, match)
    return current
