"""Records collectors: the people register (CSV or YAML) and organisational records (YAML)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kszcheck.collectors.base import Collected, resolve_path
from kszcheck.collectors.tabular import (
    file_format,
    load_collection,
    load_yaml_container,
    read_source,
    refuse_duplicates,
)
from kszcheck.model.operations import OPERATIONS_COLLECTIONS
from kszcheck.model.records import Person, Records
from kszcheck.model.site import SourceSpec

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
    *OPERATIONS_COLLECTIONS,  # logging, backup and remote-access declarations
)


def collect_people(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    source = read_source(resolve_path(spec, base_dir))
    people = load_collection(source, "people", Person, Records)
    refuse_duplicates(people, lambda p: p.id, "person id", source.name)
    return Collected(
        provides=["records.people"],
        records=Records(people=people),
        content_hash=source.content_hash,
    )


def collect_records(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    source = read_source(resolve_path(spec, base_dir))
    file_format(source, ("yaml",))
    records, lines = load_yaml_container(
        source, Records, ("people", *RECORD_COLLECTIONS, *OPTIONAL_RECORD_COLLECTIONS)
    )
    refuse_duplicates(records.people, lambda p: p.id, "person id", source.name)
    provides = [f"records.{name}" for name in RECORD_COLLECTIONS]
    if ("people",) in lines:
        provides.insert(0, "records.people")
    provides += [f"records.{name}" for name in OPTIONAL_RECORD_COLLECTIONS if (name,) in lines]
    return Collected(provides=provides, records=records, content_hash=source.content_hash)
