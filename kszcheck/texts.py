"""The one home of the user-facing texts of the code: ``kszcheck/texts.yaml``.

A text has a dotted key and is written once per language (nl, en; both have exactly the same
keys); arguments are ``{name}`` placeholders filled in by the caller:

    text("checks.no_sdz_servers")                  -> LocalizedText(nl=..., en=...)
    text("engine.not_assessed", reason="...")      -> "Niet beoordeeld: ....", "Not assessed: ...."
    with_reason("engine.answers_not_read", nl, en) -> ``{reason}`` filled in per language
    load_texts("nl")                               -> every text of one language, by dotted key
                                                      (the report's view-model reads these)

Sections: ``report``, ``first_page``, ... (the reports), ``checks`` (reasons the checks give, e.g.
why a rule does not apply), ``engine`` and ``views`` (reasons and sentences of the engine). The
texts of one rule (its title, its finding messages) stay in its ``rule.yaml``. The quality test
fails on a ``LocalizedText`` written with literal strings anywhere else in the package, and on a
``text("...")`` key that this file does not have.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from kszcheck.model.common import LocalizedText

__all__ = ["LANGS", "load_texts", "not_assessed", "text", "with_reason"]

LANGS = ("nl", "en")


@lru_cache(maxsize=1)
def _all_texts() -> dict[str, dict[str, str]]:
    raw = resources.files("kszcheck").joinpath("texts.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    return {lang: _flatten(data[lang]) for lang in LANGS}


def _flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


def load_texts(lang: str) -> dict[str, str]:
    """The texts of one language, as flat dotted keys ("section.gaps")."""
    if lang not in LANGS:
        raise ValueError(f"unknown report language '{lang}' (expected one of {', '.join(LANGS)})")
    return dict(_all_texts()[lang])


def text(key: str, **args: object) -> LocalizedText:
    """The text ``key`` in both languages, with ``args`` filled in. An unknown key is a
    programming error (KeyError); the quality test finds it before it runs."""
    nl, en = (_all_texts()[lang][key].format(**args) for lang in LANGS)
    return LocalizedText(nl=nl, en=en)


def with_reason(key: str, nl: str, en: str) -> LocalizedText:
    """The text ``key`` with its ``{reason}`` filled in per language (a reason the caller
    composed in both languages)."""
    texts = _all_texts()
    return LocalizedText(
        nl=texts["nl"][key].format(reason=nl), en=texts["en"][key].format(reason=en)
    )


def not_assessed(nl: str, en: str) -> LocalizedText:
    """ "Niet beoordeeld: <reason>." / "Not assessed: <reason>." (``engine.not_assessed``)."""
    return with_reason("engine.not_assessed", nl, en)
