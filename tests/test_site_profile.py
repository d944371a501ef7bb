"""The site profile: unknown keys refused, inline secrets refused, errors name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kszcheck.config import load_site
from kszcheck.model.catalogue import Severity
from kszcheck.model.errors import InputError

GOOD = """\
name: Gemeente en OCMW Proef
organisations:
  gemeente: {name: Gemeente Proef}
  ocmw: {name: OCMW Proef}
separation_model: ou
zones:
  - id: sdz
    kind: social_data
    ous: ["OU=Sociale Dienst,OU=OCMW,DC=proef,DC=local"]
    groups: [GG_SD_Dossiers]
    vlans: [30]
    subnets: [10.30.0.0/24]
sources:
  - id: ad
    type: ldif
    path: ad.ldif
  - id: dc
    type: ldap
    url: ldaps://dc1.proef.local
    bind_dn: svc-kszcheck@proef.local
    password: {env: KSZ_LDAP_PASSWORD}
params:
  KSZ-PRV-003: {max_tier0_members: 3}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_profile_loads(tmp_path: Path) -> None:
    site = load_site(_write(tmp_path, GOOD))
    assert site.name == "Gemeente en OCMW Proef"
    assert site.sdz_values("groups") == ["GG_SD_Dossiers"]
    assert site.sources[1].password is not None
    assert site.sources[1].password.env == "KSZ_LDAP_PASSWORD"
    assert site.params == {"KSZ-PRV-003": {"max_tier0_members": 3}}


def test_a_folder_means_its_site_yaml(tmp_path: Path) -> None:
    _write(tmp_path, GOOD)
    assert load_site(tmp_path).name == "Gemeente en OCMW Proef"


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("separation_model: ou", "separation_modle: ou", 5, "unknown key 'separation_modle'"),
        ("    vlans: [30]", "    vlans: [5000]", 11, "VLAN 5000 is outside 1-4094"),
        ("    subnets: [10.30.0.0/24]", "    subnets: [10.30.0/33]", 12, "is not a subnet"),
        ("    kind: social_data", "    kind: sociaal", 8, "zones.0.kind"),
        (
            "    password: {env: KSZ_LDAP_PASSWORD}",
            "    password: geheim123",
            21,
            "a password is never written in the site profile",
        ),
        ("    path: ad.ldif", "    pth: ad.ldif", 16, "unknown key 'pth'"),
        ("name: Gemeente en OCMW Proef\n", "", 1, "missing required key 'name'"),
    ],
)
def test_bad_profile_names_file_and_line(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(InputError) as info:
        load_site(path)
    err = info.value
    assert (err.source, err.line) == (str(path), line)
    assert message in err.message
    assert "geheim123" not in str(err)
    assert "\n" not in str(err)


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "name: x\nzones: [\n  - id: a\n")
    with pytest.raises(InputError) as info:
        load_site(path)
    assert info.value.line is not None
    assert "invalid YAML" in info.value.message


def test_duplicate_key_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "name: a\nname: b\n")
    with pytest.raises(InputError) as info:
        load_site(path)
    assert (info.value.line, info.value.message) == (2, "duplicate key 'name'")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_site(tmp_path / "nope.yaml")
    assert str(info.value) == f"{tmp_path / 'nope.yaml'}: file not found"


def test_duplicate_zone_ids(tmp_path: Path) -> None:
    text = GOOD.replace("sources:", "  - id: sdz\n    kind: guest\nsources:")
    with pytest.raises(InputError) as info:
        load_site(_write(tmp_path, text))
    assert "zone id 'sdz' is used twice" in info.value.message


def test_action_plan_deadlines_per_severity(tmp_path: Path) -> None:
    site = load_site(
        _write(tmp_path, GOOD + "action_plan:\n  due_days: {critical: 14, high: 60}\n")
    )
    assert site.action_plan.days_for(Severity.critical) == 14
    assert site.action_plan.days_for(Severity.medium) == 180  # the documented default


def test_an_unknown_severity_in_the_action_plan_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="action_plan"):
        load_site(_write(tmp_path, GOOD + "action_plan:\n  due_days: {urgent: 7}\n"))
