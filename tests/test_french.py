"""French (fr-BE) for every output (issue 16): the demo's report, the terminal, the rule and norm
commands, the mail.

The report test reads the report as a reader sees it (the visible text and the title/alt
attributes, without script and style) and removes what came from the input: every string of
the snapshot and every input-derived string of the assessment (site and organisation names,
finding subjects, arguments and evidence, waivers, source targets). What is left is kszcheck's
own text, and no word of a set that only Dutch or only English uses may appear in it.

Not checked: a source's reference and URL (``span.ref``, ``span.url``): a citation names a
document as its publisher titles it (a Dutch KB, an English framework). Its note is checked: it is
written in every language.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kszcheck.cli import cli, commands_catalogue
from kszcheck.history import open_history
from kszcheck.model.results import Assessment
from kszcheck.notify import summary_text
from kszcheck.report.html import render_html
from kszcheck.texts import load_texts
from tests.support import kszcheck

NOW = "2026-11-22T09:00:00+01:00"

#: Words only Dutch uses (none is a French word or a name in the example's input).
DUTCH = {
    "niet", "het", "een", "wordt", "worden", "geen", "heeft", "moet", "naar", "ook", "maar",
    "deze", "waarom", "tekortkoming", "tekortkomingen", "bevinding", "bevindingen", "regel",
    "regels", "beoordeeld", "uitzondering", "uitzonderingen", "toegang", "gegevens", "bron",
    "bronnen", "gedeelde", "ernst", "bestuur", "vereiste", "vereisten", "verzameld",
}  # fmt: skip
#: Words only English uses.
ENGLISH = {
    "the", "not", "and", "with", "which", "finding", "findings", "rule", "rules", "must", "have",
    "are", "gap", "gaps", "assessed", "waiver", "waivers", "shared", "folder", "should", "this",
    "that", "who", "what", "why", "severity", "requirement", "requirements", "evidence",
}  # fmt: skip

#: The elements of the report that cite a source by its own title or address.
CITATIONS = {"ref", "url"}

_VOID = {"br", "img", "meta", "link", "input", "hr", "col", "source", "wbr"}


class _Visible(HTMLParser):
    """The text a reader sees, without the elements whose class is in ``skipped``."""

    def __init__(self, skipped: set[str]) -> None:
        super().__init__()
        self.skipped = skipped
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def _hidden(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        skip = tag in ("script", "style") or bool(classes & self.skipped)
        if tag not in _VOID:
            self.stack.append((tag, skip))
        if not skip and not self._hidden():
            self.parts += [v for k, v in values.items() if k in ("title", "alt") and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self.parts.append(data)


def visible_text(html: str, skipped: set[str]) -> str:
    parser = _Visible(skipped)
    parser.feed(html)
    return " ".join(parser.parts)


def _strings(value: Any) -> list[str]:
    """Every string leaf of a JSON value, except the texts kszcheck writes per language."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        if "nl" in value and "en" in value:
            return []  # a LocalizedText: kszcheck's own text
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def input_strings(out: Path) -> list[str]:
    """What came from the input, longest first: the snapshot, and the input-derived parts of
    the assessment."""
    snapshot = json.loads((out / "snapshot.json").read_text("utf-8"))
    assessment = json.loads((out / "assessment.json").read_text("utf-8"))
    found = [*_strings(snapshot), assessment["site_name"]]
    found += _strings(assessment["organisations"]) + _strings(assessment["waivers"])
    found += _strings(assessment["sources"]) + _strings(assessment["views"])
    for result in assessment["results"]:
        for finding in result["findings"]:
            found += [finding["subject"], *_strings(finding["args"]), *finding["evidence"]]
            found += _strings(finding["resources"])
    return sorted({s for s in found if len(s) >= 3}, key=len, reverse=True)


def without_input(text: str, strings: list[str]) -> str:
    for value in strings:
        text = text.replace(value, " ")
    return text


def leftovers(text: str) -> list[str]:
    # an identifier (a parameter name, a fact kind such as records.hr_events) is one token
    words = {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ_]+(?:\.[A-Za-z_]+)*", text)}
    return sorted(words & (DUTCH | ENGLISH))


@pytest.fixture(scope="module")
def french_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("fr")
    out = folder / "out"
    result = kszcheck(
        "demo", "--lang", "fr", "-o", str(out), "--now", NOW,
        "--history", str(folder / "history.sqlite"),
    )  # fmt: skip
    assert result.returncode == 3, result.stderr
    return out, result.stdout


def test_the_french_demo_report_is_french(french_demo: tuple[Path, str]) -> None:
    out, _ = french_demo
    html = (out / "report.html").read_text("utf-8")
    assert '<html lang="fr">' in html
    fr, nl, en = load_texts("fr"), load_texts("nl"), load_texts("en")
    headings = ("report.title", "first_page.heading", "section.gaps", "section.meta")
    assert [k for k in headings if fr[k].replace("'", "&#39;") not in html] == []
    assert [k for k in headings if nl[k] in html or en[k] in html] == []
    text = without_input(visible_text(html, CITATIONS), input_strings(out))
    assert leftovers(text) == []


def test_the_check_finds_dutch_and_english_leftovers(french_demo: tuple[Path, str]) -> None:
    """The same check on the Dutch and the English report of the same run finds their words."""
    out, _ = french_demo
    assessment = Assessment.model_validate_json((out / "assessment.json").read_text("utf-8"))
    strings = input_strings(out)
    for lang, words in (("nl", DUTCH), ("en", ENGLISH)):
        text = without_input(visible_text(render_html(assessment, lang), CITATIONS), strings)
        assert len(set(leftovers(text)) & words) >= 10, lang


def test_the_terminal_speaks_french(french_demo: tuple[Path, str]) -> None:
    out, stdout = french_demo
    text = without_input(stdout, input_strings(out))
    assert leftovers(text) == []
    assert load_texts("fr")["cli.report"] in stdout


def test_rules_show_in_french_for_every_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    # the command as users run it, with the catalogue read once instead of 63 times
    loaded = commands_catalogue.full_catalogue((), None)
    monkeypatch.setattr(commands_catalogue, "full_catalogue", lambda *_: loaded)
    runner = CliRunner()
    for rule_id, meta in sorted(loaded.catalogue.rules.items()):
        result = runner.invoke(cli, ["rules", "show", rule_id, "--lang", "fr"], terminal_width=400)
        assert result.exit_code == 0, (rule_id, result.output)
        assert meta.title.fr and meta.title.fr in result.output, rule_id
        assert meta.remediation.fr and " ".join(meta.remediation.fr.split()) in " ".join(
            result.output.split()
        ), rule_id
        assert meta.title.nl not in result.output and meta.title.en not in result.output
        # citations keep their publisher's language; parameter defaults are data
        shown = result.output
        for value in [s.ref for s in meta.sources] + [
            repr(p.default) for p in meta.params.values()
        ]:
            shown = shown.replace(value, " ")
        assert leftovers(shown) == [], rule_id


def test_norms_show_in_french() -> None:
    result = CliRunner().invoke(
        cli, ["norms", "show", "ksz-mn", "--lang", "fr", "--now", NOW], terminal_width=400
    )
    assert result.exit_code == 0, result.output
    assert "BCSS - Normes minimales sécurité de l'information et vie privée" in result.output
    assert "Vos réponses aux normes du chapitre « Sanction »" in " ".join(result.output.split())
    assert load_texts("fr")["cli.whole_norm"] in result.output


def test_the_mail_summary_in_french(french_demo: tuple[Path, str]) -> None:
    out, _ = french_demo
    assessment = Assessment.model_validate_json((out / "assessment.json").read_text("utf-8"))
    subject, body = summary_text(assessment, "fr")
    fr = load_texts("fr")
    assert subject.endswith((fr["mail.gaps"], fr["mail.gaps_incomplete"]))
    assert fr["mail.gaps_head"] in body and fr["mail.report"] in body
    assert leftovers(without_input(body, input_strings(out))) == []


def test_the_french_report_puts_a_space_before_a_colon(french_demo: tuple[Path, str]) -> None:
    """French typography: "Version : 3.0", "Qui doit agir : …" (a no-break space before the
    colon), wherever kszcheck writes a label; input values are left as they are."""
    out, _ = french_demo
    html = (out / "report.html").read_text("utf-8")
    text = without_input(visible_text(html, CITATIONS), input_strings(out))
    # a colon in a YAML literal the report quotes ("logging.consultations_logged: true") is input
    glued = re.findall(r"[\w)»]+: ", text.replace("consultations_logged: ", ""))
    assert glued == []


def test_an_error_line_in_french_when_asked(tmp_path: Path) -> None:
    """With --lang fr the one line of an expected failure starts in French; without --lang it
    stays as scripts and logs know it."""
    missing = tmp_path / "absent"
    french = kszcheck("scan", str(missing), "--lang", "fr", "-o", str(tmp_path / "out"))
    plain = kszcheck("scan", str(missing), "-o", str(tmp_path / "out"))
    assert (french.returncode, plain.returncode) == (2, 2)
    assert french.stderr == f"kszcheck\u00a0: erreur\u00a0: {missing}: file not found\n"
    assert plain.stderr == f"kszcheck: error: {missing}: file not found\n"


def test_the_history_notice_in_french(tmp_path: Path) -> None:
    """The history's own notice (created, upgraded) is written in every language."""
    history = tmp_path / "history.sqlite"
    with open_history(str(history)) as store:
        assert store.notice is not None
        assert store.notice.fr == f"{history} : pas encore de base d'historique ; créée"
