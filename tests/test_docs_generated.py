"""The generated rule documentation (docs/rules/) is current, and says what it should."""

from __future__ import annotations

from pathlib import Path

from kszcheck.catalogue import load_catalogue
from kszcheck.catalogue.docs import DOCS_DIR, collect_cases, render_docs, stale_files
from kszcheck.catalogue.norms import load_norms

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue()
PAGES = render_docs(CATALOGUE.rules, load_norms(), collect_cases(CATALOGUE))


def test_docs_rules_are_up_to_date() -> None:
    stale = stale_files(ROOT / DOCS_DIR, PAGES)
    assert stale == [], (
        f"docs/rules/ is stale ({len(stale)} pages differ, e.g. {stale[:3]}); "
        "regenerate it with: python -m kszcheck docs"
    )


def test_every_rule_has_a_page_in_both_languages_with_its_cases() -> None:
    for rule_id, meta in CATALOGUE.rules.items():
        for lang in ("nl", "en"):
            page = PAGES[f"{lang}/rules/{rule_id}.md"]
            assert page.startswith(f"# {rule_id} — {meta.title.get(lang)}\n")
            for case in sorted((CATALOGUE.rule_dirs[rule_id] / "cases").glob("*.yaml")):
                assert f"\n### {case.name.removesuffix('.yaml')}\n" in page, (rule_id, case)


def test_a_rule_page_shows_its_example_findings_and_its_norms() -> None:
    page = PAGES["nl/rules/KSZ-GOV-001.md"]
    assert "- [ksz-mn ORG-1](../norms/ksz-mn.md)" in page
    assert "- [cyfun-2025 GV.RR-02.1](../norms/cyfun-2025.md)" in page
    assert "- **Verwachte uitkomst**: `pass` (voldoet)" in page
    english = PAGES["en/rules/KSZ-GOV-001.md"]
    assert "## What to do" in english and "- **Expected outcome**: `fail` (fail)" in english


def test_index_domain_and_norm_pages_exist() -> None:
    assert "[Organisatie en bestuur](governance.md)" in PAGES["nl/README.md"]
    assert "[Organisation and governance](governance.md)" in PAGES["en/README.md"]
    assert "| [KSZ-GOV-001](rules/KSZ-GOV-001.md) | critical |" in PAGES["en/governance.md"]
    norm = PAGES["nl/norms/ksz-mn.md"]
    assert "| PHY-1 | handmatig | – | Lokalen met servers" in norm
    assert "| ORG-1 | automatisch | [KSZ-GOV-001](../rules/KSZ-GOV-001.md) |" in norm


def test_a_stale_or_extra_page_is_reported(tmp_path: Path) -> None:
    pages = {"README.md": "a\n", "nl/README.md": "b\n"}
    (tmp_path / "nl").mkdir()
    (tmp_path / "README.md").write_text("a\n", "utf-8")
    (tmp_path / "nl" / "README.md").write_text("old\n", "utf-8")
    (tmp_path / "nl" / "gone.md").write_text("x\n", "utf-8")
    assert stale_files(tmp_path, pages) == ["nl/README.md", "nl/gone.md"]
