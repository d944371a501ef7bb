"""Print the HTML report to PDF with headless Chromium (Debian package ``chromium``).

Chromium is found at ``$KSZCHECK_CHROMIUM``, else ``/usr/bin/chromium``, else ``chromium`` or
``chromium-browser`` on the PATH. It runs without network features, with a fresh temporary
profile, for at most ``timeout`` seconds; on a timeout or a failure its process group is stopped
by its process id, and the error says what went wrong in one line.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from kszcheck.model.errors import KszError
from kszcheck.model.results import Assessment
from kszcheck.report.html import render_html

__all__ = [
    "CHROMIUM_ENV",
    "CHROMIUM_FLAGS",
    "PDF_TIMEOUT_SECONDS",
    "PdfError",
    "find_chromium",
    "html_to_pdf",
    "render_pdf",
]

#: Environment variable naming the Chromium binary to print with.
CHROMIUM_ENV = "KSZCHECK_CHROMIUM"
DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
#: How long one print may take before Chromium is stopped.
PDF_TIMEOUT_SECONDS = 120.0

#: No network, no updates, no first-run dialogs, no GPU: a printer, nothing else.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--no-pdf-header-footer",
)


class PdfError(KszError):
    """The PDF could not be made: Chromium is missing, failed or took too long."""


def find_chromium(configured: str | None = None) -> Path:
    """The Chromium binary: ``configured``, ``$KSZCHECK_CHROMIUM``, /usr/bin/chromium, or
    chromium / chromium-browser on the PATH; a PdfError names what was looked for."""
    wanted = configured or os.environ.get(CHROMIUM_ENV, "")
    if wanted:
        path = Path(wanted)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        origin = "configured" if configured else f"${CHROMIUM_ENV}"
        raise PdfError(f"{origin} names {wanted}, which is not an executable file")
    if DEFAULT_CHROMIUM.is_file() and os.access(DEFAULT_CHROMIUM, os.X_OK):
        return DEFAULT_CHROMIUM
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return Path(found)
    raise PdfError(
        f"PDF needs Chromium: neither {DEFAULT_CHROMIUM} nor chromium/chromium-browser on the "
        f"PATH was found (install the Debian package 'chromium', or set ${CHROMIUM_ENV})"
    )


def html_to_pdf(
    html: str,
    *,
    binary: Path | None = None,
    timeout: float = PDF_TIMEOUT_SECONDS,
) -> bytes:
    """The PDF of a self-contained HTML document, printed by headless Chromium (A4, the page
    size and margins come from the document's @page rule)."""
    chromium = binary or find_chromium()
    with tempfile.TemporaryDirectory(prefix="kszcheck-pdf-") as work:
        folder = Path(work)
        page = folder / "report.html"
        page.write_text(html, encoding="utf-8")
        target = folder / "report.pdf"
        profile = folder / "profile"
        profile.mkdir()
        command = [
            str(chromium),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={target}",
            page.as_uri(),
        ]
        stderr = _run(command, folder, timeout)
        if not target.is_file() or target.stat().st_size == 0:
            last = _last_line(stderr)
            raise PdfError(f"{chromium} wrote no PDF" + (f": {last}" if last else ""))
        data = target.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise PdfError(f"{chromium} wrote a file that is not a PDF")
    return data


def _run(command: list[str], folder: Path, timeout: float) -> str:
    """Run Chromium in its own process group; stop that group (by the process id) when it
    fails or runs too long. Returns its stderr."""
    log = folder / "chromium.log"
    with log.open("wb") as err:
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
                cwd=folder,
                start_new_session=True,
                env={**os.environ, "HOME": str(folder)},
            )
        except OSError as exc:
            raise PdfError(f"cannot start {command[0]}: {exc.strerror or exc}") from None
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise PdfError(
                f"{command[0]} did not finish the PDF within {timeout:g} s and was stopped"
            ) from None
        except BaseException:
            _stop(process)
            raise
        _stop(process)  # helpers it may have left behind in its group
    text = log.read_text(encoding="utf-8", errors="replace")
    if code != 0:
        last = _last_line(text)
        raise PdfError(f"{command[0]} failed (exit {code})" + (f": {last}" if last else ""))
    return text


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill the process group that Chromium leads (its id is the group's), then reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def render_pdf(assessment: Assessment, lang: str = "nl") -> bytes:
    """The report of one assessment as a PDF (A4), in the given language."""
    return html_to_pdf(render_html(assessment, lang))
