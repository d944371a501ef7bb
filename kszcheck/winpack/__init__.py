"""The Windows pack: a PowerShell script (Windows PowerShell 5.1) shipped with kszcheck."""

from __future__ import annotations

from importlib.resources import files

__all__ = ["SCRIPT_NAME", "script_text"]

SCRIPT_NAME = "kszcheck-windows-pack.ps1"


def script_text() -> str:
    """The script as it is written to a file: with a byte-order mark and CRLF line ends, so
    that Windows PowerShell 5.1 reads it as UTF-8 (without a BOM it assumes the ANSI code
    page)."""
    text = (files(__package__) / SCRIPT_NAME).read_text(encoding="utf-8")
    return "\ufeff" + text.replace("\r\n", "\n").replace("\n", "\r\n")
