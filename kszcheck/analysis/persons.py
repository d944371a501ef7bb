"""Which person stands behind which account, from the people register.

An account is named by its sAMAccountName, DOMAIN\\sAMAccountName, UPN or DN. A DOMAIN\\name
whose NetBIOS name is a collected domain matches only the account of that domain (two forests
each have an ``Administrator``); other names match by the name alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from kszcheck.analysis.directory_index import domain_of
from kszcheck.model.common import norm_dn
from kszcheck.model.directory import Domain, User
from kszcheck.model.records import (
    Declaration,
    FunctionalAccount,
    Person,
    Records,
    ServiceAccount,
)

__all__ = ["PersonIndex"]


class PersonIndex:
    def __init__(
        self, records: Records, users: list[User], domains: list[Domain] | None = None
    ) -> None:
        self.people = {p.id: p for p in records.people}
        self._domains = domains or []
        self._netbios = {d.netbios_name.lower() for d in self._domains if d.netbios_name}
        self._by_key: dict[str, Person] = {}
        for person in records.people:
            for account in person.accounts:
                self._by_key.setdefault(self._key(account), person)
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
            self._services.setdefault(self._key(service.account), service)
        self._functional: dict[str, FunctionalAccount] = {}
        for shared in records.functional_accounts:
            self._functional.setdefault(self._key(shared.account), shared)
        #: the admin register's link from an account nobody owns (a built-in Administrator)
        #: to the person who answers for it
        self._registered: dict[str, str] = {}
        for entry in records.admin_register:
            if entry.person.strip():
                self._registered.setdefault(self._key(entry.principal), entry.person.strip())
        self._declarations: dict[str, list[Declaration]] = {}
        for declaration in records.declarations:
            self._declarations.setdefault(declaration.person, []).append(declaration)

    def _key(self, account: str) -> str:
        """The look-up key of a name: DOMAIN\\sam of a collected domain keeps its domain."""
        text = account.strip().lower()
        prefix, _, rest = text.rpartition("\\")
        if prefix and "=" not in text and prefix in self._netbios:
            return f"{prefix}\\{rest}"
        return _key(text)

    def _user_keys(self, user: User) -> list[str]:
        keys = [_key(c) for c in (user.dn, user.sam_account_name, user.user_principal_name) if c]
        domain = domain_of(self._domains, user.dn)
        if domain is not None and domain.netbios_name:
            keys.insert(0, f"{domain.netbios_name.lower()}\\{user.sam_account_name.lower()}")
        return keys

    def _match(self, user: User) -> Person | None:
        for key in self._user_keys(user):
            found = self._by_key.get(key)
            if found is not None:
                return found
        if user.employee_id:
            return self._by_employee_id.get(user.employee_id.lower())
        return None

    def person_of(self, user: User) -> Person | None:
        return self._by_user.get(norm_dn(user.dn))

    def service_account_of(self, user: User) -> ServiceAccount | None:
        """The entry of the service-account register for this account, if any."""
        for key in self._user_keys(user):
            found = self._services.get(key)
            if found is not None:
                return found
        return None

    def functional_account_of(self, user: User) -> FunctionalAccount | None:
        """The entry of the register of functional (shared) accounts for this account."""
        for key in self._user_keys(user):
            if key in self._functional:
                return self._functional[key]
        return None

    def responsible_for(self, user: User) -> Person | None:
        """The person behind the account; else the registered owner of a service account; else
        the person the admin register links to the account (a built-in Administrator)."""
        person = self.person_of(user)
        if person is not None:
            return person
        service = self.service_account_of(user)
        if service is not None:
            return self.people.get(service.owner.strip())
        for key in self._user_keys(user):
            if key in self._registered:
                return self.people.get(self._registered[key])
        return None

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
