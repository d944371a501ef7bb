"""Expected failures found by an independent attack (issue 11): each is one line and exit 2, 4
or 5, never "unexpected error" (exit 1) and never a traceback. One test per reproducer."""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from kszcheck.cli.app import main
from tests.support import kszcheck

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inventories" / "example"
NOW = "2026-11-22T09:00:00+01:00"


def scan(site: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return kszcheck(
        "scan", str(site), "-o", str(out), "--history", f"{out}.sqlite", "--now", NOW, *extra
    )


def no_crash(result: subprocess.CompletedProcess[str]) -> None:
    assert "unexpected error" not in result.stderr, result.stderr
    assert "Traceback" not in result.stderr, result.stderr


@pytest.fixture
def site(tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(EXAMPLE, target)
    return target


def test_b1_rich_markup_in_a_failure_reason_is_printed_not_interpreted(
    site: Path, tmp_path: Path
) -> None:
    (site / "ad-export.ldif").write_text(
        "dn: DC=voorbeeld,DC=local\nobjectClass: domainDNS\n[/bold] oops\n\n", encoding="utf-8"
    )
    result = scan(site, tmp_path / "out")
    no_crash(result)
    assert result.returncode == 5
    assert "[/bold] oops" in result.stderr  # the warning line quotes the bad line as it is
    assert "[/bold] oops" in result.stdout  # and the summary's "niet beoordeeld" lines too


def test_b1_rich_markup_in_the_site_name(site: Path, tmp_path: Path) -> None:
    profile = yaml.safe_load((site / "site.yaml").read_text("utf-8"))
    profile["name"] = "Gemeente [/bold][link=http://evil.example]X[/link]"
    (site / "site.yaml").write_text(yaml.safe_dump(profile), encoding="utf-8")
    result = scan(site, tmp_path / "out")
    no_crash(result)
    assert result.returncode == 3
    assert "Gemeente [/bold][link=http://evil.example]X[/link]: " in result.stdout


def test_b2_lone_surrogate_in_yaml_fails_the_source_naming_file_and_line(
    site: Path, tmp_path: Path
) -> None:
    records = site / "records.yaml"
    text = records.read_text("utf-8")
    line = text[: text.index("\nchanges:\n")].count("\n") + 3
    records.write_text(
        text.replace(
            "\nchanges:\n",
            '\nchanges:\n  - {changed_on: 2026-05-02, description: "bad \\ud800", '
            "kind: new_server}\n",
            1,
        ),
        encoding="utf-8",
    )
    result = scan(site, tmp_path / "out")
    no_crash(result)
    assert result.returncode in (4, 5)
    assert f"records.yaml:{line}: the escape \\ud800 is a lone UTF-16 surrogate" in result.stderr


def test_b2_lone_surrogate_and_deep_nesting_in_json_are_usage_errors(
    site: Path, tmp_path: Path
) -> None:
    scan(site, tmp_path / "clean", "-q")
    text = (tmp_path / "clean" / "assessment.json").read_text("utf-8")
    bad = text.replace('"Gemeente en OCMW Voorbeeld"', '"Gem \\ud800"', 1)
    line = bad[: bad.index("\\ud800")].count("\n") + 1
    (tmp_path / "surrogate.json").write_text(bad, encoding="utf-8")
    (tmp_path / "deep.json").write_text("[" * 100000 + "]" * 100000, encoding="utf-8")
    for fmt in ("html", "junit"):
        result = kszcheck(
            "report", str(tmp_path / "surrogate.json"), "--format", fmt, "-o", str(tmp_path / "r")
        )
        assert result.returncode == 2
        assert result.stderr == (
            f"kszcheck: error: {tmp_path / 'surrogate.json'}:{line}: the escape \\ud800 is a "
            "lone UTF-16 surrogate, not a character (the text was cut or mis-converted)\n"
        )
    result = kszcheck("report", str(tmp_path / "deep.json"), "-o", str(tmp_path / "r"))
    assert (result.returncode, result.stderr) == (
        2,
        f"kszcheck: error: {tmp_path / 'deep.json'}: not valid JSON: nested too deeply\n",
    )


SHORT_KEY_SITE = """\
name: Korte sleutel
zones:
  - {id: sd-users, kind: social_data_users, vlans: [30], subnets: [10.30.0.0/24]}
sources:
  - id: switches
    type: snmp
    targets: ["127.0.0.1:9"]
    v3_user: kszcheck
    auth_key: {env: KSZ_T_AUTH}
    priv_key: {env: KSZ_T_PRIV}
    options: {timeout: 0.5, retries: 0}
"""


def test_b3_short_snmpv3_key_is_a_configuration_error_without_the_key(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(SHORT_KEY_SITE, encoding="utf-8")
    env = {
        **__import__("os").environ,
        "KSZ_T_AUTH": "Sh0rt7k",
        "KSZ_T_PRIV": "priv-key-long-enough",
        "KSZCHECK_DEBUG": "1",
    }
    result = kszcheck(
        "scan", str(tmp_path / "site.yaml"), "-o", str(tmp_path / "out"), "-q", env=env
    )
    assert result.returncode == 2
    assert result.stderr == (
        "kszcheck: error: site profile, source 'switches': auth_key (env KSZ_T_AUTH) is shorter "
        "than the 8 characters an SNMPv3 key needs (RFC 3414) / te kort: een SNMPv3-sleutel "
        "heeft minstens 8 tekens\n"
    )
    assert not (tmp_path / "out").exists()


def test_b3_debug_traceback_redacts_every_resolved_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected error whose text holds the keys (as pysnmp's did): neither the one line nor
    the KSZCHECK_DEBUG traceback shows them, in any of their printed forms."""
    import kszcheck.collectors.snmp as snmp

    (tmp_path / "site.yaml").write_text(SHORT_KEY_SITE, encoding="utf-8")
    monkeypatch.setenv("KSZ_T_AUTH", "auth-Geheim-1234")
    monkeypatch.setenv("KSZ_T_PRIV", "priv-Gehe\nim-5678")
    monkeypatch.setenv("KSZCHECK_DEBUG", "1")

    async def explode(targets: object, auth: snmp.SnmpAuth, *args: object) -> object:
        raise RuntimeError(f"bad key {auth.auth_key.encode()!r} / {auth.priv_key!r}")

    monkeypatch.setattr(snmp, "read_devices", explode)
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), pytest.raises(SystemExit) as exited:
        main(["scan", str(tmp_path / "site.yaml"), "-o", str(tmp_path / "out"), "-q"])
    assert exited.value.code == 1
    text = stderr.getvalue()
    assert "Traceback" in text and "RuntimeError: bad key b'***' / '***'" in text
    for leaked in ("auth-Geheim", "Geheim-1234", "priv-Gehe", "im-5678"):
        assert leaked not in text


def test_b10_oversized_cell_in_port_hosts_fails_the_source_naming_the_row(
    site: Path, tmp_path: Path
) -> None:
    hosts = site / "port-hosts.csv"
    *rows, closing = hosts.read_text("utf-8").splitlines()  # the row goes before '# rows: N'
    line = len(rows) + 1
    hosts.write_text("\n".join([*rows, "ACC-SW01,7," + "A" * 140000, closing]) + "\n", "utf-8")
    result = scan(site, tmp_path / "out", "-q")
    no_crash(result)
    assert result.returncode == 5
    assert (
        f"port-hosts.csv:{line}: malformed CSV: field larger than field limit (131072)"
        in result.stderr
    )


def test_b12_line_break_in_the_site_name_does_not_stop_the_mail(site: Path, tmp_path: Path) -> None:
    profile = yaml.safe_load((site / "site.yaml").read_text("utf-8"))
    profile["name"] = "Gemeente X\r\nBcc: attacker@evil.example"
    profile["notify"] = {"host": "127.0.0.1", "port": 9, "starttls": False, "from": "k@x.be"}
    (site / "site.yaml").write_text(yaml.safe_dump(profile), encoding="utf-8")
    result = scan(site, tmp_path / "out", "-q", "--mail-to", "ict@x.be")
    no_crash(result)
    assert result.returncode == 3
    assert result.stderr.startswith("kszcheck: warning: mail not sent: notify: 127.0.0.1:9: ")

    from kszcheck.notify import summary_text
    from kszcheck.report.json_ import read_assessment

    out = tmp_path / "out" / "assessment.json"
    subject, body = summary_text(read_assessment(out.read_text("utf-8"), out), "nl")
    assert subject.startswith("kszcheck: Gemeente X\\r\\nBcc: attacker@evil.example: ")
    assert body.startswith("Gemeente X\\r\\nBcc: attacker@evil.example: ")


def test_b13_output_of_the_wrong_kind_is_a_usage_error(site: Path, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    (tmp_path / "adir").mkdir()
    result = scan(site, tmp_path / "afile", "-q")
    assert result.returncode == 2
    assert "Directory '" in result.stderr and "afile' is a file." in result.stderr
    scan(site, tmp_path / "out", "-q")
    result = kszcheck(
        "report", str(tmp_path / "out" / "assessment.json"), "-o", str(tmp_path / "adir")
    )
    assert result.returncode == 2
    assert "adir' is a directory." in result.stderr
    assert list((tmp_path / "adir").iterdir()) == []
