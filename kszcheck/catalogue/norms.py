"""Load the norm files ``rules/norms/*.yaml`` into validated :class:`Norm` models."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from kszcheck.catalogue.paths import default_rules_dir
from kszcheck.model.errors import InputError
from kszcheck.model.norms import Norm
from kszcheck.model.yamlsource import load_yaml_text, validate_with_lines

__all__ = ["NORMS_FOLDER", "load_norm_file", "load_norms", "unknown_rule_references"]

#: The folder of norm files inside a rules directory (or a rule pack).
NORMS_FOLDER = "norms"


def load_norm_file(path: Path) -> Norm:
    """One norm file; every error is one line naming the file, the line and the problem."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or "cannot be read") from None
    data, lines = load_yaml_text(text, str(path))
    if not isinstance(data, dict):
        raise InputError(path, "a norm file is a YAML mapping (id:, title:, requirements:, …)", 1)
    norm = validate_with_lines(Norm, data, lines, str(path))
    for path_key, problem in norm.problems():
        raise InputError(path, problem, lines.get(path_key))
    if path.stem != norm.id:
        raise InputError(path, f"the file is named {path.name} but the norm id is {norm.id}", 1)
    for index, requirement in enumerate(norm.requirements):
        requirement.line = lines.get(("requirements", index))
    return norm


def load_norms(roots: Iterable[Path] | None = None) -> list[Norm]:
    """Every norm file under ``<root>/norms/`` of each root (default: the shipped catalogue)."""
    norms: list[Norm] = []
    where: dict[str, Path] = {}
    for root in roots if roots is not None else [default_rules_dir()]:
        for path in sorted((root / NORMS_FOLDER).glob("*.yaml")):
            norm = load_norm_file(path)
            if norm.id in where:
                raise InputError(path, f"norm id {norm.id} is also used by {where[norm.id]}", 1)
            where[norm.id] = path
            norms.append(norm)
    return norms


def unknown_rule_references(
    norms: Iterable[Norm], rule_ids: Iterable[str]
) -> Mapping[str, list[str]]:
    """Rule ids that norm requirements name but the catalogue lacks: 'norm/requirement' -> ids."""
    known = set(rule_ids)
    unknown: dict[str, list[str]] = {}
    for norm in norms:
        for requirement in norm.requirements:
            missing = [r for r in requirement.rules if r not in known]
            if missing:
                unknown[f"{norm.id}/{requirement.id}"] = missing
    return unknown
