"""The generated Word and Excel files open in a real office suite: LibreOffice (headless)
converts them to PDF. Needs ``soffice`` (libreoffice-writer-nogui and libreoffice-calc-nogui in
.ci/run); without it the test is skipped, and with CI=true it fails."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from kszcheck.catalogue import load_catalogue
from kszcheck.catalogue.norms import load_norms
from kszcheck.documents import (
    annual_docx,
    build_annual_report,
    build_questionnaire,
    questionnaire_docx,
    questionnaire_xlsx,
)
from kszcheck.history import open_history, record_run
from tests.documents.support import evaluate
from tests.support import EXAMPLE, require_peer


def convert_to_pdf(folder: Path, *files: Path) -> list[Path]:
    """The files converted to PDF by one headless LibreOffice with a profile of its own."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require_peer(None if soffice else "LibreOffice (soffice) is not installed", "the test")
    assert soffice is not None
    profile = (folder / "profile").as_uri()
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "pdf"),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return [folder / "pdf" / f"{f.stem}.pdf" for f in files]


def pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))


def test_questionnaires_and_annual_report_render_in_libreoffice(tmp_path: Path) -> None:
    assessment = evaluate(EXAMPLE)
    model = build_questionnaire(assessment, "ksz-mn", "fr", load_norms())
    word = tmp_path / "questionnaire.docx"
    word.write_bytes(questionnaire_docx(model))
    book = tmp_path / "questionnaire-sheet.xlsx"
    book.write_bytes(questionnaire_xlsx(model))
    with open_history(tmp_path / "history.sqlite") as store:
        record_run(store, assessment, assessment.evaluated_at)
        report = build_annual_report(
            store, assessment.site_name, None, "nl", load_catalogue().rules, {}
        )
    annual = tmp_path / "annual.docx"
    annual.write_bytes(annual_docx(report))
    word_pdf, book_pdf, annual_pdf = convert_to_pdf(tmp_path, word, book, annual)
    for pdf in (word_pdf, book_pdf, annual_pdf):
        assert pdf.read_bytes().startswith(b"%PDF-"), pdf
    assert pages(annual_pdf) >= 3
    # one table per question: the Word document runs to many pages
    assert pages(word_pdf) >= len(model.questions) // 6
    assert pages(book_pdf) >= 1
