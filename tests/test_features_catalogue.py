"""Step definitions for the catalogue's Dutch feature files (tests/features/catalogus/)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from tests.support import RunFolder, edit_yaml, kszcheck

FEATURES = Path(__file__).resolve().parent / "features" / "catalogus"
PACK = FEATURES / "regelpakket"

scenarios(
    "features/catalogus/handmatige_vereisten.feature",
    "features/catalogus/vervallen_uitzonderingen.feature",
    "features/catalogus/regelpakket.feature",
)


class Run(RunFolder):
    def __init__(self, site: Path, out: Path) -> None:
        super().__init__(out)
        self.site = site
        self.pack: Path | None = None
        self.result: subprocess.CompletedProcess[str] | None = None


def _answers(run: Run, change: Any) -> None:
    edit_yaml(run.site / "records.yaml", lambda d: d.update(answers=change(d.get("answers"))))


@pytest.fixture
def run(example_site: Path) -> Run:
    return Run(example_site, example_site.parent / "out")


@given("de voorbeeldadministratie")
def example(run: Run) -> Run:
    return run


@given(
    parsers.parse(
        'de voorbeeldadministratie zonder antwoord op vereiste "{requirement}" van norm "{norm}"'
    )
)
def without_answer(run: Run, requirement: str, norm: str) -> None:
    _answers(
        run,
        lambda items: [
            a for a in items or [] if (a["norm"], a["requirement"]) != (norm, requirement)
        ],
    )


@given(
    parsers.parse(
        'de voorbeeldadministratie met antwoord "{answer}" op vereiste "{requirement}" van norm '
        '"{norm}" met bewijs "{evidence}" van "{day}"'
    )
)
def with_answer(
    run: Run, answer: str, requirement: str, norm: str, evidence: str, day: str
) -> None:
    entry = {
        "norm": norm,
        "requirement": requirement,
        "answer": answer,
        "evidence": evidence,
        "answered_on": day,
        "answered_by": "Eva Lambrecht (veiligheidsconsulent)",
    }
    _answers(
        run,
        lambda items: (
            [a for a in items or [] if (a["norm"], a["requirement"]) != (norm, requirement)]
            + [entry]
        ),
    )


@given("de voorbeeldadministratie zonder vervallen uitzonderingen")
def without_expired_waivers(run: Run) -> None:
    edit_yaml(
        run.site / "waivers.yaml",
        lambda d: d.update(waivers=[w for w in d["waivers"] if w["id"] != "W-2025-011"]),
    )


@given("de voorbeeldadministratie met het regelpakket")
def with_pack(run: Run) -> None:
    run.pack = run.site.parent / "pakket"
    shutil.copytree(PACK, run.pack)
    edit_yaml(run.site / "site.yaml", lambda d: d.update(rule_packs=["../pakket"]))


@given("de voorbeeldadministratie met een regelpakket waarvan de controle een fout geeft")
def with_broken_pack(run: Run) -> None:
    with_pack(run)
    assert run.pack is not None
    checks = run.pack / "checks.py"
    text = checks.read_text("utf-8").replace(
        "    for server in facts.snapshot.inventory.servers:",
        "    _ = 1 / 0\n    for server in facts.snapshot.inventory.servers:",
    )
    checks.write_text(text, "utf-8")


@when(parsers.parse('ik de site scan op "{day}"'))
def scan_on(run: Run, day: str) -> None:
    run.result = kszcheck(
        "scan", str(run.site), "--output", str(run.out), "--quiet", "--now", f"{day}T09:00:00+02:00"
    )


@when(parsers.parse('ik de uitzonderingen controleer op "{day}"'))
def check_waivers(run: Run, day: str) -> None:
    run.result = kszcheck("waivers", "check", str(run.site), "--now", f"{day}T09:00:00+02:00")


@when("ik de regels oplijst met het regelpakket")
def list_rules(run: Run) -> None:
    run.result = kszcheck("rules", "list", "--site", str(run.site))


@then(parsers.parse("is de exitcode {code:d}"))
def exit_code(run: Run, code: int) -> None:
    assert run.result is not None
    assert run.result.returncode == code, run.result.stderr + run.result.stdout
    assert "Traceback" not in run.result.stderr


@then(parsers.parse('is vereiste "{requirement}" van norm "{norm}" "{outcome}"'))
def requirement_outcome(run: Run, requirement: str, norm: str, outcome: str) -> None:
    assert run.result is not None
    assert run.result.returncode in (3, 4, 5), run.result.stderr
    assert run.requirement(norm, requirement)["outcome"] == outcome


@then(
    parsers.parse(
        'zegt de reden van vereiste "{requirement}" van norm "{norm}" dat het bewijs verlopen '
        'is op "{day}"'
    )
)
def evidence_expired(run: Run, requirement: str, norm: str, day: str) -> None:
    item = run.requirement(norm, requirement)
    assert item["answer"]["expired"] is True
    assert item["answer"]["valid_until"] == day
    assert f"verlopen op {day}" in item["reason"]["nl"]
    assert f"expired on {day}" in item["reason"]["en"]


@then(
    parsers.parse('toont "norms show {norm}" voor de site vereiste "{requirement}" als "{label}"')
)
def norms_show_prints(run: Run, norm: str, requirement: str, label: str) -> None:
    shown = kszcheck("norms", "show", norm, "--assessment", str(run.out / "assessment.json"))
    assert shown.returncode == 0, shown.stderr
    rows = [line.split() for line in shown.stdout.splitlines()]
    row = next(r for r in rows if r and r[0] == requirement)
    assert row[1:3] == ["handmatig", label], row


@then(parsers.parse('noemt de foutmelding het bestand "{name}" met een regelnummer'))
def error_names_file_and_line(run: Run, name: str) -> None:
    assert run.result is not None
    lines = run.result.stderr.strip().splitlines()
    assert len(lines) == 1, run.result.stderr
    assert re.search(rf"{re.escape(name)}:\d+: answers: norm ksz-mn has no requirement", lines[0])
    assert not run.out.exists()


@then(parsers.parse('staat uitzondering "{waiver_id}" in de lijst als "{label}"'))
def waiver_listed(run: Run, waiver_id: str, label: str) -> None:
    assert run.result is not None
    row = next(line for line in run.result.stdout.splitlines() if waiver_id in line)
    assert label in row, row


@then(parsers.parse('staat uitzondering "{waiver_id}" niet in de lijst'))
def waiver_not_listed(run: Run, waiver_id: str) -> None:
    assert run.result is not None
    assert waiver_id not in run.result.stdout


@then(parsers.parse('staat regel "{rule_id}" in de lijst'))
def rule_listed(run: Run, rule_id: str) -> None:
    assert run.result is not None
    assert run.result.returncode == 0, run.result.stderr
    assert re.search(rf"^\s*{rule_id}\s+low\s+servers\s", run.result.stdout, re.MULTILINE)


@then(parsers.parse('is de uitkomst van regel "{rule_id}" "{outcome}"'))
def rule_outcome(run: Run, rule_id: str, outcome: str) -> None:
    assert run.result is not None
    assert run.result.returncode in (3, 4, 5), run.result.stderr
    assert run.rule(rule_id)["outcome"] == outcome


@then(parsers.parse('heeft regel "{rule_id}" bevindingen voor "{first}" en "{second}"'))
def rule_findings(run: Run, rule_id: str, first: str, second: str) -> None:
    subjects = sorted(f["subject"] for f in run.rule(rule_id)["findings"])
    assert subjects == sorted([first, second])


@then(parsers.parse('noemt de reden van regel "{rule_id}" de fout "{error}"'))
def reason_names_error(run: Run, rule_id: str, error: str) -> None:
    reason = run.rule(rule_id)["reason"]
    assert error in reason["nl"] and error in reason["en"]
