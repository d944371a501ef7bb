"""End of support from the shipped lifecycle data (operatingSystem / operatingSystemVersion as
AD writes them)."""

from __future__ import annotations

from datetime import date

import pytest

from kszcheck.analysis.lifecycle import end_of_support, lifecycle_as_of


@pytest.mark.parametrize(
    ("system", "version", "product", "end"),
    [
        (
            "Windows Server 2012 R2 Standard",
            "6.3 (9600)",
            "Windows Server 2012 R2",
            date(2023, 10, 10),
        ),
        (
            "Windows Server 2008 R2 Enterprise",
            "6.1 (7601)",
            "Windows Server 2008 R2",
            date(2020, 1, 14),
        ),
        ("Windows Server 2019 Standard", "10.0 (17763)", "Windows Server 2019", date(2029, 1, 9)),
        (
            "Windows Server 2022 Datacenter",
            "10.0 (20348)",
            "Windows Server 2022",
            date(2031, 10, 14),
        ),
        ("Windows 10 Pro", "10.0 (19045)", "Windows 10", date(2025, 10, 14)),
        (
            "Windows 10 Enterprise LTSC",
            "10.0 (17763)",
            "Windows 10 Enterprise LTSC 2019",
            date(2029, 1, 9),
        ),
        ("Windows 11 Pro", "10.0 (22631)", "Windows 11 23H2", date(2025, 11, 11)),
        (
            "Windows 11 Enterprise",
            "10.0 (26100)",
            "Windows 11 24H2 Enterprise/Education",
            date(2027, 10, 12),
        ),
    ],
)
def test_known_systems(system: str, version: str, product: str, end: date) -> None:
    found = end_of_support(system, version)
    assert found is not None
    assert (found.product, found.end) == (product, end)
    assert found.source.startswith("https://learn.microsoft.com/lifecycle/products/")


def test_unknown_systems_and_builds() -> None:
    assert end_of_support("Samba 4.17", "") is None
    assert end_of_support("Windows 11 Pro", "10.0 (99999)") is None
    assert lifecycle_as_of() == date(2026, 12, 5)
