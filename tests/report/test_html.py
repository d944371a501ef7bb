"""The HTML report: language, escaping of untrusted strings, self-containedness, sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from kszcheck.model.catalogue import Severity
from kszcheck.model.results import Outcome, RuleResult
from kszcheck.report.html import render_html
from kszcheck.texts import load_texts
from tests.report import (
    HOSTILE_DESCRIPTION,
    HOSTILE_NAME,
    KSZ_URL,
    finding,
    sample_assessment,
    summary_for,
)

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Row:
    classes: str
    cells: list[str] = field(default_factory=list)


class Checker(HTMLParser):
    """Strict enough for our output: every element closed in order; collects rows and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.rows: list[Row] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "tr":
            self.rows.append(Row(attributes.get("class", "")))
        if tag in ("td", "th"):
            self._cell = []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.errors.append(f"end tag for void element {tag}")
        elif not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else '-'}>")
        else:
            self.stack.pop()
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].cells.append(" ".join(" ".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> Checker:
    checker = Checker()
    checker.feed(html)
    checker.close()
    return checker


def row_of(checker: Checker, subject: str) -> Row:
    matches = [row for row in checker.rows if row.cells and row.cells[0] == subject]
    assert len(matches) == 1, f"expected one row for {subject}"
    return matches[0]


def section(html: str, section_id: str) -> str:
    start = html.index(f'<section id="{section_id}">')
    return html[start : html.index("</section>", start)]


HEADINGS = [
    "report.title",
    "first_page.heading",
    "first_page.plan",
    "part.plan",
    "part.evidence",
    "first_page.by_severity",
    "first_page.coverage",
    "section.gaps",
    "section.incomplete",
    "section.not_applicable",
    "section.waivers",
    "section.sources",
    "section.meta",
    "rule.remediation",
    "rule.rationale",
    "finding.evidence",
]


@pytest.fixture(scope="module")
def html_nl() -> str:
    return render_html(sample_assessment())


@pytest.fixture(scope="module")
def html_en() -> str:
    return render_html(sample_assessment(), "en")


# --- language


def test_dutch_by_default(html_nl: str) -> None:
    nl, en = load_texts("nl"), load_texts("en")
    assert '<html lang="nl">' in html_nl
    assert [k for k in HEADINGS if str(escape(nl[k])) not in html_nl] == []
    assert [k for k in HEADINGS if str(escape(en[k])) in html_nl] == []


def test_english_complete(html_en: str) -> None:
    nl, en = load_texts("nl"), load_texts("en")
    assert '<html lang="en">' in html_en
    assert [k for k in HEADINGS if str(escape(en[k])) not in html_en] == []
    assert [k for k in HEADINGS if str(escape(nl[k])) in html_en] == []


# --- untrusted input


def test_hostile_display_name_is_escaped(html_nl: str) -> None:
    assert "&lt;img src=x onerror=alert(1)&gt; is niet in orde." in html_nl
    assert HOSTILE_NAME not in html_nl
    assert "<img" not in html_nl


def test_hostile_description_is_escaped(html_en: str) -> None:
    assert (
        "adm.peeters has the description &#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt; "
        "{unknown} {account.__class__}" in html_en
    )
    assert HOSTILE_DESCRIPTION not in html_en
    assert "<script" not in html_en


def test_hostile_site_name_and_subject_are_escaped() -> None:
    assessment = sample_assessment(site_name=HOSTILE_NAME)
    assessment.results[0].findings[0].subject = HOSTILE_DESCRIPTION
    html = render_html(assessment)
    assert "<title>Informatieveiligheid van de gedeelde ICT — &lt;img src=x" in html
    assert "<img" not in html
    assert "<script" not in html
    assert parse(html).errors == []


# --- one self-contained file


def test_no_external_resources(html_nl: str) -> None:
    checker = parse(html_nl)
    referencing = [
        (tag, name, value)
        for tag, attributes in checker.tags
        for name, value in attributes.items()
        if name in ("src", "href", "action", "srcset", "poster", "data")
    ]
    assert [r for r in referencing if re.match(r"\s*(https?:)?//", r[2], re.IGNORECASE)] == []
    assert [tag for tag, _ in checker.tags if tag in ("link", "script", "img", "iframe")] == []
    assert "@import" not in html_nl
    assert "url(" not in html_nl
    # the source of a rule is shown as text, not as a link
    assert f'<span class="url break">{KSZ_URL}</span>' in html_nl
    assert "default-src 'none'" in html_nl


def test_every_element_is_closed_in_order(html_nl: str, html_en: str) -> None:
    for html in (html_nl, html_en):
        checker = parse(html)
        assert checker.errors == []
        assert checker.stack == []


def test_print_stylesheet_for_a4_with_a_break_after_the_first_page(html_nl: str) -> None:
    assert "@page { size: A4;" in html_nl
    assert ".first-page { break-after: page;" in html_nl


# --- the first page


def test_first_page_states_status_figures_and_the_first_problems(html_nl: str) -> None:
    first = html_nl[: html_nl.index("</header>")]
    assert "Algemene toestand: <strong>Tekortkomingen, en onvolledig beoordeeld</strong>" in first
    assert '<span class="figure-value" id="figure-score">50%</span>' in first
    assert '<span class="figure-value" id="figure-coverage">66%</span>' in first
    assert '<span class="figure-value" id="figure-problems">2</span>' in first
    prv = first.index("adm.peeters heeft de beschrijving")
    peo = first.index("is niet in orde.")
    assert prv < peo
    assert "Wie moet handelen: <strong>de ICT-verantwoordelijke</strong>" in first[prv:peo]
    assert 'Tegen: <strong class="due">11 april 2025</strong>' in first[prv:peo]
    assert "Gemeente en OCMW Zottegem-Éénhoven" in first


# --- findings, waivers, reasons


def test_not_assessed_rule_shows_its_reason(html_nl: str) -> None:
    checker = parse(section(html_nl, "incomplete"))
    assert row_of(checker, "KSZ-SEP-001").cells == [
        "KSZ-SEP-001",
        "Titel KSZ-SEP-001",
        "Scheiding tussen gemeente en OCMW",
        "niet beoordeeld",
        "Niet beoordeeld: bron 'ad' (dc01.gem.local) is mislukt: time-out.",
    ]


def test_waived_finding_stays_visible_with_approver_and_expiry(html_nl: str) -> None:
    row = row_of(parse(html_nl), "CN=Helpdesk1,OU=ICT,DC=gem,DC=local")
    assert row.classes == "finding finding-waived"
    assert row.cells[3] == (
        "uitzondering W-001, goedgekeurd door Marleen Peeters, geldig tot 30 juni 2026"
    )


def test_expired_waiver_is_shown_next_to_its_failing_finding(html_en: str) -> None:
    row = row_of(parse(html_en), "CN=Oud Account,OU=ICT,DC=gem,DC=local")
    assert row.classes == "finding finding-expired"
    assert row.cells == [
        "CN=Oud Account,OU=ICT,DC=gem,DC=local",
        "CN=Oud Account,OU=ICT,DC=gem,DC=local is not in order.",
        "ad.ldif:37 evidence 4",
        "waiver W-OLD expired on 31 December 2024 (approved by Jan Janssens): open again",
    ]
    waivers = parse(section(html_en, "waivers"))
    assert row_of(waivers, "W-OLD").cells[-1] == "expired"


def test_sources_show_missing_parts_and_warnings(html_en: str) -> None:
    row = row_of(parse(section(html_en, "sources")), "switches")
    assert row.cells[3] == "partial"
    assert row.cells[5] == (
        "Missing: network.acls Warnings: sw-core-02.cfg: 'interface Vlan99' has no ip address "
        "Content hash: sha256:" + "cd" * 32
    )


def test_many_findings_are_folded_into_details() -> None:
    results = [
        RuleResult(
            rule_id="KSZ-NET-001",
            outcome=Outcome.fail,
            severity=Severity.low,
            findings=[finding("KSZ-NET-001", f"sw1:Gi1/0/{n:04d}") for n in range(1, 3001)],
        )
    ]
    assessment = sample_assessment(results=results, summary=summary_for(results, "gaps"))
    html = render_html(assessment)
    details = html[html.index('<details class="more-findings">') : html.index("</details>")]
    assert "<summary>Toon de overige 2990 bevindingen</summary>" in details
    assert "sw1:Gi1/0/0011" in details
    assert "sw1:Gi1/0/0010" not in details
    assert "sw1:Gi1/0/3000" in details
    assert parse(html).errors == []


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown report language 'de'"):
        render_html(sample_assessment(), "de")


def test_a_waiver_shows_its_legal_basis_and_the_resources_it_is_limited_to() -> None:
    base = sample_assessment()
    waivers = [
        w.model_copy(
            update={"legal_basis": "protocol 2025/7", "resources": ["\\\\SRV-SD01\\Aanmeldingen$"]}
        )
        if w.id == "W-001"
        else w
        for w in base.waivers
    ]
    html = render_html(base.model_copy(update={"waivers": waivers}), "en")
    row = row_of(parse(html), "CN=Helpdesk1,OU=ICT,DC=gem,DC=local")
    assert row.cells[3] == (
        "waiver W-001, approved by Marleen Peeters, valid until 30 June 2026; "
        "legal basis: protocol 2025/7"
    )
    listed = row_of(parse(section(html, "waivers")), "W-001 Legal basis: protocol 2025/7")
    assert listed.cells[2] == "cn=helpdesk* Limited to: \\\\SRV-SD01\\Aanmeldingen$"
