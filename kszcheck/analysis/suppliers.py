"""Which entry of the supplier register an account or a person belongs to (one owner of that
answer: the supplier-account rule and the application-role rule ask it)."""

from __future__ import annotations

from collections.abc import Iterable

from kszcheck.model.assets import Supplier
from kszcheck.model.common import norm_dn
from kszcheck.model.directory import User
from kszcheck.model.records import Person

__all__ = ["account_key", "account_keys", "supplier_of"]


def account_keys(user: User) -> set[str]:
    """The names an account may be listed under: sAMAccountName, DN, UPN (compared any case)."""
    keys = {user.sam_account_name.lower(), norm_dn(user.dn)}
    if user.user_principal_name:
        keys.add(user.user_principal_name.lower())
    return keys


def account_key(account: str) -> str:
    """A listed account (name, DOMAIN\\name, UPN or DN) as a key of :func:`account_keys`."""
    text = account.strip()
    return norm_dn(text) if "=" in text and "," in text else text.split("\\", 1)[-1].lower()


def supplier_of(
    suppliers: Iterable[Supplier], user: User | None, person: Person | None
) -> Supplier | None:
    """The register entry that lists the account, the person, or the person's supplier name."""
    keys = account_keys(user) if user is not None else set()
    company = person.supplier.strip().lower() if person is not None else ""
    for supplier in suppliers:
        if any(account_key(a) in keys for a in supplier.accounts):
            return supplier
        if person is not None and (
            person.id in supplier.staff or (company and company == supplier.name.strip().lower())
        ):
            return supplier
    return None
