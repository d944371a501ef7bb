"""Group a run's findings into problems (one cause, every subject it concerns) with a due date.

Pure: results, rules, the scan's date and the site's action-plan settings in, problems out.

- A *cause* is a rule's message key: "administrator account X is not in Protected Users" for five
  accounts is one problem concerning five accounts.
- Findings that share subject and cause count once: a "declared ≠ observed" finding
  (``<subject>:declared-vs-observed``) joins the finding of the same rule about the same subject,
  when there is one.
- Not-recorded findings are not verdicts (they make a rule not assessed) and are no problem here.
- A problem whose findings all have an active waiver is due when the first waiver expires; an open
  problem is due ``due_days[severity]`` after the scan — after the day it was first seen, when the
  history shows it in the runs before (``Finding.first_seen``) — or earlier when a waiver that
  covered it expired before that.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from kszcheck.checks.helpers import DECLARED_VS_OBSERVED
from kszcheck.model.catalogue import RuleMeta, Severity
from kszcheck.model.problems import ActionPlanSettings, DueBasis, Problem, ProblemSubject
from kszcheck.model.results import Finding, Outcome, RuleResult

__all__ = ["NOUN_ARGS", "group_problems"]

#: Which argument of a finding names its subject, in order of preference, and what kind of
#: subject that is (a key of ``problem.noun`` in kszcheck/texts.yaml).
NOUN_ARGS: tuple[tuple[str, str], ...] = (
    ("account", "account"),
    ("principal", "principal"),
    ("member", "principal"),
    ("trustee", "principal"),
    ("name", "person"),
    ("person", "person"),
    ("computer", "computer"),
    ("host", "computer"),
    ("server", "server"),
    ("device", "device"),
    ("share", "share"),
    ("folder", "share"),
    ("mailbox", "mailbox"),
    ("supplier", "supplier"),
    ("vlan", "vlan"),
    ("incident", "incident"),
    ("flow", "flow"),
    ("group", "group"),
    ("path", "access_path"),
    ("asset", "asset"),
    ("organisation", "organisation"),
    ("platform", "platform"),
)

_TWIN_SUFFIX = f":{DECLARED_VS_OBSERVED}"


@dataclass
class _Group:
    rule_id: str
    cause: str
    waived: bool
    severity: Severity
    naming: tuple[str, str] | None  # the argument that names a subject, and its noun
    subjects: dict[str, ProblemSubject] = field(default_factory=dict)
    waivers: set[str] = field(default_factory=set)
    expired_on: list[date] = field(default_factory=list)
    active_until: list[date] = field(default_factory=list)
    first_seen: list[date] = field(default_factory=list)


def group_problems(
    results: Iterable[RuleResult],
    rules: Mapping[str, RuleMeta],
    today: date,
    settings: ActionPlanSettings | None = None,
) -> list[Problem]:
    """The problems of the failed and waived rules, most severe and earliest due first."""
    settings = settings or ActionPlanSettings()
    groups: dict[tuple[str, str, bool], _Group] = {}
    for result in results:
        if result.outcome not in (Outcome.fail, Outcome.waived):
            continue
        meta = rules.get(result.rule_id)
        default_severity = meta.severity if meta is not None else result.severity
        gaps = [f for f in result.findings if f.recorded]
        causes = _causes(gaps)
        for item in gaps:
            base = _base_subject(item.subject)
            cause = causes.get(base, item.message)
            key = (result.rule_id, cause, item.waived)
            severity = item.severity or default_severity
            group = groups.get(key)
            if group is None:
                group = groups[key] = _Group(
                    result.rule_id, cause, item.waived, severity, _naming_arg(item)
                )
            elif severity.rank < group.severity.rank:
                group.severity = severity
            _add_subject(group, base, item)
            if item.first_seen is not None:
                group.first_seen.append(item.first_seen)
            if item.waiver is not None:
                group.waivers.add(item.waiver.waiver_id)
                target = group.expired_on if item.waiver.expired else group.active_until
                target.append(item.waiver.expires)
    problems = [_problem(g, rules, today, settings) for g in groups.values()]
    return sorted(
        problems, key=lambda p: (p.waived, p.severity.rank, p.due, -len(p.subjects), p.id)
    )


def _base_subject(subject: str) -> str:
    return subject.removesuffix(_TWIN_SUFFIX)


def _causes(findings: list[Finding]) -> dict[str, str]:
    """Per base subject, the cause its "declared ≠ observed" twin joins: the message of the
    finding about the same subject (the first, by message, when there are several)."""
    causes: dict[str, str] = {}
    for item in sorted(findings, key=lambda f: f.message):
        if not item.subject.endswith(_TWIN_SUFFIX):
            causes.setdefault(item.subject, item.message)
    return causes


def _add_subject(group: _Group, base: str, item: Finding) -> None:
    entry = group.subjects.get(base)
    if entry is None:
        arg = group.naming[0] if group.naming else ""
        value = item.args.get(arg) if arg else None
        name = base if value in (None, "") else str(value)
        entry = group.subjects[base] = ProblemSubject(subject=base, name=name)
    entry.findings.append(item.key)


def _naming_arg(item: Finding) -> tuple[str, str] | None:
    """The argument that names the finding's subject, and its noun: the first of NOUN_ARGS whose
    value the subject contains, else the first of NOUN_ARGS the finding has."""
    present = [(arg, noun) for arg, noun in NOUN_ARGS if item.args.get(arg) not in (None, "")]
    subject = item.subject.lower()
    for arg, noun in present:
        if str(item.args[arg]).lower() in subject:
            return arg, noun
    return present[0] if present else None


def _problem(
    group: _Group, rules: Mapping[str, RuleMeta], today: date, settings: ActionPlanSettings
) -> Problem:
    meta = rules.get(group.rule_id)
    start = min([*group.first_seen, today])
    if group.waived:
        due, basis = min(group.active_until), DueBasis.waiver
    else:
        due, basis = start + timedelta(days=settings.days_for(group.severity)), DueBasis.severity
        if group.expired_on and min(group.expired_on) < due:
            due, basis = min(group.expired_on), DueBasis.waiver_expired
    subjects = sorted(group.subjects.values(), key=lambda s: (s.name.lower(), s.subject))
    noun = group.naming[1] if group.naming else ""
    names = [s.name for s in subjects]
    if len(set(names)) < len(names):
        # two subjects of one problem never look alike: the names give way to the subjects,
        # and the noun to the generic "case"
        subjects = [s.model_copy(update={"name": s.subject}) for s in subjects]
        noun = ""
    return Problem(
        id=f"{group.rule_id}|{group.cause}" + ("|waived" if group.waived else ""),
        rule_id=group.rule_id,
        cause=group.cause,
        severity=group.severity,
        owner=meta.owner.value if meta is not None else "",
        noun=noun,
        subjects=subjects,
        waived=group.waived,
        waivers=sorted(group.waivers),
        due=due,
        due_basis=basis,
        since=start if start < today and not group.waived else None,
    )
