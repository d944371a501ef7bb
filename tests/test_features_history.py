"""Step definitions of the Dutch feature on what changed between two scans (history)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from tests.support import kszcheck

scenarios("features/wat_is_veranderd.feature")


@dataclass
class Scans:
    site: Path
    out: Path
    day: str = ""
    results: list[subprocess.CompletedProcess[str]] = field(default_factory=list)

    @property
    def first_page(self) -> str:
        html = (self.out / "report.html").read_text("utf-8")
        return html[: html.index("</header>")]


def _scan(scans: Scans, moment: str) -> None:
    result = kszcheck("scan", str(scans.site), "-o", str(scans.out), "-q", "--now", moment)
    assert result.returncode in (3, 5), result.stderr
    scans.results.append(result)


@pytest.fixture
def scans(example_site: Path) -> Scans:
    return Scans(example_site, example_site.parent / "out")


@given(parsers.parse('een kopie van de voorbeeldadministratie die op "{day}" gescand is'))
def scanned_once(scans: Scans, day: str) -> None:
    scans.day = day
    _scan(scans, f"{day}T09:00:00+01:00")


@when(
    parsers.parse(
        'de vertrouwelijkheidsverklaring van "{person}" verdwijnt en ik een uur later opnieuw scan'
    )
)
def declaration_gone(scans: Scans, person: str) -> None:
    records = scans.site / "records.yaml"
    lines = records.read_text("utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(f"  - {{person: {person}, signed:")]
    assert len(kept) == len(lines) - 1
    records.write_text("".join(kept), "utf-8")
    # the same day: rules that depend on the date (backup age, dormancy) stay the same
    _scan(scans, f"{scans.day}T10:00:00+01:00")


@then(
    parsers.parse("toont de eerste bladzijde {new:d} nieuwe en {resolved:d} opgeloste bevindingen")
)
def first_page_counts(scans: Scans, new: int, resolved: int) -> None:
    page = scans.first_page
    assert f'id="count-new">{new}</td>' in page
    assert f'id="count-resolved">{resolved}</td>' in page


@then(
    parsers.parse('noemt de eerste bladzijde de nieuwe tekortkoming "{subject}" van regel "{rule}"')
)
def first_page_names(scans: Scans, subject: str, rule: str) -> None:
    page = scans.first_page
    top = page[page.index('<ul class="top-new">') :]
    assert f'<span class="subject">{subject}</span> <a href="#rule-{rule}">{rule}</a>' in top


@then(parsers.parse('toont kszcheck diff de nieuwe bevinding "{rule}" voor "{subject}"'))
def diff_shows(scans: Scans, rule: str, subject: str) -> None:
    result = kszcheck("diff")  # the site's default history, found without options
    assert result.returncode == 0, result.stderr
    new = result.stdout.split("nieuw / new", 1)[1].split("opgelost / resolved", 1)[0]
    assert [line.split() for line in new.strip().splitlines()[1:]] == [
        ["+", rule, "critical", subject]
    ]
