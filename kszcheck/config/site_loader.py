"""Load and validate ``site.yaml``."""

from __future__ import annotations

from pathlib import Path

from kszcheck.config.files import read_text
from kszcheck.model.errors import InputError
from kszcheck.model.site import SiteProfile
from kszcheck.model.yamlsource import load_yaml_text, validate_with_lines

__all__ = ["load_site", "profile_path", "site_waiver_file"]


def profile_path(path: Path) -> Path:
    """A site profile is given as its file or as its folder (holding ``site.yaml``)."""
    return path / "site.yaml" if path.is_dir() else path


def site_waiver_file(site: SiteProfile, profile: Path) -> Path | None:
    """The waiver file named by the site profile, relative to the profile's folder."""
    if not site.waivers:
        return None
    waivers = Path(site.waivers)
    return waivers if waivers.is_absolute() else profile.parent / waivers


def load_site(path: Path) -> SiteProfile:
    """Read a site profile; every error names the file, the line and what is wrong."""
    path = profile_path(path)
    text = read_text(path)
    data, lines = load_yaml_text(text, str(path))
    if not isinstance(data, dict):
        raise InputError(path, "a site profile is a YAML mapping (name:, zones:, sources:, …)", 1)
    return validate_with_lines(SiteProfile, data, lines, str(path))
