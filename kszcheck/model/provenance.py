"""Where facts come from, and whether their collection completed."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from kszcheck.model.common import Strict

__all__ = ["FACT_KINDS", "CollectionStatus", "Provenance"]

#: Every kind of fact a rule can need. A source declares which kinds it provides.
FACT_KINDS: tuple[str, ...] = (
    "directory.domain",
    "directory.ous",
    "directory.users",
    "directory.groups",
    "directory.computers",
    "directory.gpos",
    "directory.acls",
    "network.devices",
    "network.vlans",
    "network.ports",
    "network.svis",
    "network.acls",
    "inventory.servers",
    "inventory.shares",
    "inventory.backups",
    "records.people",
    "records.declarations",
    "records.trainings",
    "records.appointments",
    "records.documents",
    "records.reviews",
    "records.service_accounts",
)


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
