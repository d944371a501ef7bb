"""Organisational records: people, declarations, trainings, appointments, documents, reviews."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from kszcheck.model.answers import Answer
from kszcheck.model.assets import AccessRequest, Supplier
from kszcheck.model.common import Body, Strict
from kszcheck.model.governance import (
    ChangeEvent,
    DataFlow,
    HrEvent,
    Incident,
    ProcessingActivity,
    QuestionnaireSubmission,
)
from kszcheck.model.operations import (
    AuditPolicy,
    BackupRepository,
    LogPlatform,
    LogReview,
    MaintenanceSession,
    Monitoring,
    RemoteAccessPath,
    RemoteSupportTool,
    TimeSource,
)

__all__ = [
    "AccessReview",
    "AdminRegisterEntry",
    "Appointment",
    "AppointmentRole",
    "CloudAssessment",
    "CloudOutcome",
    "Declaration",
    "Document",
    "FunctionalAccount",
    "Person",
    "PersonKind",
    "Records",
    "ServiceAccount",
    "Training",
]


class PersonKind(StrEnum):
    staff = "staff"
    external = "external"  # supplier engineer, consultant
    mandatary = "mandatary"  # council or BCSD member


class Person(Strict):
    id: str
    name: str
    employer: Body | None = None  # legal employer: gemeente or ocmw
    acts_for: Body | None = None  # what the person works for: gemeente, ocmw or both
    function: str = ""
    department: str = ""
    kind: PersonKind = PersonKind.staff
    supplier: str = ""
    accounts: list[str] = Field(default_factory=list)  # sAMAccountName, DOMAIN\\sam, UPN or DN
    start: date | None = None
    end: date | None = None
    line: int | None = None


class Declaration(Strict):
    """A signed confidentiality declaration."""

    person: str
    signed: date
    version: str = ""
    covers: list[Body] = Field(default_factory=lambda: [Body.ocmw])
    reference: str = ""
    line: int | None = None


class Training(Strict):
    person: str
    completed: date
    topic: str = ""
    line: int | None = None


class AppointmentRole(StrEnum):
    security_consultant = "security_consultant"
    security_consultant_deputy = "security_consultant_deputy"
    dpo = "dpo"
    dpo_deputy = "dpo_deputy"


class Appointment(Strict):
    role: AppointmentRole
    name: str
    person: str = ""  # person id, when the appointee is in the people register
    body: Body  # gemeente, ocmw or both
    external: bool = False
    decision_date: date | None = None
    deciding_body: str = ""
    start: date | None = None
    end: date | None = None
    notified_to: str = ""  # KSZ, IVC, VTC, POD MI
    notified_on: date | None = None
    published_contact: str = ""
    reports_to: str = ""
    line: int | None = None


class Document(Strict):
    doc_type: str  # policy, security_plan, risk_analysis, management_agreement, ...
    title: str
    bodies: list[Body] = Field(default_factory=list)
    approved_on: date | None = None
    approved_by: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    clauses: dict[str, bool] = Field(default_factory=dict)
    reference: str = ""
    line: int | None = None


class AccessReview(Strict):
    group: str
    reviewer: str
    reviewed_on: date
    outcome: str = ""
    line: int | None = None


class ServiceAccount(Strict):
    account: str
    owner: str
    purpose: str = ""
    line: int | None = None


class FunctionalAccount(Strict):
    """An entry of the register of functional accounts: a directory account that several people
    share (a front-desk counter, a kiosk, a training room). ``owner`` is the person id who
    answers for it, ``users`` the person ids who use it; what is done with it cannot be traced
    to one of them."""

    account: str  # sAMAccountName, DOMAIN\\name, UPN or DN
    owner: str = ""
    users: list[str] = Field(default_factory=list)
    purpose: str = ""
    approved_by: str = ""
    approved_on: date | None = None
    line: int | None = None


class CloudOutcome(StrEnum):
    approved = "approved"
    conditional = "conditional"  # approved under the conditions written in ``conditions``
    rejected = "rejected"


class CloudAssessment(Strict):
    """The security consultant's assessment of placing an asset (a server or service holding
    social data) in a cloud: who assessed it, when, and with which outcome."""

    asset: str  # the server name (or FQDN) of the inventory
    assessor: str  # person id or name of who assessed it
    assessed_on: date
    outcome: CloudOutcome
    conditions: str = ""
    reference: str = ""  # where the written assessment is kept
    line: int | None = None


class AdminRegisterEntry(Strict):
    """An approved entry of the register of everyone with technical power over OCMW data."""

    principal: str  # account or group: sAMAccountName, DOMAIN\\name, UPN, DN or SID
    person: str = ""  # person id in the people register ('' for a group or a service account)
    role: str = ""  # e.g. domain administrator, helpdesk OCMW, backup operator
    approved_by: str = ""
    approved_on: date | None = None
    line: int | None = None


class Records(Strict):
    people: list[Person] = Field(default_factory=list)
    declarations: list[Declaration] = Field(default_factory=list)
    trainings: list[Training] = Field(default_factory=list)
    appointments: list[Appointment] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    reviews: list[AccessReview] = Field(default_factory=list)
    service_accounts: list[ServiceAccount] = Field(default_factory=list)
    #: optional: provided only when the records file has 'functional_accounts:'
    functional_accounts: list[FunctionalAccount] = Field(default_factory=list)
    #: optional: provided only when the records file has 'cloud_assessments:'
    cloud_assessments: list[CloudAssessment] = Field(default_factory=list)
    #: optional: provided only when the records file has 'admin_register:'
    admin_register: list[AdminRegisterEntry] = Field(default_factory=list)
    suppliers: list[Supplier] = Field(default_factory=list)  # supplier register (assets.py)
    access_requests: list[AccessRequest] = Field(default_factory=list)  # optional (assets.py)
    answers: list[Answer] = Field(default_factory=list)  # answers to norm requirements
    # governance records (governance.py); questionnaires, processing, data_flows and hr_events
    # are optional: provided only when the records file has their key
    questionnaires: list[QuestionnaireSubmission] = Field(default_factory=list)
    processing: list[ProcessingActivity] = Field(default_factory=list)
    data_flows: list[DataFlow] = Field(default_factory=list)
    incidents: list[Incident] = Field(default_factory=list)
    changes: list[ChangeEvent] = Field(default_factory=list)
    hr_events: list[HrEvent] = Field(default_factory=list)
    # operational declarations (operations.py), all optional: provided only when the records
    # file has their key
    log_platforms: list[LogPlatform] = Field(default_factory=list)
    time_sync: list[TimeSource] = Field(default_factory=list)
    audit_policies: list[AuditPolicy] = Field(default_factory=list)
    monitoring: list[Monitoring] = Field(default_factory=list)
    log_reviews: list[LogReview] = Field(default_factory=list)
    backup_repositories: list[BackupRepository] = Field(default_factory=list)
    remote_access: list[RemoteAccessPath] = Field(default_factory=list)
    remote_support_tools: list[RemoteSupportTool] = Field(default_factory=list)
    maintenance_sessions: list[MaintenanceSession] = Field(default_factory=list)
