"""Generated rule documentation (``docs/rules/``) in Dutch and English, from the catalogue.

``render_docs`` is pure: catalogue, norms and cases in, a mapping of relative path -> Markdown
text out. ``collect_cases`` and ``write_docs`` do the file I/O. Regenerate with
``kszcheck docs``; ``tests/test_docs_generated.py`` fails when the committed pages are stale.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kszcheck.catalogue.cases import RuleCase, case_files
from kszcheck.catalogue.loader import Catalogue
from kszcheck.catalogue.scaffold import DOMAINS
from kszcheck.model.catalogue import RuleMeta
from kszcheck.model.norms import Norm, RequirementStatus
from kszcheck.model.yamlsource import load_yaml_text, validate_with_lines

__all__ = ["DOCS_DIR", "DocCase", "collect_cases", "render_docs", "stale_files", "write_docs"]

#: Where the generated pages live, relative to the repository root.
DOCS_DIR = Path("docs") / "rules"
LANGS = ("nl", "en")


_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "catalogue": "Regelcatalogus",
        "intro": "Gegenereerd uit `rules/` met `kszcheck docs`; niet met de hand aanpassen.",
        "domains": "Domeinen",
        "domain": "Domein",
        "rules": "Regels",
        "rule": "Regel",
        "norms": "Normen",
        "norm": "Norm",
        "severity": "Ernst",
        "owner": "Wie moet handelen",
        "needs": "Nodige feiten",
        "title": "Titel",
        "rationale": "Waarom",
        "remediation": "Wat te doen",
        "sources": "Bronnen",
        "params": "Parameters",
        "param": "Parameter",
        "default": "Standaard",
        "kind": "Soort",
        "normative": "normatief",
        "practical": "praktische standaard",
        "description": "Omschrijving",
        "messages": "Meldingen",
        "in_norms": "In de normen",
        "examples": "Voorbeelden",
        "expected": "Verwachte uitkomst",
        "findings": "Verwachte bevindingen",
        "facts": "Feiten van dit voorbeeld",
        "no_findings": "geen bevindingen",
        "requirement": "Vereiste",
        "status": "Soort",
        "evidence": "Bewijs dat de auditor registreert",
        "level": "Niveau",
        "key": "kernmaatregel",
        "version": "Versie",
        "publisher": "Uitgever",
        "count": "Aantal",
        "none": "geen",
        "back": "Terug naar de index",
        "validity": "geldig (maanden)",
        "note": "Opmerking",
    },
    "en": {
        "catalogue": "Rule catalogue",
        "intro": "Generated from `rules/` by `kszcheck docs`; do not edit by hand.",
        "domains": "Domains",
        "domain": "Domain",
        "rules": "Rules",
        "rule": "Rule",
        "norms": "Norms",
        "norm": "Norm",
        "severity": "Severity",
        "owner": "Who must act",
        "needs": "Facts needed",
        "title": "Title",
        "rationale": "Why",
        "remediation": "What to do",
        "sources": "Sources",
        "params": "Parameters",
        "param": "Parameter",
        "default": "Default",
        "kind": "Kind",
        "normative": "normative",
        "practical": "practical default",
        "description": "Description",
        "messages": "Messages",
        "in_norms": "In the norms",
        "examples": "Examples",
        "expected": "Expected outcome",
        "findings": "Expected findings",
        "facts": "Facts of this example",
        "no_findings": "no findings",
        "requirement": "Requirement",
        "status": "Kind",
        "evidence": "Evidence the auditor records",
        "level": "Level",
        "key": "key measure",
        "version": "Version",
        "publisher": "Publisher",
        "count": "Count",
        "none": "none",
        "back": "Back to the index",
        "validity": "valid (months)",
        "note": "Note",
    },
}

_DOMAIN_NAMES = {
    "governance": ("Organisatie en bestuur", "Organisation and governance"),
    "people": ("Personen: vertrouwelijkheid en opleiding", "People: confidentiality and training"),
    "separation": ("Scheiding en toegang", "Separation and access"),
    "privileged": ("Bevoorrechte toegang", "Privileged access"),
    "network": ("Netwerksegmentatie", "Network segmentation"),
    "servers": ("Servers en gegevenslocatie", "Servers and data location"),
    "logging": ("Logging en opvolging", "Logging and monitoring"),
    "backup": ("Back-up", "Backup"),
    "remote": ("Toegang op afstand en leveranciers", "Remote access and suppliers"),
}

_BASIS = {
    "norm_text": ("normtekst", "norm text"),
    "framework_mapping": ("koppeling met een kader", "framework mapping"),
    "recommended_practice": ("aanbevolen praktijk", "recommended practice"),
}

#: Where a norm_text source's text was read.
_SEEN = {
    "official": ("gelezen in een officiële kopie", "read in an official copy"),
    "secondary_copy": ("gelezen in een secundaire kopie", "read in a secondary copy"),
}

_STATUS = {
    "automated": ("automatisch", "automated"),
    "partial": ("gedeeltelijk", "partial"),
    "manual": ("handmatig", "manual"),
    "not_covered": ("niet gedekt", "not covered"),
}

_TEXT_SEEN = {
    "complete": (
        "alle vereisten van de norm staan in de lijst",
        "every requirement of the norm is listed",
    ),
    "partial": (
        "de lijst volgt de hoofdstukken; slechts een deel van de normtekst is gelezen",
        "the list follows the chapters; only part of the norm text was read",
    ),
    "structure": ("alleen de opbouw van de norm is gelezen", "only the norm's structure was read"),
}

_OUTCOME = {
    "pass": ("voldoet", "pass"),
    "fail": ("tekortkoming", "fail"),
    "not_applicable": ("niet van toepassing", "not applicable"),
    "not_assessed": ("niet beoordeeld", "not assessed"),
    "manual": ("wacht op bewijs", "manual"),
    "waived": ("uitzondering", "waived"),
}


@dataclass(frozen=True)
class DocCase:
    """One case of a rule, as shown in its documentation."""

    name: str
    case: RuleCase


def collect_cases(catalogue: Catalogue) -> dict[str, list[DocCase]]:
    """The cases of every rule, read from ``<rule>/cases/``."""
    cases: dict[str, list[DocCase]] = {}
    for rule_id, rule_dir in sorted(catalogue.rule_dirs.items()):
        items = []
        for path in case_files(rule_dir):
            data, lines = load_yaml_text(path.read_text(encoding="utf-8"), str(path))
            case = validate_with_lines(RuleCase, data, lines, str(path))
            items.append(DocCase(name=path.name.removesuffix(".yaml"), case=case))
        cases[rule_id] = items
    return cases


def render_docs(
    rules: Mapping[str, RuleMeta], norms: Sequence[Norm], cases: Mapping[str, list[DocCase]]
) -> dict[str, str]:
    """Every page: ``README.md``, and per language an index, domain pages, rule and norm pages."""
    pages = {"README.md": _landing(rules, norms)}
    referenced = _references(norms)
    for lang in LANGS:
        pages[f"{lang}/README.md"] = _index(lang, rules, norms)
        for domain in DOMAINS:
            in_domain = {k: v for k, v in rules.items() if v.domain == domain}
            if in_domain:
                pages[f"{lang}/{domain}.md"] = _domain_page(lang, domain, in_domain)
        for rule_id, meta in sorted(rules.items()):
            pages[f"{lang}/rules/{rule_id}.md"] = _rule_page(
                lang, meta, cases.get(rule_id, []), referenced.get(rule_id, [])
            )
        for norm in norms:
            pages[f"{lang}/norms/{norm.id}.md"] = _norm_page(lang, norm, rules)
    return pages


def _t(lang: str, key: str) -> str:
    return _WORDS[lang][key]


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "nl" else pair[1]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _references(norms: Sequence[Norm]) -> dict[str, list[tuple[Norm, str]]]:
    found: dict[str, list[tuple[Norm, str]]] = {}
    for norm in norms:
        for requirement in norm.requirements:
            for rule_id in requirement.rules:
                found.setdefault(rule_id, []).append((norm, requirement.id))
    return found


def _landing(rules: Mapping[str, RuleMeta], norms: Sequence[Norm]) -> str:
    return (
        "# kszcheck — regelcatalogus / rule catalogue\n\n"
        "- [Nederlands](nl/README.md)\n"
        "- [English](en/README.md)\n\n"
        f"{len(rules)} rules, {len(norms)} norms. "
        "Generated by `kszcheck docs` from `rules/`; do not edit by hand.\n"
    )


def _index(lang: str, rules: Mapping[str, RuleMeta], norms: Sequence[Norm]) -> str:
    out = [f"# {_t(lang, 'catalogue')}", "", _t(lang, "intro"), "", f"## {_t(lang, 'domains')}", ""]
    out += [f"| {_t(lang, 'domain')} | {_t(lang, 'count')} |", "|---|---|"]
    for domain in DOMAINS:
        count = sum(1 for meta in rules.values() if meta.domain == domain)
        if count:
            out.append(f"| [{_pick(_DOMAIN_NAMES[domain], lang)}]({domain}.md) | {count} |")
    out += ["", f"## {_t(lang, 'norms')}", ""]
    out += [
        f"| {_t(lang, 'norm')} | {_pick(_STATUS['automated'], lang)} | "
        f"{_pick(_STATUS['partial'], lang)} | {_pick(_STATUS['manual'], lang)} |",
        "|---|---|---|---|",
    ]
    for norm in norms:
        counts = {s.value: 0 for s in RequirementStatus}
        for requirement in norm.requirements:
            counts[requirement.status.value] += 1
        out.append(
            f"| [{_cell(norm.title.get(lang))}](norms/{norm.id}.md) | {counts['automated']} | "
            f"{counts['partial']} | {counts['manual']} |"
        )
    out += ["", f"## {_t(lang, 'rules')}", ""]
    out += _rule_table(lang, rules, "rules/")
    return "\n".join(out) + "\n"


def _rule_table(lang: str, rules: Mapping[str, RuleMeta], prefix: str) -> list[str]:
    out = [
        f"| {_t(lang, 'rule')} | {_t(lang, 'severity')} | {_t(lang, 'title')} |",
        "|---|---|---|",
    ]
    for rule_id, meta in sorted(rules.items()):
        out.append(
            f"| [{rule_id}]({prefix}{rule_id}.md) | {meta.severity.value} | "
            f"{_cell(meta.title.get(lang))} |"
        )
    return out


def _domain_page(lang: str, domain: str, rules: Mapping[str, RuleMeta]) -> str:
    out = [f"# {_pick(_DOMAIN_NAMES[domain], lang)}", "", f"[{_t(lang, 'back')}](README.md)", ""]
    out += _rule_table(lang, rules, "rules/")
    return "\n".join(out) + "\n"


def _rule_page(
    lang: str, meta: RuleMeta, cases: list[DocCase], referenced: list[tuple[Norm, str]]
) -> str:
    domain = _pick(_DOMAIN_NAMES[meta.domain], lang)
    out = [
        f"# {meta.id} — {meta.title.get(lang)}",
        "",
        f"[{_t(lang, 'back')}](../README.md) · [{domain}](../{meta.domain}.md)",
        "",
        f"> {_cell(meta.plain.get(lang))}",
        "",
        f"- **{_t(lang, 'severity')}**: {meta.severity.value}",
        f"- **{_t(lang, 'owner')}**: {meta.owner.value}",
        f"- **{_t(lang, 'needs')}**: " + ", ".join(f"`{kind}`" for kind in meta.needs),
        "",
        f"## {_t(lang, 'rationale')}",
        "",
        meta.rationale.get(lang).strip(),
        "",
        f"## {_t(lang, 'remediation')}",
        "",
        meta.remediation.get(lang).strip(),
        "",
        f"## {_t(lang, 'sources')}",
        "",
    ]
    for source in meta.sources:
        basis = _pick(_BASIS[source.basis.value], lang)
        if source.seen is not None:
            basis += ", " + _pick(_SEEN[source.seen.value], lang)
        line = f"- {source.ref} ({basis})"
        if source.url:
            line += f" — <{source.url}>"
        out.append(line)
        if source.note:
            out.append(f"  - {_cell(source.note)}")
    if meta.params:
        out += ["", f"## {_t(lang, 'params')}", ""]
        out += [
            f"| {_t(lang, 'param')} | {_t(lang, 'default')} | {_t(lang, 'kind')} | "
            f"{_t(lang, 'description')} |",
            "|---|---|---|---|",
        ]
        for name, spec in meta.params.items():
            kind = _t(lang, "normative") if spec.normative else _t(lang, "practical")
            out.append(
                f"| `{name}` | `{_cell(repr(spec.default))}` | {kind} | "
                f"{_cell(spec.description.get(lang))} |"
            )
    out += ["", f"## {_t(lang, 'messages')}", ""]
    out += [f"- `{key}`: {_cell(text.get(lang))}" for key, text in meta.messages.items()]
    out += ["", f"## {_t(lang, 'in_norms')}", ""]
    if referenced:
        out += [
            f"- [{norm.id} {requirement}](../norms/{norm.id}.md)"
            for norm, requirement in referenced
        ]
    else:
        out.append(f"- {_t(lang, 'none')}")
    out += ["", f"## {_t(lang, 'examples')}", ""]
    for item in cases:
        out += _case_section(lang, meta, item)
    return "\n".join(out).rstrip() + "\n"


def _case_section(lang: str, meta: RuleMeta, item: DocCase) -> list[str]:
    case = item.case
    outcome = case.expect.outcome.value
    out = [
        f"### {item.name}",
        "",
        _cell(case.description),
        "",
        f"- **{_t(lang, 'expected')}**: `{outcome}` ({_pick(_OUTCOME[outcome], lang)})",
    ]
    if case.expect.findings:
        out.append(f"- **{_t(lang, 'findings')}**:")
        for finding in case.expect.findings:
            text = meta.messages.get(finding.message)
            shown = _cell(text.get(lang)) if text else finding.message
            out.append(f"  - `{_cell(finding.subject)}` — {shown}")
    else:
        out.append(f"- **{_t(lang, 'findings')}**: {_t(lang, 'no_findings')}")
    if case.facts or case.missing:
        body: dict[str, Any] = dict(case.facts)
        if case.missing:
            body["missing"] = list(case.missing)
        dumped = yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=100)
        out += [
            "",
            f"<details><summary>{_t(lang, 'facts')}</summary>",
            "",
            "```yaml",
            dumped.rstrip(),
            "```",
            "",
            "</details>",
        ]
    out.append("")
    return out


def _norm_page(lang: str, norm: Norm, rules: Mapping[str, RuleMeta]) -> str:
    out = [
        f"# {norm.title.get(lang)}",
        "",
        f"[{_t(lang, 'back')}](../README.md)",
        "",
        f"- **{_t(lang, 'version')}**: {norm.version}",
        f"- **{_t(lang, 'publisher')}**: {norm.publisher}",
        f"- **{_t(lang, 'sources')}**: {_pick(_BASIS[norm.basis.value], lang)}",
    ]
    if norm.text_seen is not None:
        seen = _pick(_TEXT_SEEN[norm.text_seen.value], lang)
        out.append(f"- **{_pick(('Normtekst', 'Norm text'), lang)}**: {seen}")
    counts = {s: sum(1 for r in norm.requirements if r.status.value == s) for s in _STATUS}
    total = len(norm.requirements)
    out.append(
        f"- **{_pick(('Vereisten', 'Requirements'), lang)}**: {total} — "
        + ", ".join(
            f"{_pick(_STATUS[s], lang)} {n} ({math.floor(100 * n / total)}%)"
            for s, n in counts.items()
        )
    )
    if norm.url:
        out.append(f"- <{norm.url}>")
    if norm.note:
        out += ["", _cell(norm.note.get(lang))]
    chapters = {c.id: c for c in norm.chapters}
    current = None
    for requirement in norm.requirements:
        if requirement.chapter != current:
            current = requirement.chapter
            chapter = chapters.get(current)
            heading = f"{current} — {chapter.title.get(lang)}" if chapter else current
            out += ["", f"## {heading}" if heading else "", ""]
            if chapter and chapter.note:
                out += [f"*{_cell(chapter.note)}*", ""]
            out += [
                f"| {_t(lang, 'requirement')} | {_t(lang, 'status')} | {_t(lang, 'rules')} | "
                f"{_t(lang, 'title')} |",
                "|---|---|---|---|",
            ]
        links = ", ".join(
            f"[{r}](../rules/{r}.md)" if r in rules else f"{r}" for r in requirement.rules
        )
        title = _cell(requirement.title.get(lang))
        marks = (
            [_pick(("niveau ", "level "), lang) + requirement.level.value]
            if (requirement.level)
            else []
        )
        if requirement.key_measure is not None:
            since = _pick(("vanaf", "from"), lang)
            marks.append(f"{_t(lang, 'key')} {since} {requirement.key_measure.value}")
        if marks:
            title += f" ({', '.join(marks)})"
        if requirement.evidence is not None:
            title += f"<br>*{_t(lang, 'evidence')}*: {_cell(requirement.evidence.get(lang))}"
        if requirement.note:
            title += f"<br>*{_cell(requirement.note)}*"
        out.append(
            f"| {requirement.id} | {_pick(_STATUS[requirement.status.value], lang)} | "
            f"{links or '–'} | {title} |"
        )
    return "\n".join(out) + "\n"


def stale_files(root: Path, pages: Mapping[str, str]) -> list[str]:
    """Relative paths that differ from ``pages``: changed, missing or no longer generated."""
    stale = [
        rel
        for rel, text in sorted(pages.items())
        if not (root / rel).is_file() or (root / rel).read_text(encoding="utf-8") != text
    ]
    if root.is_dir():
        for path in sorted(root.rglob("*.md")):
            rel = path.relative_to(root).as_posix()
            if rel not in pages:
                stale.append(rel)
    return stale


def write_docs(root: Path, pages: Mapping[str, str]) -> list[str]:
    """Write the pages that changed and remove generated pages that no longer exist."""
    changed = stale_files(root, pages)
    for rel in changed:
        path = root / rel
        if rel in pages:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(pages[rel], encoding="utf-8")
        else:
            path.unlink()
    return changed
