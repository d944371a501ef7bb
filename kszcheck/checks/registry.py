"""The registry of pure check functions, keyed by rule id."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from kszcheck.analysis.facts import Facts
from kszcheck.model.common import LocalizedText
from kszcheck.model.results import Finding

__all__ = ["CheckFn", "NotApplicable", "Params", "check", "registered"]


class Params(dict[str, Any]):
    """A rule's parameters: the defaults of its rule.yaml, overridden per site, already checked
    against their declared types by the engine (``engine.params.resolve_params``). Checks read
    them typed, and never cast again:

        params.integer("max_months")   params.number("inventory_gap_pct")
        params.flag("require_x")       params.text("required_version")
        params.strings("patterns")     params.lowered("all_staff_groups")  (a set, stripped)
        params.integers("ignore_vlans")   params.entries("authorised_functions")  (as written)

    ``params["name"]`` still gives the raw value (rule packs written before the accessor).
    """

    def integer(self, name: str) -> int:
        value = self[name]
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"parameter '{name}' is not an integer: {value!r}")
        return value

    def number(self, name: str) -> float:
        value = self[name]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"parameter '{name}' is not a number: {value!r}")
        return float(value)

    def flag(self, name: str) -> bool:
        value = self[name]
        if not isinstance(value, bool):
            raise TypeError(f"parameter '{name}' is not true or false: {value!r}")
        return value

    def text(self, name: str) -> str:
        return str(self[name])

    def entries(self, name: str) -> list[object]:
        """A list parameter's items as written (strings or mappings)."""
        value = self[name]
        if not isinstance(value, list):
            raise TypeError(f"parameter '{name}' is not a list: {value!r}")
        return list(value)

    def strings(self, name: str) -> list[str]:
        return [str(item) for item in self.entries(name)]

    def integers(self, name: str) -> list[int]:
        return [int(item) for item in self.strings(name)]

    def lowered(self, name: str) -> set[str]:
        """The list's items stripped and in lower case, as a set (names compared any case)."""
        return {item.strip().lower() for item in self.strings(name)}


CheckFn = Callable[[Facts, Params], Iterable[Finding]]

_REGISTRY: dict[str, CheckFn] = {}


class NotApplicable(Exception):
    """Raised by a check when the rule does not apply to this site."""

    def __init__(self, reason: LocalizedText) -> None:
        super().__init__(reason.en)
        self.reason = reason


def check(rule_id: str) -> Callable[[CheckFn], CheckFn]:
    """Register a check function for a rule id; a second registration for one id is an error."""

    def register(fn: CheckFn) -> CheckFn:
        if rule_id in _REGISTRY:
            raise RuntimeError(f"a check for {rule_id} is already registered")
        _REGISTRY[rule_id] = fn
        return fn

    return register


def registered() -> dict[str, CheckFn]:
    """All checks; imports the check modules listed in :mod:`kszcheck.checks`."""
    from kszcheck.checks import load_all

    load_all()
    return dict(_REGISTRY)
