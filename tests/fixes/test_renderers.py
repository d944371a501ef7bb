"""The snippet renderers and the grammar of the ``fixes:`` templates (pure code)."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from kszcheck.catalogue.loader import load_catalogue
from kszcheck.fixes import finding_fixes, result_with_fixes
from kszcheck.fixes.powershell import Refused, literal
from kszcheck.fixes.switch import NotIdentifier, identifier
from kszcheck.model.catalogue import RuleMeta
from kszcheck.model.fixes import SWITCH_SHELLS, Fix, FixTemplate, Omission, Shell
from kszcheck.model.results import Finding, Outcome, RuleResult, Severity

CATALOGUE = load_catalogue()


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("adm.kdesmet", "'adm.kdesmet'"),
        ("", "''"),
        ("O'Brien", "'O''Brien'"),
        ("O\u2019Brien", "'O\u2019\u2019Brien'"),
        ("\u2018\u201a\u201b", "'\u2018\u2018\u201a\u201a\u201b\u201b'"),
        ('$(calc) `n "x" # y', "'$(calc) `n \"x\" # y'"),
        ("VOORBEELD\\GG_ICT_Helpdesk", "'VOORBEELD\\GG_ICT_Helpdesk'"),
    ],
)
def test_powershell_literal(value: str, written: str) -> None:
    assert literal(value) == written


@pytest.mark.parametrize(
    ("value", "code"),
    [("a\nb", "U+000A"), ("a\u202eb", "U+202E"), ("a\u200bb", "U+200B"), ("\u2028", "U+2028"),
     ("\ufffe", "U+FFFE"), ("\x85", "U+0085"), ("\ue000", "U+E000")],
)  # fmt: skip
def test_powershell_refuses_control_characters(value: str, code: str) -> None:
    with pytest.raises(Refused, match=re.escape(code)):
        literal(value)


@pytest.mark.parametrize(
    ("shell", "written"),
    [(Shell.ios, "Vlan31"), (Shell.comware, "Vlan-interface31"), (Shell.procurve, "vlan 31"),
     (Shell.aruba_cx, "vlan31")],
)  # fmt: skip
def test_an_svi_is_written_as_the_dialect_writes_it(shell: Shell, written: str) -> None:
    for given in ("vlan31", "Vlan31", "Vlan-interface31", "vlan 31", "VLAN31"):
        assert identifier(given, "svi", shell) == written


@pytest.mark.parametrize(
    ("value", "kind", "shell"),
    [
        ("Vlan0", "svi", Shell.ios),
        ("Vlan4095", "svi", Shell.ios),
        ("vlan\u0663\u0661", "svi", Shell.ios),  # Arabic-Indic digits
        ("4095", "vlan", Shell.ios),
        ("030", "vlan", Shell.ios),
        ("Gi1/0/4\n reload", "interface", Shell.ios),
        ("Gi1/0/4 ! x", "interface", Shell.ios),
        ("GigabitEthernet1/0/4", "interface", Shell.procurve),
        ("4", "interface", Shell.ios),
        ("ACL X", "acl", Shell.ios),
        ('"ACL"', "acl", Shell.procurve),
        ("permit ip any any\nend", "ace", Shell.ios),
        ("permit ip any any ; reload", "ace", Shell.ios),
        ("permit ip any any", "ace", Shell.comware),
        ("rule 5 permit ip", "ace", Shell.ios),
    ],
)
def test_switch_values_that_are_no_identifier(value: str, kind: str, shell: Shell) -> None:
    with pytest.raises(NotIdentifier):
        identifier(value, kind, shell)


@pytest.mark.parametrize(
    ("value", "kind", "shell"),
    [
        ("Ten-GigabitEthernet1/0/49", "interface", Shell.comware),
        ("TenGigabitEthernet1/0/1", "interface", Shell.ios),
        ("A1", "interface", Shell.procurve),
        ("Trk1", "interface", Shell.procurve),
        ("1/1/48", "interface", Shell.aruba_cx),
        ("4094", "vlan", Shell.comware),
        ("ACL-GEM-USERS", "acl", Shell.ios),
        ("permit ip 10.10.0.0 0.0.0.255 any", "ace", Shell.ios),
        ("rule 5 permit ip source 10.1.0.0 0.0.255.255", "ace", Shell.comware),
    ],
)
def test_switch_identifiers(value: str, kind: str, shell: Shell) -> None:
    assert identifier(value, kind, shell) == value


def _template(**data: object) -> FixTemplate:
    return FixTemplate.model_validate({"when": ["gap"], **data})


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            {"shell": "powershell", "lines": ["Disable-ADAccount -Identity '{account}'"]},
            "'{account}' is not a whole argument",
        ),
        (
            {"shell": "powershell", "lines": ["Write-Output 'x {account} y'"]},
            "'{account}' stands inside a quoted string",
        ),
        (
            {"shell": "powershell", "lines": ["Get-ADUser -Identity x{account}"]},
            "'{account}' is not a whole argument",
        ),
        (
            {"shell": "powershell", "lines": ["Get-ADUser -Identity {account:vlan}"]},
            "kind 'vlan' is not one of powershell",
        ),
        (
            {"shell": "powershell", "lines": ["Get-ADUser -Identity {account.middle}"]},
            "the part is head or tail",
        ),
        (
            {"shell": "powershell", "lines": ["Get-ADUser -Identity {Account}"]},
            "is not a placeholder",
        ),
        ({"shell": "powershell", "lines": ["Get-ADUser {"]}, "is not a placeholder"),
        (
            {
                "shell": "powershell",
                "lines": ["Get-ADUser -Identity {account}"],
                "device": "{device}",
            },
            "only a switch snippet names a device",
        ),
        (
            {"shell": "ios", "lines": ["interface {port}"], "device": "{device}"},
            "kind '(none)' is not one of ios",
        ),
        (
            {"shell": "ios", "lines": ["interface {port:interface}"]},
            "a switch snippet names its device",
        ),
        (
            {"shell": "ios", "lines": ["interface {port:interface}"], "device": "SW {device}"},
            "a switch snippet names its device",
        ),
        (
            {"shell": "ios", "lines": ["description caf\u00e9"], "device": "{device}"},
            "only printable ASCII",
        ),
        ({"shell": "junos", "lines": ["show vlans"], "device": "{device}"}, "shell"),
    ],
)
def test_template_grammar(data: dict[str, object], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        _template(**data)


def _rule(fixes: list[dict[str, object]]) -> RuleMeta:
    data = CATALOGUE.rules["KSZ-PRV-004"].model_dump(mode="json", exclude_none=True)
    return RuleMeta.model_validate({**data, "fixes": fixes})


def test_a_rule_refuses_a_template_for_a_message_it_lacks() -> None:
    fix = {"when": ["no_such"], "shell": "powershell", "lines": ["Get-ADUser {account}"]}
    with pytest.raises(ValidationError, match=r"fixes\.0: no message no_such in messages"):
        _rule([fix])


def test_a_rule_refuses_a_value_its_findings_do_not_carry() -> None:
    fix = {"when": ["spn"], "shell": "powershell", "lines": ["Get-ADUser {account} {server}"]}
    with pytest.raises(
        ValidationError,
        match=r"findings of message 'spn' have no value server \(they have: account, spns, "
        r"subject\)",
    ):
        _rule([fix])


def test_the_catalogue_has_snippets_for_30_rules_and_every_dialect() -> None:
    with_fixes = sorted(r for r, meta in CATALOGUE.rules.items() if meta.fixes)
    assert len(with_fixes) >= 30, with_fixes
    shells = {t.shell for meta in CATALOGUE.rules.values() for t in meta.fixes}
    assert shells == {Shell.powershell, *SWITCH_SHELLS}


SWITCH_RULE = CATALOGUE.rules["KSZ-NET-007"]


def test_a_switch_snippet_per_device_of_its_dialect() -> None:
    finding = Finding(
        subject="vlan:33",
        message="undocumented",
        args={"vlan": 33, "name": "SD-TEST", "devices": "CORE-SW01, ACC-SW02, UNKNOWN-SW"},
    )
    dialects = {"CORE-SW01": "ios", "ACC-SW02": "comware", "OTHER": "procurve"}
    fixes = finding_fixes(SWITCH_RULE, finding, dialects)
    assert [(f.shell, f.device, f.text) for f in fixes] == [
        (Shell.ios, "CORE-SW01", "show vlan id 33"),
        (Shell.comware, "ACC-SW02", "display vlan 33"),
    ]


def test_powershell_parts_and_lists() -> None:
    leaver = Finding(subject="hwuyts:leaver", message="leaver", args={"person": "Hilde Wuyts"})
    (fix,) = finding_fixes(CATALOGUE.rules["KSZ-PPL-005"], leaver, {})
    assert fix == Fix(shell=Shell.powershell, text="Disable-ADAccount -Identity 'hwuyts'")
    tier0 = Finding(subject="tier-0", message="too_many_tier0_members",
                    args={"count": 2, "max": 1, "accounts": "adm.a, O'Neil"})  # fmt: skip
    (fix,) = finding_fixes(CATALOGUE.rules["KSZ-PRV-003"], tier0, {})
    assert fix.text.startswith("@('adm.a', 'O''Neil') | Get-ADUser ")


def test_a_refused_value_names_the_placeholder() -> None:
    finding = Finding(subject="x:not-protected", message="not_protected",
                      args={"account": "adm\u202egnp.exe"})  # fmt: skip
    (fix,) = finding_fixes(CATALOGUE.rules["KSZ-PRV-004"], finding, {})
    assert (fix.text, fix.omitted, fix.field) == ("", Omission.control_character, "account")
    assert fix.note is not None  # the template's note stays with the reason


def test_a_missing_value_gives_no_snippet() -> None:
    finding = Finding(subject="x", message="spn", args={"spns": "HTTP/x"})
    (fix,) = finding_fixes(CATALOGUE.rules["KSZ-PRV-004"], finding, {})
    assert (fix.omitted, fix.field) == (Omission.missing_value, "account")


def test_only_recorded_findings_get_snippets() -> None:
    from kszcheck.model.results import FindingKind

    meta = CATALOGUE.rules["KSZ-PRV-004"]
    gap = Finding(
        rule_id=meta.id, subject="a:spn", message="spn", args={"account": "a", "spns": "s"}
    )
    unrecorded = Finding(rule_id=meta.id, subject="b", message="not_recorded",
                         kind=FindingKind.not_recorded, args={"field": "owner"})  # fmt: skip
    result = RuleResult(rule_id=meta.id, outcome=Outcome.fail, severity=Severity.high,
                        findings=[gap, unrecorded])  # fmt: skip
    out = result_with_fixes(result, meta, {})
    assert [len(f.fixes) for f in out.findings] == [1, 0]
    assert out.findings[0].fixes[0].text == "Set-ADUser -Identity 'a' -Clear servicePrincipalName"


def test_a_value_with_two_colons_has_no_certain_head() -> None:
    """An account named 'a:b' (AD forbids it, an export may still hold it) must not make the
    snippet disable account 'a'."""
    finding = Finding(subject="a:b:leaver", message="leaver", args={"person": "P"})
    (fix,) = finding_fixes(CATALOGUE.rules["KSZ-PPL-005"], finding, {})
    assert (fix.text, fix.omitted, fix.field) == ("", Omission.ambiguous_value, "subject.head")
