"""Which person stands behind which account, from the people register."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from kszcheck.model.common import norm_dn
from kszcheck.model.directory import User
from kszcheck.model.records import Declaration, Person, Records, ServiceAccount

__all__ = ["PersonIndex"]


class PersonIndex:
    def __init__(self, records: Records, users: list[User]) -> None:
        self.people = {p.id: p for p in records.people}
        self._by_key: dict[str, Person] = {}
        for person in records.people:
            for account in person.accounts:
                self._by_key.setdefault(_key(account), person)
        self._by_employee_id = {p.id.lower(): p for p in records.people}
        self._by_user: dict[str, Person | None] = {}
        self._accounts: dict[str, list[User]] = {}
        for user in users:
            matched = self._match(user)
            self._by_user[norm_dn(user.dn)] = matched
            if matched is not None:
                self._accounts.setdefault(matched.id, []).append(user)
        self._services: dict[str, ServiceAccount] = {}
        for service in records.service_accounts:
            self._services.setdefault(_key(service.account), service)
        self._declarations: dict[str, list[Declaration]] = {}
        for declaration in records.declarations:
            self._declarations.setdefault(declaration.person, []).append(declaration)

    def _match(self, user: User) -> Person | None:
        for candidate in (user.dn, user.sam_account_name, user.user_principal_name):
            found = self._by_key.get(_key(candidate)) if candidate else None
            if found is not None:
                return found
        if user.employee_id:
            return self._by_employee_id.get(user.employee_id.lower())
        return None

    def person_of(self, user: User) -> Person | None:
        return self._by_user.get(norm_dn(user.dn))

    def service_account_of(self, user: User) -> ServiceAccount | None:
        """The entry of the service-account register for this account, if any."""
        for candidate in (user.dn, user.sam_account_name, user.user_principal_name):
            found = self._services.get(_key(candidate)) if candidate else None
            if found is not None:
                return found
        return None

    def responsible_for(self, user: User) -> Person | None:
        """The person behind the account, or else the registered owner of a service account."""
        person = self.person_of(user)
        if person is not None:
            return person
        service = self.service_account_of(user)
        return self.people.get(service.owner.strip()) if service is not None else None

    def group_by_person(self, users: Iterable[User]) -> tuple[dict[str, list[User]], list[User]]:
        """Split accounts into those of each person (by person id) and those of nobody."""
        by_person: dict[str, list[User]] = {}
        unmapped: list[User] = []
        for user in users:
            person = self.person_of(user)
            if person is None:
                unmapped.append(user)
            else:
                by_person.setdefault(person.id, []).append(user)
        return by_person, unmapped

    def accounts_of(self, person_id: str) -> list[User]:
        return self._accounts.get(person_id, [])

    def declarations_of(self, person_id: str) -> list[Declaration]:
        return self._declarations.get(person_id, [])

    def has_declaration(self, person_id: str, body: str, today: date) -> bool:
        return any(
            d.signed <= today and any(str(c) in (body, "both") for c in d.covers)
            for d in self.declarations_of(person_id)
        )


def _key(account: str) -> str:
    text = account.strip().lower()
    if "=" in text and "," in text:
        return norm_dn(text)
    return text.split("\\", 1)[-1]
