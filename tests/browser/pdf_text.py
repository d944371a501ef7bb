"""Read a PDF with poppler-utils (pdfinfo, pdftotext, pdffonts): its page count, the text of
each page, its fonts. Skips without poppler-utils, except on CI (.ci/run installs it)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

__all__ = ["fonts", "page_count", "pages_text", "require_poppler"]


def require_poppler() -> None:
    if all(shutil.which(tool) for tool in ("pdfinfo", "pdftotext", "pdffonts")):
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("poppler-utils is not installed, and CI must run the PDF tests (.ci/run)")
    pytest.skip("poppler-utils is not installed (pdfinfo, pdftotext, pdffonts)")


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=120).stdout


def page_count(pdf: Path) -> int:
    found = re.search(r"^Pages:\s+(\d+)$", _run("pdfinfo", str(pdf)), re.MULTILINE)
    assert found, "pdfinfo gave no page count"
    return int(found.group(1))


def pages_text(pdf: Path, *, layout: bool = False) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed): in the order of the
    PDF's content (a table cell's lines stay together), or laid out as on the page."""
    mode = "-layout" if layout else "-raw"
    pages = _run("pdftotext", mode, str(pdf), "-").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(name, embedded) of every font of the PDF."""
    lines = _run("pdffonts", str(pdf)).splitlines()[2:]
    out = []
    for line in lines:
        parts = line.split()
        # name type [encoding…] emb sub uni object-id generation: emb is the 5th field from the end
        out.append((parts[0], parts[-5] == "yes"))
    return out
