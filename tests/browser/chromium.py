"""Drive Debian's headless Chromium from tests: dump the DOM, take a screenshot, read the console.

Console messages (errors, CSP violations) are read from Chromium's own log on stderr
(``--enable-logging=stderr --v=0`` writes them as ``…:CONSOLE:…`` lines).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from kszcheck.report.pdf import CHROMIUM_FLAGS

#: The report's own closed-network flags (kszcheck.report.pdf), plus Chromium's log on stderr.
FLAGS = (*CHROMIUM_FLAGS, "--enable-logging=stderr", "--v=0")
TIMEOUT_SECONDS = 180


def find_chromium() -> str:
    """The Chromium binary; skips the test without one, except on CI, where it must be there."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("chromium is not installed, and CI must run the browser tests (.ci/run)")
    pytest.skip("chromium is not installed (Debian package 'chromium')")


@dataclass(frozen=True)
class Page:
    dom: str
    console: list[str]


def run(binary: str, page: Path, *extra: str) -> tuple[str, list[str]]:
    with tempfile.TemporaryDirectory(prefix="kszcheck-chromium-") as profile:
        result = subprocess.run(
            [binary, *FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    console = [
        line
        for line in result.stderr.splitlines()
        if ":CONSOLE" in line and not _from_browser_ui(line)
    ]
    return result.stdout, console


def load(binary: str, page: Path) -> Page:
    dom, console = run(binary, page, "--dump-dom")
    return Page(dom, console)


def screenshot(binary: str, page: Path, target: Path, size: str = "1200,1600") -> list[str]:
    _, console = run(binary, page, f"--screenshot={target}", f"--window-size={size}")
    assert target.is_file(), "chromium wrote no screenshot"
    return console


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and the rows of RGB(A) bytes of an 8-bit PNG (what Chromium writes)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6), f"unsupported PNG (depth {depth}, {colour})"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[x] = (line[x] + pred) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def dark_share(path: Path, rows_limit: int) -> float:
    """The share of pixels in the first rows that are clearly not background (text, borders)."""
    width, height, rows = png_pixels(path)
    channels = len(rows[0]) // width
    dark = total = 0
    for row in rows[: min(rows_limit, height)]:
        for x in range(0, len(row), channels):
            total += 1
            if sum(row[x : x + 3]) < 3 * 160:
                dark += 1
    return dark / total


def _from_browser_ui(line: str) -> bool:
    """Chromium's own UI pages (chrome://…) log to the console too; they are not the report's."""
    return bool(re.search(r"source: chrome://\S*", line))
