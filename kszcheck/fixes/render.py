"""Fill a rule's snippet templates with each finding's own values.

A PowerShell template gives every finding of its messages one snippet; a switch template gives one
to each device the finding names whose dialect is the template's (a device of another or unknown
dialect gets none). A value that cannot be written safely gives no snippet: the finding carries
the template's shell with the reason (``omitted``) and the placeholder (``field``) instead.
"""

from __future__ import annotations

from collections.abc import Mapping

from kszcheck.fixes.powershell import Refused, literal
from kszcheck.fixes.switch import NotIdentifier, identifier
from kszcheck.model.catalogue import RuleMeta
from kszcheck.model.fixes import (
    Fix,
    FixTemplate,
    Omission,
    Placeholder,
    Shell,
    literal_text,
    placeholders,
)
from kszcheck.model.results import Finding, RuleResult

__all__ = ["finding_fixes", "result_with_fixes"]

#: How a value names several things (accounts, devices): the checks join lists with it.
LIST_SEPARATOR = ", "


class _Omitted(Exception):
    def __init__(self, reason: Omission, field: str) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.field = field


def _value(finding: Finding, item: Placeholder) -> str:
    field = f"{item.name}.{item.part}" if item.part else item.name
    raw = finding.subject if item.name == "subject" else finding.args.get(item.name)
    if raw is None or isinstance(raw, bool) or raw == "":
        raise _Omitted(Omission.missing_value, field)
    value = f"{raw:g}" if isinstance(raw, float) else str(raw)
    if not item.part:
        return value
    if value.count(":") > 1:  # "a:b:c": which part is meant is not certain
        raise _Omitted(Omission.ambiguous_value, field)
    head, colon, tail = value.partition(":")
    if item.part == "tail" and not (colon and tail):
        raise _Omitted(Omission.missing_value, field)
    return head if item.part == "head" else tail


def _written(value: str, item: Placeholder, shell: Shell) -> str:
    field = f"{item.name}.{item.part}" if item.part else item.name
    try:
        if shell is Shell.powershell:
            if item.kind == "list":
                return ", ".join(literal(v) for v in value.split(LIST_SEPARATOR))
            return literal(value)
        return identifier(value, item.kind, shell)
    except Refused:
        raise _Omitted(Omission.control_character, field) from None
    except NotIdentifier:
        raise _Omitted(Omission.not_identifier, field) from None


def _line(template: str, finding: Finding, shell: Shell) -> str:
    out: list[str] = []
    at = 0
    for item in placeholders(template):
        out.append(literal_text(template[at : item.start]))
        out.append(_written(_value(finding, item), item, shell))
        at = item.end
    out.append(literal_text(template[at:]))
    return "".join(out)


def _fix(template: FixTemplate, finding: Finding, device: str = "") -> Fix:
    try:
        text = "\n".join(_line(line, finding, template.shell) for line in template.lines)
    except _Omitted as omitted:
        return Fix(
            shell=template.shell,
            device=device,
            omitted=omitted.reason,
            field=omitted.field,
            note=template.note,
        )
    return Fix(shell=template.shell, device=device, text=text, note=template.note)


def _devices(template: FixTemplate, finding: Finding) -> list[str]:
    try:
        value = _value(finding, placeholders(template.device)[0])
    except _Omitted:
        return []
    return [name for name in value.split(LIST_SEPARATOR) if name]


def finding_fixes(meta: RuleMeta, finding: Finding, dialects: Mapping[str, str]) -> list[Fix]:
    """The snippets of one finding. ``dialects``: each device's dialect (``Device.platform``)."""
    fixes: list[Fix] = []
    for template in meta.fixes:
        if finding.message not in template.when:
            continue
        if template.shell is Shell.powershell:
            fixes.append(_fix(template, finding))
            continue
        for device in _devices(template, finding):
            if dialects.get(device) == template.shell.value:
                fixes.append(_fix(template, finding, device))
    return fixes


def result_with_fixes(
    result: RuleResult, meta: RuleMeta, dialects: Mapping[str, str]
) -> RuleResult:
    """The result with the snippets of its recorded findings filled in."""
    if not meta.fixes or not result.findings:
        return result
    findings = [
        f.model_copy(update={"fixes": finding_fixes(meta, f, dialects)}) if f.recorded else f
        for f in result.findings
    ]
    return result.model_copy(update={"findings": findings})
