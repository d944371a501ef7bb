"""Movers: people whose HR events show that they stopped acting for the OCMW.

The one owner of that answer. KSZ-PPL-005 reports a mover who still reaches the social-data
zone (the leaver-mover process failed); KSZ-SEP-003 leaves that person's access to it instead of
reporting the same access again as unauthorised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from kszcheck.model.common import Body
from kszcheck.model.governance import HrEvent, HrEventKind
from kszcheck.model.records import Person

__all__ = ["movers"]

_OCMW_SIDE = frozenset({Body.ocmw.value, Body.both.value})


def movers(
    events: Iterable[HrEvent], people: Mapping[str, Person], today: date
) -> dict[str, HrEvent]:
    """Person id -> the latest HR event (up to today) by which the person stopped acting for the
    OCMW (``acts_for`` or ``employer`` from ``ocmw``/``both`` to ``gemeente``), for the people
    who act for the gemeente only now."""
    moves: dict[str, HrEvent] = {}
    for event in events:
        if (
            event.kind in (HrEventKind.acts_for, HrEventKind.employer)
            and event.effective <= today
            and event.old.strip().lower() in _OCMW_SIDE
            and event.new.strip().lower() == Body.gemeente.value
        ):
            seen = moves.get(event.person)
            if seen is None or event.effective > seen.effective:
                moves[event.person] = event
    return {
        person_id: event
        for person_id, event in moves.items()
        if (person := people.get(person_id)) is not None and person.acts_for is Body.gemeente
    }
