"""What the backup tool itself says (fact kind ``backup.jobs``): per server, the jobs that
protect it and when each last succeeded (the end of its last Success or Warning session)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kszcheck.analysis.hosts import host_of
from kszcheck.model.hosts import Hosts

__all__ = ["ObservedJob", "observed_jobs"]

_GOOD = {"success", "warning"}


@dataclass(frozen=True)
class ObservedJob:
    name: str
    enabled: bool
    repository: str
    job_type: str
    last_success: datetime | None
    last_result: str  # of the most recent session; '' when there is none
    line: int | None


def observed_jobs(hosts: Hosts) -> dict[str, list[ObservedJob]]:
    """Short host name (lower case) -> the jobs whose objects include it."""
    sessions: dict[str, list[tuple[datetime, str, datetime | None]]] = {}
    for session in hosts.backup_sessions:
        if session.started is not None:
            sessions.setdefault(session.job.lower(), []).append(
                (session.started, session.result, session.ended)
            )
    found: dict[str, list[ObservedJob]] = {}
    for job in hosts.backup_jobs:
        runs = sorted(sessions.get(job.name.lower(), []), key=lambda run: run[0])
        good = [end or start for start, result, end in runs if result.lower() in _GOOD]
        observed = ObservedJob(
            name=job.name,
            enabled=job.enabled,
            repository=job.repository,
            job_type=job.job_type,
            last_success=max(good) if good else None,
            last_result=runs[-1][1] if runs else "",
            line=job.line,
        )
        for item in job.objects:
            found.setdefault(host_of(item), []).append(observed)
    return found
