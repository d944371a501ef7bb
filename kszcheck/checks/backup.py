"""Checks of the backup domain: the social data are backed up elsewhere, restorable, protected.

The assets are the servers of the social-data zone (inventory plus the servers the site lists).
When the backup tool's own export was read (``backup.jobs``, the Windows pack with -Veeam), a
job belongs to an asset when the asset is one of the job's objects, and its last success is the
end of its last Success or Warning session; the declared inventory is then compared with it.
A backup job belongs to an asset by host name; its ``target`` names the system it writes to, and
(KSZ-BCK-002/003) the entry of ``backup_repositories`` with that name. Undeclared values count
against the rule: fail closed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from kszcheck.analysis.backup_jobs import ObservedJob, observed_jobs
from kszcheck.analysis.dates import months_before
from kszcheck.analysis.facts import Facts
from kszcheck.analysis.hosts import host_of
from kszcheck.checks.helpers import NO_SDZ_SERVERS, declared_not_observed, finding
from kszcheck.checks.registry import NotApplicable, Params, check
from kszcheck.model.catalogue import Severity
from kszcheck.model.common import Body
from kszcheck.model.inventory import Backup
from kszcheck.model.operations import BackupRepository, RepositoryLocation
from kszcheck.model.results import Finding

__all__ = ["backup_copies", "backup_protection", "sdz_backed_up", "sdz_backup_jobs"]

_AWAY = (RepositoryLocation.secondary_site, RepositoryLocation.offsite, RepositoryLocation.cloud)
_OUTSIDE = (RepositoryLocation.offsite, RepositoryLocation.cloud)


def sdz_backup_jobs(facts: Facts) -> list[tuple[str, list[Backup]]]:
    """Each SDZ server with its backup jobs (possibly none); NotApplicable if there are none."""
    names = facts.zones.sdz_server_names(facts.snapshot.inventory.servers)
    if not names:
        raise NotApplicable(NO_SDZ_SERVERS)
    jobs: dict[str, list[Backup]] = {}
    for backup in facts.snapshot.inventory.backups:
        jobs.setdefault(host_of(backup.asset), []).append(backup)
    return [(name, jobs.get(host_of(name), [])) for name in names]


def _evidence(facts: Facts, jobs: Iterable[Backup]) -> list[str]:
    return [x for j in jobs if (x := facts.locator("inventory.backups", j.line))]


@check("KSZ-BCK-001")
def sdz_backed_up(facts: Facts, params: Params) -> Iterable[Finding]:
    """Every SDZ server has a recent backup on another system and a recent restore test. What
    the backup tool exports (backup.jobs) comes first; the declared backup inventory fills in
    the restore tests and is the fallback, and where both exist a disagreement is a finding."""
    max_age = timedelta(hours=params.integer("backup_max_hours"))
    months = params.integer("restore_test_max_months")
    observed = observed_jobs(facts.snapshot.hosts) if facts.collected("backup.jobs") else None
    declared = facts.collected("inventory.backups")
    for name, jobs in sdz_backup_jobs(facts):
        if observed is not None:
            seen = observed.get(host_of(name), [])
            if declared:
                yield from _declared_vs_observed(facts, name, jobs, seen)
            if not seen:
                yield finding(name, "no_backup_observed", [], server=name)
                continue
            yield from _observed_backup(facts, name, seen, max_age)
        elif not jobs:
            yield finding(name, "no_backup", [], server=name)
            continue
        else:
            yield from _declared_backup(facts, name, jobs, max_age)
        yield from _restore_test(facts, name, jobs, months)


def _last_success(
    facts: Facts, name: str, successes: list[datetime], ev: list[str], max_age: timedelta
) -> Iterator[Finding]:
    if not successes:
        yield finding(f"{name}:last-success", "never_succeeded", ev, server=name)
    elif facts.now - max(successes) > max_age:
        last = max(successes).isoformat(timespec="minutes")
        hours = max_age // timedelta(hours=1)
        yield finding(f"{name}:last-success", "too_old", ev, server=name, last=last, hours=hours)


def _observed_backup(
    facts: Facts, name: str, seen: list[ObservedJob], max_age: timedelta
) -> Iterator[Finding]:
    ev = [f"veeam_jobs.csv:{j.line}" for j in seen if j.line]
    for job in seen:
        if not job.enabled:
            yield finding(f"{name}:schedule", "job_disabled", ev, server=name, job=job.name)
    successes = [j.last_success for j in seen if j.last_success is not None]
    yield from _last_success(facts, name, successes, ev, max_age)


def _declared_backup(
    facts: Facts, name: str, jobs: list[Backup], max_age: timedelta
) -> Iterator[Finding]:
    ev = _evidence(facts, jobs)
    targets = [j.target.strip() for j in jobs if j.target.strip()]
    if not any(host_of(t) != host_of(name) for t in targets):
        message = "target_same_host" if targets else "target_not_declared"
        yield finding(f"{name}:target", message, ev, server=name)
    successes = [j.last_success for j in jobs if j.last_success is not None]
    yield from _last_success(facts, name, successes, ev, max_age)


def _declared_vs_observed(
    facts: Facts, name: str, jobs: list[Backup], seen: list[ObservedJob]
) -> Iterator[Finding]:
    """A declared job that the backup tool does not have, or a declared last success newer
    (by more than a day) than the tool shows: the inventory claims more than the system."""
    names = {j.name.lower() for j in seen}
    missing = [j.job.strip() for j in jobs if j.job.strip() and j.job.strip().lower() not in names]
    if missing:
        observed = ", ".join(j.name for j in seen) or "-"
        yield declared_not_observed(
            f"{name}:job", "declared_job_not_observed", _evidence(facts, jobs),
            server=name, declared=", ".join(missing), observed=observed,
        )  # fmt: skip
    declared = [j.last_success for j in jobs if j.last_success is not None]
    observed_times = [j.last_success for j in seen if j.last_success is not None]
    if declared and (not observed_times or max(declared) - max(observed_times) > timedelta(days=1)):
        shown = max(observed_times).isoformat(timespec="minutes") if observed_times else "-"
        yield declared_not_observed(
            f"{name}:last-success", "declared_success_not_observed", _evidence(facts, jobs),
            server=name, declared=max(declared).isoformat(timespec="minutes"), observed=shown,
        )  # fmt: skip


def _restore_test(facts: Facts, name: str, jobs: list[Backup], months: int) -> Iterator[Finding]:
    """Restore tests are not in the backup tool's export: they come from the inventory."""
    ev = _evidence(facts, jobs)
    tests = [j.last_restore_test for j in jobs if j.last_restore_test is not None]
    if not tests:
        yield finding(f"{name}:restore-test", "never_tested", ev, server=name)
    elif max(tests) < months_before(facts.today, months):
        last = max(tests).isoformat()
        yield finding(
            f"{name}:restore-test", "test_too_old", ev, server=name, last=last, months=months
        )


def _repositories(facts: Facts) -> dict[str, BackupRepository]:
    return {host_of(r.name): r for r in facts.snapshot.records.backup_repositories}


def _repo_evidence(facts: Facts, repo: BackupRepository) -> list[str]:
    return [x for x in [facts.locator("records.backup_repositories", repo.line)] if x]


@check("KSZ-BCK-002")
def backup_protection(facts: Facts, params: Params) -> Iterable[Finding]:
    """Repositories with SDZ backups: restorable only by covered admins, encrypted off-site. The
    repositories are those the backup tool's jobs write to (``backup.jobs``, observed) and the
    declared jobs' targets. Members of the domain's Backup Operators can restore every file of
    the domain controllers too, but that group is tier 0: an account in it without a
    declaration is KSZ-PPL-002's finding, not repeated here."""
    repos = _repositories(facts)
    observed = observed_jobs(facts.snapshot.hosts) if facts.collected("backup.jobs") else {}
    targets: dict[str, tuple[str, list[str]]] = {}
    for name, jobs in sdz_backup_jobs(facts):
        written = [j.target for j in jobs] + [j.repository for j in observed.get(host_of(name), [])]
        for target in (t.strip() for t in written if t.strip()):
            targets.setdefault(host_of(target), (target, []))[1].append(name)
        for job in jobs:
            if job.offsite_copy is True and job.encrypted is not True:
                ev = _evidence(facts, [job])
                yield finding(f"{name}:encryption", "copy_not_encrypted", ev, job=job.job or name)
    for key, (target, assets) in sorted(targets.items()):
        repo = repos.get(key)
        servers = ", ".join(sorted(set(assets), key=str.lower))
        if repo is None:
            yield finding(
                f"{target}:console", "repository_not_declared", [], target=target, servers=servers
            )
            continue
        yield from _repository(facts, repo)


def _repository(facts: Facts, repo: BackupRepository) -> Iterator[Finding]:
    ev, name = _repo_evidence(facts, repo), repo.name
    if not repo.console_admins:
        yield finding(f"{name}:console", "console_admins_not_declared", ev, repository=name)
    else:
        uncovered = [
            pid
            for pid in repo.console_admins
            if pid not in facts.persons.people
            or not facts.persons.has_declaration(pid, Body.ocmw, facts.today)
        ]
        if uncovered:
            yield finding(
                f"{name}:console",
                "console_admin_not_covered",
                ev,
                repository=name,
                persons=", ".join(uncovered),
            )
    if repo.location is None:
        yield finding(f"{name}:location", "location_not_declared", ev, repository=name)
    elif repo.location in _OUTSIDE and repo.encrypted is not True:
        yield finding(
            f"{name}:encryption",
            "repository_not_encrypted",
            ev,
            repository=name,
            location=repo.location.value,
        )


def _is_copy_job(job_type: str) -> bool:
    """A backup copy job (Veeam JobType BackupSync, SimpleBackupCopyPolicy, ...)."""
    kind = job_type.lower()
    return "copy" in kind or "sync" in kind


@check("KSZ-BCK-003")
def backup_copies(facts: Facts, params: Params) -> Iterable[Finding]:
    """Every backed-up SDZ server has a copy away from the main site, one immutable or offline,
    and a defined retention (a low-severity sub-check)."""
    repos = _repositories(facts)
    observed = observed_jobs(facts.snapshot.hosts) if facts.collected("backup.jobs") else {}
    for name, jobs in sdz_backup_jobs(facts):
        seen = observed.get(host_of(name), [])
        if not jobs and not seen:
            continue  # no backup at all: KSZ-BCK-001
        ev = _evidence(facts, jobs) + [f"veeam_jobs.csv:{j.line}" for j in seen if j.line]
        used = [r for j in jobs if (r := repos.get(host_of(j.target))) is not None]
        used += [r for j in seen if (r := repos.get(host_of(j.repository))) is not None]
        copy_jobs = [j for j in seen if j.enabled and _is_copy_job(j.job_type)]
        away = (
            any(j.offsite_copy is True for j in jobs)
            or any(r.location in _AWAY for r in used)
            or bool(copy_jobs)
        )
        if not away:
            yield finding(f"{name}:offsite", "no_offsite_copy", ev, server=name)
        safe = any(j.immutable_copy is True for j in jobs) or any(
            r.immutable is True or r.offline is True for r in used
        )
        if not safe:
            yield finding(f"{name}:immutable", "no_immutable_copy", ev, server=name)
        if all(j.retention_days is None for j in jobs):
            item = finding(f"{name}:retention", "retention_not_defined", ev, server=name)
            yield item.model_copy(update={"severity": Severity.low})
