"""The evidence annex: every finding of a failed or waived rule, numbered, with its evidence
locators, and per rule the sources its facts come from (target, content hash, collection time).

Pure: numbers are given in the order of the annex (by rule id, then as the rule lists its
findings), so a finding's number is the same in the action plan, the rule and the annex.
"""

from __future__ import annotations

from dataclasses import dataclass

from kszcheck.model.provenance import Provenance, alternatives
from kszcheck.model.results import Assessment, Outcome
from kszcheck.report.sections import Formatter

__all__ = ["EvidenceEntryView", "EvidenceRuleView", "EvidenceSourceView", "evidence_annex"]


@dataclass(frozen=True)
class EvidenceEntryView:
    number: int
    key: str  # finding key (rule id | subject)
    subject: str
    locators: tuple[str, ...]


@dataclass(frozen=True)
class EvidenceSourceView:
    source_id: str
    collector: str
    target: str
    status_label: str
    content_hash: str
    collected: str


@dataclass(frozen=True)
class EvidenceRuleView:
    rule_id: str
    title: str
    sources: tuple[EvidenceSourceView, ...]
    entries: tuple[EvidenceEntryView, ...]


def evidence_annex(a: Assessment, f: Formatter, lang: str) -> tuple[EvidenceRuleView, ...]:
    rules: list[EvidenceRuleView] = []
    number = 0
    for result in sorted(a.results, key=lambda r: r.rule_id):
        if result.outcome not in (Outcome.fail, Outcome.waived):
            continue
        entries: list[EvidenceEntryView] = []
        for item in result.findings:
            if not item.recorded:
                continue
            number += 1
            entries.append(
                EvidenceEntryView(
                    number=number,
                    key=item.key,
                    subject=item.subject,
                    locators=tuple(item.evidence),
                )
            )
        if not entries:
            continue
        meta = a.rules.get(result.rule_id)
        needs = meta.needs if meta is not None else []
        rules.append(
            EvidenceRuleView(
                rule_id=result.rule_id,
                title=meta.title.get(lang) if meta else result.rule_id,
                sources=tuple(_source(s, f) for s in _sources_for(needs, a.sources)),
                entries=tuple(entries),
            )
        )
    return tuple(rules)


def _sources_for(needs: list[str], sources: list[Provenance]) -> list[Provenance]:
    """The sources that provide a kind of fact the rule needs."""
    kinds = {kind for entry in needs for kind in alternatives(entry)}
    return [s for s in sources if kinds.intersection(s.provides)]


def _source(item: Provenance, f: Formatter) -> EvidenceSourceView:
    return EvidenceSourceView(
        source_id=item.source_id,
        collector=item.collector,
        target=item.target,
        status_label=f.label("collection", item.status.value),
        content_hash=item.content_hash,
        collected=f.moment(item.finished),
    )
