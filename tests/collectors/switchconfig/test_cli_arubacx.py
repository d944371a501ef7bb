"""``kszcheck collect`` and ``scan`` read an Aruba-CX configuration placed among the example
administration's switches (tests/fixtures/switchconfig/arubacx-access.cfg, see ORIGIN.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.support import kszcheck

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "inventories" / "example"
CX = ROOT / "tests" / "fixtures" / "switchconfig" / "arubacx-access.cfg"
NOW = "2026-11-22T09:00:00+01:00"


SITE = """\
name: Gemeente Proef
organisations:
  gemeente: {name: Gemeente Proef}
  ocmw: {name: OCMW Proef}
zones:
  - {id: sdz, kind: social_data, name: Sociale dienst}
  - {id: sdz-users, kind: social_data_users, name: Sociale dienst, vlans: [30],
     subnets: [10.30.0.0/24]}
  - {id: gemeente-users, kind: gemeente_users, name: Gemeente, vlans: [10],
     subnets: [10.10.0.0/24]}
  - {id: guest, kind: guest, name: Gasten, vlans: [50], subnets: [10.50.0.0/24]}
  - {id: management, kind: management, name: Beheer, vlans: [99], subnets: [10.99.0.0/24]}
sources:
  - {id: switches, type: switchconfig, path: switches}
"""


def test_kszcheck_reads_an_aruba_cx_switch(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "switches").mkdir(parents=True)
    (site / "site.yaml").write_text(SITE, "utf-8")
    config = site / "switches" / "cx-sociaal-huis.cfg"
    shutil.copy(CX, config)
    snapshot = tmp_path / "snapshot.json"
    result = kszcheck("collect", str(site / "site.yaml"), "-o", str(snapshot), "-q")
    assert result.returncode == 0, result.stderr
    network = json.loads(snapshot.read_text("utf-8"))["network"]
    assert [(r["device"], r["dialect"], r["status"]) for r in network["parse_reports"]] == [
        ("CX-SOCIAAL-HUIS", "aruba-cx", "parsed")
    ]
    ports = {p["name"]: p for p in network["ports"]}
    assert (ports["1/1/1"]["mode"], ports["1/1/1"]["access_vlan"]) == ("access", 30)
    routed = [(r["name"], r["addresses"], r["vrf"], r["acl_in"]) for r in network["routed_ports"]]
    assert routed == [("1/1/47", ["10.31.253.1/30"], "SOCIAAL", "SDZ-IN")]
    assert findings(site, tmp_path / "out") == {
        ("KSZ-NET-005", "CX-SOCIAAL-HUIS:1/1/4:all-vlans"),
        ("KSZ-NET-005", "CX-SOCIAAL-HUIS:snmp-default-community"),
        ("KSZ-NET-005", "CX-SOCIAAL-HUIS:snmp-write"),
        ("KSZ-NET-007", "CX-SOCIAAL-HUIS:Vlan30:subnet"),
    }
    # VLAN 30 (the social service) is routed in the VRF SOCIAAL, apart from VLAN 10 (gemeente):
    # without its "vrf attach" the gemeente reaches it unfiltered, and NET-003 says so.
    text = config.read_text("utf-8")
    config.write_text(
        text.replace("interface vlan 30\n    vrf attach SOCIAAL\n", "interface vlan 30\n")
    )
    assert ("KSZ-NET-003", "gemeente-users:sdz-users") in findings(site, tmp_path / "out2")


def findings(site: Path, out: Path) -> set[tuple[str, str]]:
    """The rule and subject of every finding of a scan."""
    kszcheck("scan", str(site), "-o", str(out), "--now", NOW, "-q")
    results = json.loads((out / "assessment.json").read_text("utf-8"))["results"]
    return {(r["rule_id"], f["subject"]) for r in results for f in r["findings"]}
