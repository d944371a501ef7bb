"""Derived views computed once per snapshot and shared by all checks."""

from kszcheck.analysis.facts import Facts

__all__ = ["Facts"]
