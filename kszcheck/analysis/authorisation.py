"""Which access to the social-data zone a person's function authorises.

The authorised functions come from a rule parameter (``authorised_functions``). An item is either
a function name, authorised for the whole zone to people acting for the OCMW (or both bodies),
or a mapping scoped to some of the zone's groups or shares::

    - maatschappelijk werker
    - {function: onthaalmedewerker, resources: ['\\\\SRV-FILE02\\Aanmeldingen$']}

A scoped function is authorised only on the resources it names, whichever body the person acts
for: the OCMW decided that this function may use that one resource (for instance under a
protocol with the gemeente). Every path of an account is judged on its own, so an authorised
path never hides an unauthorised one. Case is ignored everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kszcheck.analysis.access import AccessPath, share_key
from kszcheck.model.common import Body
from kszcheck.model.records import Person

__all__ = ["Authorisations", "resource_key"]


def resource_key(name: str) -> str:
    """A group name (``DOMAIN\\name`` or name) or a share UNC, normalised for comparison; an
    access path names a group without its domain, so the domain is dropped."""
    text = name.strip()
    if text.startswith(("\\", "/")):
        return share_key(text)
    return text.rpartition("\\")[2].lower()


@dataclass(frozen=True)
class Authorisations:
    zone_wide: frozenset[str]
    scoped: Mapping[str, frozenset[str]]  # function -> resource keys

    @classmethod
    def from_param(cls, items: Iterable[object]) -> Authorisations:
        """Read the parameter; raise ValueError naming an item that is neither form."""
        zone_wide: set[str] = set()
        scoped: dict[str, set[str]] = {}
        for item in items:
            if isinstance(item, str):
                zone_wide.add(item.strip().lower())
                continue
            if (
                isinstance(item, Mapping)
                and isinstance(item.get("function"), str)
                and isinstance(item.get("resources"), list)
                and set(item) <= {"function", "resources"}
            ):
                keys = {resource_key(str(r)) for r in item["resources"]}
                scoped.setdefault(str(item["function"]).strip().lower(), set()).update(keys)
                continue
            raise ValueError(
                f"authorised_functions: {item!r} is neither a function name nor "
                "{function: …, resources: […]}"
            )
        return cls(frozenset(zone_wide), {f: frozenset(r) for f, r in scoped.items()})

    def allows(self, person: Person, path: AccessPath) -> bool:
        """Whether the person's function authorises this one path into the zone."""
        function = person.function.strip().lower()
        if function in self.scoped and self._on_path(self.scoped[function], path):
            return True
        return person.acts_for in (Body.ocmw, Body.both) and function in self.zone_wide

    @staticmethod
    def _on_path(resources: frozenset[str], path: AccessPath) -> bool:
        # the resource itself, or a zone group on the way down to the account
        return resource_key(path.resource) in resources or any(
            resource_key(name) in resources for name in path.via[:-1]
        )

    def unauthorised(self, person: Person, paths: Iterable[AccessPath]) -> list[AccessPath]:
        return [p for p in paths if not self.allows(person, p)]
