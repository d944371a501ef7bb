"""Operational declarations: logging, monitoring, backup storage and remote access.

All of these are lists in the records YAML file. Each is *optional*: a list is provided only
when the file has its key (``log_platforms: []`` says "there are none"; no key says "not
recorded", and the rules that need the list are then not_assessed).

- :class:`LogPlatform` — where logs are kept centrally (SIEM, log server) and who can alter them
  (``records.log_platforms``);
- :class:`TimeSource` — the time synchronisation of the PDC emulator and of the network devices
  (``records.time_sync``);
- :class:`AuditPolicy` — the audit policy of the domain controllers or of a server
  (``records.audit_policies``);
- :class:`Monitoring` — alert rules and periodic reviews of changes to groups and permissions
  (``records.monitoring``);
- :class:`LogReview` — the security consultant's periodic review of the logs
  (``records.log_reviews``);
- :class:`BackupRepository` — where backups are stored, who can restore them, encryption and
  immutability (``records.backup_repositories``);
- :class:`RemoteAccessPath` — every way in from outside: VPN, RDS/Citrix gateway, web portal
  (``records.remote_access``);
- :class:`RemoteSupportTool` — remote-support agents installed on servers
  (``records.remote_support_tools``);
- :class:`MaintenanceSession` — remote maintenance sessions of suppliers
  (``records.maintenance_sessions``).

Persons are ids of the people register; servers are names of the server inventory; a supplier
is the ``name`` of the supplier register (:class:`kszcheck.model.assets.Supplier`).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import Field, field_validator

from kszcheck.model.common import Strict

__all__ = [
    "LOG_SCOPES",
    "OPERATIONS_COLLECTIONS",
    "AuditPolicy",
    "BackupRepository",
    "LogPlatform",
    "LogReview",
    "MaintenanceSession",
    "Monitoring",
    "MonitoringKind",
    "RemoteAccessPath",
    "RemoteSupportTool",
    "RepositoryLocation",
    "TimeScope",
    "TimeSource",
]

#: The records collections defined here (all optional: provided only when the file has the key).
OPERATIONS_COLLECTIONS: tuple[str, ...] = (
    "log_platforms",
    "time_sync",
    "audit_policies",
    "monitoring",
    "log_reviews",
    "backup_repositories",
    "remote_access",
    "remote_support_tools",
    "maintenance_sessions",
)


#: What a log platform's ``collects`` may name besides server names.
LOG_SCOPES = frozenset({"all_servers", "domain_controllers", "sdz_servers"})


class LogPlatform(Strict):
    """A central log platform. ``name`` (or one of ``aliases``) is what servers write in
    ``logging.forwarded_to``; ``custodians`` are the person ids of everyone who administers the
    platform and so could alter or delete the logs. ``collects`` declares once which servers
    send their logs to it (``all_servers``, ``domain_controllers``, ``sdz_servers`` or server
    names), for a collection set up centrally (Windows Event Forwarding by GPO, an agent on every
    server): a server of that scope without its own ``forwarded_to`` forwards here.
    ``retention_days``: how long the platform keeps what it collects."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    custodians: list[str] = Field(default_factory=list)
    collects: list[str] = Field(default_factory=list)
    retention_days: int | None = Field(default=None, ge=1)
    line: int | None = None

    @field_validator("collects")
    @classmethod
    def _scopes(cls, value: list[str]) -> list[str]:
        for item in value:
            if not item.strip():
                raise ValueError("an empty entry in 'collects'")
        return [item.strip() for item in value]


class TimeScope(StrEnum):
    pdc_emulator = "pdc_emulator"  # the domain's reference clock
    network_devices = "network_devices"  # switches, routers, firewalls
    log_platform = "log_platform"
    servers = "servers"


class TimeSource(Strict):
    """Where a group of systems takes its time from (NTP servers; empty = none configured)."""

    scope: TimeScope
    ntp_servers: list[str] = Field(default_factory=list)
    line: int | None = None


class AuditPolicy(Strict):
    """The (advanced) audit policy in force on ``applies_to``: ``domain_controllers`` or a
    server name. Each setting: true = success auditing on, false = off, empty = not declared."""

    applies_to: str = "domain_controllers"
    gpo: str = ""  # the GPO that sets it, for evidence
    security_group_management: bool | None = None
    user_account_management: bool | None = None
    directory_service_changes: bool | None = None
    line: int | None = None


class MonitoringKind(StrEnum):
    alert = "alert"  # a SIEM or monitoring rule that raises an alert on the change
    review = "review"  # a periodic review of the change log


class Monitoring(Strict):
    """An alert rule or a periodic review of changes. ``watches``: what it covers —
    ``privileged_groups``, ``sdz_groups``, ``sdz_permissions`` (ACLs of SDZ OUs and shares)."""

    name: str
    kind: MonitoringKind
    watches: list[str] = Field(default_factory=list)
    owner: str = ""  # person id of who handles the alert or does the review
    line: int | None = None


class LogReview(Strict):
    """A review of the logs of the social data by the security consultant or a delegate."""

    reviewed_on: date
    reviewer: str  # person id or name
    scope: str = ""  # which logs, which sample
    outcome: str = ""  # what was found; empty = not recorded
    reference: str = ""
    line: int | None = None


class RepositoryLocation(StrEnum):
    primary_site = "primary_site"  # the building where the servers are
    secondary_site = "secondary_site"  # another building of the administration
    offsite = "offsite"  # a supplier's data centre or another administration
    cloud = "cloud"


class BackupRepository(Strict):
    """A backup repository: ``name`` is the ``target`` of backup jobs. ``console_admins`` are
    the person ids of everyone who can use the backup console or restore data from it."""

    name: str
    location: RepositoryLocation | None = None
    encrypted: bool | None = None
    immutable: bool | None = None
    offline: bool | None = None
    console_admins: list[str] = Field(default_factory=list)
    line: int | None = None


class RemoteAccessPath(Strict):
    """A way in from outside. Booleans: true/false, empty = not declared.

    ``kind``: vpn, rds_gateway, citrix, web_portal, remote_desktop, other. ``groups``: the AD
    groups allowed to use it. ``reaches_sdz``: it gives access to the social-data zone (its
    network, servers or application). ``device_check``: only managed or compliant devices may
    connect. ``published_apps_only``: the user gets published applications, not the network.
    """

    name: str
    kind: str = ""
    mfa: bool | None = None
    mfa_exempt: list[str] = Field(default_factory=list)  # accounts or groups without MFA
    groups: list[str] = Field(default_factory=list)
    reaches_sdz: bool | None = None
    device_check: bool | None = None
    published_apps_only: bool | None = None
    line: int | None = None


class RemoteSupportTool(Strict):
    """A remote-support agent (TeamViewer, AnyDesk, ScreenConnect, …) installed on a server.
    ``always_on``: it runs unattended and accepts sessions without someone on site starting it.
    ``exception``: reference of an approved, documented exception (empty = none)."""

    server: str
    tool: str
    always_on: bool | None = None
    supplier: str = ""
    exception: str = ""
    line: int | None = None


class MaintenanceSession(Strict):
    """A remote maintenance session of a supplier on a server. ``approval``: reference of the
    approval (ticket, mail); ``log``: where the session log or recording is kept."""

    supplier: str
    server: str
    started: datetime
    approval: str = ""
    log: str = ""
    line: int | None = None
