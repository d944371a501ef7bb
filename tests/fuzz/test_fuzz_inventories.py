"""Fuzzing the CSV/YAML inventories and records: every table collector, through collect_site.

Contract: a collector returns its facts or raises a one-line InputError naming the file (the
run stops with exit code 2); OSError would mark the source failed. What it returns can be
written to a snapshot and read back (``kszcheck collect`` then ``kszcheck evaluate``).
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kszcheck.collectors.run import collect_site
from kszcheck.collectors.tabular import parse_bool
from kszcheck.model.errors import InputError
from kszcheck.model.site import SiteProfile
from kszcheck.model.snapshot import Snapshot
from tests.fuzz.strategies import budget, check_documented, fuzz_bytes, sample, yaml_nesting

NOW = datetime(2026, 3, 1, tzinfo=UTC)
EXAMPLE = "inventories/example"
FIXTURES = "tests/fixtures/inventory"

#: Source type -> the sample files of that type (their suffix decides CSV or YAML).
SAMPLES: dict[str, tuple[str, ...]] = {
    "servers": (
        f"{EXAMPLE}/servers.csv",
        f"{FIXTURES}/servers.yaml",
        f"{FIXTURES}/servers_semicolon.csv",
    ),
    "shares": (
        f"{EXAMPLE}/shares.yaml",
        f"{FIXTURES}/shares.csv",
        f"{FIXTURES}/shares_semicolon.csv",
    ),
    "backups": (f"{EXAMPLE}/backups.csv", f"{FIXTURES}/backups.yaml"),
    "people": (f"{EXAMPLE}/people.csv", f"{FIXTURES}/people.yaml"),
    "records": (f"{EXAMPLE}/records.yaml", f"{FIXTURES}/records.yaml"),
    "network": (f"{EXAMPLE}/network.yaml", f"{FIXTURES}/network.yaml"),
    "application_roles": (f"{EXAMPLE}/application-roles.csv",),
    "mailbox_permissions": (f"{EXAMPLE}/mailbox-permissions.csv",),
    "print_queues": (f"{EXAMPLE}/print-queues.csv",),
    "scan_profiles": (f"{EXAMPLE}/scan-profiles.csv",),
    "disposals": (f"{EXAMPLE}/disposals.csv",),
}


@functools.cache
def _samples(kind: str, suffix: str) -> list[bytes]:
    return [sample(path) for path in SAMPLES[kind] if path.endswith(suffix)]


def _collect(folder_factory: pytest.TempPathFactory, kind: str, suffix: str, data: bytes) -> None:
    folder = folder_factory.mktemp(kind)
    (folder / f"input{suffix}").write_bytes(data)
    site = SiteProfile.model_validate(
        {"name": "fuzz", "sources": [{"id": "s", "type": kind, "path": f"input{suffix}"}]}
    )
    snapshot = check_documented(lambda: collect_site(site, folder, NOW))
    if snapshot is not None:
        Snapshot.model_validate_json(snapshot.model_dump_json())


_CASES = sorted(
    {(kind, path[path.rindex(".") :]) for kind, paths in SAMPLES.items() for path in paths}
)


@pytest.mark.parametrize(("kind", "suffix"), _CASES, ids=[f"{k}{s}" for k, s in _CASES])
@budget(30)
@given(data=st.data())
def test_table_collectors(
    tmp_path_factory: pytest.TempPathFactory, kind: str, suffix: str, data: st.DataObject
) -> None:
    nesting = yaml_nesting if suffix == ".yaml" else None
    content = data.draw(fuzz_bytes(_samples(kind, suffix), nesting), label="content")
    _collect(tmp_path_factory, kind, suffix, content)


@pytest.mark.parametrize(
    ("kind", "suffix", "content"),
    [
        ("servers", ".csv", b'name,os\n"a\x00b",x\n'),
        ("servers", ".csv", b'name\n"unterminated\n'),
        ("servers", ".yaml", b"servers:\n  - name: a\n    " + b"x: " + b"[" * 2000),
        ("servers", ".yaml", b"servers: &a [*a]\n"),
        ("servers", ".yaml", b"servers:\n  - name: \x00\n"),
        ("servers", ".yaml", b"servers:\n  - name: a\n    zone: 2026-13-01\n"),
        ("servers", ".yaml", b"servers:\n  - {? [a]: b}\n"),
        ("backups", ".csv", b"server,last_success\nsrv,9999-12-31T23:59:59-23:59\n"),
        ("people", ".csv", b"\xef\xbb\xbf\xef\xbb\xbfid,name\n1,a\n"),
        ("records", ".yaml", b"declarations: !!python/object:os.system [id]\n"),
        ("records", ".yaml", b"declarations:\n- " + b"- " * 3000 + b"x\n"),
        (
            "network",
            ".yaml",
            b"devices:\n- name: a\n  snmp: [{version: v2c, community: " + b"9" * 5000 + b"}]\n",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_known_hard_inputs(
    tmp_path_factory: pytest.TempPathFactory, kind: str, suffix: str, content: bytes
) -> None:
    _collect(tmp_path_factory, kind, suffix, content)


@given(st.text(max_size=10))
@example("ja")
@example("²")
def test_parse_bool(text: str) -> None:
    check_documented(lambda: parse_bool(text), (ValueError,))


def test_the_samples_are_valid(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The seeds of the mutations load without error: the fuzzing starts from good input."""
    for kind, suffix in _CASES:
        for content in _samples(kind, suffix):
            folder = tmp_path_factory.mktemp(kind)
            (folder / f"input{suffix}").write_bytes(content)
            site = SiteProfile.model_validate(
                {"name": "fuzz", "sources": [{"id": "s", "type": kind, "path": f"input{suffix}"}]}
            )
            try:
                collect_site(site, folder, NOW)
            except InputError as exc:  # pragma: no cover - a broken seed
                pytest.fail(f"seed of {kind}{suffix} does not load: {exc}")
