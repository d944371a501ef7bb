"""The registry of pure check functions, keyed by rule id."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from kszcheck.analysis.facts import Facts
from kszcheck.model.common import LocalizedText
from kszcheck.model.results import Finding

__all__ = ["CheckFn", "NotApplicable", "Params", "check", "registered"]

Params = Mapping[str, Any]
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
