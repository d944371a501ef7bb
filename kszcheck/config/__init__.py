"""Reading the site profile and the waiver file: file I/O plus validation with line numbers."""

from kszcheck.config.site_loader import load_site, profile_path, site_waiver_file
from kszcheck.config.waiver_loader import load_waivers

__all__ = ["load_site", "load_waivers", "profile_path", "site_waiver_file"]
