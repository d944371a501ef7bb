"""The closing line '# rows: N' of the lists no system can check (kszcheck.collectors.closing):
without it, or with a count that differs from the rows read, the list's kind is missing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.collectors.closing import Closing, split_closing
from kszcheck.collectors.inventory import collect_application_roles, collect_disposals
from kszcheck.model.errors import InputError
from kszcheck.model.site import SourceSpec, SourceType

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
HEADER = "asset,kind,social_data,decommissioned_on,method,certificate,certified_on\n"
ROWS = (
    "SRV-SOC00,server,yes,2025-03-14,shred,DESTR-2025-004,2025-03-20\n"
    "MFP-SH-00,mfp,yes,2026-05-28,,,\n"
)


def _disposals(tmp_path: Path, name: str, text: str) -> tuple[list[str], str, list[str], int]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    spec = SourceSpec(id="d", type=SourceType.disposals, path=name)
    got = collect_disposals(spec, tmp_path, NOW)
    assert got.inventory is not None
    return got.missing, got.reason, got.warnings, len(got.inventory.disposals)


def test_split_closing_takes_out_only_the_last_line() -> None:
    assert split_closing("a\nb\n# rows: 1\n", "f.csv") == ("a\nb\n\n", Closing(1, 3))
    assert split_closing("a\n# Rijen = 2 ,,,\r\n\n", "f.csv") == ("a\n\n\n", Closing(2, 2))
    assert split_closing("a\n# lignes: 0;;\n ,,\n", "f.csv") == ("a\n\n ,,\n", Closing(0, 2))
    assert split_closing("a\nb\n", "f.csv") == ("a\nb\n", Closing())
    assert split_closing("a\n# rows: many\n", "f.csv") == ("a\n# rows: many\n", Closing())
    with pytest.raises(InputError) as caught:
        split_closing("a\n# rows: 1\nb\n", "f.csv")
    assert str(caught.value) == (
        "f.csv:2: rows follow the closing line '# rows: N': it must be the last line"
    )


def test_a_closed_list_is_complete(tmp_path: Path) -> None:
    assert _disposals(tmp_path, "d.csv", HEADER + ROWS + "# rows: 2\n") == ([], "", [], 2)
    # Excel keeps the separators of the closing row; a YAML list closes with a comment
    assert _disposals(tmp_path, "e.csv", HEADER + ROWS + "# rows: 2,,,,,,\n") == ([], "", [], 2)
    yaml = "disposals:\n  - asset: SRV-SOC00\n    decommissioned_on: 2025-03-14\n# rows: 1\n"
    assert _disposals(tmp_path, "d.yaml", yaml) == ([], "", [], 1)


def test_a_list_cut_before_its_closing_line_is_missing_with_its_reason(tmp_path: Path) -> None:
    missing, reason, warnings, count = _disposals(tmp_path, "d.csv", HEADER + ROWS)
    assert (missing, count) == (["inventory.disposals"], 2)
    assert reason == (
        "d.csv: no closing line '# rows: N', so a file cut at a row boundary cannot be told "
        "apart from a complete one (2 rows read); end the list with '# rows: 2' once it is "
        "checked complete"
    )
    assert warnings == [
        "d.csv: niet bewezen volledig / not proven complete: geen slotregel / no closing line "
        "'# rows: N' (2 rijen / rows); sluit af met / end with '# rows: 2'"
    ]


def test_a_count_that_differs_from_the_rows_read_is_missing(tmp_path: Path) -> None:
    missing, reason, warnings, _ = _disposals(tmp_path, "d.csv", HEADER + ROWS + "# rows: 3\n")
    assert missing == ["inventory.disposals"]
    assert reason == (
        "d.csv:4: the closing line declares 3 rows but 2 were read: the file was cut or edited "
        "after it was closed"
    )
    assert warnings == [
        "d.csv:4: onvolledig / incomplete: slotregel / closing line 3, gelezen / read 2"
    ]


def test_rows_zero_says_a_csv_list_is_empty(tmp_path: Path) -> None:
    assert _disposals(tmp_path, "d.csv", HEADER + "# rows: 0\n") == ([], "", [], 0)
    missing, reason, _, _ = _disposals(tmp_path, "e.csv", HEADER)
    assert missing == ["inventory.disposals"]
    assert reason.startswith("e.csv: no rows, so disposals are not recorded")


def test_a_row_after_the_closing_line_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text(
        "application,role,user\nApp,R,u1\n# rows: 1\nApp,R,u2\n", encoding="utf-8"
    )
    spec = SourceSpec(id="r", type=SourceType.application_roles, path="r.csv")
    with pytest.raises(InputError) as caught:
        collect_application_roles(spec, tmp_path, NOW)
    assert str(caught.value).endswith(
        "r.csv:3: rows follow the closing line '# rows: N': it must be the last line"
    )
