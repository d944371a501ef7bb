"""The catalogue is linted by tests: texts, sources, cases, and checks match rules."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from kszcheck.catalogue import load_catalogue
from kszcheck.catalogue.cases import case_files, load_case
from kszcheck.catalogue.lint import text_problems
from kszcheck.catalogue.norms import load_norms, unknown_rule_references
from kszcheck.checks.registry import registered
from kszcheck.model.catalogue import Basis, RuleMeta, SourceRef, basis_problems
from kszcheck.model.norms import CyfunLevel, RequirementStatus, TextSeen

CATALOGUE = load_catalogue()
RULE_IDS = sorted(CATALOGUE.rules)


def test_catalogue_has_rules() -> None:
    assert len(RULE_IDS) >= 12


def test_every_rule_has_a_check_and_every_check_a_rule() -> None:
    checks = set(registered())
    assert sorted(set(RULE_IDS) - checks) == [], "rules without a check"
    assert sorted(checks - set(RULE_IDS)) == [], "checks without a rule"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_has_pass_and_fail_cases(rule_id: str) -> None:
    names = [p.name for p in case_files(CATALOGUE.rule_dirs[rule_id])]
    assert any(n.endswith(".pass.yaml") for n in names), f"{rule_id} has no pass case"
    assert any(n.endswith(".fail.yaml") for n in names), f"{rule_id} has no fail case"
    for path in case_files(CATALOGUE.rule_dirs[rule_id]):
        load_case(path, CATALOGUE.rules[rule_id].needs)  # every case file validates


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_texts_are_complete_in_every_language(rule_id: str) -> None:
    # Dutch, French and English for every text, no copy of another language, the same
    # placeholders; the model would let French fall back to English, the shipped catalogue may not
    assert text_problems([CATALOGUE.rules[rule_id]], []) == []


def test_norm_texts_are_complete_in_every_language() -> None:
    assert text_problems([], NORMS) == []


def _rule_data(rule_id: str) -> dict[str, Any]:
    path = CATALOGUE.rule_dirs[rule_id] / "rule.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _texts_of(data: dict[str, Any]) -> list[dict[str, str]]:
    """Every language mapping of a rule.yaml (the nodes with 'nl' and 'en')."""
    found: list[dict[str, str]] = []
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "nl" in node and "en" in node:
                found.append(node)
            else:
                stack.extend(node.values())
    return found


def test_the_lint_refuses_a_rule_without_one_french_text() -> None:
    data = _rule_data("KSZ-SEP-001")
    for texts in _texts_of(data):
        texts.setdefault("fr", "(fr) " + texts["en"])
    assert text_problems([RuleMeta.model_validate(data)], []) == []
    first = next(iter(data["messages"]))
    del data["messages"][first]["fr"]
    data["plain"]["fr"] = data["plain"]["nl"]
    meta = RuleMeta.model_validate(data)  # the model allows it: a rule pack may lack French
    assert meta.messages[first].get("fr") == meta.messages[first].en  # falls back to English
    assert text_problems([meta], []) == [
        "KSZ-SEP-001 plain: the fr text is the nl text",
        f"KSZ-SEP-001 messages.{first}: no fr text",
    ]


def test_the_lint_refuses_a_french_message_that_loses_a_placeholder() -> None:
    data = _rule_data("KSZ-SEP-001")
    for texts in _texts_of(data):
        texts.setdefault("fr", "(fr) " + texts["en"])
    first = next(iter(data["messages"]))
    data["messages"][first]["fr"] = "Un constat sans objet."
    problems = text_problems([RuleMeta.model_validate(data)], [])
    assert len(problems) == 1
    assert problems[0].startswith(f"KSZ-SEP-001 messages.{first}: placeholders differ (nl [")


def test_sources_carry_a_basis() -> None:
    for meta in CATALOGUE.rules.values():
        assert {s.basis for s in meta.sources}, meta.id


def test_every_norm_text_source_says_where_its_text_was_read() -> None:
    """``norm_text`` only where the requirement was read in the norm's text: a url, ``seen``
    (official or secondary_copy) and no note saying the text was not seen."""
    problems = {
        f"{meta.id}: {source.ref}": basis_problems(source)
        for meta in CATALOGUE.rules.values()
        for source in meta.sources
        if basis_problems(source)
    }
    assert problems == {}
    seen = {s.seen for m in CATALOGUE.rules.values() for s in m.sources if s.seen is not None}
    assert seen == {"official", "secondary_copy"}


_READ = {"ref": "KB 12 augustus 1993, art. 2", "url": "https://www.ksz-bcss.fgov.be/nl/kb"}


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ({**_READ, "basis": "norm_text"}, "seen: official"),
        ({**_READ, "basis": "norm_text", "seen": "official", "url": ""}, "gives the 'url'"),
        (
            {**_READ, "basis": "norm_text", "seen": "secondary_copy", "note": "Title only."},
            "'Title only'",
        ),
        (
            {**_READ, "basis": "norm_text", "seen": "official", "note": "The text was not seen."},
            "'not seen'",
        ),
        ({**_READ, "basis": "recommended_practice", "seen": "official"}, "norm_text source only"),
        ({**_READ, "basis": "norm_text", "seen": "hearsay"}, "official"),
    ],
)
def test_the_basis_lint_refuses_a_label_that_says_more_than_was_read(
    source: dict[str, str], problem: str
) -> None:
    with pytest.raises(ValidationError, match=problem):
        SourceRef.model_validate(source)


def test_a_source_read_in_a_secondary_copy_passes_the_lint() -> None:
    source = SourceRef.model_validate(
        {**_READ, "basis": "norm_text", "seen": "secondary_copy", "note": "Secondary copy."}
    )
    assert basis_problems(source) == []


# --- norm files (rules/norms/): every requirement maps to rules or is manual with evidence ---

NORMS = load_norms()
#: Rules that deliberately belong to no norm requirement (none today); say why next to each id.
RULES_WITHOUT_NORM: frozenset[str] = frozenset()


def test_the_four_norm_files_exist() -> None:
    assert [n.id for n in NORMS] == ["cyfun-2025", "iso27001-2022", "ksz-mn", "vtc"]


def test_norm_and_requirement_ids_are_unique() -> None:
    assert len({n.id for n in NORMS}) == len(NORMS)
    qualified = [f"{n.id}/{r.id}" for n in NORMS for r in n.requirements]
    assert sorted(q for q in set(qualified) if qualified.count(q) > 1) == []


def test_norm_requirements_point_to_existing_rules() -> None:
    assert dict(unknown_rule_references(NORMS, CATALOGUE.rules)) == {}


def test_manual_and_partial_requirements_say_what_evidence_to_record() -> None:
    for norm in NORMS:
        for requirement in norm.requirements:
            if requirement.status is RequirementStatus.automated:
                assert requirement.rules and requirement.evidence is None, requirement.id
                continue
            evidence = norm.evidence_for(requirement)
            assert evidence is not None, f"{norm.id} {requirement.id}"
            assert len(evidence.nl) >= 20 and len(evidence.en) >= 20, requirement.id
            assert evidence.nl != evidence.en, f"{norm.id} {requirement.id}"


def test_every_norm_has_a_note_and_titles_per_language() -> None:
    for norm in NORMS:
        assert norm.title.nl != norm.title.en and norm.note is not None


def test_every_rule_is_referenced_by_a_norm_requirement() -> None:
    referenced = {rule for norm in NORMS for req in norm.requirements for rule in req.rules}
    assert sorted(set(RULE_IDS) - referenced - RULES_WITHOUT_NORM) == []
    assert sorted(RULES_WITHOUT_NORM & referenced) == [], "listed as exception but referenced"


def test_every_rule_is_in_the_ksz_or_vtc_norms() -> None:
    """The framework mappings are extra; each rule has its place in a KSZ or VTC requirement."""
    regimes = [n for n in NORMS if n.id in ("ksz-mn", "vtc")]
    referenced = {rule for norm in regimes for req in norm.requirements for rule in req.rules}
    assert sorted(set(RULE_IDS) - referenced - RULES_WITHOUT_NORM) == []


_CONTROL = re.compile(r"\b(?:(?:GV|ID|PR|DE|RS|RC)\.[A-Z]{2}-\d{2}(?:\.\d+)?|A\.[5-8]\.\d+)\b")


def test_framework_references_have_one_owner_the_norm_files() -> None:
    """No rule.yaml of the shipped catalogue states a CyFun or ISO reference: a rule's framework
    sources are derived from the controls that list it in rules/norms/ (with the norm file's
    note for that rule), so the two can never disagree."""
    stated = [
        path.parent.name
        for path in sorted(CATALOGUE.root.glob("*/*/rule.yaml"))
        for ref in re.findall(r"^  - ref: (.*)$", path.read_text("utf-8"), re.M)
        if ref.lstrip("'\"").startswith(("CyFun", "ISO/IEC 27001")) and _CONTROL.search(ref)
    ]
    assert stated == []
    framework = {n.id: n for n in NORMS if n.citation}
    assert sorted(framework) == ["cyfun-2025", "iso27001-2022"]
    listed = {
        (rule, f"{norm.citation} {req.id}")
        for norm in framework.values()
        for req in norm.requirements
        for rule in req.rules
    }
    derived = {
        (meta.id, f"{source.ref.split(' ', 2)[0]} {control}")
        if source.ref.startswith("CyFun")
        else (meta.id, f"ISO/IEC 27001:2022 {control}")
        for meta in CATALOGUE.rules.values()
        for source in meta.sources
        if source.basis is Basis.framework_mapping and source.ref.startswith(("CyFun", "ISO"))
        for control in _CONTROL.findall(source.ref)
    }
    assert {(r, c.replace("CyFun ", "CyFun 2025 ")) for r, c in derived} == listed


def test_a_rules_framework_references_come_with_the_norm_files_notes() -> None:
    sources = [
        (s.ref, s.note.en if s.note else None)
        for s in CATALOGUE.rules["KSZ-BCK-001"].sources
        if s.basis is Basis.framework_mapping
    ]
    assert sources == [
        ("CyFun 2025 PR.DS-11.1", "Basic key measure (CyFun 2023 PR.IP-4.1)."),
        ("CyFun 2025 PR.DS-11.2", "Restore tests (CyFun 2023 PR.IP-4.2)."),
        ("ISO/IEC 27001:2022 A.8.13", None),
    ]


# --- whole norms: the norm files list whole norms, so the coverage per norm is honest ---


def _norm(norm_id: str):  # type: ignore[no-untyped-def]
    return next(n for n in NORMS if n.id == norm_id)


def test_every_norm_file_says_how_much_of_the_norm_it_rests_on() -> None:
    assert {n.id: n.text_seen for n in NORMS} == {
        "cyfun-2025": TextSeen.complete,
        "iso27001-2022": TextSeen.complete,
        "ksz-mn": TextSeen.partial,
        "vtc": TextSeen.structure,
    }
    assert [n.id for n in NORMS if n.basis is Basis.norm_text] == ["ksz-mn"]


_KEY_MEASURES = {
    CyfunLevel.basic: """ID.AM-08.2 PR.AA-01.1 PR.AA-03.2 PR.AA-05.1 PR.AA-05.2 PR.AA-05.3
        PR.AA-05.4 PR.DS-11.1 PR.PS-04.1 PR.IR-01.1 PR.IR-01.2 DE.CM-01.2 DE.AE-03.1""",
    CyfunLevel.important: """GV.RR-02.1 ID.RA-08.1 PR.AA-03.3 PR.PS-01.1 PR.IR-01.3 PR.IR-01.4
        DE.CM-01.3 RS.CO-02.2 RS.MI-01.2""",
    CyfunLevel.essential: """GV.SC-05.2 GV.SC-05.3 ID.AM-03.3 ID.AM-08.7 ID.AM-08.9 ID.AM-08.10
        PR.DS-02.1""",
}


def test_cyfun_lists_all_218_controls_of_2025_with_levels_and_key_measures() -> None:
    """34 Basic, 99 more at Important, 85 more at Essential; 13, 22 and 29 key measures."""
    cyfun = _norm("cyfun-2025")
    levels = [r.level for r in cyfun.requirements]
    assert [levels.count(level) for level in CyfunLevel] == [34, 99, 85]
    for level, ids in _KEY_MEASURES.items():
        marked = sorted(r.id for r in cyfun.requirements if r.key_measure is level)
        assert marked == sorted(ids.split()), level
    assert [c.id for c in cyfun.chapters] == ["GV", "ID", "PR", "DE", "RS", "RC"]
    assert all(r.id.startswith(r.chapter + ".") for r in cyfun.requirements)


def test_ksz_minimum_norms_follow_the_chapter_list_of_the_mnm() -> None:
    ksz = _norm("ksz-mn")
    assert [c.title.nl for c in ksz.chapters][1:] == [
        "Kernprincipes (5.1)",
        "Beleid voor informatieveiligheid (5.2)",
        "Organisatie van de informatieveiligheid - interne organisatie",
        "Organisatie van de informatieveiligheid - mobiele apparatuur en telewerken",
        "Medewerkers-gerelateerde veiligheid",
        "Beheer van bedrijfsmiddelen",
        "Toegangsbeveiliging (logisch)",
        "Vercijferen",
        "Fysieke beveiliging en beveiliging van de omgeving",
        "Operationeel beheer",
        "Communicatiebeveiliging",
        "Aankopen, ontwerpen, ontwikkelen en onderhouden van toepassingen",
        "Leveranciersrelaties",
        "Beheer van incidenten in verband met informatieveiligheid",
        "Informatiebeveiligingsaspecten van bedrijfscontinuïteitsbeheer",
        "Naleving",
        "Handhaving, opvolging en herziening",
        "Sanctie",
    ]


@pytest.mark.parametrize("norm_id", ["ksz-mn", "vtc"])
def test_every_chapter_read_only_by_title_has_a_manual_requirement_for_the_rest(
    norm_id: str,
) -> None:
    """An unread chapter shows as waiting for evidence instead of disappearing."""
    norm = _norm(norm_id)
    rests = {r.chapter: r for r in norm.requirements if r.id.endswith("-REST")}
    chapters = [c.id for c in norm.chapters if c.id != "GEN"]
    assert sorted(rests) == sorted(chapters)
    assert {r.status for r in rests.values()} == {RequirementStatus.manual}
