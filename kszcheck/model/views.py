"""Report views computed from the facts: the access matrix of the social-data zone, the register
of administrators with technical power, and the separation model as detected.

They are facts about the estate rather than rule outcomes, so the assessment carries them next to
the results (``Assessment.views``) and a report can be rendered again without the snapshot.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from kszcheck.model.common import LocalizedText, Strict

__all__ = [
    "AccessEntry",
    "AccessRoute",
    "AdminEntry",
    "AdminPath",
    "OuPresence",
    "ReportViews",
    "SeparationView",
    "ZoneResource",
    "ZoneView",
]


class AccessRoute(Strict):
    """One way an account reaches the zone: an SDZ group (nested), a share ACL, the local
    Administrators of a zone server, or a role in an application of the zone."""

    kind: Literal["group", "share", "server", "application"]
    resource: str  # the SDZ group name, the share UNC, the server or the application
    via: list[str] = Field(default_factory=list)  # names from the resource down to the account
    #: what the route allows: read, change, full (share entries), admin (a server's local
    #: Administrators), member (a zone group), role (an application role, named in detail)
    rights: str = ""
    detail: str = ""  # the application role


class ZoneResource(Strict):
    """A resource of the social-data zone: a column of the access matrix."""

    kind: Literal["group", "share", "server", "application"]
    name: str
    #: whether who can reach it was seen: a server whose local Administrators were read
    #: neither by the Windows pack nor from a GPO is not (its column says so)
    observed: bool = True


class AccessEntry(Strict):
    """One enabled account with access to the social-data zone, and the person behind it."""

    account: str
    display_name: str = ""
    dn: str
    person_id: str = ""
    person_name: str = ""
    acts_for: str = ""  # gemeente, ocmw, both, or "" when unknown
    employer: str = ""
    person_kind: str = ""  # staff, external, mandatary
    #: the owner in the service-account register, for a functional account without a person
    service_owner: str = ""
    routes: list[AccessRoute] = Field(default_factory=list)
    declaration: date | None = None  # the last confidentiality declaration covering the OCMW
    training: date | None = None  # the last training completed
    last_logon: datetime | None = None
    privileged: bool = False


class AdminPath(Strict):
    group: str  # the privileged group
    path: list[str] = Field(default_factory=list)  # from the privileged group to the account


class AdminEntry(Strict):
    """An account with technical power over the directory, and so over the OCMW's data."""

    account: str
    display_name: str = ""
    dn: str
    enabled: bool = True
    person_id: str = ""
    person_name: str = ""
    acts_for: str = ""
    employer: str = ""
    person_kind: str = ""
    service_owner: str = ""  # owner in the service-account register, for a service account
    groups: list[AdminPath] = Field(default_factory=list)
    admin_count_only: bool = False  # flagged by adminCount, no longer in a privileged group
    #: 0: power over the directory (tier-0 groups, or adminCount); 1: local administrator of
    #: a zone server only
    tier: int = 0
    servers: list[str] = Field(default_factory=list)  # zone servers it administers locally
    declaration: date | None = None
    last_logon: datetime | None = None


class OuPresence(Strict):
    dn: str
    found: bool


class ZoneView(Strict):
    id: str
    kind: str
    name: str = ""
    ous: list[str] = Field(default_factory=list)
    groups: list[str] = Field(default_factory=list)
    vlans: list[int] = Field(default_factory=list)
    subnets: list[str] = Field(default_factory=list)
    #: the zone's VLANs that the collected network devices carry
    vlans_seen: list[int] = Field(default_factory=list)
    #: routed interfaces of the zone's VLANs, e.g. "CORE-SW01 VLAN 31: 10.31.0.1/24, ACL in SDZ_IN"
    routed: list[str] = Field(default_factory=list)
    filtered_by: str = ""


class SeparationView(Strict):
    declared_model: str | None = None  # from the site profile: forest, domain, ou, none
    detected_model: str | None = None  # None: the directory was not collected
    detected_reason: LocalizedText | None = None
    domains: list[str] = Field(default_factory=list)
    sdz_ous: list[OuPresence] = Field(default_factory=list)
    zones: list[ZoneView] = Field(default_factory=list)


class ReportViews(Strict):
    #: whether the facts behind each view were collected (a view of missing facts is empty)
    directory_available: bool = False
    records_available: bool = False
    network_available: bool = False
    #: the zone's groups, shares, servers and applications (the access matrix's columns)
    resources: list[ZoneResource] = Field(default_factory=list)
    access: list[AccessEntry] = Field(default_factory=list)
    admins: list[AdminEntry] = Field(default_factory=list)
    separation: SeparationView = Field(default_factory=SeparationView)
