"""Facts about suppliers, access management and the channels around the social data.

Records (organisational, in the records YAML file):

- :class:`Supplier` — the supplier register: who delivers what, under which (processor)
  agreement, with which staff and accounts, and when they may do maintenance
  (``records.suppliers``);
- :class:`AccessRequest` — the access-request workflow: who asked for which access, who approved
  it and who implemented it (``records.access_requests``).

Inventory (technical exports, each in its own CSV or YAML file):

- :class:`ApplicationRole` — role assignments exported from the social-service application
  (``inventory.application_roles``);
- :class:`MailboxPermission` — mailbox permissions exported from Exchange / Microsoft 365
  (``inventory.mailbox_permissions``);
- :class:`PrintQueue` and :class:`ScanProfile` — print queues and scan-to-folder profiles of
  multifunction devices (``inventory.print_queues``, ``inventory.scan_profiles``);
- :class:`Disposal` — assets taken out of service and how their data was destroyed
  (``inventory.disposals``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from pydantic import Field

from kszcheck.model.common import Body, Strict

__all__ = [
    "SUPPLIER_CLAUSES",
    "AccessRequest",
    "ApplicationRole",
    "AreaKind",
    "Disposal",
    "MailboxAccess",
    "MailboxPermission",
    "MaintenanceWindow",
    "PrintQueue",
    "ScanProfile",
    "Supplier",
]

#: Clause keys a supplier agreement records in ``Supplier.clauses`` (true = present in the
#: signed agreement). Rules on processor agreements read these keys; a key that is absent is
#: "not declared", never "present".
SUPPLIER_CLAUSES: tuple[str, ...] = (
    "confidentiality",  # staff bound to confidentiality (declarations)
    "ksz_minimum_norms",  # the supplier applies the KSZ minimum security norms
    "instructions_only",  # processing only on documented instructions (GDPR art. 28.3.a)
    "subprocessors",  # sub-processors only with prior authorisation
    "audit",  # the OCMW may audit or have the supplier audited
    "breach_notification",  # incidents and breaches are reported without delay
    "return_or_delete",  # data returned or deleted at the end of the contract
    "location",  # where the data is processed/hosted is fixed
    "staff_changes",  # the supplier reports changes in the staff who work for the administration
)


class MaintenanceWindow(Strict):
    """A period in which a supplier may use its accounts (e.g. a planned intervention)."""

    start: datetime
    end: datetime
    reason: str = ""
    reference: str = ""  # change or ticket number


class Supplier(Strict):
    """One entry of the supplier register.

    ``name`` is the subject of findings about the supplier and the value people carry in
    ``Person.supplier``. ``agreement`` is the reference of the (processor) agreement with the
    OCMW (or the gemeente), ``agreement_date`` when it was signed and ``agreement_until`` when it
    ends; ``clauses`` says which of :data:`SUPPLIER_CLAUSES` it contains. ``staff`` are person
    ids of the supplier's engineers in the people register, ``accounts`` the directory accounts
    the supplier uses (sAMAccountName, DOMAIN\\sam, UPN or DN), and ``maintenance_windows`` the
    periods in which those accounts may be enabled.
    """

    name: str
    service: str = ""  # what the supplier delivers: social software, hosting, network, ...
    bodies: list[Body] = Field(default_factory=list)  # for whom: gemeente, ocmw, both
    processor: bool | None = None  # processes personal data on the administration's behalf
    social_data: bool = False  # can reach OCMW social data (software, hosting, admin access)
    agreement: str = ""
    agreement_date: date | None = None
    agreement_until: date | None = None
    clauses: dict[str, bool] = Field(default_factory=dict)
    staff: list[str] = Field(default_factory=list)
    accounts: list[str] = Field(default_factory=list)
    maintenance_windows: list[MaintenanceWindow] = Field(default_factory=list)
    contact: str = ""
    line: int | None = None

    def window_at(self, moment: datetime) -> MaintenanceWindow | None:
        """The maintenance window that covers ``moment``, if any."""
        when = _aware(moment)
        for window in self.maintenance_windows:
            if _aware(window.start) <= when <= _aware(window.end):
                return window
        return None


class AccessRequest(Strict):
    """One request in the access-management workflow.

    ``requester``, ``approver`` and ``implementer`` are person ids of the people register;
    ``resource`` is the group, share or application role asked for. ``social_data`` marks a
    request for access to social data when the resource name alone does not show it.
    """

    id: str
    resource: str
    subject: str = ""  # for whom: a person id or an account
    social_data: bool = False
    requested_on: date | None = None
    requester: str = ""
    approver: str = ""
    approved_on: date | None = None
    implementer: str = ""
    implemented_on: date | None = None
    line: int | None = None


class ApplicationRole(Strict):
    """One role assignment in an application (export of the social-service software).

    ``user`` is the login in the application; ``person`` the person id, when the export or
    the consultant gives it (else the login is matched to the people register's accounts).
    ``ksz_data`` is true when the role lets its holder consult data from the KSZ network.
    ``valid_until`` is the end of a temporary assignment (none = standing).
    """

    application: str
    role: str
    user: str
    person: str = ""
    ksz_data: bool = False
    valid_from: date | None = None
    valid_until: date | None = None
    line: int | None = None

    def active_on(self, day: date) -> bool:
        """Whether the assignment is in force on that day."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or self.valid_until >= day
        )


class MailboxAccess(StrEnum):
    full_access = "full_access"
    send_as = "send_as"
    send_on_behalf = "send_on_behalf"
    read = "read"  # read permission on the mailbox or on a folder
    folder = "folder"  # another folder permission (e.g. editor on the inbox)


class MailboxPermission(Strict):
    """One permission on a mailbox: ``trustee`` (account, group or well-known principal) holds
    ``access`` on ``mailbox``. ``social_data`` marks a mailbox of the social service."""

    mailbox: str
    trustee: str
    access: MailboxAccess = MailboxAccess.full_access
    folder: str = ""
    social_data: bool = False
    line: int | None = None


class AreaKind(StrEnum):
    """Where a device stands."""

    restricted = "restricted"  # a room only the social service enters
    shared = "shared"  # an office corridor or copy room used by several services
    public = "public"  # where citizens come: counter, waiting room, library


class PrintQueue(Strict):
    """A print queue. ``secure_print``: jobs are released only at the device by the owner
    (pull/follow-me printing); none = not declared."""

    name: str
    server: str = ""
    device: str = ""
    location: str = ""
    area: AreaKind | None = None
    social_data: bool = False  # used by the social service
    secure_print: bool | None = None
    line: int | None = None


class ScanProfile(Strict):
    """A scan-to-folder (or scan-to-mail) profile of a multifunction device."""

    name: str
    device: str = ""
    target: str = ""  # UNC path (\\\\server\\share\\folder) or mail address
    used_by: list[str] = Field(default_factory=list)  # groups or accounts that use it
    social_data: bool = False  # used by the social service
    line: int | None = None


class Disposal(Strict):
    """An asset (server, disk, laptop, multifunction device, tape) taken out of service."""

    asset: str
    kind: str = ""  # server, disk, laptop, workstation, mfp, tape, ...
    social_data: bool = False  # held OCMW social data
    decommissioned_on: date
    method: str = ""  # wipe, degauss, shred, crypto_erase, reuse_after_wipe
    certificate: str = ""  # reference of the wipe or destruction certificate
    certified_on: date | None = None
    line: int | None = None


def _aware(moment: datetime) -> datetime:
    """A time written without a UTC offset is read as UTC, so that times compare."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
