"""Where the shipped data lives: inside the installed package, or in the source tree."""

from __future__ import annotations

from pathlib import Path

from kszcheck.model.errors import InputError

__all__ = ["example_dir"]


def example_dir() -> Path:
    """The example administration that ``kszcheck demo`` scans."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_data" / "example", package.parent / "inventories" / "example"):
        if (candidate / "site.yaml").is_file():
            return candidate
    raise InputError(package, "the example administration is not installed")
