"""What every fault test asserts: the fault is contained in the source that suffered it.

The scan runs in-process through the real entry point (``kszcheck.cli.app.main``), so a test
can reach into a collection while it runs (stop a server after the first page). ``contained``
checks, for one source: the run completed (exit code 4 or 5, all three files written), no
traceback, one warning line on stderr naming the source and why, the source's provenance in the
snapshot keeps that reason, and every rule that needs one of the lost fact kinds is
``not_assessed`` with a reason naming the source, so none of them is ``pass``.
"""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kszcheck.cli.app import main
from kszcheck.model.provenance import FACT_KINDS

NOW = "2026-11-22T09:00:00+01:00"
DIRECTORY_KINDS = frozenset(k for k in FACT_KINDS if k.startswith("directory."))
NETWORK_KINDS = frozenset(k for k in FACT_KINDS if k.startswith("network."))


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    out: Path

    def json(self, name: str) -> Any:
        return json.loads((self.out / name).read_text(encoding="utf-8"))

    def outcomes(self) -> dict[str, str]:
        return {r["rule_id"]: r["outcome"] for r in self.json("assessment.json")["results"]}


def scan(site: Path, out: Path, *extra: str) -> Run:
    """``kszcheck scan SITE -o OUT`` in-process, its output captured; the history goes next to
    OUT."""
    argv = ["scan", str(site), "-o", str(out), "--now", NOW, "--history", f"{out}.sqlite"]
    stdout, stderr = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
        pytest.raises(SystemExit) as exited,
    ):
        main([*argv, *extra])
    code = exited.value.code
    assert isinstance(code, int), stderr.getvalue()
    return Run(code, stdout.getvalue(), stderr.getvalue(), out)


def contained(
    run: Run,
    *,
    source: str,
    collector: str,
    lost: frozenset[str],
    reason: str,
    status: str = "failed",
    exit_code: int | None = None,
) -> dict[str, str]:
    """Assert the fault stayed in ``source``; return the outcomes of the affected rules.

    ``reason`` is the one line the source's provenance keeps, exactly; ``lost`` the fact kinds
    the fault took away (chosen by the test, not read from the snapshot under test)."""
    text = run.stdout + run.stderr
    assert "Traceback" not in text, text
    assert run.code in (4, 5), text
    if exit_code is not None:
        assert run.code == exit_code, text
    assert sorted(p.name for p in run.out.iterdir()) == [
        "assessment.json",
        "report.html",
        "snapshot.json",
    ]
    state = "failed / mislukt" if status == "failed" else "incomplete / onvolledig"
    warning = f"kszcheck: warning: source '{source}' ({collector}) {state}: {reason}"
    assert warning in run.stderr.splitlines(), run.stderr
    (provenance,) = [s for s in run.json("snapshot.json")["sources"] if s["source_id"] == source]
    assert (provenance["status"], provenance["reason"]) == (status, reason)
    assessment = run.json("assessment.json")
    needs = {rule_id: set(meta["needs"]) for rule_id, meta in assessment["rules"].items()}
    affected: dict[str, str] = {}
    for result in assessment["results"]:
        if not needs[result["rule_id"]] & lost:
            continue
        affected[result["rule_id"]] = result["outcome"]
        assert result["outcome"] == "not_assessed", result
        assert f"source '{source}'" in result["reason"]["en"], result
        assert f"bron '{source}'" in result["reason"]["nl"], result
        assert reason in result["reason"]["en"], result
    assert affected, f"no rule needs {sorted(lost)}: the fault test would prove nothing"
    return affected
