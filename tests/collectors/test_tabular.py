"""The shared CSV/YAML table reader, on a small model of its own."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from pydantic import Field

from kszcheck.analysis.authorisation import Authorisations
from kszcheck.collectors.base import CollectorFn
from kszcheck.collectors.inventory import (
    collect_application_roles,
    collect_backups,
    collect_disposals,
    collect_mailbox_permissions,
    collect_print_queues,
    collect_scan_profiles,
    collect_servers,
    collect_shares,
)
from kszcheck.collectors.network_yaml import collect as collect_network
from kszcheck.collectors.records import collect_people, collect_records
from kszcheck.collectors.tabular import (
    SourceText,
    file_format,
    load_collection,
    parse_bool,
    read_source,
    refuse_duplicates,
)
from kszcheck.config import load_site, load_waivers
from kszcheck.model.common import Strict
from kszcheck.model.errors import InputError
from kszcheck.model.site import SiteProfile, SourceSpec, SourceType

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


class Sub(Strict):
    flag: bool | None = None
    note: str = ""


class Item(Strict):
    name: str
    count: int | None = None
    active: bool = False
    tags: list[str] = Field(default_factory=list)
    when: date | None = None
    sub: Sub = Field(default_factory=Sub)
    line: int | None = None


class Items(Strict):
    items: list[Item] = Field(default_factory=list)


def source(name: str, text: str) -> SourceText:
    return SourceText(name=name, text=text, content_hash="", suffix=Path(name).suffix.lower())


def load(name: str, text: str) -> list[Item]:
    return load_collection(source(name, text), "items", Item, Items)


def fails(name: str, text: str) -> tuple[str, int | None]:
    with pytest.raises(InputError) as caught:
        load(name, text)
    assert caught.value.source == name
    return caught.value.message, caught.value.line


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.csv", "csv"), ("a.CSV", "csv"), ("a.yaml", "yaml"), ("a.yml", "yaml"), ("A.YML", "yaml")],
)
def test_file_format_by_extension(name: str, expected: str) -> None:
    assert file_format(source(name, ""), ("csv", "yaml")) == expected


def test_file_format_refuses_a_type_not_allowed_here() -> None:
    with pytest.raises(InputError) as caught:
        file_format(source("a.csv", ""), ("yaml",))
    assert caught.value.message == "unsupported file type '.csv': expected .yaml or .yml"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", True),
        ("Ja", True),
        ("TRUE", True),
        ("1", True),
        (" no ", False),
        ("nee", False),
        ("False", False),
        ("0", False),
    ],
)
def test_parse_bool(text: str, expected: bool) -> None:
    assert parse_bool(text) is expected


@pytest.mark.parametrize("text", ["y", "j", "on", "2", ""])
def test_parse_bool_refuses_other_words(text: str) -> None:
    with pytest.raises(ValueError, match="is not a yes/no value"):
        parse_bool(text)


def test_read_source_strips_the_bom_and_hashes_the_bytes(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbfname\r\nA\r\n"
    path = tmp_path / "x.CSV"
    path.write_bytes(raw)
    got = read_source(path)
    assert (got.name, got.text, got.suffix) == (str(path), "name\r\nA\r\n", ".csv")
    assert got.content_hash == hashlib.sha256(raw).hexdigest()


def test_csv_lines_follow_quoted_newlines_and_blank_rows() -> None:
    text = 'name,tags\n\nA,"x;\ny"\n,\nB,z\n'
    assert load("t.csv", text) == [
        Item(name="A", tags=["x", "y"], line=3),
        Item(name="B", tags=["z"], line=6),
    ]


def test_csv_header_is_trimmed_and_case_insensitive_short_rows_leave_fields_unset() -> None:
    text = " Name , COUNT ,sub.flag,sub.note\nA , 3 ,ja, <b>vet</b> \nB\n"
    assert load("t.csv", text) == [
        Item(name="A", count=3, sub=Sub(flag=True, note="<b>vet</b>"), line=2),
        Item(name="B", line=3),
    ]


def test_semicolon_csv_splits_lists_on_pipe_and_keeps_commas_and_semicolons_in_cells() -> None:
    text = "name;tags;sub.note\nA;x | y ||;een, twee\n"
    assert load("t.csv", text) == [
        Item(name="A", tags=["x", "y"], sub=Sub(note="een, twee"), line=2)
    ]


def test_header_with_more_commas_than_semicolons_is_a_comma_file() -> None:
    assert load("t.csv", "name,tags,active\nA,x;y,1\n") == [
        Item(name="A", tags=["x", "y"], active=True, line=2)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name,name\nA,B\n", ("column 'name' appears twice in the header", 1)),
        ("name,,count\nA,,1\n", ("the header has a column without a name", 1)),
        ("\n\nname,sub\nA,x\n", ("unknown column 'sub'", 3)),
        (
            "name,when\nA,2026-02-30\n",
            (
                "column 'when': '2026-02-30' is not a date; "
                "write it as YYYY-MM-DD, e.g. 2026-01-31",
                2,
            ),
        ),
        (
            "name,sub.flag\nA,ja\nB,wellicht\n",
            (
                "column 'sub.flag': 'wellicht' is not a yes/no value "
                "(use yes/no, ja/nee, true/false or 1/0)",
                3,
            ),
        ),
        (
            ",,,\n;;;\n",
            (
                "the file is empty; expected a header row with column names (at least: name)",
                1,
            ),
        ),
    ],
)
def test_csv_errors(text: str, expected: tuple[str, int]) -> None:
    assert fails("t.csv", text) == expected


def test_yaml_values_are_read_the_way_a_person_means_them() -> None:
    text = (
        "items:\n"
        "  - name: 2026\n"  # a number in a text field
        "    tags: solo\n"  # a single value for a list
        "    sub:\n"
        "      note: 2026-01-31\n"  # a date in a text field
        "      flag: nee\n"
        "  - name: '  B  '\n"
        "    tags: [x, '', null]\n"  # empty list entries are dropped
        "    count:\n"  # empty = not set
        "    sub: {note: ''}\n"
    )
    assert load("t.yaml", text) == [
        Item(name="2026", tags=["solo"], sub=Sub(note="2026-01-31", flag=False), line=2),
        Item(name="B", tags=["x"], line=7),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{}\n", ("missing required key 'items'", 1)),
        ("items:\n  - count: 3\n", ("missing required key 'items.0.name'", 2)),
        (
            "items:\n  - name: A\n    sub:\n      line: 3\n",
            ("unknown key 'line' in items.0.sub", 4),
        ),
        (
            "items:\n  - name: A\n    count: veel\n",
            ("items.0.count: 'veel' is not a whole number", 3),
        ),
        (
            "items:\n  - name: A\n  name: B\n",
            ("invalid YAML: expected <block end>, but found '?'", 3),
        ),
        ("items: [A]\n", ("items.0: Input should be a valid dictionary or instance of Item", 1)),
        (
            "items:\n  - name: A\n  -\n  - name: B\n",
            ("items.1: Input should be a valid dictionary or instance of Item", 3),
        ),
    ],
)
def test_yaml_errors(text: str, expected: tuple[str, int]) -> None:
    assert fails("t.yaml", text) == expected


def test_refuse_duplicates_is_case_insensitive_and_names_both_lines() -> None:
    items = [Item(name="A", line=2), Item(name="b", line=3), Item(name="B", line=9)]
    with pytest.raises(InputError) as caught:
        refuse_duplicates(items, lambda i: i.name, "item", "t.csv")
    assert (caught.value.message, caught.value.line) == (
        "item 'B' is listed twice (first on line 3)",
        9,
    )
    refuse_duplicates(items[:2], lambda i: i.name, "item", "t.csv")  # no error


# ------------------------------------------------------------ the examples in inventories/README.md

README = Path(__file__).resolve().parents[2] / "inventories" / "README.md"


def _readme_examples(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def _collector_for(first_line: str) -> tuple[SourceType, CollectorFn]:
    for start, kind, fn in (
        ("application,", SourceType.application_roles, collect_application_roles),
        ("mailbox,", SourceType.mailbox_permissions, collect_mailbox_permissions),
        ("name,device,location", SourceType.print_queues, collect_print_queues),
        ("name,device,target", SourceType.scan_profiles, collect_scan_profiles),
        ("asset,kind", SourceType.disposals, collect_disposals),
        ("suppliers", SourceType.records, collect_records),
        ("servers", SourceType.servers, collect_servers),
        ("name,ip", SourceType.servers, collect_servers),
        ("shares", SourceType.shares, collect_shares),
        ("name,server", SourceType.shares, collect_shares),
        ("backups", SourceType.backups, collect_backups),
        ("asset,", SourceType.backups, collect_backups),
        ("people", SourceType.people, collect_people),
        ("id,name", SourceType.people, collect_people),
        ("id;name", SourceType.people, collect_people),
        ("declarations", SourceType.records, collect_records),
        ("devices", SourceType.network, collect_network),
    ):
        if first_line.startswith(start):
            return kind, fn
    raise AssertionError(f"no collector for a README example starting with {first_line!r}")


def test_every_csv_and_yaml_example_in_the_readme_is_valid_input(tmp_path: Path) -> None:
    checked: list[str] = []
    for number, (lang, body) in enumerate(
        [("csv", b) for b in _readme_examples("csv")]
        + [("yaml", b) for b in _readme_examples("yaml")]
    ):
        first = body.lstrip().splitlines()[0]
        path = tmp_path / f"example{number}.{lang}"
        path.write_text(body, encoding="utf-8")
        if first.startswith("name: "):
            assert load_site(path).sources, "the site.yaml example lists its sources"
        elif first.startswith("waivers:"):
            assert [w.id for w in load_waivers(path)] == ["W-2026-01", "W-2026-02"]
        elif first.startswith("params:"):  # the params block of site.yaml
            params = yaml.safe_load(body)["params"]
            SiteProfile(name="readme", params=params)
            scoped = Authorisations.from_param(params["KSZ-SEP-003"]["authorised_functions"])
            assert sorted(scoped.scoped) == ["boekhouder ocmw", "onthaalmedewerker"]
        elif first.startswith("- id: ") and "\n    type: " in body:  # source entries of site.yaml
            for item in yaml.safe_load(body):
                SourceSpec.model_validate(item)
        else:
            kind, fn = _collector_for(first)
            collected = fn(SourceSpec(id="readme", type=kind, path=path.name), tmp_path, NOW)
            # a README example shows a few sections of a records file: the others are "not
            # recorded" (and said so), nothing else may be wrong
            assert [w for w in collected.warnings if "/ not recorded:" not in w] == []
        checked.append(first.split(":")[0].split(",")[0].split(";")[0])
    assert sorted(set(checked)) == [
        "- id",
        "application",
        "asset",
        "backups",
        "declarations",
        "devices",
        "id",
        "mailbox",
        "name",
        "params",
        "people",
        "servers",
        "shares",
        "suppliers",
        "waivers",
    ]
