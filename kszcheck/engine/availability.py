"""Which kinds of fact were collected, and if not, why — from the snapshot's provenance."""

from __future__ import annotations

from kszcheck.model.common import LocalizedText
from kszcheck.model.provenance import CollectionStatus, Provenance, alternatives
from kszcheck.texts import joined, not_assessed, text

__all__ = ["Availability"]


class Availability:
    def __init__(self, sources: list[Provenance]) -> None:
        self.providers: dict[str, list[Provenance]] = {}
        for source in sources:
            for kind in source.provides:
                self.providers.setdefault(kind, []).append(source)

    def problem(self, kind: str) -> LocalizedText | None:
        """None if the kind was collected completely; else the reason, in every language."""
        providers = self.providers.get(kind, [])
        if not providers:
            return text("engine.no_source", kind=kind)
        for source in providers:
            why = f": {source.reason}" if source.reason else ""
            if source.status is CollectionStatus.failed:
                return text(
                    "engine.source_failed", source=source.source_id, target=source.target, why=why
                )
            if kind in source.missing:
                return text("engine.source_partial", source=source.source_id, kind=kind, why=why)
        return None

    def problem_of_need(self, need: str) -> LocalizedText | None:
        """A need ``a|b`` (an observed fact, or the declaration that stands in for it) is met
        when either kind was collected completely; else every alternative's problem."""
        problems = [self.problem(kind) for kind in alternatives(need)]
        if any(p is None for p in problems):
            return None
        return joined([p for p in problems if p is not None], "; ")

    def problems_for(self, needs: list[str]) -> LocalizedText | None:
        """Why the needs are not met (each problem once), else None."""
        problems = [p for need in needs if (p := self.problem_of_need(need)) is not None]
        return joined(problems, "; ") if problems else None

    def reason_for(self, needs: list[str]) -> LocalizedText | None:
        """ "Niet beoordeeld: ..." / "Non évalué : ..." when the needs are not met."""
        problems = self.problems_for(needs)
        return None if problems is None else not_assessed(problems)
