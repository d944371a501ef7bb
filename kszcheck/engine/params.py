"""Rule parameters: defaults from the catalogue, overridden per site (and per case)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kszcheck.model.catalogue import RuleMeta, coerce_param

__all__ = ["resolve_params"]


def resolve_params(meta: RuleMeta, overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """Merge overrides into the defaults; raise ValueError naming an unknown or mistyped one."""
    params = {name: spec.default for name, spec in meta.params.items()}
    for name, value in (overrides or {}).items():
        spec = meta.params.get(name)
        if spec is None:
            known = ", ".join(sorted(meta.params)) or "none"
            raise ValueError(f"{meta.id} has no parameter '{name}' (known: {known})")
        try:
            params[name] = coerce_param(spec.type, value)
        except ValueError as exc:
            raise ValueError(f"{meta.id} parameter '{name}': {exc}") from None
    return params
