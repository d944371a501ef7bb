"""The text lint of the catalogue: every text of every rule and norm in every language.

A text of the catalogue (a rule's title, plain sentence, rationale, remediation, messages and
parameter descriptions; a norm's titles, notes and evidence) is written in Dutch, French and
English. The model lets French be absent (an administration's own rule pack falls back to
English); this lint is what refuses that in the shipped catalogue. It also refuses a rule text
that is the same as another language's (a copy, not a translation) and a text whose placeholders
differ between the languages (a finding would lose a subject in one of them).

Pure: models in, one line per problem out (``KSZ-SEP-001 messages.gap: no fr text``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from pydantic import BaseModel

from kszcheck.model.catalogue import RuleMeta, message_fields
from kszcheck.model.common import LANGS, LocalizedText
from kszcheck.model.norms import Norm

__all__ = ["localized_texts", "problems_of", "text_problems"]


def localized_texts(model: BaseModel, path: str = "") -> Iterator[tuple[str, LocalizedText]]:
    """Every LocalizedText inside ``model``, with its dotted path (``messages.gap``)."""
    for name in type(model).model_fields:
        yield from _walk(getattr(model, name), f"{path}{name}")


def _walk(value: object, path: str) -> Iterator[tuple[str, LocalizedText]]:
    if isinstance(value, LocalizedText):
        yield path, value
    elif isinstance(value, BaseModel):
        yield from localized_texts(value, f"{path}.")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, Sequence) and not isinstance(value, str | bytes):
        for index, item in enumerate(value):
            label = getattr(item, "id", None)
            yield from _walk(item, f"{path}.{label if isinstance(label, str) else index}")


def problems_of(owner: str, path: str, text: LocalizedText, *, copies: bool = True) -> list[str]:
    """What is wrong with one text: a language missing, a copy of another (with ``copies``),
    placeholders that differ."""
    missing = text.missing()
    problems = [f"{owner} {path}: no {lang} text" for lang in missing]
    present = [lang for lang in LANGS if lang not in missing]
    for i, first in enumerate(present if copies else ()):
        for second in present[i + 1 :]:
            if text.get(first).strip() == text.get(second).strip():
                problems.append(f"{owner} {path}: the {second} text is the {first} text")
    placeholders = {lang: message_fields(text.get(lang)) for lang in present}
    if len({frozenset(p) for p in placeholders.values()}) > 1:
        shown = "; ".join(f"{lang} {sorted(p)}" for lang, p in placeholders.items())
        problems.append(f"{owner} {path}: placeholders differ ({shown})")
    return problems


def text_problems(rules: Iterable[RuleMeta], norms: Iterable[Norm]) -> list[str]:
    """Every problem of every text of the rules and norms, one line each."""
    problems: list[str] = []
    for rule in rules:
        for path, text in localized_texts(rule):
            # a source's note may be the same everywhere ("CyFun 2023 PR.AC-4.6.")
            problems += problems_of(rule.id, path, text, copies=not path.endswith(".note"))
    for norm in norms:
        for path, text in localized_texts(norm):
            # a norm's short titles may be alike ("Logging", "Screening"): no copy check
            problems += problems_of(norm.id, path, text, copies=False)
    return problems
