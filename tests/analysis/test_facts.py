"""Facts: evidence locators for records, from the provenance of the source that provided them."""

from __future__ import annotations

from datetime import UTC, datetime

from kszcheck.analysis.facts import Facts
from kszcheck.model.provenance import CollectionStatus, Provenance
from kszcheck.model.site import SiteProfile
from kszcheck.model.snapshot import Snapshot

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _source(source_id: str, target: str, provides: list[str]) -> Provenance:
    return Provenance(
        source_id=source_id,
        collector="records",
        target=target,
        started=NOW,
        finished=NOW,
        status=CollectionStatus.complete,
        provides=provides,
    )


def test_locator_names_the_file_of_the_source_and_the_line() -> None:
    snapshot = Snapshot(
        sources=[
            _source("ad", "ldap://dc01.stad.local", ["directory.users"]),
            _source("people", "inventories\\stad/people.csv", ["records.people"]),
        ]
    )
    facts = Facts(snapshot, SiteProfile(name="Test"), NOW)
    assert facts.locator("records.people", 12) == "people.csv:12"
    assert facts.locator("records.people", None) is None
    assert facts.locator("records.declarations", 3) == "records.declarations:3"
