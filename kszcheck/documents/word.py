"""Word documents (python-docx): a house template's styles, headings, paragraphs and tables, and
the questionnaire as a Word document.

A house template (``--template house.docx``) is any Word document: its body is emptied and its
styles, page set-up, headers and footers are kept; the document is written with the styles
"Title", "Heading 1", "Heading 2", "Table Grid" and "List Bullet" where the template has them
(else Word's defaults). Every text is put in as a run of literal text: nothing in it is read as a
field, a hyperlink or markup.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table, _Cell

from kszcheck.documents.questionnaire import Question, Questionnaire
from kszcheck.model.errors import InputError

__all__ = ["LABEL_VALUE", "Word", "questionnaire_docx"]

#: The widths (cm) of a two-column table of labels and values.
LABEL_VALUE = (4.5, 11.5)


class Word:
    """One Word document being written, on the default template or a house template."""

    def __init__(self, template: Path | None, title: str, language_tag: str) -> None:
        self.doc: Document = _open(template)
        if template is not None:
            body = self.doc.element.body
            for child in list(body):
                if child.tag != qn("w:sectPr"):
                    body.remove(child)
        self.styles = {style.name for style in self.doc.styles}
        properties = self.doc.core_properties
        properties.title = title
        properties.language = language_tag
        properties.author = "kszcheck"
        properties.comments = ""
        properties.keywords = ""
        properties.subject = ""

    def _style(self, name: str) -> str | None:
        return name if name in self.styles else None

    def title(self, text: str) -> None:
        if self._style("Title"):
            self.doc.add_paragraph(text, style="Title")
        else:
            self.doc.add_heading(text, level=0)

    def heading(self, text: str, level: int) -> None:
        style = self._style(f"Heading {level}")
        if style:
            self.doc.add_paragraph(text, style=style)
        else:
            self.doc.add_paragraph().add_run(text).bold = True

    def paragraph(self, text: str) -> None:
        self.doc.add_paragraph(text)

    def bullets(self, lines: Sequence[str]) -> None:
        style = self._style("List Bullet")
        for line in lines:
            self.doc.add_paragraph(line, style=style)

    def table(
        self,
        header: Sequence[str] | None,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float] = (),
    ) -> Table:
        """A table of texts (a header row in bold when given); a cell's text may hold several
        lines, each its own paragraph; ``widths``: the columns' widths in cm (else equal)."""
        lines = [*([] if header is None else [header]), *rows]
        columns = max(len(line) for line in lines)
        table: Table = self.doc.add_table(rows=len(lines), cols=columns)
        if self._style("Table Grid"):
            table.style = "Table Grid"
        for index, (table_row, line) in enumerate(zip(table.rows, lines, strict=True)):
            for cell, text in zip(table_row.cells, line, strict=True):
                if index == 0 and header is not None:
                    cell.paragraphs[0].add_run(text).bold = True
                else:
                    _fill(cell, text.split("\n"))
        if widths:
            table.autofit = False
            for column, cm in zip(table.columns, widths, strict=True):
                column.width = Cm(cm)
            for table_row in table.rows:
                for cell, cm in zip(table_row.cells, widths, strict=True):
                    cell.width = Cm(cm)
        self.doc.add_paragraph()
        return table

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _open(template: Path | None) -> Document:
    if template is None:
        return docx.Document()
    try:
        return docx.Document(str(template))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise InputError(
            template, f"not a Word document (.docx) to use as template: {exc}"
        ) from None


def _fill(cell: _Cell, lines: Sequence[str]) -> None:
    cell.paragraphs[0].add_run(lines[0] if lines else "")
    for line in lines[1:]:
        cell.add_paragraph(line)


def _question_rows(q: Questionnaire, question: Question) -> list[list[str]]:
    t = q.text
    evidence = "\n".join(e.text for e in question.evidence) or t(
        "documents.questionnaire.no_evidence"
    )
    rows = [
        [t("documents.questionnaire.col_requirement"), question.requirement_id],
        [t("documents.questionnaire.col_answer"), question.answer_label],
    ]
    if question.reason:
        rows.append([t("documents.questionnaire.col_reason"), question.reason])
    rows.append([t("documents.questionnaire.col_evidence"), evidence])
    if question.needed:
        rows.append([t("documents.questionnaire.col_needed"), question.needed])
    rows.append([t("documents.questionnaire.col_comment"), ""])
    return rows


def questionnaire_docx(q: Questionnaire, template: Path | None = None) -> bytes:
    """The questionnaire as a Word document: the run it rests on, the answers at a glance, then
    per chapter each question with its answer, explanation, evidence and room for a comment."""
    t = q.text
    word = Word(template, t("documents.questionnaire.title"), t("report.language_tag"))
    word.title(t("documents.questionnaire.title"))
    word.paragraph(t("documents.questionnaire.intro"))
    word.table(
        None,
        [
            [t("documents.questionnaire.site"), q.site_name],
            [t("documents.questionnaire.organisations"), "\n".join(q.organisations)],
            [t("documents.questionnaire.norm"), f"{q.norm_title} ({q.norm_version})"],
            [t("documents.questionnaire.evaluated"), q.evaluated_at.isoformat(timespec="minutes")],
            [t("documents.questionnaire.snapshot"), q.snapshot_hash],
        ],
        LABEL_VALUE,
    )
    word.paragraph(
        t("documents.questionnaire.made_by", version=q.tool_version, catalogue=q.catalogue_version)
    )
    word.heading(t("documents.questionnaire.summary"), 1)
    word.table(
        [t("documents.questionnaire.col_answer"), t("documents.questionnaire.col_count")],
        [[t(f"documents.answer.{a.value}"), str(n)] for a, n in q.counts().items()],
    )
    for chapter in q.chapters:
        word.heading(chapter.title, 1)
        for question in chapter.questions:
            word.heading(f"{question.requirement_id} {question.text}", 2)
            word.table(None, _question_rows(q, question), LABEL_VALUE)
    return word.to_bytes()
