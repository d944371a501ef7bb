"""Reading an export in parts on several processes (kszcheck/collectors/ldif_parts.py) gives
what one reader of the whole file gives: the same facts, evidence, problems with the same line
numbers, content hash and errors. The exports are the example administration's and the
look-alike's (``ldapsearch -LLL`` format, lines folded at 76 columns), and variants of them:
ldapsearch's trailer without -LLL, a damaged value, a cut file, CRLF line ends, UTF-16.
The parts are forced small (``MIN_PART``) so that a 130 kB export is read by real worker
processes (``python -m kszcheck.collectors.ldif_worker``)."""

from __future__ import annotations

import itertools
import json
import pickle
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kszcheck.collectors import ldif_parts
from kszcheck.collectors.base import Collected
from kszcheck.collectors.ldif_collect import collect
from kszcheck.collectors.run import _order as run_order
from kszcheck.collectors.run import collect_site
from kszcheck.config import load_site
from kszcheck.model.common import norm_dn
from kszcheck.model.errors import InputError
from kszcheck.model.site import SourceSpec, SourceType
from kszcheck.model.snapshot import snapshot_to_json
from kszcheck.paths import example_dir

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
LOOKALIKE = Path(__file__).resolve().parents[2] / "inventories" / "lookalikes" / "ad-ocmw.ldif"
TRAILER = (
    "# search result\nsearch: 2\nresult: 0 Success\n\n# numResponses: 999\n# numEntries: 998\n"
)


def _collected(folder: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> Collected:
    monkeypatch.setenv("KSZCHECK_WORKERS", str(workers))
    monkeypatch.setattr(ldif_parts, "MIN_PART", 1)
    return collect(SourceSpec(id="ad", type=SourceType.ldif, path="ad.ldif"), folder, NOW)


def _parts_read_here(monkeypatch: pytest.MonkeyPatch) -> list[ldif_parts.Part]:
    """The parts this process reads from now on (the others are read by workers)."""
    read_here: list[ldif_parts.Part] = []
    read_part = ldif_parts.read_part

    def counted(path: Path, part: ldif_parts.Part, *args: Any, **kwargs: Any) -> Any:
        read_here.append(part)
        return read_part(path, part, *args, **kwargs)

    monkeypatch.setattr(ldif_parts, "read_part", counted)
    return read_here


def _same_in_parts(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Collected:
    whole = _collected(folder, monkeypatch, 1)
    read_here = _parts_read_here(monkeypatch)
    parts = _collected(folder, monkeypatch, 3)
    assert [p.start for p in read_here] == [0]  # the workers read the other parts
    assert parts.directory is not None and whole.directory is not None
    assert parts.directory.model_dump_json() == whole.directory.model_dump_json()
    assert (parts.provides, parts.missing, parts.warnings, parts.reason, parts.content_hash) == (
        whole.provides,
        whole.missing,
        whole.warnings,
        whole.reason,
        whole.content_hash,
    )
    return whole


def _write(folder: Path, data: bytes) -> Path:
    path = folder / "ad.ldif"
    path.write_bytes(data)
    return path


def test_the_example_export_is_cut_into_three_parts_between_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (example_dir() / "ad-export.ldif").read_bytes()
    path = _write(tmp_path, data)
    monkeypatch.setattr(ldif_parts, "MIN_PART", 1)
    parts = ldif_parts.plan(path, 3)
    assert len(parts) == 3
    assert (parts[0].start, parts[-1].end) == (0, len(data))
    for before, after in itertools.pairwise(parts):
        assert before.end == after.start
        assert data[after.start - 2 : after.start] == b"\n\n"
        assert data[after.start : after.start + 4] == b"dn: "


def test_a_worker_process_sends_the_facts_of_its_part(tmp_path: Path) -> None:
    data = (example_dir() / "ad-export.ldif").read_bytes()
    path = _write(tmp_path, data)
    start = data.index(b"\n\ndn: ", len(data) // 2) + 2
    command = ["-m", "kszcheck.collectors.ldif_worker", str(path), str(start), str(len(data))]
    worker = subprocess.run([sys.executable, *command], capture_output=True, check=True)
    part = pickle.loads(worker.stdout)
    assert isinstance(part, ldif_parts.ExportPart)
    assert part.entries == data[start:].count(b"\ndn: ") + 1
    assert part.lines == data[start:].count(b"\n")
    first = data[start:].split(b"\n", 1)[0].decode().removeprefix("dn: ")
    assert norm_dn(first) in part.evidence.exported
    assert norm_dn(data.split(b"\n", 1)[0].decode()) not in part.evidence.exported
    assert worker.stderr == b""


def test_the_example_export_in_parts_is_the_export_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, (example_dir() / "ad-export.ldif").read_bytes())
    whole = _same_in_parts(tmp_path, monkeypatch)
    assert whole.directory is not None and len(whole.directory.users) > 20
    assert whole.missing == []


def test_trusts_and_dangling_references_in_later_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = LOOKALIKE.read_text("utf-8")
    unfolded = text.replace("\n ", "")
    members = re.findall(r"^member: (.*)$", unfolded, re.MULTILINE)
    named = next(m for m in reversed(members) if f"\ndn: {m}\n" in unfolded)
    # the entry the last member value names is left out: the problem names the line of the
    # first reference, which the reader of a later part counts from its own first line
    blocks = [b for b in text.split("\n\n") if f"\ndn: {named}\n" not in "\n" + b + "\n"]
    assert len(blocks) == text.count("\n\n")
    _write(tmp_path, "\n\n".join(blocks).encode())
    whole = _same_in_parts(tmp_path, monkeypatch)
    assert whole.directory is not None and whole.directory.trusts
    assert "which is not in the export" in whole.reason


def test_ldapsearch_trailer_lines_in_the_last_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (example_dir() / "ad-export.ldif").read_text("utf-8").rstrip("\n")
    _write(tmp_path, (text + "\n\n" + TRAILER).encode())
    whole = _same_in_parts(tmp_path, monkeypatch)
    lines = text.count("\n") + 1 + 1 + 6  # the trailer's '# numEntries' line
    assert f"ad.ldif:{lines}: '# numEntries: 998' but" in whole.reason


def _error(folder: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> tuple[str, int | None]:
    with pytest.raises(InputError) as caught:
        _collected(folder, monkeypatch, workers)
    return caught.value.message, caught.value.line


def test_a_damaged_value_in_the_last_part_is_the_same_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (example_dir() / "ad-export.ldif").read_bytes()
    at = data.rindex(b"objectSid:: ") + len(b"objectSid:: ")
    _write(tmp_path, data[:at] + b"!" + data[at + 1 :])
    expected = (
        "invalid base64 in the value of 'objectSid' (truncated or damaged)",
        data[:at].count(b"\n") + 1,
    )
    assert _error(tmp_path, monkeypatch, 1) == expected
    assert _error(tmp_path, monkeypatch, 3) == expected


def test_a_file_cut_in_its_last_part_is_the_same_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (example_dir() / "ad-export.ldif").read_bytes()
    _write(tmp_path, data[: data.rindex(b"nCName: ") + 5])
    whole = _error(tmp_path, monkeypatch, 1)
    assert "truncated export" in whole[0]
    assert _error(tmp_path, monkeypatch, 3) == whole


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.replace("\n", "\r\n").encode(),  # ldifde's CRLF
        lambda text: b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le"),  # ldifde -u
    ],
    ids=["crlf", "utf-16"],
)
def test_crlf_and_utf16_exports_are_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encode: object
) -> None:
    text = (example_dir() / "ad-export.ldif").read_text("utf-8")
    assert callable(encode)
    path = _write(tmp_path, encode(text))
    monkeypatch.setattr(ldif_parts, "MIN_PART", 1)
    assert ldif_parts.plan(path, 3) == [ldif_parts.Part(0, path.stat().st_size)]
    _same_in_parts(tmp_path, monkeypatch)


def test_workers_follow_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KSZCHECK_WORKERS", "1")
    assert ldif_parts.workers() == 1
    monkeypatch.setenv("KSZCHECK_WORKERS", "64")
    assert ldif_parts.workers() == ldif_parts.MAX_WORKERS


def test_a_site_starts_its_export_workers_before_its_other_sources(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site_file = example_dir() / "site.yaml"
    site = load_site(site_file)
    monkeypatch.setattr(ldif_parts, "MIN_PART", 1)

    def snapshot(workers: int) -> dict[str, Any]:
        monkeypatch.setenv("KSZCHECK_WORKERS", str(workers))
        saved = json.loads(snapshot_to_json(collect_site(site, site_file.parent, NOW)))
        for source in saved["sources"]:
            del source["started"], source["finished"]
        return dict(saved)

    whole = snapshot(1)
    read_here = _parts_read_here(monkeypatch)
    assert snapshot(2) == whole
    assert read_here == []  # both parts were read by workers started before the other sources


def test_sources_started_early_are_collected_last_but_before_smb_defaults() -> None:
    sources = [
        SourceSpec(id="ad", type=SourceType.ldif, path="ad.ldif"),
        SourceSpec(id="servers", type=SourceType.servers, path="servers.csv"),
        SourceSpec.model_validate(
            {"id": "smb", "type": "smb", "username": "audit", "password": {"env": "SMB_PW"}}
        ),
        SourceSpec(id="people", type=SourceType.people, path="people.csv"),
        SourceSpec(id="ad2", type=SourceType.ldif, path="ad2.ldif"),
        SourceSpec(id="records", type=SourceType.records, path="records.yaml"),
    ]
    order = [spec.id for _index, spec in run_order(sources, {"ad", "ad2"})]
    assert order == ["servers", "ad", "smb", "people", "records", "ad2"]
