"""Where kszcheck's files live: the shipped data (inside the installed package, or in the source
tree) and the user's own data folder (the default history of each site).

    example_dir()          the example administration that ``kszcheck demo`` scans
    user_data_dir()        kszcheck's folder in the user's data folder: on Windows
                           %LOCALAPPDATA%\\kszcheck; elsewhere $XDG_DATA_HOME/kszcheck, by default
                           ~/.local/share/kszcheck (macOS: ~/Library/Application Support/kszcheck)
    site_slug(name)        a site's name as a folder name ("Gemeente en OCMW Voorbeeld" ->
                           "gemeente-en-ocmw-voorbeeld")
    site_data_dir(name)    the folder of one site in the user's data folder (its history)
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from pathlib import Path

from kszcheck.model.errors import InputError

__all__ = ["example_dir", "site_data_dir", "site_slug", "user_data_dir"]


def example_dir() -> Path:
    """The example administration that ``kszcheck demo`` scans."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_data" / "example", package.parent / "inventories" / "example"):
        if (candidate / "site.yaml").is_file():
            return candidate
    raise InputError(package, "the example administration is not installed")


def user_data_dir() -> Path:
    """kszcheck's folder in the user's data folder (not created here)."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "kszcheck"
    xdg = os.environ.get("XDG_DATA_HOME", "")
    if os.path.isabs(xdg):  # the XDG base directory rule: a relative XDG_DATA_HOME is ignored
        return Path(xdg) / "kszcheck"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "kszcheck"
    return Path.home() / ".local" / "share" / "kszcheck"


def site_slug(name: str) -> str:
    """The site's name in lower case, runs of other characters as '-' ("site" when empty)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "site"


def site_data_dir(name: str) -> Path:
    """The folder of the site ``name`` in the user's data folder: ``sites/<slug>``."""
    return user_data_dir() / "sites" / site_slug(name)
