"""Calendar arithmetic for checks: whole months before or after a date."""

from __future__ import annotations

import calendar
from datetime import date

__all__ = ["shift_months"]


def shift_months(day: date, months: int) -> date:
    """The same day ``months`` months later (negative: earlier), clamped to the month's end.

    ``shift_months(date(2026, 3, 31), -1)`` is 28 February 2026.
    """
    total = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(total, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))
