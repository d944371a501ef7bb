"""View-model parts of the report beyond the rules: what changed, the trend chart, the separation
model and the coverage per norm (the access matrix and the administrator register: matrix.py).

Pure, like viewmodel.py: plain strings and numbers, escaping is the template's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from kszcheck.model.history import ChangedFinding, ChangeSummary, TrendPoint
from kszcheck.model.results import Assessment, whole_percent
from kszcheck.model.views import ReportViews

__all__ = [
    "TOP_NEW_LIMIT",
    "ChangeItemView",
    "ChangesView",
    "Formatter",
    "NormRequirementView",
    "NormView",
    "SeparationReport",
    "TrendView",
    "ZoneRowView",
    "changes_view",
    "norm_views",
    "separation_view",
    "trend_view",
]

#: How many new gaps the first page names.
TOP_NEW_LIMIT = 5


class Formatter(Protocol):
    t: dict[str, str]

    def text(self, key: str, **args: object) -> str: ...
    def label(self, group: str, value: str) -> str: ...
    def day(self, value: date | None) -> str: ...
    def moment(self, value: datetime | None) -> str: ...


# --------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class ChangeItemView:
    rule_id: str
    title: str
    subject: str
    severity: str
    severity_label: str
    waived: bool


@dataclass(frozen=True)
class ChangesView:
    known: bool  # False: the run was not stored in a history
    first_run: bool
    sentence: str
    new_count: int
    resolved_count: int
    unverified_count: int
    unchanged_count: int
    top_new: tuple[ChangeItemView, ...]
    new_items: tuple[ChangeItemView, ...]
    resolved_items: tuple[ChangeItemView, ...]
    unverified_items: tuple[ChangeItemView, ...]


_SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def _item(a: Assessment, f: Formatter, lang: str, c: ChangedFinding) -> ChangeItemView:
    meta = a.rules.get(c.rule_id)
    return ChangeItemView(
        rule_id=c.rule_id,
        title=meta.title.get(lang) if meta else c.rule_id,
        subject=c.subject,
        severity=c.severity,
        severity_label=f.label("severity", c.severity),
        waived=c.waived,
    )


def changes_view(a: Assessment, f: Formatter, lang: str) -> ChangesView:
    changes: ChangeSummary | None = a.changes
    if changes is None:
        return ChangesView(False, False, f.t["changes.unknown"], 0, 0, 0, 0, (), (), (), ())
    ranked = sorted(
        (c for c in changes.new if not c.waived),
        key=lambda c: (_SEVERITY_RANK.get(c.severity, 9), c.rule_id, c.subject.lower()),
    )
    if changes.first_run:
        sentence = f.t["changes.first_run"]
    else:
        sentence = f.text(
            "changes.sentence",
            date=f.moment(changes.previous_evaluated_at),
            new=len(changes.new),
            resolved=len(changes.resolved),
            unchanged=changes.unchanged,
        )
    return ChangesView(
        known=True,
        first_run=changes.first_run,
        sentence=sentence,
        new_count=len(changes.new),
        resolved_count=len(changes.resolved),
        unverified_count=len(changes.unverified),
        unchanged_count=changes.unchanged,
        top_new=tuple(_item(a, f, lang, c) for c in ranked[:TOP_NEW_LIMIT]),
        new_items=tuple(_item(a, f, lang, c) for c in changes.new),
        resolved_items=tuple(_item(a, f, lang, c) for c in changes.resolved),
        unverified_items=tuple(_item(a, f, lang, c) for c in changes.unverified),
    )


# --------------------------------------------------------------------------- trend chart


@dataclass(frozen=True)
class TrendPointView:
    x: float
    y_score: float | None
    y_coverage: float
    label: str  # date of the run
    score: str
    coverage: str
    failed_rules: int
    open_findings: int
    run_id: int


@dataclass(frozen=True)
class TrendView:
    points: tuple[TrendPointView, ...]
    score_path: str  # SVG polyline points "x,y x,y"
    coverage_path: str
    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int


TREND_WIDTH, TREND_HEIGHT = 640, 200
TREND_LEFT, TREND_RIGHT, TREND_TOP, TREND_BOTTOM = 48, 16, 12, 28


def _pct(value: float | None) -> str:
    """Rounded down, like the score everywhere (model.results.whole_percent)."""
    return whole_percent(value)


def trend_view(points: list[TrendPoint], f: Formatter) -> TrendView:
    inner_w = TREND_WIDTH - TREND_LEFT - TREND_RIGHT
    inner_h = TREND_HEIGHT - TREND_TOP - TREND_BOTTOM
    count = len(points)

    def x_of(i: int) -> float:
        return round(TREND_LEFT + (inner_w * i / (count - 1) if count > 1 else inner_w / 2), 1)

    def y_of(value: float) -> float:
        return round(TREND_TOP + inner_h * (1 - max(0.0, min(1.0, value))), 1)

    views = tuple(
        TrendPointView(
            x=x_of(i),
            y_score=None if p.score is None else y_of(p.score),
            y_coverage=y_of(p.coverage),
            label=f.day(p.evaluated_at.date()),
            score=_pct(p.score),
            coverage=_pct(p.coverage),
            failed_rules=p.failed_rules,
            open_findings=p.open_findings,
            run_id=p.run_id,
        )
        for i, p in enumerate(points)
    )
    return TrendView(
        points=views,
        score_path=" ".join(f"{p.x},{p.y_score}" for p in views if p.y_score is not None),
        coverage_path=" ".join(f"{p.x},{p.y_coverage}" for p in views),
        width=TREND_WIDTH,
        height=TREND_HEIGHT,
        top=TREND_TOP,
        bottom=TREND_HEIGHT - TREND_BOTTOM,
        left=TREND_LEFT,
        right=TREND_WIDTH - TREND_RIGHT,
    )


# --------------------------------------------------------------------------- separation


@dataclass(frozen=True)
class ZoneRowView:
    zone_id: str
    name: str
    kind_label: str
    sdz: bool
    directory: str  # OUs and groups
    vlans: str
    subnets: str
    seen: str
    routed: tuple[str, ...]
    filtered_by: str


@dataclass(frozen=True)
class SeparationReport:
    declared: str
    detected: str
    differs: bool
    reason: str
    domains: str
    sdz_ous: tuple[tuple[str, bool], ...]
    zones: tuple[ZoneRowView, ...]


_SDZ_KINDS = ("social_data", "social_data_users", "social_data_servers")


def separation_view(views: ReportViews, f: Formatter, lang: str) -> SeparationReport:
    s = views.separation
    none = f.t["value.none"]
    declared = f.label("separation_model", s.declared_model) if s.declared_model else none
    detected = (
        f.label("separation_model", s.detected_model)
        if s.detected_model
        else f.t["separation.not_collected"]
    )
    zones = tuple(
        ZoneRowView(
            zone_id=z.id,
            name=z.name or z.id,
            kind_label=f.label("zone_kind", z.kind),
            sdz=z.kind in _SDZ_KINDS,
            directory=", ".join([*z.ous, *z.groups]) or none,
            vlans=", ".join(str(v) for v in z.vlans) or none,
            subnets=", ".join(z.subnets) or none,
            seen=(
                (", ".join(str(v) for v in z.vlans_seen) or none)
                if views.network_available
                else f.t["separation.not_collected"]
            ),
            routed=tuple(z.routed),
            filtered_by=z.filtered_by,
        )
        for z in s.zones
    )
    return SeparationReport(
        declared=declared,
        detected=detected,
        differs=bool(
            s.detected_model and s.declared_model and s.detected_model != s.declared_model
        ),
        reason=s.detected_reason.get(lang) if s.detected_reason else "",
        domains=", ".join(s.domains) or none,
        sdz_ous=tuple((o.dn, o.found) for o in s.sdz_ous),
        zones=zones,
    )


# --------------------------------------------------------------------------- norms


@dataclass(frozen=True)
class NormRequirementView:
    requirement_id: str
    title: str
    status_label: str
    outcome: str
    outcome_label: str
    rules: str
    note: str  # reason, or the evidence still needed


@dataclass(frozen=True)
class NormView:
    norm_id: str
    title: str
    version: str
    total: int
    assessed: int
    coverage: str
    #: Per kind (automated, partial, manual, not covered): label, count and share of the norm.
    by_status: tuple[tuple[str, str], ...]
    by_outcome: tuple[tuple[str, str, int], ...]  # key, label, count
    requirements: tuple[NormRequirementView, ...]
    #: How much of the norm's text the norm file rests on ("" when not stated).
    text_seen: str = ""


def norm_views(a: Assessment, f: Formatter, lang: str) -> tuple[NormView, ...]:
    """The coverage per norm, when the assessment carries it (``Assessment.norms``)."""
    out: list[NormView] = []
    for norm in getattr(a, "norms", None) or []:
        requirements = tuple(
            NormRequirementView(
                requirement_id=r.requirement_id,
                title=r.title.get(lang),
                status_label=f.label("requirement_status", r.status.value),
                outcome=r.outcome.value,
                outcome_label=f.label("outcome", r.outcome.value),
                rules=", ".join(r.rules),
                note=(
                    r.reason.get(lang)
                    if r.reason
                    else r.evidence_needed.get(lang)
                    if r.evidence_needed
                    else ""
                ),
            )
            for r in norm.requirements
        )
        total = len(norm.requirements)
        out.append(
            NormView(
                norm_id=norm.norm_id,
                title=norm.title.get(lang),
                version=norm.version,
                total=total,
                assessed=norm.assessed,
                coverage=_pct(norm.assessed / total) if total else "–",
                by_status=tuple(
                    (f.label("requirement_status", k), f"{v} ({_pct(v / total)})")
                    for k, v in norm.by_status.items()
                    if total
                ),
                text_seen=f.label("text_seen", norm.text_seen) if norm.text_seen else "",
                by_outcome=tuple(
                    (k, f.label("outcome", k), v) for k, v in norm.by_outcome.items() if v
                ),
                requirements=requirements,
            )
        )
    return tuple(out)
