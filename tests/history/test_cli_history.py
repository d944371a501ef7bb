"""History through the CLI: scan, change the administration, scan again; history and diff."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support import kszcheck

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inventories" / "example"
# the same day: rules that depend on the date (backup age, dormancy) give the same findings
FIRST, SECOND = "2026-11-22T09:00:00+01:00", "2026-11-22T10:00:00+01:00"
P003_DECLARATION = "  - {person: P003, signed: 2019-02-12"


def drop_declaration_of_p003(site: Path) -> None:
    records = site / "records.yaml"
    lines = records.read_text("utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(P003_DECLARATION)]
    assert len(kept) == len(lines) - 1
    records.write_text("".join(kept), "utf-8")


@pytest.fixture(scope="module")
def two_scans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hist")
    site = base / "site"
    shutil.copytree(EXAMPLE, site)
    # another -o the first time: the history is the site's, wherever its reports go
    first = kszcheck("scan", str(site), "-o", str(base / "first"), "--now", FIRST, "-q")
    assert first.returncode in (3, 5), first.stderr
    drop_declaration_of_p003(site)
    second = kszcheck("scan", str(site), "-o", str(base / "out"), "--now", SECOND, "-q")
    assert second.returncode in (3, 5), second.stderr
    return base


def test_the_history_is_the_sites_own_in_the_user_data_folder(
    two_scans: Path, module_user_data: Path
) -> None:
    history = module_user_data / "kszcheck" / "sites" / "gemeente-en-ocmw-voorbeeld"
    assert sorted(p.name for p in history.iterdir()) == ["history.sqlite"]
    assert not list(two_scans.glob("**/history.sqlite"))
    # found without options (the user data folder of the module, where two_scans scanned)
    result = kszcheck("history", extra_env={"XDG_DATA_HOME": str(module_user_data)})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].split()[:2] == ["1", "2026-11-22T09:00+01:00"]
    assert lines[2].split()[:2] == ["2", "2026-11-22T10:00+01:00"]
    assert lines[2].endswith("Gemeente en OCMW Voorbeeld")
    named = kszcheck(
        "history",
        "--site",
        "Gemeente en OCMW Voorbeeld",
        extra_env={"XDG_DATA_HOME": str(module_user_data)},
    )
    assert named.stdout == result.stdout


def test_without_a_scan_there_is_no_history(tmp_path: Path) -> None:
    result = kszcheck("history", extra_env={"XDG_DATA_HOME": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr == (
        f"kszcheck: error: {tmp_path / 'kszcheck' / 'sites' / 'history.sqlite'}: no history "
        "database (a scan creates it; see --history)\n"
    )


def test_diff_names_the_new_finding(two_scans: Path, module_user_data: Path) -> None:
    result = kszcheck("diff", extra_env={"XDG_DATA_HOME": str(module_user_data)})
    assert result.returncode == 0, result.stderr
    assert "  + KSZ-PPL-001 critical P003" in result.stdout.splitlines()
    assert "opgelost / resolved (0)" in result.stdout
    history = module_user_data / "kszcheck" / "sites" / "gemeente-en-ocmw-voorbeeld"
    explicit = kszcheck("diff", "2", "1", "--history", str(history / "history.sqlite"))
    assert "  - KSZ-PPL-001 critical P003" in explicit.stdout.splitlines()


def test_assessment_and_report_carry_what_changed(two_scans: Path) -> None:
    data = json.loads((two_scans / "out" / "assessment.json").read_text("utf-8"))
    assert [c["key"] for c in data["changes"]["new"]] == ["KSZ-PPL-001|P003"]
    assert data["changes"]["previous_run"] == 1
    baselines = {
        f["subject"]: f["baseline"]
        for r in data["results"]
        if r["rule_id"] == "KSZ-PPL-001"
        for f in r["findings"]
    }
    assert baselines == {"P003": "new", "P004": "unchanged", "P021": "unchanged"}
    html = (two_scans / "out" / "report.html").read_text("utf-8")
    first_page = html[: html.index("</header>")]
    assert '<td class="count nonzero" id="count-new">1</td>' in first_page
    assert '<td class="count" id="count-resolved">0</td>' in first_page
    assert "Sinds de vorige scan (22 november 2026, 09:00" in first_page
    assert "Belangrijkste nieuwe tekortkomingen" in first_page
    assert '<span class="subject">P003</span>' in first_page
    assert '<section id="trend">' in html


def test_sarif_carries_the_baseline_state(two_scans: Path) -> None:
    out = two_scans / "r.sarif"
    result = kszcheck(
        "report", str(two_scans / "out" / "assessment.json"), "--format", "sarif", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    results = json.loads(out.read_text("utf-8"))["runs"][0]["results"]
    states = {
        r["partialFingerprints"]["kszcheckFindingKey/v1"]: r["baselineState"]
        for r in results
        if r["ruleId"] == "KSZ-PPL-001"
    }
    assert states == {
        "KSZ-PPL-001|P003": "new",
        "KSZ-PPL-001|P004": "unchanged",
        "KSZ-PPL-001|P021": "unchanged",
    }


def test_a_history_that_is_not_a_database_is_refused_before_collecting(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    history.write_text("garbage, not a database" * 100, "utf-8")
    out = tmp_path / "out"
    result = kszcheck("demo", "-o", str(out), "--now", FIRST, "--history", str(history), "-q")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"kszcheck: error: {history}: not a kszcheck history (not an SQLite database); "
        "nothing was changed (check --history)"
    )
    assert history.read_text("utf-8") == "garbage, not a database" * 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.sqlite"]  # no run folder either


def test_diff_without_a_database_is_one_line(tmp_path: Path) -> None:
    result = kszcheck("diff", "--history", str(tmp_path / "none.sqlite"))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"kszcheck: error: {tmp_path / 'none.sqlite'}: no history database "
        "(a scan creates it; see --history)"
    )
