"""The command line as users run it: exit codes, one-line errors, nothing written half."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support import kszcheck

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inventories" / "example"
NOW = "2026-11-22T09:00:00+01:00"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(EXAMPLE, target)
    return target


def test_scan_writes_the_three_files_and_exits_3(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = kszcheck("scan", str(site), "-o", str(out), "--now", NOW)
    assert result.returncode == 3, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "assessment.json",
        "report.html",
        "snapshot.json",
    ]
    assert f"rapport: {out / 'report.html'}" in result.stdout
    assert "KSZ-PPL-001" in result.stdout


def test_quiet_scan_prints_nothing(site: Path, tmp_path: Path) -> None:
    result = kszcheck("scan", str(site), "-o", str(tmp_path / "out"), "--quiet", "--now", NOW)
    assert (result.returncode, result.stdout, result.stderr) == (3, "", "")


def test_english_report(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    kszcheck("scan", str(site), "-o", str(out), "--lang", "en", "--quiet", "--now", NOW)
    assert '<html lang="en"' in (out / "report.html").read_text("utf-8")


def test_collect_evaluate_report_give_the_same_result_as_scan(site: Path, tmp_path: Path) -> None:
    snap, assess, html = tmp_path / "s.json", tmp_path / "a.json", tmp_path / "r.html"
    assert kszcheck("collect", str(site / "site.yaml"), "-o", str(snap), "-q").returncode == 0
    evaluated = kszcheck(
        "evaluate", str(snap), "--site", str(site), "-o", str(assess), "--now", NOW, "-q"
    )
    assert evaluated.returncode == 3
    assert (
        kszcheck(
            "report", str(assess), "--format", "html", "--lang", "en", "-o", str(html)
        ).returncode
        == 0
    )
    kszcheck("scan", str(site), "-o", str(tmp_path / "scan"), "--now", NOW, "-q")
    one = json.loads(assess.read_text("utf-8"))
    two = json.loads((tmp_path / "scan" / "assessment.json").read_text("utf-8"))
    assert one["results"] == two["results"]
    assert '<html lang="en"' in html.read_text("utf-8")


def _break_ldif(site: Path) -> Path:
    ldif = site / "ad-export.ldif"
    lines = ldif.read_text("utf-8").splitlines()
    lines[2] = "objectSid:: ***not base64***"
    ldif.write_text("\n".join(lines) + "\n", "utf-8")
    return ldif


LDIF_ERROR = "3: invalid base64 in the value of 'objectSid' (truncated or damaged)"


def test_strict_malformed_ldif_is_one_line_exit_2_and_nothing_written(
    site: Path, tmp_path: Path
) -> None:
    ldif = _break_ldif(site)
    out = tmp_path / "out"
    result = kszcheck("scan", str(site), "-o", str(out), "--now", NOW, "--strict")
    assert result.returncode == 2
    error = result.stderr.strip().splitlines()[-1]
    assert error == f"kszcheck: error: {ldif}:{LDIF_ERROR}"
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_malformed_ldif_fails_its_source_and_the_scan_goes_on(site: Path, tmp_path: Path) -> None:
    ldif = _break_ldif(site)
    out = tmp_path / "out"
    result = kszcheck("scan", str(site), "-o", str(out), "--now", NOW, "--quiet")
    assert result.returncode == 5  # the planted gaps outside AD, and AD rules not assessed
    assert result.stderr == (
        f"kszcheck: warning: source 'ad' (ldif) failed / mislukt: {ldif}:{LDIF_ERROR}\n"
    )
    snapshot = json.loads((out / "snapshot.json").read_text("utf-8"))
    (ad,) = [s for s in snapshot["sources"] if s["source_id"] == "ad"]
    assert (ad["status"], ad["reason"]) == ("failed", f"{ldif}:{LDIF_ERROR}")
    results = json.loads((out / "assessment.json").read_text("utf-8"))["results"]
    (ppl001,) = [r for r in results if r["rule_id"] == "KSZ-PPL-001"]
    assert ppl001["outcome"] == "not_assessed"
    assert ppl001["reason"]["en"] == (
        f"Not assessed: source 'ad' (ad-export.ldif) failed: {ldif}:{LDIF_ERROR}."
    )


def test_collect_strict_writes_no_snapshot_and_collect_without_records_the_failure(
    site: Path, tmp_path: Path
) -> None:
    ldif = _break_ldif(site)
    snap = tmp_path / "s.json"
    strict = kszcheck("collect", str(site), "-o", str(snap), "-q", "--strict")
    assert (strict.returncode, strict.stderr) == (2, f"kszcheck: error: {ldif}:{LDIF_ERROR}\n")
    assert not snap.exists()
    lenient = kszcheck("collect", str(site), "-o", str(snap), "-q")
    assert lenient.returncode == 0
    sources = json.loads(snap.read_text("utf-8"))["sources"]
    assert [s["source_id"] for s in sources if s["status"] == "failed"] == ["ad"]


def test_malformed_site_profile_is_one_line_exit_2(site: Path) -> None:
    path = site / "site.yaml"
    path.write_text(path.read_text("utf-8").replace("separation_model:", "separation:"), "utf-8")
    result = kszcheck("scan", str(site), "-o", str(site / "out"), "--quiet")
    assert result.returncode == 2
    assert result.stderr.startswith(f"kszcheck: error: {path}:")
    assert "unknown key 'separation'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _bad_server_row(site: Path) -> tuple[Path, int]:
    servers = site / "servers.csv"
    lines = servers.read_text("utf-8").splitlines()
    lines.append(lines[-1].replace(lines[-1].split(",")[0], "SRV-NEW", 1) + ",extra,cells")
    servers.write_text("\n".join(lines) + "\n", "utf-8")
    return servers, len(lines)


def test_strict_bad_csv_row_names_file_and_line(site: Path) -> None:
    servers, line = _bad_server_row(site)
    result = kszcheck("scan", str(site), "-o", str(site / "out"), "--quiet", "--strict")
    assert result.returncode == 2
    assert result.stderr.startswith(f"kszcheck: error: {servers}:{line}: ")
    assert not (site / "out").exists()


def test_bad_csv_row_fails_the_servers_source_naming_file_and_line(site: Path) -> None:
    servers, line = _bad_server_row(site)
    result = kszcheck("scan", str(site), "-o", str(site / "out"), "--quiet", "--now", NOW)
    assert result.returncode == 5
    prefix = f"kszcheck: warning: source 'servers' (servers) failed / mislukt: {servers}:{line}: "
    assert result.stderr.startswith(prefix)
    assert len(result.stderr.splitlines()) == 1
    results = json.loads((site / "out" / "assessment.json").read_text("utf-8"))["results"]
    (net002,) = [r for r in results if r["rule_id"] == "KSZ-NET-002"]
    assert net002["outcome"] == "not_assessed"
    assert f"source 'servers' (servers.csv) failed: {servers}:{line}: " in net002["reason"]["en"]


def test_unknown_option_is_a_usage_error() -> None:
    result = kszcheck("scan", "--frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_missing_site_file_is_exit_2() -> None:
    result = kszcheck("scan", "/nonexistent/site.yaml")
    assert result.returncode == 2
    assert result.stderr.strip() == "kszcheck: error: /nonexistent/site.yaml: file not found"


def test_rules_list_and_show() -> None:
    listed = kszcheck("rules", "list", "--lang", "en")
    assert listed.returncode == 0
    assert "KSZ-PPL-001" in listed.stdout and "KSZ-NET-002" in listed.stdout
    shown = kszcheck("rules", "show", "ksz-prv-003")
    assert shown.returncode == 0
    assert "max_tier0_members = 5" in shown.stdout
    assert kszcheck("rules", "show", "KSZ-XXX-999").returncode == 2


def test_report_refuses_a_file_that_is_no_assessment(tmp_path: Path) -> None:
    bogus = tmp_path / "a.json"
    bogus.write_text('{"hello": 1}', "utf-8")
    result = kszcheck("report", str(bogus), "-o", str(tmp_path / "r.html"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"kszcheck: error: {bogus}: not a kszcheck assessment")
    assert not (tmp_path / "r.html").exists()


def test_demo_from_another_folder_writes_reports_example(tmp_path: Path) -> None:
    result = kszcheck("demo", "--quiet", "--now", NOW, cwd=tmp_path)
    assert result.returncode == 3, result.stderr
    assert (tmp_path / "reports" / "example" / "report.html").is_file()


def test_progress_never_says_done_for_a_partial_source(site: Path, tmp_path: Path) -> None:
    """A header-only disposals.csv is not recorded, and servers.csv cut before SRV-SOCTST01 is
    incomplete by AD's computer objects (found only after every source was read): the progress
    line of each says ONVOLLEDIG, never klaar; the complete ones say klaar."""
    (site / "disposals.csv").write_text(
        "asset,kind,social_data,decommissioned_on,method,certificate,certified_on\n", "utf-8"
    )
    servers = site / "servers.csv"
    servers.write_text("".join(servers.read_text("utf-8").splitlines(True)[:-1]), "utf-8")
    result = kszcheck("scan", str(site), "-o", str(tmp_path / "out"), "--now", NOW)
    assert result.returncode == 5, result.stderr
    lines = result.stderr.splitlines()
    assert "  bron disposals (disposals): ONVOLLEDIG" in lines
    assert "  bron servers (servers): ONVOLLEDIG" in lines
    assert "  bron shares (shares): klaar" in lines
    assert "  bron ad (ldif): klaar" in lines
    assert not [line for line in lines if "disposals" in line and "klaar" in line]
