"""Step definitions for the Dutch feature files: what users see, through the real CLI."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from pytest_bdd import given, parsers, scenarios, then, when

from tests.support import EXAMPLE, RunFolder, edit_yaml, kszcheck

scenarios(
    "features/demo.feature", "features/niet_beoordeeld.feature", "features/uitzonderingen.feature"
)


class Run(RunFolder):
    def __init__(self, site: Path, out: Path) -> None:
        super().__init__(out)
        self.site = site
        self.now: str | None = None
        self.result: subprocess.CompletedProcess[str] | None = None


def _edit_site(site_dir: Path, change: Any) -> None:
    edit_yaml(site_dir / "site.yaml", change)


@pytest.fixture
def run(example_site: Path) -> Run:
    return Run(example_site, example_site.parent / "out")


@given("de voorbeeldadministratie")
def example(run: Run) -> Run:
    return run


@given(parsers.parse('de voorbeeldadministratie zonder de bron "{source_id}"'))
def without_source(run: Run, source_id: str) -> None:
    _edit_site(
        run.site, lambda d: d.update(sources=[s for s in d["sources"] if s["id"] != source_id])
    )


@given(parsers.parse('de voorbeeldadministratie waarin de bron "{source_id}" naar "{path}" wijst'))
def source_points_elsewhere(run: Run, source_id: str, path: str) -> None:
    def change(data: dict[str, Any]) -> None:
        for source in data["sources"]:
            if source["id"] == source_id:
                source["path"] = path

    _edit_site(run.site, change)


@given(
    parsers.parse(
        'de voorbeeldadministratie met een uitzondering op "{rule_id}" voor '
        '"{subject}" van "{start}" tot "{expires}"'
    )
)
def with_waiver(run: Run, rule_id: str, subject: str, start: str, expires: str) -> None:
    waivers = {
        "waivers": [
            {
                "id": "W-TEST-1",
                "rule": rule_id,
                "subjects": [subject],
                "justification": "Tijdelijk aanvaard tot de herstructurering van het beheer.",
                "approved_by": "Algemeen directeur",
                "start": start,
                "expires": expires,
                "risk_ref": "RR-2026-01",
            }
        ]
    }
    (run.site / "test-waivers.yaml").write_text(yaml.safe_dump(waivers), "utf-8")
    _edit_site(run.site, lambda d: d.update(waivers="test-waivers.yaml"))


@when("ik de demo uitvoer")
def run_demo(run: Run) -> None:
    run.result = kszcheck("demo", "--output", str(run.out))


@when("ik de site scan")
def run_scan(run: Run) -> None:
    run.result = kszcheck("scan", str(run.site), "--output", str(run.out), "--quiet")


@when(parsers.parse('ik de site scan op "{day}"'))
def run_scan_on(run: Run, day: str) -> None:
    run.result = kszcheck(
        "scan", str(run.site), "--output", str(run.out), "--quiet", "--now", f"{day}T09:00:00+01:00"
    )


@then(parsers.parse("is de exitcode {code:d}"))
def exit_code(run: Run, code: int) -> None:
    assert run.result is not None
    assert run.result.returncode == code, run.result.stderr + run.result.stdout
    assert "Traceback" not in run.result.stderr


@then(parsers.parse('is de uitkomst van regel "{rule_id}" "{outcome}"'))
def rule_outcome(run: Run, rule_id: str, outcome: str) -> None:
    assert run.rule(rule_id)["outcome"] == outcome


@then(parsers.parse('noemt de reden van regel "{rule_id}" de ontbrekende "{what}"'))
def reason_names(run: Run, rule_id: str, what: str) -> None:
    reason = run.rule(rule_id)["reason"]
    assert what in reason["nl"] and what in reason["en"]


@then("vindt de scan elke tekortkoming uit de README van het voorbeeld")
def finds_every_planted_gap(run: Run) -> None:
    planted = planted_gaps((EXAMPLE / "README.md").read_text("utf-8"))
    assert len(planted) >= 12
    found = {(r["rule_id"], f["subject"]) for r in run.assessment["results"] for f in r["findings"]}
    missing = sorted(set(planted) - found)
    assert missing == [], f"planted gaps the scan did not find: {missing}"


def planted_gaps(readme: str) -> list[tuple[str, str]]:
    """Rows of the README's table of planted gaps: | KSZ-XXX-000 | `subject` | … |."""
    rows = re.findall(r"^\|\s*(KSZ-[A-Z]{3}-\d{3})\s*\|\s*`([^`]+)`\s*\|", readme, re.MULTILINE)
    return [(rule, subject) for rule, subject in rows]


@then(parsers.parse('staat de weergavenaam "{name}" als tekst in het rapport'))
def hostile_name_escaped(run: Run, name: str) -> None:
    html = (run.out / "report.html").read_text("utf-8")
    assert name not in html
    assert name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html


@then("is het rapport in het Nederlands")
def report_in_dutch(run: Run) -> None:
    html = (run.out / "report.html").read_text("utf-8")
    assert '<html lang="nl"' in html


@then(parsers.parse('toont het rapport de uitzondering met goedkeurder "{approver}"'))
def report_shows_waiver(run: Run, approver: str) -> None:
    html = (run.out / "report.html").read_text("utf-8")
    assert approver in html
