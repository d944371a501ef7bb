"""Turn an Assessment into a typed view-model for one language: plain data, no markup.

Everything here is pure: the templates only lay out what this module computed. All strings are
plain text; escaping is the template engine's job (autoescape is on).
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, get_args

from kszcheck.model.catalogue import RuleMeta, Severity
from kszcheck.model.provenance import Provenance
from kszcheck.model.results import ArgValue, Assessment, Finding, Outcome, RuleResult
from kszcheck.model.waivers import Waiver
from kszcheck.report.evidence import EvidenceRuleView, evidence_annex
from kszcheck.report.fixes import FixView, fix_view
from kszcheck.report.matrix import (
    AccessMatrix,
    AdminRegisterRow,
    access_matrix,
    admin_register,
    unauthorised,
)
from kszcheck.report.plan import FIRST_PAGE_PROBLEMS, ProblemView, problem_views
from kszcheck.report.sections import (
    ChangesView,
    NormView,
    SeparationReport,
    TrendView,
    changes_view,
    norm_views,
    separation_view,
    trend_view,
)
from kszcheck.texts import load_texts

__all__ = [
    "CountView",
    "DomainGroup",
    "FindingView",
    "MetaView",
    "ReportView",
    "RuleView",
    "SeverityGroup",
    "SourceRefView",
    "SourceView",
    "WaiverView",
    "build_view",
    "finding_message",
    "safe_format",
]


#: An active waiver that expires within this many days is listed as expiring.
WAIVER_EXPIRING_DAYS = 30

#: The order in which domains are shown (the order of RuleMeta.domain).
DOMAIN_ORDER: tuple[str, ...] = get_args(RuleMeta.model_fields["domain"].annotation)
SEVERITY_ORDER: tuple[Severity, ...] = tuple(sorted(Severity, key=lambda s: s.rank))
OUTCOME_ORDER: tuple[Outcome, ...] = (
    Outcome.fail,
    Outcome.waived,
    Outcome.pass_,
    Outcome.not_assessed,
    Outcome.manual,
    Outcome.not_applicable,
)


# --------------------------------------------------------------------------- texts and formatting


_FORMATTER = string.Formatter()


def safe_format(template: str, args: Mapping[str, object]) -> str:
    """Fill {name} placeholders from args.

    Unknown placeholders stay visible as written; attribute and index expressions ({a.b},
    {a[0]}) are never evaluated and also stay visible; a malformed template is returned as is.
    """
    try:
        parts = list(_FORMATTER.parse(template))
    except ValueError:
        return template
    out: list[str] = []
    for literal, field, spec, conversion in parts:
        out.append(literal)
        if field is None:
            continue
        if field.isidentifier() and field in args:
            out.append(_format_value(args[field], spec or ""))
        else:
            out.append(_placeholder(field, spec, conversion))
    return "".join(out)


def _placeholder(field: str, spec: str | None, conversion: str | None) -> str:
    text = field
    if conversion:
        text += f"!{conversion}"
    if spec:
        text += f":{spec}"
    return "{" + text + "}"


def _format_value(value: object, spec: str) -> str:
    if spec and isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return format(value, spec)
        except ValueError:
            pass
    return str(value)


# --------------------------------------------------------------------------- view-model classes


@dataclass(frozen=True)
class CountView:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class SourceRefView:
    ref: str
    basis: str
    basis_label: str
    url: str
    note: str


@dataclass(frozen=True)
class FindingView:
    number: int  # its entry in the evidence annex (0: none, e.g. a not-recorded finding)
    subject: str
    message: str
    evidence: tuple[str, ...]
    status: Literal["open", "waived", "expired"]
    status_text: str
    severity_note: str  # set when the finding overrides the rule's severity
    fixes: tuple[FixView, ...] = ()  # remediation snippets (templates/finding_fixes.html.j2)


@dataclass(frozen=True)
class RuleView:
    rule_id: str
    title: str
    plain: str
    domain: str
    domain_label: str
    severity: str
    severity_label: str
    owner_label: str
    outcome: str
    outcome_label: str
    rationale: str
    remediation: str
    reason: str
    sources: tuple[SourceRefView, ...]
    findings_shown: tuple[FindingView, ...]  # always visible
    findings_folded: tuple[FindingView, ...]  # behind <details> when there are many
    findings_folded_text: str  # "show the other N findings"
    open_count: int
    waived_count: int
    findings_count_text: str
    #: where the findings are in the evidence annex ("" when none is numbered); on paper the
    #: findings are there rather than under the rule
    evidence_text: str = ""


@dataclass(frozen=True)
class DomainGroup:
    domain: str
    label: str
    rules: tuple[RuleView, ...]


@dataclass(frozen=True)
class SeverityGroup:
    severity: str
    label: str
    domains: tuple[DomainGroup, ...]
    rule_count: int


@dataclass(frozen=True)
class WaiverView:
    waiver_id: str
    rule_id: str
    rule_title: str
    subjects: str
    justification: str
    approved_by: str
    start: str
    expires: str
    risk_ref: str
    status: Literal["active", "expired", "pending"]
    status_label: str
    expiring: bool = False  # active, and expires within WAIVER_EXPIRING_DAYS
    legal_basis: str = ""  # the text that allows the situation (a protocol, a decision)
    resources: str = ""  # the zone's groups or shares the waiver is limited to


@dataclass(frozen=True)
class SourceView:
    source_id: str
    collector: str
    target: str
    status: str
    status_label: str
    finished: str
    missing: tuple[str, ...]
    reason: str
    warnings: tuple[str, ...]
    content_hash: str


@dataclass(frozen=True)
class MetaView:
    site_name: str
    organisations: tuple[tuple[str, str], ...]  # (label, name)
    tool_version: str
    catalogue_version: str
    snapshot_hash: str
    collected_at: str
    evaluated_at: str
    schema_version: int
    rules_total: int


@dataclass(frozen=True)
class ReportView:
    lang: str
    t: dict[str, str]
    title: str
    evaluated_on: str
    status: str
    status_label: str
    status_sentence: str
    score: str  # "85%" or the placeholder for "cannot be computed"
    score_known: bool
    coverage: str
    outcome_counts: tuple[CountView, ...]
    failed_by_severity: tuple[CountView, ...]
    gaps: tuple[SeverityGroup, ...]
    incomplete: tuple[RuleView, ...]
    not_applicable: tuple[RuleView, ...]
    passed: tuple[RuleView, ...]
    waivers_active: tuple[WaiverView, ...]
    waivers_expired: tuple[WaiverView, ...]
    waivers_pending: tuple[WaiverView, ...]
    sources: tuple[SourceView, ...]
    meta: MetaView
    footer: str
    changes: ChangesView
    trend: TrendView | None  # None: fewer than two stored runs
    views_known: bool  # the assessment carries the access matrix, register and separation
    directory_available: bool
    records_available: bool
    matrix: AccessMatrix | None
    admins: tuple[AdminRegisterRow, ...]
    separation: SeparationReport | None
    norms: tuple[NormView, ...]
    waivers_expiring: tuple[WaiverView, ...]
    problems: tuple[ProblemView, ...]  # the action plan: open problems first, then waived
    first_problems: tuple[ProblemView, ...]  # the open problems the first page lists
    open_problems: int
    open_findings: int
    problems_by_severity: tuple[CountView, ...]  # open problems
    more_problems: str  # "the action plan lists all N problems", or ""
    evidence: tuple[EvidenceRuleView, ...]


# --------------------------------------------------------------------------- building


#: Findings of one rule shown before the rest is folded away.
FINDINGS_SHOWN = 10


def _arg(value: ArgValue, t: Mapping[str, str]) -> str:
    if value is None:
        return t["value.none"]
    if isinstance(value, bool):
        return t["value.yes"] if value else t["value.no"]
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def finding_message(
    meta: RuleMeta | None, item: Finding, lang: str, t: Mapping[str, str] | None = None
) -> str:
    """A finding's message in ``lang`` (``t``: the texts of that language, when at hand): the
    sentence every output shows for it."""
    texts = t if t is not None else load_texts(lang)
    args = {name: _arg(value, texts) for name, value in item.args.items()}
    if not item.recorded:
        return safe_format(texts["finding.not_recorded"], {"field": args.get("field", "?")})
    template = meta.messages.get(item.message) if meta is not None else None
    return safe_format(template.get(lang), args) if template else item.message


class _Builder:
    def __init__(self, assessment: Assessment, lang: str) -> None:
        self.a = assessment
        self.lang = lang
        self.t = load_texts(lang)
        self.today = assessment.evaluated_at.date()
        self.evidence = evidence_annex(assessment, self, lang)
        self.evidence_numbers = {e.key: e.number for rule in self.evidence for e in rule.entries}

    # --- small helpers

    def text(self, key: str, **args: object) -> str:
        template = self.t.get(key)
        return key if template is None else safe_format(template, args)

    def label(self, group: str, value: str) -> str:
        return self.t.get(f"{group}.{value}", value)

    def day(self, value: date | None) -> str:
        if value is None:
            return self.t["value.none"]
        return f"{value.day} {self.t[f'month.{value.month}']} {value.year}"

    def moment(self, value: datetime | None) -> str:
        if value is None:
            return self.t["value.none"]
        zone = f" {value.tzname()}" if value.tzinfo is not None else ""
        return f"{self.day(value.date())}, {value:%H:%M}{zone}"

    def arg(self, value: ArgValue) -> str:
        return _arg(value, self.t)

    # --- rules and findings

    def message(self, meta: RuleMeta | None, item: Finding) -> str:
        """The finding's message in the report's language."""
        return finding_message(meta, item, self.lang, self.t)

    def messages(self) -> dict[str, str]:
        return {
            f.key: self.message(self.a.rules.get(r.rule_id), f)
            for r in self.a.results
            if r.outcome in (Outcome.fail, Outcome.waived)
            for f in r.findings
            if f.recorded
        }

    def finding(self, meta: RuleMeta | None, item: Finding, rule_severity: str) -> FindingView:
        message = self.message(meta, item)
        status: Literal["open", "waived", "expired"] = "open"
        status_text = self.t["finding.open"]
        if item.waiver is not None:
            status = "expired" if item.waiver.expired else "waived"
            status_text = self.text(
                f"finding.{status}",
                id=item.waiver.waiver_id,
                approver=item.waiver.approved_by,
                expires=self.day(item.waiver.expires),
            )
            basis = next(
                (w.legal_basis for w in self.a.waivers if w.id == item.waiver.waiver_id), ""
            )
            if basis.strip():
                status_text += "; " + self.text("finding.legal_basis", basis=basis.strip())
        note = ""
        if item.severity is not None and item.severity.value != rule_severity:
            note = self.text(
                "finding.severity_override", severity=self.label("severity", item.severity)
            )
        return FindingView(
            number=self.evidence_numbers.get(item.key, 0) if item.recorded else 0,
            subject=item.subject,
            message=message,
            evidence=tuple(item.evidence),
            status=status,
            status_text=status_text,
            severity_note=note,
            fixes=tuple(fix_view(fix, self.t, self.lang) for fix in item.fixes),
        )

    def rule(self, result: RuleResult) -> RuleView:
        meta = self.a.rules.get(result.rule_id)
        severity = result.severity.value
        findings = sorted(
            (self.finding(meta, f, severity) for f in result.findings),
            key=lambda f: f.status == "waived",
        )
        open_count = sum(1 for f in findings if f.status != "waived")
        waived_count = len(findings) - open_count
        reason = result.reason.get(self.lang) if result.reason is not None else ""
        if not reason and result.outcome in (Outcome.not_assessed, Outcome.not_applicable):
            reason = self.t["rule.no_reason"]
        if not reason and result.outcome is Outcome.manual:
            reason = self.t["rule.manual_reason"]
        domain = meta.domain if meta is not None else ""
        numbers = sorted(f.number for f in findings if f.number)
        evidence_text = ""
        if numbers:
            evidence_text = self.text(
                "evidence.in_annex",
                numbers=str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}",
            )
        return RuleView(
            rule_id=result.rule_id,
            title=meta.title.get(self.lang) if meta else result.rule_id,
            plain=meta.plain.get(self.lang) if meta else "",
            domain=domain,
            domain_label=self.label("domain", domain) if domain else "",
            severity=severity,
            severity_label=self.label("severity", severity),
            owner_label=self.label("owner", meta.owner) if meta else "",
            outcome=result.outcome.value,
            outcome_label=self.label("outcome", result.outcome.value),
            rationale=meta.rationale.get(self.lang) if meta else "",
            remediation=meta.remediation.get(self.lang) if meta else "",
            reason=reason,
            sources=tuple(
                SourceRefView(
                    ref=s.ref,
                    basis=s.basis.value,
                    basis_label=self.label("basis", s.basis.value),
                    url=s.url,
                    note=s.note.get(self.lang) if s.note is not None else "",
                )
                for s in (meta.sources if meta else [])
            ),
            findings_shown=tuple(findings[:FINDINGS_SHOWN]),
            findings_folded=tuple(findings[FINDINGS_SHOWN:]),
            findings_folded_text=self.text(
                "finding.more", count=max(0, len(findings) - FINDINGS_SHOWN)
            ),
            open_count=open_count,
            waived_count=waived_count,
            findings_count_text=self.text(
                "rule.findings_count", open=open_count, waived=waived_count
            ),
            evidence_text=evidence_text,
        )

    def rules_with(self, *outcomes: Outcome) -> list[RuleView]:
        return [self.rule(r) for r in self.a.results if r.outcome in outcomes]

    # --- sections

    def gaps(self, rules: list[RuleView]) -> tuple[SeverityGroup, ...]:
        groups: list[SeverityGroup] = []
        for severity in SEVERITY_ORDER:
            of_severity = [r for r in rules if r.severity == severity.value]
            if not of_severity:
                continue
            domains = [
                DomainGroup(
                    domain=domain,
                    label=of_domain[0].domain_label or self.t["value.none"],
                    rules=tuple(sorted(of_domain, key=lambda r: r.rule_id)),
                )
                for domain in _ordered_domains(r.domain for r in of_severity)
                if (of_domain := [r for r in of_severity if r.domain == domain])
            ]
            groups.append(
                SeverityGroup(
                    severity=severity.value,
                    label=self.label("severity", severity.value),
                    domains=tuple(domains),
                    rule_count=len(of_severity),
                )
            )
        return tuple(groups)

    def waiver(self, item: Waiver) -> WaiverView:
        status: Literal["active", "expired", "pending"] = (
            "pending"
            if self.today < item.start
            else "expired"
            if self.today > item.expires
            else "active"
        )
        meta = self.a.rules.get(item.rule)
        return WaiverView(
            waiver_id=item.id,
            rule_id=item.rule,
            rule_title=meta.title.get(self.lang) if meta else "",
            subjects=", ".join(item.subjects),
            justification=item.justification,
            approved_by=item.approved_by,
            start=self.day(item.start),
            expires=self.day(item.expires),
            risk_ref=item.risk_ref,
            legal_basis=item.legal_basis,
            resources=", ".join(item.resources),
            status=status,
            status_label=self.label("waiver_status", status),
            expiring=status == "active"
            and (item.expires - self.today).days <= WAIVER_EXPIRING_DAYS,
        )

    def source(self, item: Provenance) -> SourceView:
        return SourceView(
            source_id=item.source_id,
            collector=item.collector,
            target=item.target,
            status=item.status.value,
            status_label=self.label("collection", item.status.value),
            finished=self.moment(item.finished),
            missing=tuple(item.missing),
            reason=item.reason,
            warnings=tuple(item.warnings),
            content_hash=item.content_hash,
        )

    def meta(self) -> MetaView:
        return MetaView(
            site_name=self.a.site_name,
            organisations=tuple(
                (self.label("body", body), name) for body, name in self.a.organisations.items()
            ),
            tool_version=self.a.tool_version,
            catalogue_version=self.a.catalogue_version,
            snapshot_hash=self.a.snapshot_hash,
            collected_at=self.moment(self.a.collected_at),
            evaluated_at=self.moment(self.a.evaluated_at),
            schema_version=self.a.schema_version,
            rules_total=len(self.a.results),
        )

    def status_sentence(self) -> str:
        counts = self.a.summary.counts
        failed = counts.get("fail", 0)
        assessed = failed + counts.get("pass", 0) + counts.get("waived", 0)
        unassessed = counts.get("not_assessed", 0) + counts.get("manual", 0)
        problems = [p for p in self.a.problems if not p.waived]
        return self.text(
            f"status_sentence.{self.a.summary.status}",
            failed=failed,
            assessed=assessed,
            unassessed=unassessed,
            problems=len(problems),
            critical=sum(1 for p in problems if p.severity.value == "critical"),
        )

    def new_keys(self) -> frozenset[str]:
        changes = self.a.changes
        if changes is None or changes.first_run:
            return frozenset()
        return frozenset(c.key for c in changes.new)

    def build(self) -> ReportView:
        summary = self.a.summary
        failed = self.rules_with(Outcome.fail)
        waived = self.rules_with(Outcome.waived)
        plan = problem_views(
            self.a, self, self.lang, self.messages(), self.new_keys(), self.evidence_numbers
        )
        open_plan = [p for p in plan if not p.waived]
        waivers = [self.waiver(w) for w in sorted(self.a.waivers, key=lambda w: (w.rule, w.id))]
        views = self.a.views
        return ReportView(
            lang=self.lang,
            t=self.t,
            title=f"{self.t['report.title']} — {self.a.site_name}",
            evaluated_on=self.text("report.evaluated_on", date=self.day(self.today)),
            status=summary.status,
            status_label=self.label("status", summary.status),
            status_sentence=self.status_sentence(),
            score=summary.score_text,
            score_known=summary.score is not None,
            coverage=summary.coverage_text,
            outcome_counts=tuple(
                CountView(o.value, self.label("outcome", o.value), summary.counts.get(o.value, 0))
                for o in OUTCOME_ORDER
            ),
            failed_by_severity=tuple(
                CountView(
                    s.value,
                    self.label("severity", s.value),
                    summary.failed_by_severity.get(s.value, 0),
                )
                for s in SEVERITY_ORDER
            ),
            gaps=self.gaps(failed + waived),
            incomplete=tuple(self.rules_with(Outcome.not_assessed, Outcome.manual)),
            not_applicable=tuple(self.rules_with(Outcome.not_applicable)),
            passed=tuple(self.rules_with(Outcome.pass_)),
            waivers_active=tuple(w for w in waivers if w.status == "active" and not w.expiring),
            waivers_expired=tuple(w for w in waivers if w.status == "expired"),
            waivers_pending=tuple(w for w in waivers if w.status == "pending"),
            sources=tuple(self.source(s) for s in self.a.sources),
            meta=self.meta(),
            footer=self.text("report.footer", version=self.a.tool_version, site=self.a.site_name),
            changes=changes_view(self.a, self, self.lang),
            trend=trend_view(self.a.trend, self) if len(self.a.trend) > 1 else None,
            views_known=views is not None,
            directory_available=views is not None and views.directory_available,
            records_available=views is not None and views.records_available,
            matrix=(
                access_matrix(views, self, unauthorised(self.a.results))
                if views is not None
                else None
            ),
            admins=admin_register(views, self) if views is not None else (),
            separation=separation_view(views, self, self.lang) if views is not None else None,
            norms=norm_views(self.a, self, self.lang),
            waivers_expiring=tuple(w for w in waivers if w.expiring),
            problems=plan,
            first_problems=tuple(open_plan[:FIRST_PAGE_PROBLEMS]),
            open_problems=len(open_plan),
            open_findings=sum(p.count for p in open_plan),
            problems_by_severity=tuple(
                CountView(
                    s.value,
                    self.label("severity", s.value),
                    sum(1 for p in open_plan if p.severity == s.value),
                )
                for s in SEVERITY_ORDER
            ),
            more_problems=(
                self.text("first_page.more_problems", count=len(plan))
                if len(plan) > FIRST_PAGE_PROBLEMS
                else ""
            ),
            evidence=self.evidence,
        )


def _severity_rank(value: str) -> int:
    try:
        return Severity(value).rank
    except ValueError:
        return len(SEVERITY_ORDER)


def _ordered_domains(domains: Iterable[str]) -> list[str]:
    present = set(domains)
    known = [d for d in DOMAIN_ORDER if d in present]
    return known + sorted(present - set(known))


def build_view(assessment: Assessment, lang: str = "nl") -> ReportView:
    """The view-model of the report of one assessment, in Dutch ("nl") or English ("en")."""
    return _Builder(assessment, lang).build()
