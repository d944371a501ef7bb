"""The demo's report, JSON and SARIF carry the snippets of its AD and switch findings, filled with
the findings' own subjects (issue 16)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from kszcheck.texts import load_texts
from tests.support import kszcheck

NOW = "2026-11-22T09:00:00+01:00"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    out = folder / "out"
    result = kszcheck(
        "demo", "--lang", "en", "-o", str(out), "--now", NOW, "-q",
        "--history", str(folder / "history.sqlite"),
    )  # fmt: skip
    assert result.returncode == 3, result.stderr
    sarif = kszcheck("report", str(out / "assessment.json"), "--format", "sarif", "--lang", "en",
                     "-o", str(out / "report.sarif"))  # fmt: skip
    assert sarif.returncode == 0, sarif.stderr
    return out


_ROW = re.compile(r'<tr class="finding finding-')
_SUBJECT = re.compile(r'<td class="subject break">(.*?)</td>', re.S)
_LABEL = re.compile(r'<p class="fix-label">(.*?)</p>', re.S)
_SNIPPET = re.compile(r'<pre class="snippet"><code>(.*?)</code></pre>', re.S)


def html_snippets(report: str) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(rule, subject) -> [(label, snippet)] as the report shows them."""
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for article in report.split('<article class="rule" id="rule-')[1:]:
        rule = article.split('"', 1)[0]
        for row in _ROW.split(article)[1:]:
            subject = html.unescape(_SUBJECT.search(row).group(1))  # type: ignore[union-attr]
            labels = [html.unescape(x) for x in _LABEL.findall(row)]
            texts = [html.unescape(x) for x in _SNIPPET.findall(row)]
            found[(rule, subject)] = list(zip(labels, texts, strict=True))
    return found


EXPECTED = {
    ("KSZ-PRV-004", "adm.kdesmet:not-protected"): [(
        "PowerShell",
        "$protectedUsers = Get-ADGroup -Identity ((Get-ADDomain).DomainSID.Value + '-525')\n"
        "Add-ADGroupMember -Identity $protectedUsers -Members 'adm.kdesmet'",
    )],
    ("KSZ-PRV-004", "adm.kdesmet:no-preauth"): [
        ("PowerShell",
         "Set-ADAccountControl -Identity 'adm.kdesmet' -DoesNotRequirePreAuth $false"),
    ],
    ("KSZ-SEP-005", "DL_SD_Share_RW:GG_GEM_Archief"): [
        ("PowerShell", "Remove-ADGroupMember -Identity 'DL_SD_Share_RW' -Members 'GG_GEM_Archief'"),
    ],
    ("KSZ-SEP-006", "GG_ICT_Helpdesk:gpo:OCMW Sociale Dienst - Werkplekbeveiliging"): [(
        "PowerShell",
        "Set-GPPermission -Name 'OCMW Sociale Dienst - Werkplekbeveiliging' -TargetName "
        "'GG_ICT_Helpdesk' -TargetType Group -PermissionLevel None -Replace",
    )],
    ("KSZ-PPL-005", "hwuyts:leaver"): [("PowerShell", "Disable-ADAccount -Identity 'hwuyts'")],
    ("KSZ-PRV-007", "SRV-FILE02:VOORBEELD\\GG_ICT_Helpdesk"): [(
        "PowerShell",
        "Invoke-Command -ComputerName 'SRV-FILE02' -ScriptBlock { param($member) "
        "Remove-LocalGroupMember -SID 'S-1-5-32-544' -Member $member } -ArgumentList "
        "'VOORBEELD\\GG_ICT_Helpdesk'",
    )],
    ("KSZ-NET-002", "SRV-SOC01"): [
        ("Cisco IOS on CORE-SW01", "interface Vlan31\n ip access-group ACL-sdz-app out"),
    ],
    ("KSZ-NET-003", "gemeente-users:sdz-app"): [(
        "Cisco IOS on CORE-SW01",
        "ip access-list extended ACL-GEM-USERS\n no permit ip 10.10.0.0 0.0.0.255 any",
    )],
    ("KSZ-NET-005", "ACC-SW01:snmp-default-community"): [(
        "ArubaOS-Switch (ProCurve) on ACC-SW01",
        "no snmp-server community public\nno snmp-server community private\nsnmpv3 only",
    )],
    ("KSZ-NET-005", "ACC-SW02:Ten-GigabitEthernet1/0/49:sdz-native"): [(
        "HPE Comware on ACC-SW02",
        "interface Ten-GigabitEthernet1/0/49\n port trunk permit vlan 30\n"
        " port trunk pvid vlan 999",
    )],
    ("KSZ-NET-001", "SD-PC04"): [
        ("ArubaOS-Switch (ProCurve) on ACC-SW01", "show vlans ports 4 detail"),
    ],
    ("KSZ-NET-001", "GEM-PC04"): [
        ("HPE Comware on ACC-SW02", "display interface GigabitEthernet1/0/4"),
    ],
}  # fmt: skip


def test_the_report_shows_the_snippets_of_ad_and_switch_findings(demo: Path) -> None:
    report = (demo / "report.html").read_text("utf-8")
    shown = html_snippets(report)
    assert {key: shown.get(key) for key in EXPECTED} == EXPECTED
    rules = {rule for (rule, _), snippets in shown.items() if snippets}
    assert len(rules) >= 25, sorted(rules)
    assert report.count(load_texts("en")["fixes.review"]) == sum(1 for s in shown.values() if s)


def test_json_and_sarif_carry_the_snippets(demo: Path) -> None:
    assessment = json.loads((demo / "assessment.json").read_text("utf-8"))
    fixes = {
        (r["rule_id"], f["subject"]): [(x["shell"], x["device"], x["text"]) for x in f["fixes"]]
        for r in assessment["results"]
        for f in r["findings"]
    }
    assert fixes[("KSZ-NET-002", "SRV-SOC01")] == [
        ("ios", "CORE-SW01", "interface Vlan31\n ip access-group ACL-sdz-app out")
    ]
    assert fixes[("KSZ-SEP-007", "DL_SD_Toepassing")] == [(
        "powershell", "",
        "Get-ADGroupMember -Identity 'DL_SD_Toepassing' -Recursive | Select-Object "
        "SamAccountName, Name, objectClass",
    )]  # fmt: skip
    sarif = json.loads((demo / "report.sarif").read_text("utf-8"))
    results = {
        (r["ruleId"], r["properties"]["subject"]): r["properties"].get("fixes")
        for r in sarif["runs"][0]["results"]
    }
    assert results[("KSZ-PRV-005", "ext.bvandamme:standing")] == [{
        "shell": "powershell",
        "text": "Disable-ADAccount -Identity 'ext.bvandamme'",
        "note": "Enable the account only for an approved maintenance window, with an end date "
                "(Set-ADAccountExpiration).",
    }]  # fmt: skip
    assert results[("KSZ-GOV-003", "ocmw")] is None  # no command fixes a missing appointment
