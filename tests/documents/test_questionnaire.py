"""The KSZ questionnaire pre-filled from a run (issue 17): every question answered from the
run's verdicts with its evidence, never 'yes' without it; Word and Excel, Dutch, French and
English; hostile values stay literal text; a house template's styles are used."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt

from kszcheck.catalogue.norms import load_norms
from kszcheck.documents import (
    Answer,
    Questionnaire,
    build_questionnaire,
    questionnaire_docx,
    questionnaire_xlsx,
)
from kszcheck.model.coverage import RequirementOutcome
from kszcheck.model.results import Assessment, Outcome
from kszcheck.model.text import one_line
from kszcheck.report.csv_ import spreadsheet_cell
from kszcheck.report.viewmodel import finding_message
from kszcheck.texts import load_texts, say
from tests.documents.support import (
    PAYLOADS,
    evaluate,
    sheet_rows,
    word_tables,
    word_texts,
)
from tests.support import EXAMPLE, copy_example, edit_yaml, kszcheck

LANGS = ("nl", "fr", "en")


@pytest.fixture(scope="module")
def example() -> Assessment:
    return evaluate(EXAMPLE)


def questions(example: Assessment, lang: str) -> Questionnaire:
    return build_questionnaire(example, "ksz-mn", lang, load_norms())


def coverage(assessment: Assessment, norm_id: str = "ksz-mn"):  # type: ignore[no-untyped-def]
    return next(n for n in assessment.norms if n.norm_id == norm_id)


def by_requirement(data: bytes, lang: str) -> dict[str, dict[str, str]]:
    """The question tables of a Word questionnaire: requirement id -> {row label: text}."""
    label = say("documents.questionnaire.col_requirement", lang)
    found = {}
    for table in word_tables(data):
        if table[0][0] == label:
            found[table[0][1]] = {row[0]: row[1] for row in table}
    return found


# --------------------------------------------------------------------------- the answers


def test_answers_of_the_example_follow_its_verdicts_and_answers(example: Assessment) -> None:
    q = {x.requirement_id: x for x in questions(example, "en").questions}
    # every rule of POL-1 passed: yes, with the rule as evidence
    assert q["POL-1"].answer is Answer.yes
    title = example.rules["KSZ-GOV-004"].title.en
    assert [e.text for e in q["POL-1"].evidence] == [f"Rule KSZ-GOV-004 ({title}): met"]
    # a manual requirement answered 'yes' with current evidence: yes, with that evidence
    assert q["PHY-1"].answer is Answer.yes
    assert [e.text for e in q["PHY-1"].evidence] == [
        "Recorded answer 'yes' by Eva Lambrecht (veiligheidsconsulent) on 2026-03-09 (valid "
        "until 2027-03-09); evidence: DMS-2026-0118 sleutelregister serverlokaal en archief "
        "sociale dienst"
    ]
    # answered 'no' by the consultant: no
    assert q["BCM-1"].answer is Answer.no
    assert q["BCM-1"].reason == (
        "Answered 'no' by Eva Lambrecht (veiligheidsconsulent) on 2026-05-04."
    )
    # the consultant's 'yes' expired on 2026-09-15: open, never yes; the old answer is shown
    assert q["GEN-3"].answer is Answer.open
    assert q["GEN-3"].evidence[0].text.startswith("Expired answer 'yes' by Eva Lambrecht")
    assert q["GEN-3"].needed.startswith("List of the buildings where social data are processed")
    # nothing recorded: open, no evidence, what to deliver
    assert q["KERN-REST"].answer is Answer.open
    assert q["KERN-REST"].evidence == ()
    assert q["KERN-REST"].reason == "No answer with evidence recorded yet."
    # a partial requirement: the consultant's part holds, its rule fails -> partly
    assert q["ORG-3"].answer is Answer.partly


def test_no_question_is_answered_without_evidence(example: Assessment) -> None:
    items = {i.requirement_id: i for i in coverage(example).requirements}
    for question in questions(example, "nl").questions:
        item = items[question.requirement_id]
        if question.answer is Answer.yes:
            assert item.outcome is RequirementOutcome.pass_, question.requirement_id
        if question.answer is not Answer.open:
            assert question.evidence, question.requirement_id
        # every rule of the requirement is named in its evidence, with its outcome
        rules = [e.reference for e in question.evidence if e.kind == "rule"]
        assert rules == list(item.rules), question.requirement_id


def test_failed_rules_list_their_findings_with_the_exact_subjects(example: Assessment) -> None:
    q = {x.requirement_id: x for x in questions(example, "en").questions}
    result = next(r for r in example.results if r.rule_id == "KSZ-GOV-002")
    assert result.outcome is Outcome.fail and result.findings
    meta = example.rules["KSZ-GOV-002"]
    expected = [
        f"{f.subject}: {finding_message(meta, f, 'en')}" for f in result.findings if f.recorded
    ]
    shown = [e.text for e in q["ORG-2"].evidence if e.kind == "finding"]
    assert shown == expected[:10]
    assert q["ORG-2"].answer is Answer.no


def test_not_assessed_facts_are_never_yes(tmp_path: Path) -> None:
    """Without the records file the governance rules and the answers cannot be read: their
    questions are open with the run's reason, not 'yes'."""
    site = copy_example(tmp_path / "site")
    (site / "records.yaml").unlink()
    assessment = evaluate(site)
    q = {x.requirement_id: x for x in build_questionnaire(assessment, "ksz-mn", "en").questions}
    result = next(r for r in assessment.results if r.rule_id == "KSZ-GOV-004")
    assert result.outcome is Outcome.not_assessed
    assert q["POL-1"].answer is Answer.open
    assert q["POL-1"].reason == "KSZ-GOV-004: not assessed."
    title = assessment.rules["KSZ-GOV-004"].title.en
    assert result.reason is not None
    assert [e.text for e in q["POL-1"].evidence] == [
        f"Rule KSZ-GOV-004 ({title}): not assessed ({result.reason.en})"
    ]
    assert q["PHY-1"].answer is Answer.open  # its 'yes' is in the unread records file
    assert not any(e.kind == "answer" for e in q["PHY-1"].evidence)
    assert [x.requirement_id for x in q.values() if x.answer is Answer.yes] == [
        r.requirement_id
        for r in coverage(assessment).requirements
        if r.outcome is RequirementOutcome.pass_
    ]


# --------------------------------------------------------------------------- Word and Excel


@pytest.mark.parametrize("lang", LANGS)
def test_word_holds_every_question_with_its_answer_and_evidence(
    example: Assessment, lang: str
) -> None:
    model = questions(example, lang)
    data = questionnaire_docx(model)
    found = by_requirement(data, lang)
    t = load_texts(lang)
    assert list(found) == [q.requirement_id for q in model.questions]
    for question in model.questions:
        rows = found[question.requirement_id]
        assert (
            rows[t["documents.questionnaire.col_answer"]]
            == t[f"documents.answer.{question.answer.value}"]
        )
        evidence = rows[t["documents.questionnaire.col_evidence"]]
        if question.evidence:
            assert evidence == "\n".join(e.text for e in question.evidence)
        else:
            assert evidence == t["documents.questionnaire.no_evidence"]
        assert rows[t["documents.questionnaire.col_comment"]] == ""
    texts = word_texts(data)
    assert texts[0] == t["documents.questionnaire.title"]
    norm = next(n for n in load_norms() if n.id == "ksz-mn")
    headings = [
        p.text
        for p in docx.Document(io.BytesIO(data)).paragraphs
        if p.style is not None and p.style.name == "Heading 1"
    ]
    assert headings == [t["documents.questionnaire.summary"]] + [
        c.title.get(lang) for c in norm.chapters
    ]


def test_word_answers_in_french(example: Assessment) -> None:
    found = by_requirement(questionnaire_docx(questions(example, "fr")), "fr")
    assert found["POL-1"]["Réponse"] == "Oui"
    assert found["KERN-REST"]["Réponse"] == "Ouvert (non évalué)"
    assert found["BCM-1"]["Réponse"] == "Non"
    assert found["ORG-3"]["Réponse"] == "Partiellement"


@pytest.mark.parametrize("lang", LANGS)
def test_excel_has_one_row_per_question(example: Assessment, lang: str) -> None:
    model = questions(example, lang)
    rows = sheet_rows(questionnaire_xlsx(model))
    t = load_texts(lang)
    assert rows[0][:5] == [
        t["documents.questionnaire.col_chapter"],
        t["documents.questionnaire.col_chapter_title"],
        t["documents.questionnaire.col_requirement"],
        t["documents.questionnaire.col_question"],
        t["documents.questionnaire.col_answer"],
    ]
    assert [(r[2], r[4]) for r in rows[1:]] == [
        (q.requirement_id, t[f"documents.answer.{q.answer.value}"]) for q in model.questions
    ]
    assert [r[6] for r in rows[1:]] == [
        "\n".join(e.text for e in q.evidence) for q in model.questions
    ]


# --------------------------------------------------------------------------- hostile values


def _hostile_site(folder: Path) -> tuple[Path, list[str]]:
    """The example with a hostile site name, and each manual requirement of ksz-mn answered
    'yes' by a hostile author with hostile evidence."""
    site = copy_example(folder)
    values = list(PAYLOADS.values())
    edit_yaml(site / "site.yaml", lambda d: d.update(name=PAYLOADS["H10"]))
    manual = [
        r.id
        for r in next(n for n in load_norms() if n.id == "ksz-mn").requirements
        if r.status.value == "manual" and r.id.endswith("-REST")
    ]

    def answers(data: dict) -> None:  # type: ignore[type-arg]
        data["answers"] = [
            {
                "norm": "ksz-mn",
                "requirement": requirement,
                "answer": "yes",
                "evidence": values[index % len(values)],
                "answered_on": "2026-10-01",
                "answered_by": "by " + values[(index + 7) % len(values)],
            }
            for index, requirement in enumerate(manual)
        ]

    edit_yaml(site / "records.yaml", answers)
    return site, values


def test_hostile_values_stay_literal_text(tmp_path: Path) -> None:
    site, values = _hostile_site(tmp_path / "site")
    assessment = evaluate(site)
    assert assessment.site_name == PAYLOADS["H10"]
    model = build_questionnaire(assessment, "ksz-mn", "en")
    evidence = [e.text for q in model.questions for e in q.evidence if e.kind == "answer"]
    for value in values[: len(evidence)]:
        assert any(one_line(value) in text for text in evidence), value
    word = questionnaire_docx(model)
    texts = word_texts(word)
    assert one_line(PAYLOADS["H10"]) in texts
    joined = "\n".join(texts)
    for text in evidence:
        assert text in joined
    with zipfile.ZipFile(io.BytesIO(word)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    # no field, hyperlink or control character came in with the values
    assert not re.search(r"<w:(fldSimple|instrText|hyperlink)\b", xml)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x1b]", xml)
    book = questionnaire_xlsx(model)
    rows = sheet_rows(book)
    cells = {cell for row in rows for cell in row}
    for q, row in zip(model.questions, rows[1:], strict=True):
        assert row[6] == spreadsheet_cell("\n".join(e.text for e in q.evidence))
    about = sheet_rows(book, 1)
    assert about[1][1] == "'" + PAYLOADS["H10"]  # =HYPERLINK(…) as text, not a formula
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode("utf-8"), name


# --------------------------------------------------------------------------- template and CLI


def test_a_house_template_gives_its_styles_and_header(example: Assessment, tmp_path: Path) -> None:
    house = docx.Document()
    house.styles["Heading 1"].font.name = "Garamond"
    house.styles["Heading 1"].font.size = Pt(19)
    if "House" not in [s.name for s in house.styles]:
        house.styles.add_style("House", WD_STYLE_TYPE.PARAGRAPH)
    house.sections[0].header.paragraphs[0].text = "Gemeente Voorbeeld - huisstijl"
    house.add_paragraph("Template body text that must not remain")
    path = tmp_path / "house.docx"
    house.save(str(path))
    data = questionnaire_docx(questions(example, "nl"), path)
    document = docx.Document(io.BytesIO(data))
    assert document.sections[0].header.paragraphs[0].text == "Gemeente Voorbeeld - huisstijl"
    assert "Template body text that must not remain" not in word_texts(data)
    assert document.styles["Heading 1"].font.name == "Garamond"
    assert document.styles["Heading 1"].font.size == Pt(19)
    assert "House" in [s.name for s in document.styles]


def test_cli_writes_word_and_excel_and_refuses_what_it_cannot(tmp_path: Path) -> None:
    done = kszcheck("demo", "-o", str(tmp_path / "run"), "-q", "--now", "2026-11-22T08:00:00")
    assert done.returncode in (3, 5), done.stderr
    assessment = str(tmp_path / "run" / "assessment.json")
    done = kszcheck("questionnaire", assessment, "-o", str(tmp_path / "q.xlsx"), "--lang", "fr")
    assert done.returncode == 0, done.stderr
    assert sheet_rows((tmp_path / "q.xlsx").read_bytes())[0][4] == "Réponse"
    done = kszcheck("questionnaire", assessment, "-o", str(tmp_path / "q.docx"))
    assert done.returncode == 0, done.stderr
    assert word_texts((tmp_path / "q.docx").read_bytes())[0] == (
        "Vragenlijst informatieveiligheid KSZ: voorinvulling"
    )
    done = kszcheck("questionnaire", assessment, "-o", str(tmp_path / "q.pdf"))
    assert done.returncode == 2
    assert "name it .docx or .xlsx" in done.stderr and "Traceback" not in done.stderr
    done = kszcheck("questionnaire", assessment, "-o", str(tmp_path / "x.docx"), "--norm", "nope")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "kszcheck: error: the assessment has no coverage of the norm 'nope' (it has: "
        + ", ".join(n.norm_id for n in evaluate(EXAMPLE).norms)
        + ")"
    ]
    assert not (tmp_path / "x.docx").exists()
    not_word = tmp_path / "house.docx"
    not_word.write_text("not a zip", "utf-8")
    done = kszcheck(
        "questionnaire", assessment, "-o", str(tmp_path / "y.docx"), "--template", str(not_word)
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"kszcheck: error: {not_word}: not a Word document (.docx)")
