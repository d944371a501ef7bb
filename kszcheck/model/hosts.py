"""Facts read on the Windows servers themselves (the on-site Windows pack, source type
``windows-export``) and from the backup tool.

- :class:`LocalGroupMember` — members of the local Administrators and Remote Desktop Users
  groups (``host.local_groups``);
- :class:`InstalledUpdate` — installed updates (``host.updates``);
- :class:`HostAuditSetting` — the effective advanced audit policy, from ``auditpol``
  (``host.audit_policy``);
- :class:`HostEventLog` — size and retention of the Security log (``host.event_logs``);
- :class:`BackupJob`, :class:`BackupSession` — the backup tool's jobs and recent sessions
  (``backup.jobs``).

``hosts_read`` names the servers the pack read completely; a server that it could not read is
in ``hosts_failed`` with the reason, so a rule never reads "no members" where nothing was read.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from kszcheck.model.common import Strict

__all__ = [
    "BackupJob",
    "BackupSession",
    "HostAuditSetting",
    "HostEventLog",
    "Hosts",
    "InstalledUpdate",
    "LocalGroupMember",
]


class LocalGroupMember(Strict):
    host: str
    group: str  # administrators, remote_desktop_users
    name: str  # DOMAIN\name or HOST\name as Windows shows it
    sid: str = ""
    object_class: str = ""  # User, Group
    principal_source: str = ""  # Local, ActiveDirectory, AzureAD, MicrosoftAccount, Unknown
    line: int | None = None


class InstalledUpdate(Strict):
    host: str
    hotfix_id: str
    description: str = ""
    installed_on: date | None = None
    line: int | None = None


class HostAuditSetting(Strict):
    host: str
    subcategory: str
    guid: str  # lower case, without braces
    success: bool
    failure: bool
    line: int | None = None


class HostEventLog(Strict):
    host: str
    log: str  # security
    max_size_kb: int | None = None
    #: Circular (overwrite as needed), AutoBackup (archive when full), Retain (never overwrite)
    mode: str = ""
    enabled: bool = True
    line: int | None = None


class BackupJob(Strict):
    name: str
    job_type: str = ""
    enabled: bool = True
    #: what the job protects: VM or computer names
    objects: list[str] = Field(default_factory=list)
    repository: str = ""
    line: int | None = None


class BackupSession(Strict):
    job: str
    result: str  # Success, Warning, Failed, None (running)
    started: datetime | None = None
    ended: datetime | None = None
    line: int | None = None


class Hosts(Strict):
    hosts_read: list[str] = Field(default_factory=list)
    hosts_failed: dict[str, str] = Field(default_factory=dict)
    local_group_members: list[LocalGroupMember] = Field(default_factory=list)
    updates: list[InstalledUpdate] = Field(default_factory=list)
    audit_policy: list[HostAuditSetting] = Field(default_factory=list)
    event_logs: list[HostEventLog] = Field(default_factory=list)
    backup_jobs: list[BackupJob] = Field(default_factory=list)
    backup_sessions: list[BackupSession] = Field(default_factory=list)
