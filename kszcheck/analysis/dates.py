"""Calendar answers for checks and the engine: whole months before or after a date.

    shift_months(day, months)   the same day ``months`` later (negative: earlier), clamped to the
                                last day of a shorter month: shift_months(2026-03-31, -1) is
                                2026-02-28
    months_before(day, months)  shift_months(day, -months): the start of a look-back period

Every "within the last N months" and "valid for N months" in the rules and the engine is
computed here, so they all agree on month ends.
"""

from __future__ import annotations

import calendar
from datetime import date

__all__ = ["months_before", "shift_months"]


def shift_months(day: date, months: int) -> date:
    """The same day ``months`` months later (negative: earlier), clamped to the month's end."""
    total = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(total, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the last day of a shorter month)."""
    return shift_months(day, -months)
