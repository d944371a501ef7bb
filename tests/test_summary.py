"""The terminal summary of a scan (kszcheck/cli/summary.py) and ``demo --copy`` (issue 19):
short, wholly in the report's language, naming where the report, the history and the example
are."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kszcheck.cli.summary import NOT_ASSESSED_SHOWN
from kszcheck.report.plan import FIRST_PAGE_PROBLEMS
from kszcheck.texts import load_texts
from tests.support import EXAMPLE, kszcheck
from tests.test_french import DUTCH, ENGLISH, input_strings, without_input

NOW = "2026-11-22T09:00:00+01:00"


def words_of(text: str, language: set[str]) -> list[str]:
    found = {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ_]+(?:\.[A-Za-z_]+)*", text)}
    return sorted(found & language)


@pytest.fixture(scope="module")
def dutch_demo(
    tmp_path_factory: pytest.TempPathFactory, module_user_data: Path
) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("nl") / "out"
    result = kszcheck("demo", "--lang", "nl", "-o", str(out), "--now", NOW)
    assert result.returncode == 3, result.stderr
    return out, result.stdout + result.stderr


def test_the_dutch_terminal_has_no_english(dutch_demo: tuple[Path, str]) -> None:
    out, terminal = dutch_demo
    text = without_input(terminal, input_strings(out))
    assert words_of(text, ENGLISH) == []
    assert len(words_of(text, DUTCH)) >= 5  # the check can see Dutch words


def test_the_summary_is_short_and_says_where_everything_is(
    dutch_demo: tuple[Path, str], module_user_data: Path
) -> None:
    out, terminal = dutch_demo
    nl = load_texts("nl")
    lines = terminal.splitlines()
    assert "Gemeente en OCMW Voorbeeld: Tekortkomingen" in lines
    assert (
        "Score 16% · Dekking 100% · Problemen naar ernst: kritiek 11 · hoog 36 · middel 31 · laag 1"
        in lines
    )
    numbered = [line for line in lines if re.match(r"^  \d+\. ", line)]
    assert len(numbered) == FIRST_PAGE_PROBLEMS
    assert numbered[0].startswith("  1. kritiek KSZ-SEP-003: Fien De Clercq heeft toegang")
    assert numbered[0].endswith("(3 personen)")
    assert "  … en nog 73 problemen: het actieplan in het rapport somt ze allemaal op" in lines
    assert f"{nl['cli.report']}: {out / 'report.html'}" in lines
    history = module_user_data / "kszcheck" / "sites" / "gemeente-en-ocmw-voorbeeld"
    assert f"geschiedenis: {history / 'history.sqlite'} (eerste scan van dit bestuur)" in lines
    assert (
        f"Het voorbeeld staat in {EXAMPLE}. Een kopie om te bewerken: kszcheck demo --copy MAP"
        in lines
    )
    assert len(lines) < 40  # the 53 failed rules are in the report, not on the terminal


def test_a_second_scan_says_what_changed(tmp_path: Path, user_data: Path) -> None:
    args = ("demo", "--lang", "en", "-o", str(tmp_path / "out"), "--now", NOW)
    assert kszcheck(*args).returncode == 3
    again = kszcheck(*args)
    assert again.returncode == 3, again.stderr
    history = user_data / "kszcheck" / "sites" / "gemeente-en-ocmw-voorbeeld" / "history.sqlite"
    assert [line for line in again.stdout.splitlines() if line.startswith("history: ")] == [
        f"history: {history} (since the previous scan: 0 new, 0 resolved)"
    ]


def test_not_assessed_rules_are_counted_and_a_few_named(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert kszcheck("demo", "--copy", str(site)).returncode == 0
    (site / "ad-export.ldif").write_text("dn: broken\n", "utf-8")
    result = kszcheck("scan", str(site), "-o", str(tmp_path / "out"), "--lang", "en", "--now", NOW)
    assert result.returncode == 5, result.stderr
    lines = result.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("Not assessed: "))
    count = int(lines[head].split()[2])
    assert count > NOT_ASSESSED_SHOWN
    shown = lines[head + 1 : head + 1 + NOT_ASSESSED_SHOWN]
    assert all(re.match(r"^  KSZ-[A-Z]{3}-\d{3}: .+", line) for line in shown), shown
    assert lines[head + 1 + NOT_ASSESSED_SHOWN] == (
        f"  … and {count - NOT_ASSESSED_SHOWN} more: the report names them all, with the reason"
    )


def test_demo_copy_writes_the_example_to_edit_and_scan(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    result = kszcheck("demo", "--copy", str(target), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"The example is now in {target}. Adapt it and scan it with: kszcheck scan "
        f"{target / 'site.yaml'}\n"
    )
    assert sorted(p.relative_to(target) for p in target.rglob("*")) == sorted(
        p.relative_to(EXAMPLE) for p in EXAMPLE.rglob("*")
    )
    scanned = kszcheck("scan", str(target), "-o", str(tmp_path / "out"), "-q", "--now", NOW)
    assert scanned.returncode == 3, scanned.stderr


def test_demo_copy_refuses_a_folder_with_files(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n", "utf-8")
    result = kszcheck("demo", "--copy", str(target))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"kszcheck: error: {target} bestaat al en is niet leeg: kies een nieuwe of lege map "
        "(er is niets gewijzigd)\n"
    )
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
