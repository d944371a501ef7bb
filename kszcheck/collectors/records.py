"""Records collectors: the people register (CSV or YAML) and organisational records (YAML)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kszcheck.collectors.base import Collected, resolve_path
from kszcheck.collectors.tables import TABLES
from kszcheck.collectors.tabular import (
    file_format,
    load_collection,
    load_yaml_container,
    not_recorded_when_empty,
    read_source,
    refuse_duplicates,
)
from kszcheck.model.operations import OPERATIONS_COLLECTIONS
from kszcheck.model.records import Person, Records
from kszcheck.model.site import SourceSpec, SourceType

__all__ = ["OPTIONAL_RECORD_COLLECTIONS", "RECORD_COLLECTIONS", "collect_people", "collect_records"]

#: The collections of a records file, besides an optional ``people:`` list.
RECORD_COLLECTIONS = (
    "declarations",
    "trainings",
    "appointments",
    "documents",
    "reviews",
    "service_accounts",
    "suppliers",
    "answers",
    "incidents",
    "changes",
)
#: Collections a records file may hold that are provided only when the file has their key:
#: without it the rules that need them are not_assessed instead of seeing an empty list.
OPTIONAL_RECORD_COLLECTIONS = (
    "access_requests",
    "questionnaires",
    "processing",
    "data_flows",
    "hr_events",
    "admin_register",  # register of everyone with technical power over OCMW data
    "functional_accounts",  # shared (functional) accounts, their owner and users
    "cloud_assessments",  # the security consultant's assessments of cloud hosting
    *OPERATIONS_COLLECTIONS,  # logging, backup and remote-access declarations
)


def collect_people(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    source = read_source(resolve_path(spec, base_dir))
    none: set[str] = set()
    table = TABLES[SourceType.people]
    people: list[Person] = load_collection(
        source, table.collection, Person, Records, declared_none=none
    )
    refuse_duplicates(people, lambda p: p.id, "person id", source.name)
    empty = not_recorded_when_empty(source, "people", "records.people", len(people), none)
    return Collected(
        provides=["records.people"],
        records=Records(people=people),
        missing=empty.missing,
        reason=empty.reason,
        warnings=empty.warnings,
        content_hash=source.content_hash,
    )


def collect_records(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    source = read_source(resolve_path(spec, base_dir))
    file_format(source, ("yaml",))
    explicit_none: set[str] = set()
    records, lines = load_yaml_container(
        source,
        Records,
        ("people", *RECORD_COLLECTIONS, *OPTIONAL_RECORD_COLLECTIONS),
        declared_none=explicit_none,
    )
    refuse_duplicates(records.people, lambda p: p.id, "person id", source.name)
    provides: list[str] = []
    missing: list[str] = []
    empty: list[str] = []
    for name in ("people", *RECORD_COLLECTIONS, *OPTIONAL_RECORD_COLLECTIONS):
        if (name,) not in lines:
            if name in RECORD_COLLECTIONS:
                provides.append(f"records.{name}")
                missing.append(f"records.{name}")
            continue
        if name == "people" and not records.people:
            continue  # people usually come from their own register
        provides.append(f"records.{name}")
        if not getattr(records, name) and name not in explicit_none:
            missing.append(f"records.{name}")
            empty.append(f"{source.name}:{lines[(name,)]}: '{name}:'")
    return Collected(
        provides=provides,
        records=records,
        missing=missing,
        warnings=_unrecorded_warnings(source.name, missing, empty),
        reason=_unrecorded_reason(source.name, missing),
        content_hash=source.content_hash,
    )


def _unrecorded_reason(name: str, missing: list[str]) -> str:
    if not missing:
        return ""
    keys = ", ".join(f"'{kind.removeprefix('records.')}:'" for kind in missing)
    return (
        f"{name}: {keys} not recorded (absent or empty); write 'key: none' when there are "
        "none, so an empty or cut file is not read as 'none'"
    )


def _unrecorded_warnings(name: str, missing: list[str], empty: list[str]) -> list[str]:
    """One line per file: absent sections and empty ones (with their line)."""
    if not missing:
        return []
    absent = [k.removeprefix("records.") for k in missing]
    where = f" (empty: {', '.join(empty)})" if empty else ""
    return [
        f"{name}: niet geregistreerd / not recorded: {', '.join(absent)}{where}; "
        "schrijf / write 'key: none' als er geen zijn / when there are none"
    ]
