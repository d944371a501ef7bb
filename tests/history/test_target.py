"""Where a history is: --history, the profile's history: settings, or beside the reports; a
URL never carries a password (refused, and the refusal never shows it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from kszcheck.history import HistoryError, parse_target
from kszcheck.model.site import CredentialRef, HistorySettings, SiteProfile
from kszcheck.pipeline import default_history, history_place

URL = "postgresql://scanner@db.example:5432/kszcheck"


def test_a_url_gets_verified_tls_unless_it_says_otherwise() -> None:
    assert parse_target(URL).conninfo == f"{URL}?sslmode=verify-full"
    assert parse_target(f"{URL}?sslmode=require").conninfo == f"{URL}?sslmode=require"
    assert parse_target("reports/h.sqlite").path == Path("reports/h.sqlite")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://scanner:hunter2@db/k", "postgresql://scanner:***@db/k"),
        (
            "postgres://db/k?password=hunter2&sslmode=require",
            "postgres://db/k?password=%2A%2A%2A&sslmode=require",
        ),
    ],
)
def test_a_url_with_a_password_is_refused_without_showing_it(url: str, shown: str) -> None:
    with pytest.raises(HistoryError) as caught:
        parse_target(url)
    assert "hunter2" not in str(caught.value)
    assert str(caught.value).startswith(f"{shown}: the history URL holds a password;")


def test_the_profile_refuses_a_password_in_the_url_or_written_inline() -> None:
    with pytest.raises(ValidationError, match="the history URL holds a password"):
        HistorySettings(url="postgresql://scanner:hunter2@db/k")
    with pytest.raises(ValidationError, match="a password is never written in the site profile"):
        HistorySettings.model_validate({"url": URL, "password": "hunter2"})


def test_where_a_scan_stores_its_run(tmp_path: Path, user_data: Path) -> None:
    site_file = tmp_path / "site" / "site.yaml"
    reports = tmp_path / "reports"
    plain = SiteProfile(name="Gemeente Écaussinnes")
    place = history_place(None, plain, site_file, reports)
    # the site's own history in the user's data folder, whatever the reports folder
    assert (place.target.path, place.spool) == (
        user_data / "kszcheck" / "sites" / "gemeente-ecaussinnes" / "history.sqlite",
        reports / "history-spool",
    )
    central = SiteProfile(
        name="Gemeente",
        history=HistorySettings(
            url=URL,
            password=CredentialRef(file="db.pw"),
            spool="spool",
            report_url="https://ksz.example/{site}/report.html",
        ),
    )
    place = history_place(None, central, site_file, reports)
    assert (place.target.url, place.target.password, place.target.base) == (
        URL,
        CredentialRef(file="db.pw"),
        site_file.parent,
    )
    assert place.spool == site_file.parent / "spool"
    assert place.report_link(reports / "gemeente-a") == "https://ksz.example/gemeente-a/report.html"
    local = SiteProfile(name="Gemeente", history=HistorySettings(url="h.sqlite"))
    assert (
        history_place(None, local, site_file, reports).target.path == site_file.parent / "h.sqlite"
    )
    # --history (or $KSZCHECK_HISTORY) wins over the profile
    assert history_place("x.sqlite", central, site_file, reports).target.path == Path("x.sqlite")


def test_without_a_site_the_default_history_is_the_one_written_last(user_data: Path) -> None:
    sites = user_data / "kszcheck" / "sites"
    assert default_history(None) == sites / "history.sqlite"  # none yet: a scan creates one
    for number, slug in enumerate(("gemeente-a", "gemeente-b", "gemeente-c")):
        (sites / slug).mkdir(parents=True)
        (sites / slug / "history.sqlite").write_bytes(b"")
        os.utime(sites / slug / "history.sqlite", ns=(0, [3, 1, 2][number] * 10**9))
    assert default_history(None) == sites / "gemeente-a" / "history.sqlite"
    assert default_history("Gemeente B") == sites / "gemeente-b" / "history.sqlite"
