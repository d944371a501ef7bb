"""Snapshots are saved and loaded as JSON with a schema version; bad ones are refused clearly."""

from __future__ import annotations

import hashlib
import json
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


def _with_descriptors() -> Snapshot:
    from kszcheck.model.directory import Ace, SecurityDescriptor

    def admin() -> Ace:
        return Ace(ace_type="allow", flags=["CI"], mask=983551, rights=["full_control"],
                   trustee_sid="S-1-5-21-1-2-3-512")  # fmt: skip

    read = Ace(ace_type="allow", mask=131220, rights=["read_property"], trustee_sid="S-1-5-11")
    shared = SecurityDescriptor(owner_sid="S-1-5-21-1-2-3-512", dacl_present=True,
                                dacl=[admin(), read])  # fmt: skip
    snap = _snapshot()
    snap.directory.acls = {
        "OU=A,DC=proef,DC=local": shared,
        "OU=B,DC=proef,DC=local": shared,
        # equal to the shared one but a separate object: saved once all the same
        "OU=C,DC=proef,DC=local": SecurityDescriptor(
            owner_sid="S-1-5-21-1-2-3-512", dacl_present=True, dacl=[admin(), read]
        ),
        "OU=D,DC=proef,DC=local": SecurityDescriptor(
            owner_sid="S-1-5-21-1-2-3-1105", dacl_present=True, dacl=[admin()]
        ),
    }
    return snap


def test_descriptors_are_saved_once_each_and_load_shared() -> None:
    snap = _with_descriptors()
    text = snapshot_to_json(snap)
    saved = json.loads(text)["directory"]["acls"]
    assert [a["trustee_sid"] for a in saved["aces"]] == ["S-1-5-21-1-2-3-512", "S-1-5-11"]
    assert [d["dacl"] for d in saved["descriptors"]] == [[0, 1], [0]]
    assert saved["objects"] == {
        "OU=A,DC=proef,DC=local": 0,
        "OU=B,DC=proef,DC=local": 0,
        "OU=C,DC=proef,DC=local": 0,
        "OU=D,DC=proef,DC=local": 1,
    }
    again = snapshot_from_json(text, "snapshot.json")
    assert again == snap
    acls = again.directory.acls
    assert acls["OU=A,DC=proef,DC=local"] is acls["OU=C,DC=proef,DC=local"]
    assert acls["OU=A,DC=proef,DC=local"].dacl[0] is acls["OU=D,DC=proef,DC=local"].dacl[0]
    assert snapshot_to_json(again) == text


def test_a_snapshot_with_a_descriptor_per_object_still_loads() -> None:
    snap = _with_descriptors()
    data = json.loads(snapshot_to_json(snap))
    data["directory"]["acls"] = {
        dn: sd.model_dump(mode="json") for dn, sd in snap.directory.acls.items()
    }
    assert snapshot_from_json(json.dumps(data), "old.json") == snap


def test_a_descriptor_table_that_points_nowhere_is_refused() -> None:
    data = json.loads(snapshot_to_json(_with_descriptors()))
    data["directory"]["acls"]["descriptors"][1]["dacl"] = [7]
    with pytest.raises(InputError, match="names an ACE that is not in the table"):
        snapshot_from_json(json.dumps(data), "snapshot.json")


def test_the_content_hash_is_the_hash_of_the_saved_bytes() -> None:
    snap = _with_descriptors()
    text = snapshot_to_json(snap)
    assert snap.content_hash() == hashlib.sha256(text.encode("utf-8")).hexdigest()
