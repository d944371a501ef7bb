"""Custom rule packs: extra folders with rules, cases, norms and a ``checks.py``.

A pack has the layout of the shipped catalogue::

    my-pack/
      checks.py                      # the pack's checks, loaded by file path
      servers/KSZ-LOC-101/rule.yaml  # <domain>/<RULE-ID>/rule.yaml, with cases/
      norms/local-policy.yaml        # optional norm files

``checks.py`` registers its checks with the decorator of this module::

    from kszcheck.catalogue.packs import check

    @check("KSZ-LOC-101")
    def my_rule(facts, params):
        ...

A pack never replaces a rule of the catalogue: an id that is already used is refused. A check
that raises while it runs makes its rule ``not_assessed`` with the error; the run goes on.
"""

from __future__ import annotations

import hashlib
import importlib.util
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from kszcheck.catalogue.loader import Catalogue, load_catalogue
from kszcheck.catalogue.norms import load_norms
from kszcheck.checks.registry import CheckFn, registered
from kszcheck.model.errors import InputError
from kszcheck.model.norms import Norm
from kszcheck.model.site import SiteProfile

__all__ = [
    "CHECKS_FILE",
    "RulePack",
    "SiteCatalogue",
    "catalogue_for_site",
    "check",
    "combine",
    "load_pack",
    "site_pack_paths",
]

#: The check module of a pack.
CHECKS_FILE = "checks.py"
_MARK = "__kszcheck_rule__"


def check(rule_id: str) -> Callable[[CheckFn], CheckFn]:
    """Mark a function in a pack's ``checks.py`` as the check of ``rule_id``."""

    def mark(fn: CheckFn) -> CheckFn:
        setattr(fn, _MARK, rule_id)
        return fn

    return mark


@dataclass
class RulePack:
    root: Path
    catalogue: Catalogue
    checks: dict[str, CheckFn] = field(default_factory=dict)
    norms: list[Norm] = field(default_factory=list)


@dataclass
class SiteCatalogue:
    """What one evaluation uses: the catalogue with the site's packs, their checks and norms."""

    catalogue: Catalogue
    checks: dict[str, CheckFn]
    norms: list[Norm]


def load_pack(root: Path) -> RulePack:
    """Read a pack: its rules (validated like the catalogue's), its checks and its norms."""
    if not root.is_dir():
        raise InputError(root, "a rule pack is a folder (with <domain>/<RULE-ID>/rule.yaml)")
    catalogue = load_catalogue(root)
    checks_path = root / CHECKS_FILE
    checks = _load_checks(checks_path, catalogue.version) if checks_path.is_file() else {}
    for rule_id in sorted(set(checks) - set(catalogue.rules)):
        raise InputError(
            checks_path, f"there is a check for {rule_id} but the pack has no rule {rule_id}"
        )
    return RulePack(root=root, catalogue=catalogue, checks=checks, norms=load_norms([root]))


def _load_checks(path: Path, version: str) -> dict[str, CheckFn]:
    digest = hashlib.sha256(str(path.resolve()).encode() + version.encode()).hexdigest()[:16]
    spec = importlib.util.spec_from_file_location(f"kszcheck_pack_{digest}", path)
    if spec is None or spec.loader is None:
        raise InputError(path, "cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise InputError(path, f"syntax error: {exc.msg}", exc.lineno) from None
    except Exception as exc:  # noqa: BLE001 - a broken pack is bad input, named by file and line
        raise InputError(path, f"{type(exc).__name__}: {exc}", _line_in(path, exc)) from None
    return _marked(module, path)


def _marked(module: ModuleType, path: Path) -> dict[str, CheckFn]:
    found: dict[str, CheckFn] = {}
    for value in vars(module).values():
        rule_id = getattr(value, _MARK, None)
        if not isinstance(rule_id, str) or not callable(value):
            continue
        if rule_id in found and found[rule_id] is not value:
            raise InputError(path, f"two checks are marked for {rule_id}")
        found[rule_id] = value
    return found


def _line_in(path: Path, exc: BaseException) -> int | None:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == path]
    return frames[-1].lineno if frames else None


def combine(
    catalogue: Catalogue, checks: Mapping[str, CheckFn], packs: Sequence[RulePack]
) -> tuple[Catalogue, dict[str, CheckFn]]:
    """The catalogue and checks with the packs added; a rule id used twice is refused."""
    merged = Catalogue(
        root=catalogue.root,
        rules=dict(catalogue.rules),
        rule_dirs=dict(catalogue.rule_dirs),
        version=catalogue.version,
    )
    all_checks = dict(checks)
    for pack in packs:
        for rule_id, meta in pack.catalogue.rules.items():
            if rule_id in merged.rules:
                raise InputError(
                    pack.catalogue.rule_dirs[rule_id] / "rule.yaml",
                    f"rule id {rule_id} is already used by {merged.rule_dirs[rule_id]}",
                )
            merged.rules[rule_id] = meta
            merged.rule_dirs[rule_id] = pack.catalogue.rule_dirs[rule_id]
        all_checks.update(pack.checks)
        pack_hash = pack.catalogue.version.rsplit("+", 1)[-1]
        merged.version += f"+{_label(pack.root)}.{pack_hash}"
    return merged, all_checks


def _label(root: Path) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in root.resolve().name) or "pack"


def site_pack_paths(site: SiteProfile, site_file: Path) -> list[Path]:
    """The site's ``rule_packs``, relative to the folder of site.yaml."""
    paths = []
    for entry in site.rule_packs:
        path = Path(entry)
        paths.append(path if path.is_absolute() else site_file.parent / path)
    return paths


def catalogue_for_site(
    catalogue: Catalogue,
    site: SiteProfile | None = None,
    site_file: Path | None = None,
    extra: Sequence[Path] = (),
) -> SiteCatalogue:
    """The shipped catalogue and checks, plus the site's packs and any extra pack folders."""
    paths = list(extra)
    if site is not None and site_file is not None:
        paths += site_pack_paths(site, site_file)
    packs = [load_pack(path) for path in paths]
    merged, checks = combine(catalogue, registered(), packs)
    norms = load_norms([catalogue.root])
    seen = {norm.id for norm in norms}
    for pack in packs:
        for norm in pack.norms:
            if norm.id in seen:
                raise InputError(pack.root, f"norm id {norm.id} is already used")
            seen.add(norm.id)
            norms.append(norm)
    return SiteCatalogue(catalogue=merged, checks=checks, norms=norms)
