"""The UI strings: the three languages complete, every label the view-model asks for present."""

from __future__ import annotations

import string

import pytest

from kszcheck.model.catalogue import Basis, OwnerRole, Severity
from kszcheck.model.provenance import CollectionStatus
from kszcheck.model.results import Outcome
from kszcheck.report.viewmodel import DOMAIN_ORDER
from kszcheck.texts import LANGS, load_texts


def test_the_three_languages_have_the_same_keys_and_placeholders() -> None:
    nl = load_texts("nl")
    for lang in ("fr", "en"):
        other = load_texts(lang)
        assert sorted(set(nl) - set(other)) == [], lang
        assert sorted(set(other) - set(nl)) == [], lang
        differ = [key for key in nl if _fields(nl[key]) != _fields(other[key])]
        assert differ == [], lang


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


@pytest.mark.parametrize("lang", LANGS)
def test_no_text_is_empty(lang: str) -> None:
    texts = load_texts(lang)
    assert [key for key, value in texts.items() if not value.strip()] == []


def test_french_is_not_a_copy_of_dutch_or_english() -> None:
    nl, fr, en = load_texts("nl"), load_texts("fr"), load_texts("en")
    # a single word may be the same ("Description", "Score", "Zone"); a phrase may not
    copied = sorted(k for k in fr if len(fr[k].split()) > 2 and fr[k] in (nl[k], en[k]))
    assert copied == []


@pytest.mark.parametrize("lang", LANGS)
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
    nl, fr, en = load_texts("nl"), load_texts("fr"), load_texts("en")
    assert nl["section.gaps"] == "Tekortkomingen per ernst en domein"
    assert fr["section.gaps"] == "Manquements par gravité et par domaine"
    assert en["section.gaps"] == "Gaps by severity and domain"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown report language 'de'"):
        load_texts("de")
