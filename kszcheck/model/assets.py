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

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ConfigDict, Field, field_validator, model_validator

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
    "Weekday",
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


#: The time zone of a recurring maintenance window's clock times (the administration's).
LOCAL_ZONE = ZoneInfo("Europe/Brussels")


class Weekday(StrEnum):
    mon = "mon"
    tue = "tue"
    wed = "wed"
    thu = "thu"
    fri = "fri"
    sat = "sat"
    sun = "sun"


_DAY_NAMES = {
    **{d.value: d for d in Weekday},
    **dict(
        zip(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
            Weekday,
            strict=True,
        )
    ),
    **dict(zip(("ma", "di", "wo", "do", "vr", "za", "zo"), Weekday, strict=True)),
    **dict(
        zip(
            ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
            Weekday,
            strict=True,
        )
    ),
}


class MaintenanceWindow(Strict):
    """A period in which a supplier may use its accounts. Either one period (``start`` and
    ``end``, e.g. a planned intervention) or a recurring one: on ``days`` (weekdays), from
    ``from`` to ``to`` (clock times in the administration's time zone, Europe/Brussels; ``to``
    before ``from`` runs past midnight), optionally only in the ``weeks`` of the month (1 = the
    first such weekday of the month, 5 = the fifth) and between ``valid_from`` and
    ``valid_until``."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    start: datetime | None = None
    end: datetime | None = None
    days: list[Weekday] = Field(default_factory=list)
    from_time: time | None = Field(default=None, alias="from")
    to_time: time | None = Field(default=None, alias="to")
    weeks: list[int] = Field(default_factory=list)
    valid_from: date | None = None
    valid_until: date | None = None
    reason: str = ""
    reference: str = ""  # change or ticket number

    @field_validator("days", mode="before")
    @classmethod
    def _day_names(cls, value: Any) -> Any:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            return value
        days = []
        for item in items:
            day = _DAY_NAMES.get(str(item).strip().lower())
            if day is None:
                raise ValueError(f"'{item}' is not a weekday (mon, tue, ... or monday, ...)")
            days.append(day)
        return days

    @field_validator("weeks")
    @classmethod
    def _weeks(cls, value: list[int]) -> list[int]:
        for week in value:
            if not 1 <= week <= 5:
                raise ValueError(f"week {week} of the month is outside 1-5")
        return value

    @model_validator(mode="after")
    def _one_form(self) -> MaintenanceWindow:
        once = self.start is not None or self.end is not None
        recurring = bool(self.days) or self.from_time is not None or self.to_time is not None
        if once and recurring:
            raise ValueError(
                "a maintenance window is either one period (start, end) or recurring "
                "(days, from, to), not both"
            )
        if recurring and (not self.days or self.from_time is None or self.to_time is None):
            raise ValueError("a recurring maintenance window needs 'days', 'from' and 'to'")
        if not recurring and (self.start is None or self.end is None):
            raise ValueError(
                "a maintenance window needs 'start' and 'end', or 'days', 'from' and 'to'"
            )
        if (
            self.start is not None
            and self.end is not None
            and _aware(self.end) < _aware(self.start)
        ):
            raise ValueError("'end' is before 'start'")
        return self

    @property
    def recurring(self) -> bool:
        return bool(self.days)

    def covers(self, moment: datetime) -> bool:
        """Whether ``moment`` falls inside the window."""
        if self.start is not None and self.end is not None:
            return _aware(self.start) <= _aware(moment) <= _aware(self.end)
        local = _aware(moment).astimezone(LOCAL_ZONE)
        # a window that runs past midnight opened the day before
        return self._opened_on(local.date(), local.time(), same_day=True) or self._opened_on(
            local.date() - timedelta(days=1), local.time(), same_day=False
        )

    def _opened_on(self, day: date, clock: time, *, same_day: bool) -> bool:
        if self.from_time is None or self.to_time is None:
            return False
        if list(Weekday)[day.weekday()] not in self.days:
            return False
        if self.weeks and (day.day - 1) // 7 + 1 not in self.weeks:
            return False
        if (self.valid_from and day < self.valid_from) or (
            self.valid_until and day > self.valid_until
        ):
            return False
        start, stop = self.from_time, self.to_time
        if start <= stop:
            return same_day and start <= clock <= stop
        return start <= clock if same_day else clock <= stop


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
        for window in self.maintenance_windows:
            if window.covers(moment):
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
