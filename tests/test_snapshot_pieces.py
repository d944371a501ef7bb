"""A saved snapshot loaded a long list at a time (kszcheck/model/snapshot_pieces.py) is the
snapshot the whole parse gives, and its hash is the content hash; anything else is parsed whole."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import pytest

from kszcheck.model import snapshot_pieces
from kszcheck.model.directory import User
from kszcheck.model.errors import InputError
from kszcheck.model.snapshot import Snapshot, snapshot_from_json, snapshot_to_json
from kszcheck.model.snapshot_pieces import pieces_snapshot, saved_sha256
from kszcheck.pipeline import load_snapshot
from tests.synthetic.estate import build_estate


@cache
def _saved() -> str:
    return snapshot_to_json(build_estate(300, seed=7).snapshot)


def _small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces of a few items, so every list of the small estate is cut many times."""
    monkeypatch.setattr(snapshot_pieces, "PIECE", 2000)
    monkeypatch.setattr(snapshot_pieces, "SAVED_ITEMS", 3)


def test_the_pieces_give_the_snapshot_of_the_whole_parse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _small_pieces(monkeypatch)
    text = _saved()
    whole = snapshot_from_json(text, "snapshot.json")
    pieces = pieces_snapshot(text, long_list=0)
    assert pieces is not None
    assert pieces == whole
    assert len(pieces.directory.users) == len(whole.directory.users) > 300
    assert [u.dn for u in pieces.directory.users] == [u.dn for u in whole.directory.users]
    assert snapshot_to_json(pieces) == text


def test_the_items_of_a_list_share_one_set_of_the_fields_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _small_pieces(monkeypatch)
    pieces = pieces_snapshot(_saved(), long_list=0)
    assert pieces is not None
    first, *others = pieces.directory.users
    assert first.model_fields_set == set(User.model_fields)
    assert all(u.model_fields_set is first.model_fields_set for u in others)
    # a later assignment adds a name that is already there: no other user changes
    first.description = "changed"
    assert first.model_fields_set == set(User.model_fields)
    assert others[0].description != "changed"


def test_the_hash_saved_in_pieces_is_the_content_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    _small_pieces(monkeypatch)
    text = _saved()
    snapshot = snapshot_from_json(text, "snapshot.json")
    expected = hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert snapshot.content_hash() == expected
    assert saved_sha256(snapshot) == expected
    assert saved_sha256(Snapshot()) == Snapshot().content_hash()


@pytest.mark.parametrize(
    "change",
    [
        lambda text: json.dumps(json.loads(text)),  # another layout
        lambda text: json.dumps(json.loads(text), indent=2) + "\n",
        lambda text: "\ufeff" + text,
        lambda text: text.replace('"title": ""', '"title": "\\ud800"', 1),  # a lone surrogate
    ],
)
def test_text_in_another_form_is_not_read_in_pieces(change: object) -> None:
    assert callable(change)
    assert pieces_snapshot(change(_saved()), long_list=0) is None


def test_an_item_that_does_not_validate_gives_the_error_of_the_whole_parse(
    tmp_path: Path,
) -> None:
    text = _saved().replace('"sam_account_name": "', '"sam_account_name": 7, "x": "', 1)
    assert pieces_snapshot(text, long_list=0) is None
    path = tmp_path / "snapshot.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as whole:
        snapshot_from_json(text, str(path))
    with pytest.raises(InputError) as loaded:
        load_snapshot(path)
    assert loaded.value.message == whole.value.message


def test_load_snapshot_gives_the_snapshot_and_its_content_hash(tmp_path: Path) -> None:
    text = _saved()
    path = tmp_path / "snapshot.json"
    path.write_text(text, encoding="utf-8")
    snapshot, digest = load_snapshot(path)
    assert snapshot == snapshot_from_json(text, "snapshot.json")
    assert digest == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_that_saves_differently_is_parsed_whole(tmp_path: Path) -> None:
    """In the layout, but a field left out (an older kszcheck): the pieces would do, but only
    the whole parse is trusted, and the hash is that of the snapshot as saved now."""
    text = _saved().replace('    "mail": "",\n', "")
    assert text != _saved()
    assert pieces_snapshot(text) is not None  # the pieces validate; the hash tells them apart
    whole = snapshot_from_json(text, "snapshot.json")
    path = tmp_path / "snapshot.json"
    path.write_text(text, encoding="utf-8")
    snapshot, digest = load_snapshot(path)
    assert snapshot == whole
    assert digest == whole.content_hash() != hashlib.sha256(text.encode()).hexdigest()
