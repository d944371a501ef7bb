"""Helpers shared by the tests (imported where needed; the shared fixtures are in
tests/conftest.py).

    ROOT, EXAMPLE             the repository and the example administration
    kszcheck(*args)           run ``python -m kszcheck`` from the repository root, as a user does
    edit_yaml(path, change)   load a YAML file, let ``change`` edit the data, write it back
    copy_example(folder)      a copy of the example administration in ``folder``
    RunFolder(out)            a run folder's assessment.json: ``rule(id)``,
                              ``requirement(norm, id)``
    require_peer(reason, what)
                              skip without a test peer (Samba, snmpd, smbd); with CI=true its
                              absence is a failure
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inventories" / "example"


def kszcheck(
    *args: str,
    env: dict[str, str] | None = None,
    extra_env: dict[str, str] | None = None,
    cwd: Path = ROOT,
) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a process of its own; never raises on an exit code.
    ``env`` replaces the environment; ``extra_env`` adds to the current one."""
    if extra_env is not None:
        env = {**(env if env is not None else os.environ), **extra_env}
    return subprocess.run(
        [sys.executable, "-m", "kszcheck", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=env,
    )


def edit_yaml(path: Path, change: Callable[[Any], object]) -> None:
    """Load ``path``, let ``change`` edit the data in place, write it back (key order kept)."""
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def copy_example(folder: Path) -> Path:
    """A copy of the example administration at ``folder`` (to change without touching it)."""
    shutil.copytree(EXAMPLE, folder)
    return folder


class RunFolder:
    """The outputs of one run (``-o`` folder of scan/demo)."""

    def __init__(self, out: Path) -> None:
        self.out = out

    @property
    def assessment(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.out / "assessment.json").read_text("utf-8"))
        return data

    def rule(self, rule_id: str) -> dict[str, Any]:
        for result in self.assessment["results"]:
            if result["rule_id"] == rule_id:
                return dict(result)
        raise AssertionError(f"{rule_id} not in the assessment")

    def requirement(self, norm_id: str, requirement_id: str) -> dict[str, Any]:
        for norm in self.assessment["norms"]:
            if norm["norm_id"] == norm_id:
                for item in norm["requirements"]:
                    if item["requirement_id"] == requirement_id:
                        return dict(item)
        raise AssertionError(f"{norm_id} {requirement_id} not in the assessment")


def require_peer(reason: str | None, what: str = "the tests") -> None:
    """Skip when a test peer is unavailable (``reason``); with CI=true that is a failure."""
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: {what} must run)")
    pytest.skip(reason)
