"""The snapshot: all facts of one run with their provenance, saved and loaded as JSON."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from pydantic import Field, ValidationError

from kszcheck.model.common import Strict
from kszcheck.model.directory import Directory
from kszcheck.model.errors import InputError
from kszcheck.model.fileshares import SmbFacts
from kszcheck.model.hosts import Hosts
from kszcheck.model.inventory import Inventory
from kszcheck.model.jsontext import has_escapes, load_json_text
from kszcheck.model.network import Network
from kszcheck.model.policy import Policy
from kszcheck.model.provenance import Provenance
from kszcheck.model.records import Records

__all__ = [
    "SNAPSHOT_SCHEMA_VERSION",
    "Snapshot",
    "paused_gc",
    "snapshot_from_json",
    "snapshot_to_json",
    "text_sha256",
]

SNAPSHOT_SCHEMA_VERSION = 1


class Snapshot(Strict):
    schema_version: int = SNAPSHOT_SCHEMA_VERSION
    tool_version: str = ""
    site_name: str = ""
    collected_at: datetime | None = None
    sources: list[Provenance] = Field(default_factory=list)
    directory: Directory = Field(default_factory=Directory)
    network: Network = Field(default_factory=Network)
    inventory: Inventory = Field(default_factory=Inventory)
    records: Records = Field(default_factory=Records)
    policy: Policy = Field(default_factory=Policy)
    hosts: Hosts = Field(default_factory=Hosts)
    #: Observed file-server facts (shares, share permissions, NTFS rights) read over SMB.
    smb: SmbFacts = Field(default_factory=SmbFacts)

    def facts_hash(self) -> str:
        """SHA-256 over the facts (not the provenance times), stable across runs."""
        payload = {
            "directory": self.directory.model_dump(mode="json"),
            "network": self.network.model_dump(mode="json"),
            "inventory": self.inventory.model_dump(mode="json"),
            "records": self.records.model_dump(mode="json"),
        }
        # the observed Windows facts count only when there are some, so the hash of a snapshot
        # without them stays what it was before they existed
        for name in ("policy", "hosts", "smb"):
            part = getattr(self, name)
            if part != type(part)():
                payload[name] = part.model_dump(mode="json")
        return _sha256(payload)

    def content_hash(self) -> str:
        """SHA-256 of the snapshot as saved (``snapshot_to_json``): ``sha256sum snapshot.json``
        of the run folder gives the same value."""
        return text_sha256(snapshot_to_json(self))


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building or walking a large object tree.

    Millions of new container objects (a 50 000-user snapshot) make the collector walk the
    ever-growing older generations again and again: about half the time of loading and
    evaluating a large estate. Reference counting still frees everything that is not in a
    cycle; the collector runs again afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def text_sha256(text: str) -> str:
    """SHA-256 of the text's UTF-8 bytes, encoded a slice at a time: a snapshot's text can be
    hundreds of megabytes, and a copy of it as bytes as many again."""
    digest = hashlib.sha256()
    for at in range(0, len(text), _SLICE):
        digest.update(text[at : at + _SLICE].encode("utf-8"))
    return digest.hexdigest()


#: Characters encoded at once by ``text_sha256`` (a slice never splits a character: a str
#: holds code points, each encoded whole).
_SLICE = 1 << 24


def snapshot_to_json(snapshot: Snapshot) -> str:
    """Indented UTF-8 JSON; pydantic's own serialiser (same bytes as json.dumps of model_dump,
    several times faster on large snapshots)."""
    return snapshot.model_dump_json(indent=1) + "\n"


def snapshot_from_json(text: str, source: str) -> Snapshot:
    """Parse a saved snapshot; errors name the file and what is wrong.

    pydantic parses and validates the JSON in one pass; what it refuses, and text with escapes
    that may be lone surrogates, go through the parse that names the problem. The loaded facts
    are frozen out of the garbage collector's passes (they live as long as the run)."""
    snapshot: Snapshot | None = None
    if not has_escapes(text):
        with paused_gc(), contextlib.suppress(ValidationError):
            snapshot = Snapshot.model_validate_json(text)
    if (
        snapshot is None
        or "schema_version" not in snapshot.model_fields_set
        or snapshot.schema_version != SNAPSHOT_SCHEMA_VERSION
    ):
        snapshot = _checked_snapshot(text, source)
    gc.freeze()
    return snapshot


def _checked_snapshot(text: str, source: str) -> Snapshot:
    with paused_gc():
        data = load_json_text(text, source)
    if not isinstance(data, dict):
        raise InputError(source, "not a kszcheck snapshot (expected a JSON object)")
    version = data.get("schema_version")
    if version != SNAPSHOT_SCHEMA_VERSION:
        raise InputError(
            source,
            f"snapshot schema version {version!r} is not supported "
            f"(this kszcheck reads version {SNAPSHOT_SCHEMA_VERSION})",
        )
    try:
        with paused_gc():
            return Snapshot.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise InputError(source, f"{loc}: {err['msg']}") from None


def _sha256(payload: Any) -> str:
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()
