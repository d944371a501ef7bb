"""The engine: evaluate the catalogue's checks on a snapshot and produce an assessment."""

from kszcheck.engine.evaluate import evaluate, evaluate_rule
from kszcheck.engine.params import resolve_params

__all__ = ["evaluate", "evaluate_rule", "resolve_params"]
