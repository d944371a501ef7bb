"""Load and validate a waiver file."""

from __future__ import annotations

from pathlib import Path

from kszcheck.config.files import read_text
from kszcheck.model.errors import InputError
from kszcheck.model.waivers import Waiver, WaiverFile
from kszcheck.model.yamlsource import load_yaml_text, validate_with_lines

__all__ = ["load_waivers"]


def load_waivers(path: Path) -> list[Waiver]:
    text = read_text(path)
    data, lines = load_yaml_text(text, str(path))
    if data is None:
        return []
    if not isinstance(data, dict):
        raise InputError(path, "a waiver file is a YAML mapping with a 'waivers:' list", 1)
    return validate_with_lines(WaiverFile, data, lines, str(path)).waivers
