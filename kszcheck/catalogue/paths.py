"""Where the shipped rule catalogue is: one answer for the rule loader and the norm loader."""

from __future__ import annotations

from pathlib import Path

from kszcheck.model.errors import InputError

__all__ = ["default_rules_dir"]


def default_rules_dir() -> Path:
    """The catalogue shipped with kszcheck: inside the installed package, or the source tree."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_data" / "rules", package.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise InputError(package, "the rule catalogue is not installed (no rules/ directory found)")
