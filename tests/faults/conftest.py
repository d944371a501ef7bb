"""Fixtures of the fault tests: a copy of the example administration to damage, and the outcomes
of the undamaged example (to show that the rules a fault takes away would otherwise pass)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.contain import scan
from tests.support import copy_example


@pytest.fixture
def site(example_site: Path) -> Path:
    return example_site


@pytest.fixture(scope="session")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Rule -> outcome of a scan of the undamaged example."""
    folder = tmp_path_factory.mktemp("baseline")
    copy_example(folder / "site")
    run = scan(folder / "site", folder / "out", "--quiet")
    assert (run.code, run.stderr) == (3, ""), run.stderr
    return run.outcomes()
