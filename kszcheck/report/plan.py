"""The action plan of the report: the assessment's problems, each phrased as what is wrong and
how many people or objects it concerns, with the role that must act and the due date.

Pure, like viewmodel.py: the problems are computed once by the engine (Assessment.problems); this
module only words them in one language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from kszcheck.model.problems import DueBasis, Problem
from kszcheck.model.results import Assessment
from kszcheck.report.sections import Formatter

__all__ = ["FIRST_PAGE_PROBLEMS", "OTHERS_NAMED", "ProblemView", "problem_views"]

#: How many problems the first page lists (the rest are in the action plan).
FIRST_PAGE_PROBLEMS = 6
#: How many other subjects a problem names after its first one.
OTHERS_NAMED = 4


@dataclass(frozen=True)
class ProblemView:
    number: int  # its number in the action plan
    problem_id: str
    rule_id: str
    rule_title: str
    severity: str
    severity_label: str
    owner_label: str
    statement: str  # what is wrong, for its first subject (the rule's message)
    count: int  # how many people or objects
    count_text: str  # "3 personen"
    others_text: str  # "Ook: A, B en 2 andere." ("" for one subject)
    subjects: tuple[str, ...]  # every subject's name
    due: str
    due_iso: str
    due_note: str  # why that date
    overdue: bool
    waived: bool
    new: bool  # at least one of its findings is new since the previous scan
    evidence_refs: tuple[int, ...]  # numbers of its entries in the evidence annex


def problem_views(
    a: Assessment,
    f: Formatter,
    lang: str,
    messages: Mapping[str, str],
    new_keys: frozenset[str],
    evidence_numbers: Mapping[str, int],
) -> tuple[ProblemView, ...]:
    """The action plan: messages maps a finding key to its message in the report's language;
    evidence_numbers maps a finding key to its number in the evidence annex."""
    today = a.evaluated_at.date()
    return tuple(
        _view(number, p, a, f, lang, messages, new_keys, evidence_numbers, today)
        for number, p in enumerate(a.problems, start=1)
    )


def _view(
    number: int,
    p: Problem,
    a: Assessment,
    f: Formatter,
    lang: str,
    messages: Mapping[str, str],
    new_keys: frozenset[str],
    evidence_numbers: Mapping[str, int],
    today: date,
) -> ProblemView:
    meta = a.rules.get(p.rule_id)
    keys = [k for s in p.subjects for k in s.findings]
    first = p.subjects[0].findings[0] if p.subjects and p.subjects[0].findings else ""
    names = [s.name for s in p.subjects]
    count = len(names)
    noun = p.noun or "case"
    count_text = f.text(
        "problem.count", count=count, noun=f.t[f"problem.noun.{noun}.{_number(count)}"]
    )
    others = names[1:]
    others_text = ""
    if others:
        named = ", ".join(others[:OTHERS_NAMED])
        rest = len(others) - OTHERS_NAMED
        others_text = (
            f.text("problem.others_more", names=named, count=rest)
            if rest > 0
            else f.text("problem.others", names=named)
        )
    if p.due_basis is DueBasis.severity and p.since is not None:
        note = f.text(
            "plan.due_severity_since",
            severity=f.label("severity", p.severity.value),
            since=f.day(p.since),
        )
    elif p.due_basis is DueBasis.severity:
        note = f.text("plan.due_severity", severity=f.label("severity", p.severity.value))
    else:
        note = f.text(f"plan.due_{p.due_basis.value}", waivers=", ".join(p.waivers))
    return ProblemView(
        number=number,
        problem_id=p.id,
        rule_id=p.rule_id,
        rule_title=meta.title.get(lang) if meta else p.rule_id,
        severity=p.severity.value,
        severity_label=f.label("severity", p.severity.value),
        owner_label=f.label("owner", p.owner) if p.owner else f.t["value.none"],
        statement=messages.get(first, p.cause),
        count=count,
        count_text=count_text,
        others_text=others_text,
        subjects=tuple(names),
        due=f.day(p.due),
        due_iso=p.due.isoformat(),
        due_note=note,
        overdue=p.due < today,
        waived=p.waived,
        new=any(k in new_keys for k in keys),
        evidence_refs=tuple(sorted({evidence_numbers[k] for k in keys if k in evidence_numbers})),
    )


def _number(count: int) -> str:
    return "one" if count == 1 else "many"
