"""The partner's overview over every site in one history: pure, from what the store returns.

``build_overview(store, now)``: per site its latest run (score, coverage, status, when), the
trend of its last runs, its open critical problems, its waivers in force and those that expire
soon, whether its last scan is stale, and a link to its stored report; across sites the problems
that recur (a rule with open findings in the latest run of two or more sites).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from kszcheck.history.store import HistoryStore, RunRecord, StoredFinding, StoredWaiver

__all__ = [
    "EXPIRING_DAYS",
    "STALE_DAYS",
    "TREND_RUNS",
    "Overview",
    "RecurringProblem",
    "SiteOverview",
    "build_overview",
]

#: A site whose last scan is older than this many days is flagged stale (weekly scans + a day).
STALE_DAYS = 8
#: A waiver that expires within this many days is listed as expiring.
EXPIRING_DAYS = 30
#: How many runs the trend of a site shows.
TREND_RUNS = 12

_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}


@dataclass(frozen=True)
class SiteOverview:
    site: str
    latest: RunRecord
    trend: list[RunRecord]
    critical: list[StoredFinding]
    waivers_open: list[StoredWaiver]
    waivers_expiring: list[StoredWaiver]
    stale: bool

    @property
    def score_change(self) -> float | None:
        """The latest score minus the one before it (None without two scored runs)."""
        scores = [r.score for r in self.trend if r.score is not None]
        return scores[-1] - scores[-2] if len(scores) >= 2 else None


@dataclass(frozen=True)
class RecurringProblem:
    rule_id: str
    severity: str
    sites: list[str]
    findings: int


@dataclass(frozen=True)
class Overview:
    generated_at: datetime
    stale_days: int
    expiring_days: int
    sites: list[SiteOverview] = field(default_factory=list)
    recurring: list[RecurringProblem] = field(default_factory=list)


def build_overview(
    store: HistoryStore,
    now: datetime,
    *,
    stale_days: int = STALE_DAYS,
    expiring_days: int = EXPIRING_DAYS,
    trend_runs: int = TREND_RUNS,
) -> Overview:
    """The overview of every site in ``store`` as of ``now``."""
    trends = store.trends(trend_runs)
    findings = store.latest_findings()
    waivers = store.latest_waivers()
    sites = [
        _site(
            runs,
            findings.get(runs[-1].run_id, []),
            waivers.get(runs[-1].run_id, []),
            now,
            stale_days,
            expiring_days,
        )
        for runs in trends.values()
    ]
    return Overview(
        generated_at=now,
        stale_days=stale_days,
        expiring_days=expiring_days,
        sites=sites,
        recurring=_recurring(trends, findings),
    )


def _site(
    runs: list[RunRecord],
    findings: list[StoredFinding],
    waivers: list[StoredWaiver],
    now: datetime,
    stale_days: int,
    expiring_days: int,
) -> SiteOverview:
    latest, today = runs[-1], now.date()
    in_force = [w for w in waivers if w.start <= today <= w.expires]
    soon = today + timedelta(days=expiring_days)
    return SiteOverview(
        site=latest.site,
        latest=latest,
        trend=runs,
        critical=[f for f in findings if f.severity == "critical" and not f.waived],
        waivers_open=in_force,
        waivers_expiring=sorted(
            (w for w in in_force if w.expires <= soon), key=lambda w: (w.expires, w.waiver_id)
        ),
        stale=now - latest.evaluated_at > timedelta(days=stale_days),
    )


def _recurring(
    trends: dict[str, list[RunRecord]], findings: dict[int, list[StoredFinding]]
) -> list[RecurringProblem]:
    sites_of: dict[str, set[str]] = defaultdict(set)
    count: dict[str, int] = defaultdict(int)
    severity: dict[str, str] = {}
    for site, runs in trends.items():
        for item in findings.get(runs[-1].run_id, []):
            if item.waived or item.outcome != "fail":
                continue
            sites_of[item.rule_id].add(site)
            count[item.rule_id] += 1
            severity.setdefault(item.rule_id, item.severity)
    recurring = [
        RecurringProblem(rule, severity[rule], sorted(names), count[rule])
        for rule, names in sites_of.items()
        if len(names) >= 2
    ]
    recurring.sort(key=lambda p: (-len(p.sites), _ORDER.get(p.severity, 9), p.rule_id))
    return recurring
