"""Snapshots are saved and loaded as JSON with a schema version; bad ones are refused clearly."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kszcheck.model.directory import User
from kszcheck.model.errors import InputError
from kszcheck.model.provenance import CollectionStatus, Provenance
from kszcheck.model.snapshot import Snapshot, snapshot_from_json, snapshot_to_json

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def _snapshot() -> Snapshot:
    snap = Snapshot(site_name="Proef", collected_at=NOW)
    snap.directory.users.append(
        User(
            dn="CN=Jan,OU=OCMW,DC=proef,DC=local",
            sam_account_name="jan",
            display_name="Jan <b>Peeters</b>",
            pwd_last_set=NOW,
        )
    )
    snap.sources.append(
        Provenance(
            source_id="ad",
            collector="ldif",
            target="ad.ldif",
            started=NOW,
            finished=NOW,
            status=CollectionStatus.complete,
            provides=["directory.users"],
            content_hash="ab" * 32,
        )
    )
    return snap


def test_round_trip_keeps_every_fact() -> None:
    snap = _snapshot()
    text = snapshot_to_json(snap)
    again = snapshot_from_json(text, "snapshot.json")
    assert again == snap
    assert again.content_hash() == snap.content_hash()
    assert '"schema_version": 1' in text


def test_facts_hash_ignores_provenance_times() -> None:
    one, two = _snapshot(), _snapshot()
    two.sources[0].finished = datetime(2027, 1, 1, tzinfo=UTC)
    assert one.facts_hash() == two.facts_hash()
    assert one.content_hash() != two.content_hash()


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('{"schema_version": 1,\n "directory": [}', "not valid JSON", 2),
        ('{"schema_version": 99}', "snapshot schema version 99 is not supported", None),
        ("[]", "not a kszcheck snapshot", None),
        (
            '{"schema_version": 1, "directory": {"users": [{"dn": "x"}]}}',
            "directory.users.0.sam_account_name: Field required",
            None,
        ),
    ],
)
def test_bad_snapshot_is_one_clear_error(text: str, message: str, line: int | None) -> None:
    with pytest.raises(InputError) as info:
        snapshot_from_json(text, "snapshot.json")
    assert message in info.value.message
    assert info.value.line == line
