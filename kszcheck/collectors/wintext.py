"""Decode text files written by Windows tools: UTF-16LE with BOM (secedit, Out-File in
Windows PowerShell 5.1), UTF-8 with or without BOM (Export-Csv -Encoding UTF8), or the ANSI
code page (Windows-1252) as a last resort."""

from __future__ import annotations

import codecs

__all__ = ["decode_windows_text"]


def decode_windows_text(data: bytes) -> str:
    """The text of a file, by its byte-order mark; without one, UTF-16LE when it looks like it
    (every second byte zero), else UTF-8, else Windows-1252. Line ends are kept."""
    if data.startswith(codecs.BOM_UTF16_LE):
        return data[2:].decode("utf-16-le", errors="replace")
    if data.startswith(codecs.BOM_UTF16_BE):
        return data[2:].decode("utf-16-be", errors="replace")
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    sample = data[:200]
    if len(sample) >= 4 and sample[1::2].count(0) >= len(sample[1::2]) * 0.9:
        return data.decode("utf-16-le", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
