"""The calendar and host-name answers of the analysis (kszcheck/analysis/dates.py, hosts.py)."""

from __future__ import annotations

from datetime import date

import pytest

from kszcheck.analysis.dates import months_before, shift_months
from kszcheck.analysis.hosts import host_of


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 2, 29), -12, date(2023, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 11, 15), 3, date(2026, 2, 15)),
        (date(2025, 1, 1), 36, date(2028, 1, 1)),
        (date(2026, 6, 1), -36, date(2023, 6, 1)),
        (date(2026, 1, 15), -13, date(2024, 12, 15)),
        (date(2026, 1, 15), -24, date(2024, 1, 15)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
    ],
)
def test_shift_months_clamps_to_the_end_of_a_shorter_month(
    day: date, months: int, expected: date
) -> None:
    assert shift_months(day, months) == expected
    if months < 0:
        assert months_before(day, -months) == expected


@pytest.mark.parametrize(
    ("name", "host"),
    [
        ("SRV-BCK01.voorbeeld.local", "srv-bck01"),
        ("SRV-BCK01$", "srv-bck01"),
        ("  srv-file01 ", "srv-file01"),
        ("SRV-APP01.", "srv-app01"),
    ],
)
def test_host_of_joins_names_fqdns_and_computer_accounts(name: str, host: str) -> None:
    assert host_of(name) == host
