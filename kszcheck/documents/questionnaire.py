"""The KSZ/BCSS self-assessment questionnaire, pre-filled from one run: a pure model.

One question per requirement of a norm (``rules/norms/<norm>.yaml``), grouped by the norm's
chapters. Each answer follows from the requirement's result in the assessment (its rules' verdicts
and the recorded answer with its evidence), never from a default:

- ``yes`` only when the requirement passed: every rule of it assessed and in order, and for a
  manual or partial requirement a current recorded answer 'yes' with its evidence;
- ``partly`` when it failed but part of it holds (one of its rules passed, or a current recorded
  answer says 'yes' or 'partial' while its rules fail), or when it holds only through an accepted
  risk (a waiver);
- ``no`` when it failed otherwise, and always when the recorded answer says 'no';
- ``open`` when nothing decides it (a rule not assessed, no current answer): with the reason and
  the evidence still to deliver;
- ``not_applicable`` when none of its rules applies.

Every text that came from the run (subjects, answers, names) is shown with its control and
invisible characters escaped (:func:`kszcheck.model.text.one_line`); the Word and Excel writers
put it in as literal text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kszcheck.model.coverage import RequirementOutcome, RequirementResult
from kszcheck.model.errors import KszError
from kszcheck.model.norms import Norm
from kszcheck.model.results import Assessment, Outcome, RuleResult
from kszcheck.model.text import one_line
from kszcheck.report.viewmodel import finding_message, safe_format
from kszcheck.texts import load_texts

__all__ = [
    "FINDINGS_PER_RULE",
    "Answer",
    "ChapterView",
    "Evidence",
    "Question",
    "Questionnaire",
    "build_questionnaire",
]

#: The findings listed per rule as evidence; the others are counted.
FINDINGS_PER_RULE = 10


class Answer(StrEnum):
    yes = "yes"
    partly = "partly"
    no = "no"
    open = "open"  # not assessed: nothing decides it yet
    not_applicable = "not_applicable"


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence: what kind (rule, finding, waiver, answer) and its sentence."""

    kind: str
    reference: str  # the rule id, waiver id or requirement the evidence belongs to
    text: str


@dataclass(frozen=True)
class Question:
    requirement_id: str
    chapter: str
    text: str
    answer: Answer
    answer_label: str
    #: why the answer is not 'yes' (the requirement's reason), empty for 'yes'
    reason: str
    evidence: tuple[Evidence, ...]
    #: the evidence the consultant still has to record (manual and partial requirements)
    needed: str


@dataclass(frozen=True)
class ChapterView:
    id: str
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    lang: str
    norm_id: str
    norm_title: str
    norm_version: str
    site_name: str
    organisations: tuple[str, ...]
    evaluated_at: datetime
    tool_version: str
    catalogue_version: str
    snapshot_hash: str
    chapters: tuple[ChapterView, ...]
    #: the document's fixed texts in its language (documents.* and the labels it uses)
    texts: Mapping[str, str]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for c in self.chapters for q in c.questions)

    def counts(self) -> dict[Answer, int]:
        found = {answer: 0 for answer in Answer}
        for question in self.questions:
            found[question.answer] += 1
        return found

    def text(self, key: str, **args: object) -> str:
        return safe_format(self.texts[key], args)


class _Evidence:
    """The evidence sentences of one assessment in one language."""

    def __init__(self, assessment: Assessment, lang: str, t: Mapping[str, str]) -> None:
        self.a = assessment
        self.lang = lang
        self.t = t
        self.results: dict[str, RuleResult] = {r.rule_id: r for r in assessment.results}

    def say(self, key: str, **args: object) -> str:
        return safe_format(self.t[f"documents.{key}"], args)

    def rules(self, item: RequirementResult) -> list[Evidence]:
        out: list[Evidence] = []
        for rule_id, outcome in item.rules.items():
            meta = self.a.rules.get(rule_id)
            title = one_line(meta.title.get(self.lang)) if meta else rule_id
            label = self.t.get(f"outcome.{outcome}", outcome)
            result = self.results.get(rule_id)
            reason = result.reason.get(self.lang) if result and result.reason else ""
            line = self.say("evidence.rule", rule=rule_id, title=title, outcome=label)
            if reason:
                line = f"{line} ({one_line(reason)})"
            out.append(Evidence("rule", rule_id, line))
            if result is not None and result.outcome in (Outcome.fail, Outcome.waived):
                out.extend(self.findings(result))
        return out

    def findings(self, result: RuleResult) -> list[Evidence]:
        meta = self.a.rules.get(result.rule_id)
        shown = [f for f in result.findings if f.recorded]
        out: list[Evidence] = []
        for item in shown[:FINDINGS_PER_RULE]:
            message = one_line(finding_message(meta, item, self.lang, self.t))
            subject = one_line(item.subject)
            out.append(
                Evidence(
                    "finding",
                    result.rule_id,
                    self.say("evidence.finding", subject=subject, message=message),
                )
            )
            if item.waiver is not None:
                waiver = item.waiver
                key = "evidence.waiver_expired" if waiver.expired else "evidence.waiver"
                out.append(
                    Evidence(
                        "waiver",
                        waiver.waiver_id,
                        self.say(
                            key,
                            id=one_line(waiver.waiver_id),
                            by=one_line(waiver.approved_by),
                            expires=waiver.expires.isoformat(),
                        ),
                    )
                )
        if len(shown) > FINDINGS_PER_RULE:
            more = len(shown) - FINDINGS_PER_RULE
            out.append(Evidence("finding", result.rule_id, self.say("evidence.more", count=more)))
        return out

    def answer(self, item: RequirementResult) -> list[Evidence]:
        given = item.answer
        if given is None:
            return []
        key = "evidence.answer_expired" if given.expired else "evidence.answer"
        return [
            Evidence(
                "answer",
                item.requirement_id,
                self.say(
                    key,
                    answer=self.t.get(f"documents.recorded.{given.answer}", given.answer),
                    by=one_line(given.answered_by),
                    on=given.answered_on.isoformat(),
                    until=given.valid_until.isoformat(),
                    evidence=one_line(given.evidence) or self.t["value.none"],
                ),
            )
        ]


def answer_of(item: RequirementResult) -> Answer:
    """The questionnaire's answer to one requirement result (see the module's rules)."""
    outcome = item.outcome
    if outcome is RequirementOutcome.pass_:
        return Answer.yes
    if outcome is RequirementOutcome.not_applicable:
        return Answer.not_applicable
    if outcome is RequirementOutcome.waived:
        return Answer.partly
    if outcome is RequirementOutcome.fail:
        recorded = item.answer.answer if item.answer and not item.answer.expired else None
        if recorded == "no":
            return Answer.no
        holds = recorded in ("yes", "partial") or any(
            o in ("pass", "waived") for o in item.rules.values()
        )
        return Answer.partly if holds else Answer.no
    return Answer.open  # not_assessed, manual (no current answer), not_covered


def _question(item: RequirementResult, evidence: _Evidence, t: Mapping[str, str]) -> Question:
    answer = answer_of(item)
    lang = evidence.lang
    found = evidence.rules(item) + evidence.answer(item)
    if answer in (Answer.yes, Answer.partly, Answer.no) and not found:
        # an answer always rests on evidence; a result without any is a broken assessment
        raise KszError(f"requirement {item.requirement_id} has an outcome but no evidence")
    reason = item.reason.get(lang) if item.reason and answer is not Answer.yes else ""
    needed = item.evidence_needed.get(lang) if item.evidence_needed else ""
    return Question(
        requirement_id=item.requirement_id,
        chapter=item.chapter,
        text=item.title.get(lang),
        answer=answer,
        answer_label=t[f"documents.answer.{answer.value}"],
        reason=one_line(reason),
        evidence=tuple(found),
        needed=needed if answer is not Answer.yes else "",
    )


def _chapters(
    norm: Norm | None, questions: Sequence[Question], lang: str, t: Mapping[str, str]
) -> tuple[ChapterView, ...]:
    titles = {c.id: c.title.get(lang) for c in norm.chapters} if norm else {}
    order = list(titles)
    for question in questions:
        if question.chapter not in order:
            order.append(question.chapter)
    return tuple(
        ChapterView(
            id=chapter,
            title=titles.get(chapter) or chapter or t["documents.no_chapter"],
            questions=tuple(q for q in questions if q.chapter == chapter),
        )
        for chapter in order
        if any(q.chapter == chapter for q in questions)
    )


def build_questionnaire(
    assessment: Assessment, norm_id: str, lang: str, norms: Sequence[Norm] = ()
) -> Questionnaire:
    """The questionnaire of ``norm_id`` in ``lang`` from an assessment; ``norms`` gives the
    chapters' titles (without the norm file, the chapters are named by their ids)."""
    coverage = next((n for n in assessment.norms if n.norm_id == norm_id), None)
    if coverage is None:
        known = ", ".join(n.norm_id for n in assessment.norms) or "none"
        raise KszError(f"the assessment has no coverage of the norm '{norm_id}' (it has: {known})")
    t = load_texts(lang)
    evidence = _Evidence(assessment, lang, t)
    questions = [_question(item, evidence, t) for item in coverage.requirements]
    norm = next((n for n in norms if n.id == norm_id), None)
    return Questionnaire(
        lang=lang,
        norm_id=norm_id,
        norm_title=coverage.title.get(lang),
        norm_version=coverage.version,
        site_name=one_line(assessment.site_name),
        organisations=tuple(one_line(name) for name in assessment.organisations.values()),
        evaluated_at=assessment.evaluated_at,
        tool_version=assessment.tool_version,
        catalogue_version=assessment.catalogue_version,
        snapshot_hash=assessment.snapshot_hash,
        chapters=_chapters(norm, questions, lang, t),
        texts=t,
    )
