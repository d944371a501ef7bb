"""The UI strings: both languages complete, every label the view-model asks for present."""

from __future__ import annotations

import pytest

from kszcheck.model.catalogue import Basis, OwnerRole, Severity
from kszcheck.model.provenance import CollectionStatus
from kszcheck.model.results import Outcome
from kszcheck.report.viewmodel import DOMAIN_ORDER
from kszcheck.texts import load_texts


def test_dutch_and_english_have_the_same_keys() -> None:
    nl, en = load_texts("nl"), load_texts("en")
    assert sorted(set(nl) - set(en)) == []
    assert sorted(set(en) - set(nl)) == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_text_is_empty(lang: str) -> None:
    texts = load_texts(lang)
    assert [key for key, value in texts.items() if not value.strip()] == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_enumerated_value_has_a_label(lang: str) -> None:
    texts = load_texts(lang)
    wanted = (
        [f"outcome.{o.value}" for o in Outcome]
        + [f"severity.{s.value}" for s in Severity]
        + [f"owner.{r.value}" for r in OwnerRole]
        + [f"basis.{b.value}" for b in Basis]
        + [f"collection.{c.value}" for c in CollectionStatus]
        + [f"domain.{d}" for d in DOMAIN_ORDER]
        + [f"status.{s}" for s in ("compliant", "gaps", "incomplete", "gaps_incomplete")]
        + [f"status_sentence.{s}" for s in ("compliant", "gaps", "incomplete", "gaps_incomplete")]
        + [f"month.{m}" for m in range(1, 13)]
    )
    assert [key for key in wanted if key not in texts] == []


def test_headings_differ_between_the_languages() -> None:
    nl, en = load_texts("nl"), load_texts("en")
    assert nl["section.gaps"] == "Tekortkomingen per ernst en domein"
    assert en["section.gaps"] == "Gaps by severity and domain"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown report language 'fr'"):
        load_texts("fr")
