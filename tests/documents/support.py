"""Reading the generated documents back: the texts of a Word document and its question tables,
the rows of a workbook; an example run evaluated in-process; the hostile values."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import docx
from openpyxl import load_workbook

from kszcheck import pipeline
from kszcheck.model.results import Assessment
from tests.support import ROOT

#: The evaluation time of the example runs: GEN-3's evidence (2025-09-15) has expired by then.
NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)

#: Hostile values (markup, formulas, control and invisible characters, 10 kB), kept here.
PAYLOADS: dict[str, str] = json.loads(
    (ROOT / "tests" / "fixtures" / "hostile" / "payloads.json").read_text("utf-8")
)


def evaluate(site: Path, now: datetime = NOW) -> Assessment:
    run = pipeline.collect(site, now)
    return pipeline.evaluate_snapshot(run.site, run.site_file, run.snapshot, now)


def word_texts(data: bytes) -> list[str]:
    """Every paragraph of the document, in the body and in its tables, in order."""
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.extend(p.text for p in cell.paragraphs)
    return texts


def word_tables(data: bytes) -> list[list[list[str]]]:
    """Every table as rows of cell texts (a cell's paragraphs joined by a line break)."""
    document = docx.Document(io.BytesIO(data))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def sheet_rows(data: bytes, index: int = 0) -> list[list[str]]:
    """The rows of one sheet as texts; every cell must be a text cell."""
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[index]
    rows: list[list[str]] = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type == "s" or cell.value is None, (cell.coordinate, cell.value)
        rows.append(["" if c.value is None else str(c.value) for c in row])
    return rows
