"""Inventory facts: servers, shares with their ACL entries, backups."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from kszcheck.model.assets import (
    ApplicationRole,
    Disposal,
    MailboxPermission,
    PrintQueue,
    ScanProfile,
)
from kszcheck.model.common import Body, Strict

__all__ = [
    "Backup",
    "Hosting",
    "Inventory",
    "Server",
    "ServerLogging",
    "Share",
    "ShareAce",
]


class Hosting(StrEnum):
    on_prem = "on_prem"
    supplier_dc = "supplier_dc"
    public_cloud = "public_cloud"
    community_cloud = "community_cloud"
    private_cloud = "private_cloud"


class ServerLogging(Strict):
    """How access on a server is logged, as declared in the inventory."""

    object_access_audit: bool | None = None  # file-system / object access auditing of SDZ data
    consultations_logged: bool | None = None  # the application logs who consulted what, when
    forwarded_to: str = ""
    retention_days: int | None = None


class Server(Strict):
    name: str
    fqdn: str = ""
    ip: str = ""
    vlan: int | None = None
    zone: str = ""  # declared zone id, if any
    role: str = ""
    os: str = ""
    os_version: str = ""
    os_eol: date | None = None
    hosting: Hosting = Hosting.on_prem
    region: str = ""
    environment: str = "prod"
    classification: str = ""
    owner_body: Body | None = None
    contains_social_data: bool = False
    logging: ServerLogging = Field(default_factory=ServerLogging)
    # hosting outside the own premises: the contract that fixes the location, and for public
    # cloud the security consultant's recorded assessment or exception (KSZ-SRV-003)
    contract: str = ""
    cloud_assessment: str = ""
    last_patched: date | None = None  # last security update installed (KSZ-SRV-005)
    test_data_masked: bool | None = None  # non-production copy of social data masked (SRV-004)
    line: int | None = None  # where the server was declared, for evidence


class ShareAce(Strict):
    """One entry of a share's permissions. ``local_to`` names the share's server when the
    principal is a local group or account of that server (``BUILTIN\\Administrators`` on a
    member server, ``SRV\\name``), not a domain principal; the same notion as
    ``SmbAce.local_to`` of the observed facts. The analysis also infers it for built-in
    (S-1-5-32-…) principals on a server that is not a domain controller."""

    principal: str  # DOMAIN\\name, name, or SID
    rights: str = "read"  # read, change, full
    deny: bool = False
    #: The server's name when the principal only exists on that server (BUILTIN, a local
    #: account or group): never resolved against the domain's groups of the same name.
    local_to: str = ""


class Share(Strict):
    name: str
    server: str
    path: str = ""
    contains_social_data: bool = False
    owner_body: Body | None = None
    acl: list[ShareAce] = Field(default_factory=list)
    line: int | None = None

    @property
    def unc(self) -> str:
        return f"\\\\{self.server}\\{self.name}"


class Backup(Strict):
    asset: str
    job: str = ""
    target: str = ""
    last_success: datetime | None = None
    last_restore_test: date | None = None
    offsite_copy: bool | None = None
    immutable_copy: bool | None = None
    encrypted: bool | None = None
    retention_days: int | None = None  # how long the backups of this job are kept
    line: int | None = None


class Inventory(Strict):
    servers: list[Server] = Field(default_factory=list)
    shares: list[Share] = Field(default_factory=list)
    backups: list[Backup] = Field(default_factory=list)
    # optional exports (kszcheck/model/assets.py); each has its own source type
    application_roles: list[ApplicationRole] = Field(default_factory=list)
    mailbox_permissions: list[MailboxPermission] = Field(default_factory=list)
    print_queues: list[PrintQueue] = Field(default_factory=list)
    scan_profiles: list[ScanProfile] = Field(default_factory=list)
    disposals: list[Disposal] = Field(default_factory=list)
