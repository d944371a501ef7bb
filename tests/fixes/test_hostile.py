"""Hostile values in the snippets (issue 16): every PowerShell snippet of the catalogue, filled with
each hostile value, parses (tests/fixes/pstokens.py) into the same tokens as with a plain value,
and each value is exactly one single-quoted literal holding the value; a value with a control
character gives no snippet, and says so. No hostile value is a switch identifier: no switch
snippet is written for it."""

from __future__ import annotations

import pytest

from kszcheck.catalogue.loader import load_catalogue
from kszcheck.fixes import finding_fixes
from kszcheck.model.catalogue import RuleMeta
from kszcheck.model.fixes import Fix, FixTemplate, Omission, Shell, placeholders
from kszcheck.model.results import Finding
from tests.fixes.hostile_values import ALL, REFUSED
from tests.fixes.pstokens import Token, tokenize

CATALOGUE = load_catalogue()
PLAIN = "plain:value"


def _templates(shell_is_switch: bool) -> list[tuple[RuleMeta, FixTemplate]]:
    return [
        (meta, template)
        for meta in CATALOGUE.rules.values()
        for template in meta.fixes
        if template.shell.switch is shell_is_switch
    ]


POWERSHELL = _templates(False)
SWITCH = _templates(True)


def _only(meta: RuleMeta, template: FixTemplate) -> RuleMeta:
    """The rule with this one template, so the finding gets this template's snippet only."""
    return meta.model_copy(update={"fixes": [template]})


def _finding(template: FixTemplate, value: str) -> Finding:
    names = template.names() - {"subject"}
    return Finding(subject=value, message=template.when[0], args=dict.fromkeys(names, value))


def _powershell(meta: RuleMeta, template: FixTemplate, value: str) -> Fix:
    (fix,) = finding_fixes(_only(meta, template), _finding(template, value), {})
    return fix


def _allowed(value: str) -> set[str]:
    """What a literal may hold for this value: the whole value, its head or tail (the parts
    around the first ':'), or one item of it as a list (', ')."""
    head, _, tail = value.partition(":")
    return {v for v in (value, head, tail, *value.split(", ")) if v}


@pytest.mark.parametrize("value_id", sorted(ALL))
def test_each_value_is_one_powershell_literal(value_id: str) -> None:
    value = ALL[value_id]
    # as many items as the value has, for the list placeholders ({accounts:list})
    items = len(value.split(", "))
    plain_value = PLAIN if items == 1 else ", ".join(["plain"] * items)
    checked = 0
    for meta, template in POWERSHELL:
        plain = _powershell(meta, template, plain_value)
        fix = _powershell(meta, template, value)
        assert plain.omitted is None, (meta.id, plain)
        if fix.omitted is Omission.ambiguous_value:  # {x.head} of a value with two ':'
            assert value.count(":") > 1, meta.id
            continue
        if value_id in REFUSED:
            assert (fix.text, fix.omitted) == ("", Omission.control_character), meta.id
            assert fix.field in {
                p.name if not p.part else f"{p.name}.{p.part}"
                for line in template.lines
                for p in placeholders(line)
            }
            continue
        if fix.omitted is Omission.missing_value:  # {x.tail} of a value without ':'
            assert ":" not in value, meta.id
            continue

        hostile, expected = tokenize(fix.text), tokenize(plain.text)
        assert [t.kind for t in hostile] == [t.kind for t in expected], (meta.id, fix.text)
        for got, want in zip(hostile, expected, strict=True):
            if want.kind == "literal" and want.value != got.value:
                assert want.value in _allowed(plain_value), (meta.id, want)
                assert got.value in _allowed(value), (meta.id, got)
            else:
                assert got == want, (meta.id, got, want)
        values = {t.value for t in hostile if t.kind == "literal"}
        assert values & _allowed(value), meta.id  # the value is there, not only the template's
        checked += 1
    if value_id not in REFUSED:
        assert checked >= len(POWERSHELL) - 3


def test_the_tokenizer_sees_a_broken_quote() -> None:
    """The proof above can fail: a value quoted without doubling its quote is two literals and
    a command."""
    value = ALL["P03"]  # x’; calc.exe; ’
    naive = "Disable-ADAccount -Identity '" + value + "'"
    assert [t.kind for t in tokenize(naive)] != [
        t.kind for t in tokenize("Disable-ADAccount -Identity 'x'")
    ]
    assert Token("word", "calc.exe") in tokenize(naive)


@pytest.mark.parametrize("value_id", sorted(ALL))
def test_no_hostile_value_is_a_switch_identifier(value_id: str) -> None:
    value = ALL[value_id]
    refused = 0
    for meta, template in SWITCH:
        (device,) = placeholders(template.device)
        finding = _finding(template, value)
        finding.args[device.name] = f"SW1:{value}" if device.part == "head" else "SW1"
        fixes = finding_fixes(_only(meta, template), finding, {"SW1": template.shell.value})
        placeholders_used = [p for line in template.lines for p in placeholders(line)]
        if not placeholders_used:  # a fixed command (no snmp-server community public)
            assert [f.text for f in fixes] == ["\n".join(template.lines)], meta.id
            continue
        if device.name in {p.name for p in placeholders_used} and device.part != "head":
            continue  # the value is the device name itself: no such device
        if device.part == "head" and ":" in value:
            assert fixes == [], meta.id  # "SW1:a:b" names no certain device
            continue
        assert [(f.device, f.text) for f in fixes] == [("SW1", "")], (meta.id, fixes)
        expected = {Omission.not_identifier, *([Omission.ambiguous_value] if ":" in value else [])}
        assert fixes[0].omitted in expected, (meta.id, fixes)
        refused += 1
    assert refused >= 12


def test_switch_snippets_have_their_template_lines() -> None:
    """With valid values every switch template renders, line for line."""
    valid = {"interface": "GigabitEthernet1/0/4", "svi": "vlan31", "vlan": "30", "acl": "ACL-X",
             "ace": "permit ip any any"}  # fmt: skip
    per_shell = {
        Shell.procurve: {"interface": "4"},
        Shell.aruba_cx: {"interface": "1/1/4"},
        Shell.comware: {"ace": "rule 5 permit ip"},
    }
    for meta, template in SWITCH:
        kinds = {**valid, **per_shell.get(template.shell, {})}
        (device,) = placeholders(template.device)
        args: dict[str, str | int | float | bool | None] = {}
        for line in template.lines:
            for p in placeholders(line):
                value = kinds[p.kind]
                args[p.name] = f"SW1:{value}" if p.part == "tail" else value
        args.setdefault(device.name, "SW1" if device.part != "head" else "SW1:x")
        if device.part == "head":
            args[device.name] = "SW1:" + str(args[device.name]).partition(":")[2]
        finding = Finding(subject="s", message=template.when[0], args=args)
        (fix,) = finding_fixes(_only(meta, template), finding, {"SW1": template.shell.value})
        assert fix.omitted is None, (meta.id, template.shell, fix)
        assert len(fix.text.split("\n")) == len(template.lines)
