"""AD time values: FILETIME integers, negative intervals and LDAP GeneralizedTime."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

__all__ = ["NEVER", "filetime_to_datetime", "generalized_time", "interval_days"]

#: FILETIME value that AD uses for "never" (accountExpires, lastLogon...).
NEVER = 0x7FFFFFFFFFFFFFFF
_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)
_TICKS_PER_SECOND = 10_000_000
_TICKS_PER_DAY = 86_400 * _TICKS_PER_SECOND
_INT64_MIN = -(2**63)

_GENERALIZED = re.compile(
    r"^(?P<y>\d{4})(?P<mo>\d{2})(?P<d>\d{2})(?P<h>\d{2})(?P<mi>\d{2})?(?P<s>\d{2})?"
    r"(?:[.,](?P<frac>\d+))?(?P<tz>Z|[+-]\d{2}(?:\d{2})?)$"
)


def filetime_to_datetime(ticks: int) -> datetime | None:
    """100-ns intervals since 1601-01-01 UTC; 0 and 0x7FFFFFFFFFFFFFFF mean "none"."""
    if ticks in (0, NEVER):
        return None
    if ticks < 0:
        raise ValueError(f"{ticks} is not a valid FILETIME (negative)")
    try:
        return _EPOCH + timedelta(microseconds=ticks // 10)
    except OverflowError:
        raise ValueError(f"{ticks} is beyond the year 9999") from None


def interval_days(ticks: int) -> int | None:
    """A negative 100-ns interval (maxPwdAge, lockoutDuration) in whole days;
    0 and the smallest int64 mean "never"."""
    if ticks in (0, _INT64_MIN):
        return None
    return abs(ticks) // _TICKS_PER_DAY


def generalized_time(text: str) -> datetime:
    """LDAP GeneralizedTime ('20250101120000.0Z') as a timezone-aware UTC datetime."""
    match = _GENERALIZED.match(text.strip())
    if match is None:
        raise ValueError(f"'{text}' is not a GeneralizedTime (YYYYMMDDHHMMSS.0Z)")
    part = match.groupdict()
    micro = int(((part["frac"] or "") + "000000")[:6])
    zone = part["tz"]
    offset = timedelta(0)
    if zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        offset = sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5] or 0))
    stamp = datetime(
        int(part["y"]),
        int(part["mo"]),
        int(part["d"]),
        int(part["h"]),
        int(part["mi"] or 0),
        int(part["s"] or 0),
        micro,
        tzinfo=timezone(offset),
    )
    try:
        return stamp.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01 00:00 +01:00 is before the year 1 in UTC
        raise ValueError(f"'{text}' is outside the years 1-9999 in UTC") from None
