"""Load every ``rule.yaml`` under a rules directory into validated metadata."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from kszcheck import __version__
from kszcheck.catalogue.framework_refs import framework_sources
from kszcheck.catalogue.norms import NORMS_FOLDER, load_norms
from kszcheck.catalogue.paths import default_rules_dir
from kszcheck.model.catalogue import RuleMeta
from kszcheck.model.errors import InputError
from kszcheck.model.yamlsource import load_yaml_text, validate_with_lines

__all__ = ["Catalogue", "default_rules_dir", "load_catalogue"]


@dataclass
class Catalogue:
    root: Path
    rules: dict[str, RuleMeta] = field(default_factory=dict)
    rule_dirs: dict[str, Path] = field(default_factory=dict)
    version: str = ""


def load_catalogue(root: Path | None = None) -> Catalogue:
    root = root or default_rules_dir()
    catalogue = Catalogue(root=root)
    digest = hashlib.sha256()
    # the framework references (CyFun, ISO) of the rules are the norm files' (one owner): each
    # rule's are derived from the controls that list it
    norms = load_norms([root]) if (root / NORMS_FOLDER).is_dir() else []
    for norm_file in sorted((root / NORMS_FOLDER).glob("*.yaml")):
        digest.update(norm_file.relative_to(root).as_posix().encode() + b"\0")
        digest.update(norm_file.read_bytes())
    for path in sorted(root.glob("*/*/rule.yaml")):
        raw = path.read_bytes()
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + raw)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(path, "not UTF-8 text") from None
        data, lines = load_yaml_text(text, str(path))
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            derived = framework_sources(data["id"], norms)
            data["sources"] = [*(data.get("sources") or []), *derived]
        meta = validate_with_lines(RuleMeta, data, lines, str(path))
        if path.parent.name != meta.id:
            raise InputError(
                path, f"the folder is named {path.parent.name} but the id is {meta.id}"
            )
        if path.parent.parent.name != meta.domain:
            raise InputError(
                path,
                f"rule {meta.id} has domain {meta.domain} but sits in {path.parent.parent.name}/",
            )
        if meta.id in catalogue.rules:
            raise InputError(path, f"rule id {meta.id} is used twice")
        catalogue.rules[meta.id] = meta
        catalogue.rule_dirs[meta.id] = path.parent
    catalogue.version = f"{__version__}+{digest.hexdigest()[:12]}"
    return catalogue
