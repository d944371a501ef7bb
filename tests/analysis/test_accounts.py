"""Account helpers: enabled at a time, last activity, working days, generic names."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kszcheck.analysis.accounts import (
    account_enabled,
    generic_pattern,
    last_activity,
    working_days_after,
)
from kszcheck.model.directory import User

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_enabled_means_not_disabled_and_not_expired() -> None:
    assert account_enabled(User(dn="CN=a", sam_account_name="a"), NOW)
    assert not account_enabled(User(dn="CN=a", sam_account_name="a", enabled=False), NOW)
    expired = User(dn="CN=a", sam_account_name="a", account_expires=NOW)
    assert not account_enabled(expired, NOW)


def test_last_activity_prefers_the_logon() -> None:
    created = datetime(2025, 1, 1, tzinfo=UTC)
    never = User(dn="CN=a", sam_account_name="a", when_created=created)
    assert last_activity(never) == (created, False)
    used = User(dn="CN=a", sam_account_name="a", when_created=created, last_logon=NOW)
    assert last_activity(used) == (NOW, True)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 5, 29), date(2026, 6, 1), 1),  # Friday -> Monday
        (date(2026, 5, 29), date(2026, 5, 31), 0),  # Friday -> Sunday
        (date(2026, 5, 20), date(2026, 6, 1), 8),
        (date(2026, 6, 1), date(2026, 6, 1), 0),
        (date(2026, 6, 2), date(2026, 6, 1), 0),
        (date(2026, 5, 1), date(2026, 5, 29), 20),
    ],
)
def test_working_days_after(start: date, end: date, expected: int) -> None:
    assert working_days_after(start, end) == expected


def test_generic_pattern_returns_the_first_match_ignoring_case() -> None:
    patterns = ["onthaal*", "sociaal[0-9]*", "test*"]
    assert generic_pattern("Onthaal2", patterns) == "onthaal*"
    assert generic_pattern("SOCIAAL12", patterns) == "sociaal[0-9]*"
    assert generic_pattern("sociaal", patterns) is None
    assert generic_pattern("ltestelmans", patterns) is None
    assert generic_pattern("testuser", patterns) == "test*"
