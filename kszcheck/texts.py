"""The one home of the user-facing texts of the code: ``kszcheck/texts.yaml``.

A text has a dotted key and is written once per language (nl, fr, en; all three have exactly the
same keys); arguments are ``{name}`` placeholders filled in by the caller:

    text("checks.no_sdz_servers")             -> LocalizedText(nl=..., fr=..., en=...)
    text("engine.not_assessed", reason=r)      -> a LocalizedText argument is filled in per language
    say("cli.report", "fr", path="...")        -> the text of one language (terminal, mail, docs)
    joined([a, b], "; ")                       -> LocalizedTexts joined per language
    load_texts("nl")                           -> every text of one language, by dotted key
                                                  (the report's view-model reads these)

Sections: ``report``, ``first_page``, ... (the reports), ``checks`` (reasons the checks give, e.g.
why a rule does not apply), ``engine``, ``coverage`` and ``views`` (reasons and sentences of the
engine), ``cli`` (the terminal), ``mail``, ``docs`` (the generated rule documentation). The
texts of one rule (its title, its finding messages) stay in its ``rule.yaml``. The quality test
fails on a ``LocalizedText`` written with literal strings anywhere else in the package, on code
that chooses a language itself (``lang == "nl"``, a dict keyed by language), and on a
``text("...")`` key that this file does not have.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from kszcheck.model.common import LANGS, LocalizedText
from kszcheck.model.yamlsource import load_package_yaml

__all__ = ["LANGS", "check_lang", "joined", "load_texts", "not_assessed", "say", "text"]


@lru_cache(maxsize=1)
def _all_texts() -> dict[str, dict[str, str]]:
    raw = resources.files("kszcheck").joinpath("texts.yaml").read_text(encoding="utf-8")
    data = load_package_yaml(raw)
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


def check_lang(lang: str) -> str:
    """``lang`` if it is one of the languages, else a ValueError naming them."""
    if lang not in LANGS:
        raise ValueError(f"unknown report language '{lang}' (expected one of {', '.join(LANGS)})")
    return lang


def load_texts(lang: str) -> dict[str, str]:
    """The texts of one language, as flat dotted keys ("section.gaps")."""
    return dict(_all_texts()[check_lang(lang)])


def say(key: str, lang: str, **args: object) -> str:
    """The text ``key`` in one language, with ``args`` filled in (a LocalizedText argument in
    that language). An unknown key is a programming error (KeyError)."""
    filled = {k: v.get(lang) if isinstance(v, LocalizedText) else v for k, v in args.items()}
    return _all_texts()[check_lang(lang)][key].format(**filled)


def text(key: str, **args: object) -> LocalizedText:
    """The text ``key`` in every language, with ``args`` filled in; an argument that is itself a
    LocalizedText is filled in per language. An unknown key is a programming error (KeyError);
    the quality test finds it before it runs."""
    return LocalizedText(**{lang: say(key, lang, **args) for lang in LANGS})


def joined(parts: Sequence[LocalizedText], separator: str) -> LocalizedText:
    """The texts joined per language, each distinct text once, in order."""
    return LocalizedText(
        **{lang: separator.join(dict.fromkeys(p.get(lang) for p in parts)) for lang in LANGS}
    )


def not_assessed(reason: LocalizedText) -> LocalizedText:
    """ "Niet beoordeeld: <reason>." / "Non évalué : <reason>." (``engine.not_assessed``)."""
    return text("engine.not_assessed", reason=reason)
