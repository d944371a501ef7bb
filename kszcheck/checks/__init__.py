"""Pure check functions, one per rule, registered by rule id.

Every module that holds checks is listed in ``CHECK_MODULES``; a test makes sure the set of
registered checks equals the set of rules in the catalogue.
"""

from __future__ import annotations

import importlib

__all__ = ["CHECK_MODULES", "load_all"]

CHECK_MODULES: tuple[str, ...] = (
    "kszcheck.checks.people",
    "kszcheck.checks.separation",
    "kszcheck.checks.privileged",
    "kszcheck.checks.governance",
    "kszcheck.checks.governance_documents",
    "kszcheck.checks.governance_registers",
    "kszcheck.checks.network",
    "kszcheck.checks.segmentation",
    "kszcheck.checks.logging",
    "kszcheck.checks.delegation",
    "kszcheck.checks.separation_model",
    "kszcheck.checks.backup",
    "kszcheck.checks.remote",
    "kszcheck.checks.servers",
    "kszcheck.checks.shares_observed",
    "kszcheck.checks.local_admins",
)


def load_all() -> None:
    for name in CHECK_MODULES:
        importlib.import_module(name)
