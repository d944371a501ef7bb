"""Which kinds of fact were collected, and if not, why — from the snapshot's provenance."""

from __future__ import annotations

from kszcheck.model.common import LocalizedText
from kszcheck.model.provenance import CollectionStatus, Provenance, alternatives
from kszcheck.texts import not_assessed

__all__ = ["Availability"]


class Availability:
    def __init__(self, sources: list[Provenance]) -> None:
        self.providers: dict[str, list[Provenance]] = {}
        for source in sources:
            for kind in source.provides:
                self.providers.setdefault(kind, []).append(source)

    def problem(self, kind: str) -> tuple[str, str] | None:
        """None if the kind was collected completely; else a reason in Dutch and English."""
        providers = self.providers.get(kind, [])
        if not providers:
            return (f"geen bron levert '{kind}'", f"no source provides '{kind}'")
        for source in providers:
            if source.status is CollectionStatus.failed:
                why = f": {source.reason}" if source.reason else ""
                return (
                    f"bron '{source.source_id}' ({source.target}) is mislukt{why}",
                    f"source '{source.source_id}' ({source.target}) failed{why}",
                )
            if kind in source.missing:
                why = f": {source.reason}" if source.reason else ""
                return (
                    f"bron '{source.source_id}' leverde '{kind}' niet volledig{why}",
                    f"source '{source.source_id}' did not fully provide '{kind}'{why}",
                )
        return None

    def problem_of_need(self, need: str) -> tuple[str, str] | None:
        """A need ``a|b`` (an observed fact, or the declaration that stands in for it) is met
        when either kind was collected completely; else every alternative's problem."""
        problems = [self.problem(kind) for kind in alternatives(need)]
        if any(p is None for p in problems):
            return None
        found = [p for p in problems if p is not None]
        return ("; ".join(p[0] for p in found), "; ".join(p[1] for p in found))

    def problems_for(self, needs: list[str]) -> tuple[str, str] | None:
        """Why the needs are not met, in Dutch and English (each problem once), else None."""
        problems = [p for need in needs if (p := self.problem_of_need(need)) is not None]
        if not problems:
            return None
        nl = "; ".join(dict.fromkeys(p[0] for p in problems))
        en = "; ".join(dict.fromkeys(p[1] for p in problems))
        return nl, en

    def reason_for(self, needs: list[str]) -> LocalizedText | None:
        """ "Niet beoordeeld: ..." / "Not assessed: ..." when the needs are not met."""
        problems = self.problems_for(needs)
        return None if problems is None else not_assessed(*problems)
