"""Account state at the evaluation time: enabled, dormant, past a leaving date; generic names."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from fnmatch import fnmatchcase

from kszcheck.model.directory import User

__all__ = ["account_enabled", "generic_pattern", "last_activity", "working_days_after"]


def account_enabled(user: User, now: datetime) -> bool:
    """Enabled and not expired at ``now``."""
    return user.enabled and (user.account_expires is None or user.account_expires > now)


def last_activity(user: User) -> tuple[datetime | None, bool]:
    """The last logon, or else the creation time; the flag says whether it was a logon."""
    if user.last_logon is not None:
        return user.last_logon, True
    return user.when_created, False


def working_days_after(start: date, end: date) -> int:
    """How many working days (Monday to Friday) lie after ``start`` up to and including ``end``."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            count += 1
    return count


def generic_pattern(name: str, patterns: list[str]) -> str | None:
    """The first shell-style pattern (``onthaal*``, ``sociaal[0-9]*``) that matches the name.

    Case is ignored.
    """
    lowered = name.strip().lower()
    for pattern in patterns:
        if fnmatchcase(lowered, pattern.strip().lower()):
            return pattern
    return None
