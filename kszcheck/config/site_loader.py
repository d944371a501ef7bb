"""Load and validate ``site.yaml``."""

from __future__ import annotations

from pathlib import Path

from kszcheck.config.files import read_text
from kszcheck.model.errors import InputError
from kszcheck.model.site import SiteProfile
from kszcheck.model.yamlsource import load_yaml_text, validate_with_lines

__all__ = ["load_site"]


def load_site(path: Path) -> SiteProfile:
    """Read a site profile; every error names the file, the line and what is wrong."""
    if path.is_dir():
        path = path / "site.yaml"
    text = read_text(path)
    data, lines = load_yaml_text(text, str(path))
    if not isinstance(data, dict):
        raise InputError(path, "a site profile is a YAML mapping (name:, zones:, sources:, …)", 1)
    return validate_with_lines(SiteProfile, data, lines, str(path))
