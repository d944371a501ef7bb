"""Where facts come from, and whether their collection completed."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from kszcheck.model.common import Strict

__all__ = [
    "DIRECTORY_OBJECT_KINDS",
    "FACT_KINDS",
    "CollectionStatus",
    "Provenance",
    "alternatives",
    "is_declared",
]

#: The kinds of directory objects every directory source (LDIF export, LDAP) provides.
DIRECTORY_OBJECT_KINDS: tuple[str, ...] = (
    "directory.domain",
    "directory.ous",
    "directory.users",
    "directory.groups",
    "directory.computers",
    "directory.gpos",
)

#: Every kind of fact a rule can need. A source declares which kinds it provides.
FACT_KINDS: tuple[str, ...] = (
    *DIRECTORY_OBJECT_KINDS,
    "directory.acls",
    "directory.trusts",
    "directory.sites",
    "network.devices",
    "network.vlans",
    "network.ports",
    "network.svis",
    "network.acls",
    "network.hosts",  # which endpoint sits on which switch port (FDB, LLDP, NAC)
    "smb.shares",  # shares observed on the file servers (with their share permissions)
    "smb.acls",  # NTFS rights of the shares' folders, observed
    "inventory.servers",
    "inventory.shares",
    "inventory.backups",
    "inventory.application_roles",  # optional export of the social-service application
    "inventory.mailbox_permissions",  # optional export of Exchange / Microsoft 365
    "inventory.print_queues",  # optional
    "inventory.scan_profiles",  # optional
    "inventory.disposals",  # optional register of decommissioned assets
    "records.people",
    "records.declarations",
    "records.trainings",
    "records.appointments",
    "records.documents",
    "records.reviews",
    "records.service_accounts",
    "records.functional_accounts",  # optional: shared (functional) accounts and their users
    "records.cloud_assessments",  # optional: the consultant's assessments of cloud hosting
    "records.admin_register",  # optional: register of everyone with technical power
    "records.answers",  # answers to manual norm requirements (model/answers.py)
    "records.suppliers",
    "records.access_requests",  # optional: only when the records file has 'access_requests:'
    "records.questionnaires",  # optional: KSZ questionnaire submissions (model/governance.py)
    "records.processing",  # optional: register of processing activities (GDPR art. 30)
    "records.data_flows",  # optional: data flows and their deliberation or protocol
    "records.incidents",  # incidents and personal-data breaches
    "records.changes",  # major changes (for the risk analysis)
    "records.hr_events",  # optional: changes of employer, function or body per person
    # optional operational declarations (model/operations.py)
    "records.log_platforms",
    "records.time_sync",
    "records.audit_policies",
    "records.monitoring",
    "records.log_reviews",
    "records.backup_repositories",
    "records.remote_access",
    "records.remote_support_tools",
    "records.maintenance_sessions",
    # observed on Windows (model/policy.py, model/hosts.py)
    "gpo.settings",  # GPO content from SYSVOL (GptTmpl.inf, audit.csv, Registry.pol)
    "host.local_groups",  # local Administrators / Remote Desktop Users (Windows pack)
    "host.updates",  # installed updates (Windows pack)
    "host.audit_policy",  # effective audit policy, auditpol (Windows pack)
    "host.event_logs",  # Security log size and retention (Windows pack)
    "backup.jobs",  # the backup tool's jobs and sessions (Windows pack, Veeam export)
)


def alternatives(entry: str) -> list[str]:
    """The fact kinds of one ``needs`` entry: ``"host.audit_policy | gpo.settings |
    records.audit_policies"`` needs at least one of them, and the check prefers the first
    (observed facts before declarations)."""
    return [kind.strip() for kind in entry.split("|")]


def is_declared(kind: str) -> bool:
    """A kind that people type (inventories and records), not one read from a system."""
    return kind.startswith(("records.", "inventory."))


class CollectionStatus(StrEnum):
    complete = "complete"
    partial = "partial"
    failed = "failed"


class Provenance(Strict):
    """One source's collection: which collector, which target, when, and how it went."""

    source_id: str
    collector: str
    target: str
    started: datetime
    finished: datetime
    status: CollectionStatus
    provides: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    reason: str = ""
    content_hash: str = ""
    warnings: list[str] = Field(default_factory=list)
