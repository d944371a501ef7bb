"""Excel workbooks (openpyxl): the questionnaire with one row per question.

Every cell is written as text (the cell type is a string, never a formula), and a text that
starts like a formula gets the apostrophe of :func:`kszcheck.report.csv_.spreadsheet_cell`, so
that a value such as ``=HYPERLINK(…)`` from the directory stays text even when someone edits the
cell in Excel.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from kszcheck.documents.questionnaire import Questionnaire
from kszcheck.report.csv_ import spreadsheet_cell

__all__ = ["questionnaire_xlsx", "write_rows"]

#: Column widths (characters) of the questions sheet, by column.
_WIDTHS = (10, 30, 12, 60, 22, 50, 90, 60, 40)


def write_rows(sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A header row in bold, then the rows; every cell a literal text."""
    for row_number, row in enumerate([header, *rows], start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            cell.value = spreadsheet_cell(value)
            cell.data_type = "s"  # text, even if it still looked like a formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if row_number == 1:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def questionnaire_xlsx(q: Questionnaire) -> bytes:
    """The questionnaire as a workbook: the questions sheet (one row per question, with a column
    for the consultant's comment) and a sheet about the run it rests on."""
    t = q.text
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = t("documents.questionnaire.sheet_questions")[:31]
    header = [
        t(f"documents.questionnaire.col_{name}")
        for name in (
            "chapter",
            "chapter_title",
            "requirement",
            "question",
            "answer",
            "reason",
            "evidence",
            "needed",
            "comment",
        )
    ]
    rows = [
        [
            chapter.id,
            chapter.title,
            question.requirement_id,
            question.text,
            question.answer_label,
            question.reason,
            "\n".join(e.text for e in question.evidence),
            question.needed,
            "",
        ]
        for chapter in q.chapters
        for question in chapter.questions
    ]
    write_rows(sheet, header, rows)
    for index, width in enumerate(_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    about = book.create_sheet(t("documents.questionnaire.sheet_about")[:31])
    write_rows(
        about,
        [t("documents.questionnaire.col_item"), t("documents.questionnaire.col_value")],
        [
            [t("documents.questionnaire.site"), q.site_name],
            [t("documents.questionnaire.organisations"), ", ".join(q.organisations)],
            [t("documents.questionnaire.norm"), f"{q.norm_title} ({q.norm_version})"],
            [t("documents.questionnaire.evaluated"), q.evaluated_at.isoformat(timespec="minutes")],
            [t("documents.questionnaire.snapshot"), q.snapshot_hash],
            [
                "kszcheck",
                t(
                    "documents.questionnaire.made_by",
                    version=q.tool_version,
                    catalogue=q.catalogue_version,
                ),
            ],
            *[[t(f"documents.answer.{a.value}"), str(n)] for a, n in q.counts().items()],
        ],
    )
    about.column_dimensions["A"].width = 30
    about.column_dimensions["B"].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
