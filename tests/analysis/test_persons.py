"""PersonIndex: which person stands behind an account, declarations, service accounts."""

from __future__ import annotations

from datetime import date

from kszcheck.analysis.persons import PersonIndex
from kszcheck.model.common import Body
from kszcheck.model.directory import User
from kszcheck.model.records import Declaration, Person, Records, ServiceAccount

DOM = "OU=Gebruikers,DC=stad,DC=local"
TODAY = date(2026, 6, 1)

USERS = [
    User(dn=f"CN=Jan Peeters,{DOM}", sam_account_name="jpeeters"),
    User(dn=f"CN=adm-jpeeters,{DOM}", sam_account_name="adm-jpeeters"),
    User(dn=f"CN=Sara,{DOM}", sam_account_name="sclaes", user_principal_name="sara@stad.be"),
    User(dn=f"CN=Kim,{DOM}", sam_account_name="kjanssens", employee_id="p003"),
    User(dn=f"CN=Wim,{DOM}", sam_account_name="ext-wim"),
    User(dn=f"CN=svc-backup,{DOM}", sam_account_name="svc-backup"),
    User(dn=f"CN=onthaal,{DOM}", sam_account_name="onthaal"),
]


def _index() -> PersonIndex:
    records = Records(
        people=[
            Person(id="P001", name="Jan", accounts=["jpeeters", f"cn=ADM-JPEETERS, {DOM}"]),
            Person(id="P002", name="Sara", accounts=["SARA@stad.be"]),
            Person(id="P003", name="Kim"),
            Person(id="P004", name="Wim", accounts=["STAD\\ext-wim"]),
        ],
        declarations=[
            Declaration(person="P001", signed=date(2024, 1, 1), covers=[Body.both]),
            Declaration(person="P002", signed=date(2024, 1, 1), covers=[Body.gemeente]),
            Declaration(person="P004", signed=date(2026, 7, 1), covers=[Body.ocmw]),
        ],
        service_accounts=[
            ServiceAccount(account="STAD\\svc-backup", owner="P001"),
        ],
    )
    return PersonIndex(records, USERS)


def _ids(index: PersonIndex) -> dict[str, str | None]:
    result: dict[str, str | None] = {}
    for user in USERS:
        person = index.person_of(user)
        result[user.sam_account_name] = person.id if person else None
    return result


def test_accounts_match_by_name_dn_upn_domain_name_and_employee_id() -> None:
    assert _ids(_index()) == {
        "jpeeters": "P001",
        "adm-jpeeters": "P001",
        "sclaes": "P002",
        "kjanssens": "P003",
        "ext-wim": "P004",
        "svc-backup": None,
        "onthaal": None,
    }


def test_a_person_with_two_accounts() -> None:
    index = _index()
    assert [u.sam_account_name for u in index.accounts_of("P001")] == ["jpeeters", "adm-jpeeters"]
    by_person, unmapped = index.group_by_person(USERS)
    assert {k: [u.sam_account_name for u in v] for k, v in by_person.items()} == {
        "P001": ["jpeeters", "adm-jpeeters"],
        "P002": ["sclaes"],
        "P003": ["kjanssens"],
        "P004": ["ext-wim"],
    }
    assert [u.sam_account_name for u in unmapped] == ["svc-backup", "onthaal"]


def test_declaration_must_cover_the_body_and_be_signed() -> None:
    index = _index()
    assert index.has_declaration("P001", "ocmw", TODAY)  # covers both
    assert not index.has_declaration("P002", "ocmw", TODAY)  # gemeente only
    assert index.has_declaration("P002", "gemeente", TODAY)
    assert not index.has_declaration("P004", "ocmw", TODAY)  # signed after today
    assert not index.has_declaration("P003", "ocmw", TODAY)  # none


def test_service_account_and_its_responsible_person() -> None:
    index = _index()
    backup = USERS[5]
    entry = index.service_account_of(backup)
    assert entry is not None and entry.owner == "P001"
    responsible = index.responsible_for(backup)
    assert responsible is not None and responsible.id == "P001"
    assert index.service_account_of(USERS[6]) is None
    assert index.responsible_for(USERS[6]) is None
