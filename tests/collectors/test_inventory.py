"""Servers, shares and backups from CSV and YAML: exact values, and errors with their line."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from kszcheck.collectors.base import Collected
from kszcheck.collectors.inventory import (
    collect_backups,
    collect_servers,
    collect_shares,
    parse_acl,
)
from kszcheck.model.common import Body
from kszcheck.model.errors import InputError
from kszcheck.model.inventory import Hosting, Server, ServerLogging, ShareAce
from kszcheck.model.site import SourceSpec, SourceType

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "inventory"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
HOSTILE = "<img src=x onerror=alert(1)>"


def servers(path: str | Path, base: Path = FIXTURES) -> Collected:
    return collect_servers(SourceSpec(id="srv", type=SourceType.servers, path=str(path)), base, NOW)


def shares(path: str | Path, base: Path = FIXTURES) -> Collected:
    return collect_shares(SourceSpec(id="shr", type=SourceType.shares, path=str(path)), base, NOW)


def backups(path: str | Path, base: Path = FIXTURES) -> Collected:
    return collect_backups(SourceSpec(id="bck", type=SourceType.backups, path=str(path)), base, NOW)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------ servers


def test_servers_csv_exact_values_with_nested_logging_columns() -> None:
    collected = servers("servers.csv")
    assert collected.provides == ["inventory.servers"]
    assert collected.inventory is not None
    assert collected.inventory.servers == [
        Server(
            name="SRV-SD01",
            fqdn="srv-sd01.voorbeeld.local",
            ip="10.30.0.11",
            vlan=30,
            role="Bestandsserver sociale dienst",
            os="Windows Server",
            os_version="2019",
            os_eol=date(2029, 1, 9),
            hosting=Hosting.on_prem,
            owner_body=Body.ocmw,
            contains_social_data=True,
            logging=ServerLogging(
                object_access_audit=True,
                consultations_logged=False,
                forwarded_to="siem.voorbeeld.local",
                retention_days=365,
            ),
            line=2,
        ),
        Server(
            name="SRV-APP02",
            fqdn="srv-app02.voorbeeld.local",
            ip="10.20.0.12",
            vlan=20,
            role=HOSTILE,
            os="Windows Server",
            os_version="2012 R2",
            os_eol=date(2023, 10, 10),
            hosting=Hosting.supplier_dc,
            owner_body=Body.gemeente,
            contains_social_data=False,
            line=3,
        ),
    ]


def test_content_hash_is_sha256_of_the_file_bytes() -> None:
    expected = hashlib.sha256((FIXTURES / "servers.csv").read_bytes()).hexdigest()
    assert servers("servers.csv").content_hash == expected


def test_servers_semicolon_csv_with_bom_and_crlf() -> None:
    raw = (FIXTURES / "servers_semicolon.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # the sample is what Excel writes
    collected = servers("servers_semicolon.csv")
    assert collected.inventory is not None
    assert collected.inventory.servers == [
        Server(
            name="SRV-SD01",
            ip="10.30.0.11",
            vlan=30,
            role="Dossiers, leefloon",
            os_eol=date(2029, 1, 9),
            contains_social_data=True,
            logging=ServerLogging(retention_days=3650),
            line=2,
        ),
        # line 3 holds only separators and is skipped
        Server(name="SRV-DC01", ip="10.10.0.5", vlan=10, role="Domeincontroller", line=4),
    ]


def test_servers_yaml_exact_values() -> None:
    collected = servers("servers.yaml")
    assert collected.inventory is not None
    assert collected.inventory.servers == [
        Server(
            name="SRV-SD01",
            ip="10.30.0.11",
            vlan=30,
            os="Windows Server",
            os_version="2019",  # a YAML number in a text field is read as text
            os_eol=date(2029, 1, 9),
            contains_social_data=True,
            owner_body=Body.ocmw,
            logging=ServerLogging(object_access_audit=True, retention_days=365),
            line=3,
        ),
        Server(name="SRV-FS02", role=HOSTILE, fqdn="", contains_social_data=False, line=15),
    ]


def test_relative_path_is_resolved_against_the_site_folder(tmp_path: Path) -> None:
    (tmp_path / "inv").mkdir()
    write(tmp_path / "inv", "servers.csv", "name\nSRV-X\n")
    collected = servers("inv/servers.csv", base=tmp_path)
    assert collected.inventory is not None
    assert [s.name for s in collected.inventory.servers] == ["SRV-X"]


def test_missing_file_is_an_os_error_for_the_runner(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        servers("absent.csv", base=tmp_path)


@pytest.mark.parametrize(
    ("name", "text", "message", "line"),
    [
        ("s.csv", "name,colour\nSRV1,red\n", "unknown column 'colour'", 1),
        (
            "s.csv",
            "name,os_eol\nSRV1,2026-01-31\nSRV2,31/01/2026\n",
            "column 'os_eol': '31/01/2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31",
            3,
        ),
        (
            "s.csv",
            "name,contains_social_data\n\nSRV1,misschien\n",
            "column 'contains_social_data': 'misschien' is not a yes/no value "
            "(use yes/no, ja/nee, true/false or 1/0)",
            3,
        ),
        (
            "s.csv",
            "name,logging.retention_days\nSRV1,veel\n",
            "column 'logging.retention_days': 'veel' is not a whole number",
            2,
        ),
        (
            "s.csv",
            "name,hosting\nSRV1,cloud\n",
            "column 'hosting': 'cloud' is not one of 'on_prem', 'supplier_dc', 'public_cloud', "
            "'community_cloud' or 'private_cloud'",
            2,
        ),
        ("s.csv", "name,logging.colour\nSRV1,red\n", "unknown column 'logging.colour'", 1),
        ("s.csv", "name,line\nSRV1,7\n", "unknown column 'line'", 1),
        ("s.csv", "fqdn\nsrv1.local\n", "missing column 'name' (it is required)", 1),
        ("s.csv", "name,fqdn\n,srv1.local\n", "column 'name': a value is required", 2),
        (
            "s.csv",
            "name,role\nSRV1,a,b\n",
            "this row has 3 cells but the header has 2 columns "
            "(put a value that contains ',' between double quotes)",
            2,
        ),
        (
            "s.csv",
            'name,role\nSRV1,"two\nlines"\nSRV2,"open\n',
            "malformed CSV: unexpected end of data",
            4,
        ),
        (
            "s.csv",
            "name\nSRV1\nSRV2\n\nsrv1\n",
            "server 'srv1' is listed twice (first on line 2)",
            5,
        ),
        (
            "s.csv",
            "",
            "the file is empty; expected a header row with column names (at least: name)",
            1,
        ),
        ("s.yaml", "", "the file is empty; expected a mapping with 'servers:'", 1),
        (
            "s.yaml",
            "servers:\n  - name: SRV1\n    colour: red\n",
            "unknown key 'colour' in servers.0",
            3,
        ),
        ("s.yaml", "servers:\n  - name: SRV1\n    line: 4\n", "unknown key 'line'", 3),
        (
            "s.yaml",
            "servers:\n  - name: SRV1\n    os_eol: 31-01-2026\n",
            "servers.0.os_eol: '31-01-2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31",
            3,
        ),
        (
            "s.yaml",
            "servers:\n  - name: SRV1\n    os_eol: 2026-02-30\n",
            "invalid value '2026-02-30': day is out of range for month",
            3,
        ),
        (
            "s.yaml",
            "servers:\n  - name: SRV1\n  - name: SRV2\n    contains_social_data: misschien\n",
            "servers.1.contains_social_data: 'misschien' is not a yes/no value "
            "(use yes/no, ja/nee, true/false or 1/0)",
            4,
        ),
        (
            "s.yaml",
            "servers:\n  - name: SRV1\nshares: []\n",
            "unknown key 'shares' (this file may hold: 'servers')",
            3,
        ),
        (
            "s.yaml",
            "servers:\n  - name: SRV1\n  - name: srv1\n",
            "server 'srv1' is listed twice (first on line 2)",
            3,
        ),
        ("s.yaml", "- SRV1\n", "expected a mapping with 'servers:' at the top level", 1),
    ],
)
def test_bad_server_input_names_file_and_line(
    tmp_path: Path, name: str, text: str, message: str, line: int
) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(InputError) as caught:
        servers(path)
    assert (caught.value.source, caught.value.message, caught.value.line) == (
        str(path),
        message,
        line,
    )


@pytest.mark.parametrize("name", ["servers.txt", "servers.xlsx", "servers"])
def test_wrong_extension_is_refused(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, "name\nSRV1\n")
    shown = Path(name).suffix or "no extension"
    with pytest.raises(InputError) as caught:
        servers(path)
    assert (
        caught.value.message == f"unsupported file type '{shown}': expected .csv or .yaml or .yml"
    )
    assert caught.value.line is None


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(b"name,role\nSRV1,caf\xe9\n")  # Windows-1252, not UTF-8
    with pytest.raises(InputError) as caught:
        servers(path)
    assert (caught.value.message, caught.value.line) == (
        "not UTF-8 text (byte 18); save the file as UTF-8",
        None,
    )


def test_header_only_gives_no_servers(tmp_path: Path) -> None:
    collected = servers(write(tmp_path, "s.csv", "name,fqdn\n"))
    assert collected.inventory is not None
    assert collected.inventory.servers == []
    assert collected.missing == ["inventory.servers"]  # and they are not recorded (below)


# ------------------------------------------------------------------------------------- shares


def test_shares_csv_acl_cells() -> None:
    collected = shares("shares.csv")
    assert collected.provides == ["inventory.shares"]
    assert collected.inventory is not None
    got = {
        (s.unc, s.path, s.contains_social_data, s.owner_body, s.line): s.acl
        for s in collected.inventory.shares
    }
    assert got == {
        ("\\\\SRV-SD01\\Dossiers$", "D:\\Shares\\Dossiers", True, Body.ocmw, 2): [
            ShareAce(principal="VOORBEELD\\GG_SD_Dossiers", rights="change"),
            ShareAce(principal="Everyone", rights="read"),
        ],
        ("\\\\SRV-FS02\\Publiek", "D:\\Shares\\Publiek", False, Body.gemeente, 3): [],
        ("\\\\SRV-SD01\\Archief", "", True, Body.ocmw, 4): [
            ShareAce(principal="VOORBEELD\\GG_SD_Beheer", rights="full"),
            ShareAce(principal="VOORBEELD\\Stagiairs", rights="read", deny=True),
        ],
    }


def test_shares_semicolon_csv_uses_pipe_between_acl_entries() -> None:
    collected = shares("shares_semicolon.csv")
    assert collected.inventory is not None
    (share,) = collected.inventory.shares
    assert share.acl == [
        ShareAce(principal="VOORBEELD\\GG_SD_Dossiers", rights="change"),
        ShareAce(principal="Everyone", rights="read"),
    ]


def test_shares_yaml_rights_are_lower_cased() -> None:
    collected = shares("shares.yaml")
    assert collected.inventory is not None
    (share,) = collected.inventory.shares
    assert (share.unc, share.line) == ("\\\\SRV-SD01\\Dossiers$", 2)
    assert share.acl == [
        ShareAce(principal="VOORBEELD\\GG_SD_Dossiers", rights="change"),
        ShareAce(principal="Everyone", rights="read", deny=True),
    ]


def test_parse_acl_entries() -> None:
    assert parse_acl("A:read; B:Full:Deny ;", ";") == [
        {"principal": "A", "rights": "read", "deny": False},
        {"principal": "B", "rights": "full", "deny": True},
    ]
    with pytest.raises(ValueError, match="'B:read:maybe' is not written as principal:rights"):
        parse_acl("A:read;B:read:maybe", ";")


@pytest.mark.parametrize(
    ("name", "text", "message", "line"),
    [
        (
            "sh.csv",
            "name,server,acl\nD$,SRV1,Everyone\n",
            "column 'acl': 'Everyone' is not written as principal:rights or "
            "principal:rights:deny (e.g. VOORBEELD\\GG_SD_Dossiers:change)",
            2,
        ),
        (
            "sh.csv",
            "name,server,acl\nD$,SRV1,A:read\nE$,SRV1,Everyone:write\n",
            "column 'acl': 'Everyone:write': rights must be read, change or full",
            3,
        ),
        (
            "sh.yaml",
            "shares:\n  - name: D$\n    server: SRV1\n    acl:\n      - principal: E\n"
            "        rights: write\n",
            "share '\\\\SRV1\\D$': rights 'write' for 'E' must be read, change or full",
            2,
        ),
        (
            "sh.csv",
            "name,server\nD$,SRV1\nd$,srv1\n",
            "share '\\\\srv1\\d$' is listed twice (first on line 2)",
            3,
        ),
        ("sh.csv", "name,path\nD$,D:\\x\n", "missing column 'server' (it is required)", 1),
    ],
)
def test_bad_share_input(tmp_path: Path, name: str, text: str, message: str, line: int) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(InputError) as caught:
        shares(path)
    assert (caught.value.message, caught.value.line) == (message, line)


# ------------------------------------------------------------------------------------ backups


def test_backups_csv_times_without_offset_are_utc() -> None:
    collected = backups("backups.csv")
    assert collected.provides == ["inventory.backups"]
    assert collected.inventory is not None
    first, second = collected.inventory.backups
    assert (first.asset, first.job, first.target, first.line) == (
        "SRV-SD01",
        "SD-dagelijks",
        "NAS-BCK01",
        2,
    )
    assert first.last_success == datetime(2026, 5, 31, 22, 15, tzinfo=UTC)
    assert first.last_restore_test == date(2026, 3, 2)
    assert (first.offsite_copy, first.immutable_copy, first.encrypted) == (True, False, None)
    assert second.last_success == datetime(2026, 5, 30, 23, 0, tzinfo=timezone(timedelta(hours=2)))
    assert second.last_restore_test is None
    assert (second.offsite_copy, second.immutable_copy, second.encrypted, second.line) == (
        False,
        True,
        True,
        3,
    )


def test_backups_yaml() -> None:
    collected = backups("backups.yaml")
    assert collected.inventory is not None
    (backup,) = collected.inventory.backups
    assert backup.last_success == datetime(2026, 5, 31, 22, 15, tzinfo=UTC)
    assert (backup.offsite_copy, backup.last_restore_test, backup.line) == (
        True,
        date(2026, 3, 2),
        2,
    )


def test_bad_backup_time(tmp_path: Path) -> None:
    path = write(tmp_path, "b.csv", "asset,last_success\nSRV1,gisteren\n")
    with pytest.raises(InputError) as caught:
        backups(path)
    assert (caught.value.message, caught.value.line) == (
        "column 'last_success': 'gisteren' is not a date and time; write it as YYYY-MM-DD or "
        "YYYY-MM-DDTHH:MM, e.g. 2026-01-31T22:15",
        2,
    )


# ------------------------------------------------------------------ no rows: not recorded


@pytest.mark.parametrize(
    ("collect", "name", "header", "kind"),
    [
        (servers, "servers.csv", "name,role\n", "inventory.servers"),
        (shares, "shares.csv", "name,server,acl\n", "inventory.shares"),
        (backups, "backups.csv", "asset,job\n", "inventory.backups"),
    ],
)
def test_a_header_only_csv_is_not_recorded_never_none(
    tmp_path: Path, collect: Any, name: str, header: str, kind: str
) -> None:
    """A CSV with only its header row cannot be told apart from a file cut before its first row:
    the kind is recorded as missing (its rules are not_assessed), with one warning line."""
    got: Collected = collect(write(tmp_path, name, header), tmp_path)
    assert (got.provides, got.missing) == ([kind], [kind])
    collection = kind.removeprefix("inventory.")
    assert got.reason == (
        f"{name}: no rows, so {collection} are not recorded (a header-only or empty list cannot "
        f"be told apart from a cut file); write '{collection}: none' in YAML when there are none"
    )
    assert got.warnings == [
        f"{name}: niet geregistreerd / not recorded: geen rijen / no rows; schrijf / write "
        f"'{collection}: none' (YAML) als er geen zijn / when there are none"
    ]


def test_an_empty_yaml_list_is_not_recorded_and_none_says_there_are_none(tmp_path: Path) -> None:
    empty = servers(write(tmp_path, "servers.yaml", "servers: []\n"), tmp_path)
    assert empty.missing == ["inventory.servers"]
    none = servers(write(tmp_path, "none.yaml", "servers: none\n"), tmp_path)
    assert (none.missing, none.reason, none.warnings) == ([], "", [])
    assert none.inventory is not None and none.inventory.servers == []
