"""Governance records: KSZ questionnaire, processing register, data flows, incidents, changes,
HR events.

All of them live in the records YAML file, each under its own key:

- :class:`QuestionnaireSubmission` — the KSZ minimum-norms questionnaire, per cycle
  (``records.questionnaires``; optional: provided only when the file has ``questionnaires:``);
- :class:`ProcessingActivity` — the GDPR art. 30 register of processing activities of each
  controller (``records.processing``; optional);
- :class:`DataFlow` — data flows and their legal basis: an IVC deliberation for a KSZ flow, a
  protocol or agreement for a flow between the gemeente, the OCMW or other bodies
  (``records.data_flows``; optional);
- :class:`Incident` — security incidents and personal-data breaches (``records.incidents``);
- :class:`ChangeEvent` — major changes that call for a new risk analysis (``records.changes``);
- :class:`HrEvent` — changes of employer, function or body a person works for
  (``records.hr_events``; optional).

Documents such as the policy, the security plan, the risk analysis, the management agreement, the
incident register and the incident procedure are ordinary ``Document`` records
(``kszcheck/model/records.py``); the clause keys that rules read are listed here.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from kszcheck.model.common import Body, Strict

__all__ = [
    "INCIDENT_PROCEDURE_CLAUSES",
    "MANAGEMENT_AGREEMENT_CLAUSES",
    "ChangeEvent",
    "DataFlow",
    "DataFlowKind",
    "HrEvent",
    "HrEventKind",
    "Incident",
    "ProcessingActivity",
    "QuestionnaireSubmission",
]

#: Clause keys of the gemeente–OCMW management or cooperation agreement
#: (``Document(doc_type="management_agreement").clauses``); absent means "not declared".
MANAGEMENT_AGREEMENT_CLAUSES: tuple[str, ...] = (
    "roles",  # who provides what; each party's GDPR role (joint controllers, processor)
    "confidentiality",  # confidentiality duties of the staff of one body for the other's data
    "security_consultant",  # the security consultant's mandate over the shared infrastructure
    "incident",  # how incidents and breaches are handled and reported
    "data_location",  # where the data are kept and hosted
)

#: Clause keys of the incident procedure (``Document(doc_type="incident_procedure").clauses``).
INCIDENT_PROCEDURE_CLAUSES: tuple[str, ...] = (
    "notify_vtc",  # breaches are notified to the Vlaamse Toezichtcommissie
    "notify_ksz",  # incidents involving KSZ data are reported to the KSZ
)


class QuestionnaireSubmission(Strict):
    """The KSZ minimum-norms questionnaire for one cycle (usually a year).

    ``submitted_on`` empty means prepared but not submitted.
    """

    year: int = Field(ge=1990, le=2100)  # the cycle (year) the answers are about
    submitted_on: date | None = None
    submitted_by: str = ""
    channel: str = ""  # KSZ, IVC, POD MI, supplier platform
    reference: str = ""
    line: int | None = None


class ProcessingActivity(Strict):
    """One entry of a controller's register of processing activities (GDPR art. 30)."""

    controller: Body  # gemeente, ocmw or both (joint controllers)
    name: str
    purpose: str = ""
    systems: list[str] = Field(default_factory=list)  # server names as in the server inventory
    processors: list[str] = Field(default_factory=list)
    legal_basis: str = ""
    retention: str = ""
    reference: str = ""
    line: int | None = None


class DataFlowKind(StrEnum):
    ksz = "ksz"  # consulted through the KSZ network; needs an IVC deliberation
    gemeente_ocmw = "gemeente_ocmw"  # between the gemeente and the OCMW
    external = "external"  # with another body (protocol, agreement)


class DataFlow(Strict):
    """A data flow and its legal basis (deliberation, protocol or agreement)."""

    name: str
    kind: DataFlowKind
    systems: list[str] = Field(default_factory=list)
    parties: list[str] = Field(default_factory=list)
    authorisation: str = ""  # IVC deliberation number, protocol or agreement reference
    authorised_on: date | None = None
    valid_until: date | None = None
    line: int | None = None


class Incident(Strict):
    """A security incident; ``personal_data_breach`` marks a breach in the GDPR sense."""

    id: str
    detected_on: date
    summary: str = ""
    bodies: list[Body] = Field(default_factory=list)
    personal_data_breach: bool = False
    ksz_data: bool = False  # KSZ/social data involved
    notified_to: list[str] = Field(default_factory=list)  # VTC, KSZ, GBA
    notified_on: date | None = None
    no_notification_reason: str = ""  # documented decision not to notify (GDPR art. 33.5)
    reference: str = ""
    line: int | None = None


class ChangeEvent(Strict):
    """A major change of the estate or the organisation (new servers, domain, building, ...)."""

    changed_on: date
    description: str
    kind: str = ""  # e.g. new_server, new_application, new_domain, reorganisation, new_building
    bodies: list[Body] = Field(default_factory=list)
    reference: str = ""
    line: int | None = None


class HrEventKind(StrEnum):
    employer = "employer"  # the legal employer changed (e.g. the 2019 transfer to the gemeente)
    acts_for = "acts_for"  # the body the person works for changed
    function = "function"  # the function changed


class HrEvent(Strict):
    """A change in what a person is or does, from the HR register."""

    person: str
    effective: date
    kind: HrEventKind
    old: str = ""
    new: str = ""
    reference: str = ""
    line: int | None = None
