"""People (CSV or YAML) and organisational records (YAML): exact values, errors with lines."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kszcheck.collectors.base import Collected
from kszcheck.collectors.records import (
    OPTIONAL_RECORD_COLLECTIONS,
    RECORD_COLLECTIONS,
    collect_people,
    collect_records,
)
from kszcheck.model.assets import AccessRequest
from kszcheck.model.common import Body
from kszcheck.model.errors import InputError
from kszcheck.model.records import (
    AccessReview,
    Appointment,
    AppointmentRole,
    Declaration,
    Document,
    Person,
    PersonKind,
    ServiceAccount,
    Training,
)
from kszcheck.model.site import SourceSpec, SourceType

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "inventory"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
RECORD_KINDS = [f"records.{name}" for name in RECORD_COLLECTIONS]
#: every top-level key a records file may hold, in the order error messages list them
RECORD_KEYS = ("people", *RECORD_COLLECTIONS, *OPTIONAL_RECORD_COLLECTIONS)


def people(path: str | Path) -> Collected:
    spec = SourceSpec(id="ppl", type=SourceType.people, path=str(path))
    return collect_people(spec, FIXTURES, NOW)


def records(path: str | Path) -> Collected:
    spec = SourceSpec(id="rec", type=SourceType.records, path=str(path))
    return collect_records(spec, FIXTURES, NOW)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


BRAM = Person(
    id="P002",
    name="Bram De Smet",
    employer=Body.gemeente,
    acts_for=Body.both,
    function="ICT-beheerder",
    department="ICT",
    accounts=["bdesmet", "VOORBEELD\\adm-bdesmet"],
    start=date(2015, 9, 1),
    line=3,
)


def test_people_csv_exact_values() -> None:
    collected = people("people.csv")
    assert collected.provides == ["records.people"]
    assert collected.records is not None
    assert collected.records.people == [
        Person(
            id="P001",
            name="An Peeters",
            employer=Body.ocmw,
            acts_for=Body.ocmw,
            function="Maatschappelijk werker",
            department="Sociale dienst",
            accounts=["apeeters"],
            start=date(2019, 3, 1),
            line=2,
        ),
        BRAM,  # acts for both bodies, with a normal and an admin account
        Person(
            id="P003",
            name="Chris Janssens",
            acts_for=Body.gemeente,
            function="Technicus",
            kind=PersonKind.external,
            supplier="ICT Partner NV",
            accounts=["ext-cjanssens"],
            end=date(2026, 12, 31),
            line=4,
        ),
    ]


def test_people_yaml_accepts_a_single_account_as_a_plain_value() -> None:
    collected = people("people.yaml")
    assert collected.records is not None
    assert collected.records.people == [
        Person(
            id="P002",
            name="Bram De Smet",
            employer=Body.gemeente,
            acts_for=Body.both,
            accounts=["bdesmet", "VOORBEELD\\adm-bdesmet"],
            line=2,
        ),
        Person(id="P004", name="Dirk Maes", kind=PersonKind.mandatary, accounts=["dmaes"], line=7),
    ]


def test_people_semicolon_csv_splits_accounts_on_pipe(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(
        "\ufeffid;name;acts_for;accounts\r\nP002;Bram De Smet;both;bdesmet | VOORBEELD\\adm-bdesmet"
        "\r\n".encode()
    )
    collected = people(path)
    assert collected.records is not None
    assert collected.records.people == [
        Person(
            id="P002",
            name="Bram De Smet",
            acts_for=Body.both,
            accounts=["bdesmet", "VOORBEELD\\adm-bdesmet"],
            line=2,
        )
    ]


def test_records_yaml_exact_values() -> None:
    collected = records("records.yaml")
    assert collected.provides == RECORD_KINDS  # no people: list in this file
    assert collected.records is not None
    got = collected.records
    assert got.people == []
    assert got.declarations == [
        Declaration(
            person="P001", signed=date(2024, 2, 1), version="2.1", covers=[Body.ocmw], line=2
        ),
        Declaration(
            person="P002",
            signed=date(2025, 1, 15),
            covers=[Body.gemeente, Body.ocmw],
            reference="DMS-2025-0042",
            line=6,
        ),
    ]
    assert got.trainings == [
        Training(person="P001", completed=date(2025, 11, 20), topic="Informatieveiligheid", line=11)
    ]
    assert got.appointments == [
        Appointment(
            role=AppointmentRole.security_consultant,
            name="Els Claes",
            body=Body.both,
            external=True,
            decision_date=date(2023, 5, 22),
            deciding_body="vast bureau",
            notified_to="KSZ",
            notified_on=date(2023, 6, 1),
            published_contact="ivc@voorbeeld.be",
            reports_to="algemeen directeur",
            line=15,
        ),
        Appointment(
            role=AppointmentRole.dpo, name="Els Claes", person="P005", body=Body.both, line=25
        ),
    ]
    assert got.documents == [
        Document(
            doc_type="security_plan",
            title="Veiligheidsplan 2024-2026",
            bodies=[Body.gemeente, Body.ocmw],
            approved_on=date(2024, 1, 29),
            approved_by="OCMW-raad",
            valid_from=date(2024, 1, 1),
            valid_until=date(2026, 12, 31),
            clauses={"confidentiality": True, "audit": False},
            line=30,
        )
    ]
    assert got.reviews == [
        AccessReview(
            group="VOORBEELD\\GG_SD_Dossiers",
            reviewer="P005",
            reviewed_on=date(2026, 1, 12),
            outcome="2 accounts removed",
            line=41,
        )
    ]
    assert got.service_accounts == [
        ServiceAccount(account="svc-backup", owner="P002", purpose="Backup agent", line=46)
    ]


def test_records_with_people_list_also_provide_people(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "records.yml",
        "people:\n  - id: P009\n    name: Eva Wouters\n    acts_for: ocmw\n"
        "declarations:\n  - person: P009\n    signed: 2026-02-02\n",
    )
    collected = records(path)
    assert collected.provides == ["records.people", *RECORD_KINDS]
    assert collected.records is not None
    assert collected.records.people == [
        Person(id="P009", name="Eva Wouters", acts_for=Body.ocmw, line=2)
    ]
    assert collected.records.declarations == [
        Declaration(person="P009", signed=date(2026, 2, 2), line=6)
    ]


def test_records_with_only_some_collections(tmp_path: Path) -> None:
    path = write(tmp_path, "records.yaml", "trainings:\n")
    collected = records(path)
    assert collected.provides == RECORD_KINDS
    assert collected.records is not None
    assert collected.records.trainings == []


@pytest.mark.parametrize(
    ("name", "text", "message", "line"),
    [
        ("p.csv", "id,name,badge\nP1,An,7\n", "unknown column 'badge'", 1),
        (
            "p.csv",
            "id,name,start\nP1,An,2026-01-31\nP2,Bo,1/2/2026\n",
            "column 'start': '1/2/2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31",
            3,
        ),
        (
            "p.csv",
            "id,name,acts_for\nP1,An,beide\n",
            "column 'acts_for': 'beide' is not one of 'gemeente', 'ocmw' or 'both'",
            2,
        ),
        (
            "p.csv",
            "id,name\nP1,An\nP2,Bo\np1,Cas\n",
            "person id 'p1' is listed twice (first on line 2)",
            4,
        ),
        (
            "p.csv",
            "\n\n",
            "the file is empty; expected a header row with column names (at least: id, name)",
            1,
        ),
        (
            "p.yaml",
            "people:\n  - id: P1\n    name: An\n    badge: 7\n",
            "unknown key 'badge' in people.0",
            4,
        ),
        ("p.yaml", "staff:\n  - id: P1\n", "unknown key 'staff' (this file may hold: 'people')", 1),
    ],
)
def test_bad_people_input(tmp_path: Path, name: str, text: str, message: str, line: int) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(InputError) as caught:
        people(path)
    assert (caught.value.source, caught.value.message, caught.value.line) == (
        str(path),
        message,
        line,
    )


@pytest.mark.parametrize(
    ("name", "text", "message", "line"),
    [
        (
            "r.yaml",
            "",
            "the file is empty; expected a mapping with "
            + ", ".join(f"'{key}:'" for key in RECORD_KEYS),
            1,
        ),
        (
            "r.yaml",
            "declarations: []\nagreements: []\n",
            "unknown key 'agreements' (this file may hold: "
            + ", ".join(f"'{key}'" for key in RECORD_KEYS)
            + ")",
            2,
        ),
        (
            "r.yaml",
            "declarations:\n  - person: P1\n    signed: 2026-01-31\n    sigend: x\n",
            "unknown key 'sigend' in declarations.0",
            4,
        ),
        (
            "r.yaml",
            "declarations:\n  - person: P1\n",
            "missing required key 'declarations.0.signed'",
            2,
        ),
        (
            "r.yaml",
            "trainings:\n  - person: P1\n    completed: 2026-13-01\n",
            "invalid value '2026-13-01': month must be in 1..12",
            3,
        ),
        (
            "r.yaml",
            "appointments:\n  - role: ciso\n    name: X\n    body: ocmw\n",
            "appointments.0.role: 'ciso' is not one of 'security_consultant', "
            "'security_consultant_deputy', 'dpo' or 'dpo_deputy'",
            2,
        ),
        (
            "r.yaml",
            "appointments:\n  - role: dpo\n    name: X\n    body: ocmw\n    external: misschien\n",
            "appointments.0.external: 'misschien' is not a yes/no value "
            "(use yes/no, ja/nee, true/false or 1/0)",
            5,
        ),
        (
            "r.yaml",
            "people:\n  - {id: P1, name: An}\n  - {id: P1, name: Bo}\n",
            "person id 'P1' is listed twice (first on line 2)",
            3,
        ),
        ("r.csv", "declarations\n", "unsupported file type '.csv': expected .yaml or .yml", None),
    ],
)
def test_bad_records_input(
    tmp_path: Path, name: str, text: str, message: str, line: int | None
) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(InputError) as caught:
        records(path)
    assert (caught.value.source, caught.value.message, caught.value.line) == (
        str(path),
        message,
        line,
    )


def test_records_provide_access_requests_only_when_the_file_has_them(tmp_path: Path) -> None:
    without = records(write(tmp_path, "a.yaml", "suppliers: []\n"))
    assert "records.access_requests" not in without.provides
    assert "records.suppliers" in without.provides
    text = (
        "access_requests:\n"
        "  - id: REQ-1\n"
        "    resource: GG_SD_Dossiers\n"
        "    approver: P001\n"
        "    implementer: P002\n"
        "    implemented_on: 2026-03-02\n"
    )
    collected = records(write(tmp_path, "b.yaml", text))
    assert collected.provides == [*RECORD_KINDS, "records.access_requests"]
    assert collected.records is not None
    assert collected.records.access_requests == [
        AccessRequest(
            id="REQ-1",
            resource="GG_SD_Dossiers",
            approver="P001",
            implementer="P002",
            implemented_on=date(2026, 3, 2),
            line=2,
        )
    ]


def test_an_empty_or_absent_list_is_not_recorded_and_none_says_there_is_none(
    tmp_path: Path,
) -> None:
    """`remote_access: []` cannot be told apart from a file cut before its entries: it is not
    recorded (missing, with the line), like an absent key; `remote_access: none` says none."""
    text = "remote_access: []\nremote_support_tools: none\ntrainings:\n"
    collected = records(write(tmp_path, "r.yaml", text))
    assert "records.remote_access" in collected.provides
    assert "records.remote_support_tools" in collected.provides
    assert "records.remote_support_tools" not in collected.missing
    assert set(collected.missing) == {*RECORD_KINDS, "records.remote_access"}
    assert collected.records is not None
    assert collected.records.remote_support_tools == []
    name = tmp_path / "r.yaml"
    absent = ", ".join(k.removeprefix("records.") for k in collected.missing)
    assert collected.warnings == [
        f"{name}: niet geregistreerd / not recorded: {absent} "
        f"(empty: {name}:3: 'trainings:', {name}:1: 'remote_access:'); "
        "schrijf / write 'key: none' als er geen zijn / when there are none"
    ]
    assert collected.reason.startswith(f"{tmp_path / 'r.yaml'}: 'declarations:', 'trainings:'")
