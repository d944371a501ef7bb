"""The optional exports of kszcheck/model/assets.py: exact values, and one-line errors."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kszcheck.collectors.inventory import (
    collect_application_roles,
    collect_disposals,
    collect_mailbox_permissions,
    collect_print_queues,
    collect_scan_profiles,
)
from kszcheck.model.assets import (
    ApplicationRole,
    AreaKind,
    Disposal,
    MailboxAccess,
    MailboxPermission,
    MaintenanceWindow,
    PrintQueue,
    ScanProfile,
    Supplier,
)
from kszcheck.model.errors import InputError
from kszcheck.model.site import SourceSpec, SourceType

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _write(tmp_path: Path, name: str, text: str) -> SourceSpec:
    (tmp_path / name).write_text(text, encoding="utf-8")
    kind = {
        "roles": SourceType.application_roles,
        "mail": SourceType.mailbox_permissions,
        "print": SourceType.print_queues,
        "scan": SourceType.scan_profiles,
        "disp": SourceType.disposals,
    }[name.split(".")[0]]
    return SourceSpec(id="x", type=kind, path=name)


def test_application_roles_csv(tmp_path: Path) -> None:
    spec = _write(
        tmp_path,
        "roles.csv",
        "application,role,user,person,ksz_data,valid_until\n"
        "SociaalDossier,BCSD,pdumon,P061,nee,2026-01-31\n",
    )
    got = collect_application_roles(spec, tmp_path, NOW)
    assert got.provides == ["inventory.application_roles"]
    assert got.inventory is not None
    assert got.inventory.application_roles == [
        ApplicationRole(
            application="SociaalDossier",
            role="BCSD",
            user="pdumon",
            person="P061",
            ksz_data=False,
            valid_until=date(2026, 1, 31),
            line=2,
        )
    ]


def test_mailbox_permissions_yaml(tmp_path: Path) -> None:
    spec = _write(
        tmp_path,
        "mail.yaml",
        "mailbox_permissions:\n"
        "  - {mailbox: sd@x.be, trustee: 'X\\GG_SD', access: send_as, social_data: true}\n",
    )
    got = collect_mailbox_permissions(spec, tmp_path, NOW)
    assert got.provides == ["inventory.mailbox_permissions"]
    assert got.inventory is not None
    assert got.inventory.mailbox_permissions == [
        MailboxPermission(
            mailbox="sd@x.be",
            trustee="X\\GG_SD",
            access=MailboxAccess.send_as,
            social_data=True,
            line=2,
        )
    ]


def test_print_queues_and_scan_profiles_csv(tmp_path: Path) -> None:
    queues = collect_print_queues(
        _write(tmp_path, "print.csv", "name,area,social_data,secure_print\nSD-1,public,yes,\n"),
        tmp_path,
        NOW,
    )
    assert queues.inventory is not None
    assert queues.inventory.print_queues == [
        PrintQueue(name="SD-1", area=AreaKind.public, social_data=True, line=2)
    ]
    scans = collect_scan_profiles(
        _write(tmp_path, "scan.csv", "name,target,used_by\nScan,\\\\S\\D$,GG_A;GG_B\n"),
        tmp_path,
        NOW,
    )
    assert scans.inventory is not None
    assert scans.inventory.scan_profiles == [
        ScanProfile(name="Scan", target="\\\\S\\D$", used_by=["GG_A", "GG_B"], line=2)
    ]


def test_disposals_csv(tmp_path: Path) -> None:
    spec = _write(
        tmp_path, "disp.csv", "asset,kind,social_data,decommissioned_on\nMFP-1,mfp,ja,2026-05-28\n"
    )
    got = collect_disposals(spec, tmp_path, NOW)
    assert got.inventory is not None
    assert got.inventory.disposals == [
        Disposal(
            asset="MFP-1", kind="mfp", social_data=True, decommissioned_on=date(2026, 5, 28), line=2
        )
    ]


@pytest.mark.parametrize(
    ("name", "text", "line", "words"),
    [
        ("print.csv", "name,area\nSD-1,hall\n", 2, "area"),
        ("disp.csv", "asset,decommissioned_on\nPC-1,28/05/2026\n", 2, "decommissioned_on"),
        ("roles.csv", "application,role\nSociaalDossier,BCSD\n", 1, "user"),
        (
            "mail.yaml",
            "mailbox_permissions:\n  - {mailbox: a, trustee: b, access: owner}\n",
            2,
            "access",
        ),
    ],
)
def test_bad_exports_name_file_and_line(
    tmp_path: Path, name: str, text: str, line: int, words: str
) -> None:
    spec = _write(tmp_path, name, text)
    collect = {
        "print.csv": collect_print_queues,
        "disp.csv": collect_disposals,
        "roles.csv": collect_application_roles,
        "mail.yaml": collect_mailbox_permissions,
    }[name]
    with pytest.raises(InputError) as caught:
        collect(spec, tmp_path, NOW)
    assert caught.value.line == line
    assert words in str(caught.value)
    assert name in str(caught.value)


def test_maintenance_window_covers_its_ends_and_reads_naive_times_as_utc() -> None:
    window = MaintenanceWindow(
        start=datetime(2026, 6, 1, 8, 0), end=datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    )
    supplier = Supplier(name="S", maintenance_windows=[window])
    assert supplier.window_at(datetime(2026, 6, 1, 8, 0, tzinfo=UTC)) is window
    assert supplier.window_at(NOW) is window
    assert supplier.window_at(datetime(2026, 6, 1, 12, 1, tzinfo=UTC)) is None


def test_a_recurring_maintenance_window_follows_the_local_clock() -> None:
    """Every Tuesday 18:00-22:00 Brussels time, only in the first week of the month: on Tuesday
    2 June 2026 (summer time, UTC+2) 16:00 UTC is 18:00 local; the next Tuesday is week 2."""
    window = MaintenanceWindow.model_validate(
        {"days": ["dinsdag"], "from": "18:00", "to": "22:00", "weeks": [1]}
    )
    supplier = Supplier(name="S", maintenance_windows=[window])
    assert supplier.window_at(datetime(2026, 6, 2, 16, 0, tzinfo=UTC)) is window
    assert supplier.window_at(datetime(2026, 6, 2, 20, 0, tzinfo=UTC)) is window
    assert supplier.window_at(datetime(2026, 6, 2, 20, 1, tzinfo=UTC)) is None
    assert supplier.window_at(datetime(2026, 6, 2, 15, 59, tzinfo=UTC)) is None
    assert supplier.window_at(datetime(2026, 6, 9, 17, 0, tzinfo=UTC)) is None


def test_a_recurring_window_past_midnight_and_its_validity() -> None:
    """Saturday 23:00 to 02:00 local, from 2026-01-01 to 2026-01-31: Sunday 1:30 local
    (00:30 UTC in winter) is inside; the Saturday after the end date is not."""
    spec = {"days": "sat", "from": "23:00", "to": "02:00"}
    window = MaintenanceWindow.model_validate(
        {**spec, "valid_from": "2026-01-01", "valid_until": "2026-01-31"}
    )
    assert window.covers(datetime(2026, 1, 11, 0, 30, tzinfo=UTC))
    assert window.covers(datetime(2026, 1, 10, 22, 0, tzinfo=UTC))
    assert not window.covers(datetime(2026, 1, 11, 1, 30, tzinfo=UTC))
    assert not window.covers(datetime(2026, 2, 7, 22, 30, tzinfo=UTC))


@pytest.mark.parametrize(
    ("window", "words"),
    [
        ("{days: [tue], from: '18:00'}", "needs 'days', 'from' and 'to'"),
        ("{days: [dinsdg], from: '18:00', to: '20:00'}", "'dinsdg' is not a weekday"),
        (
            "{start: '2026-06-01T08:00', end: '2026-06-01T12:00', days: [tue]}",
            "either one period",
        ),
        ("{days: [tue], from: '18:00', to: '20:00', weeks: [6]}", "outside 1-5"),
        ("{start: '2026-06-01T08:00'}", "needs 'start' and 'end'"),
    ],
)
def test_a_wrong_maintenance_window_names_the_records_file_and_line(
    tmp_path: Path, window: str, words: str
) -> None:
    from kszcheck.collectors.records import collect_records

    text = f"suppliers:\n  - name: S\n    maintenance_windows:\n      - {window}\n"
    (tmp_path / "records.yaml").write_text(text, "utf-8")
    spec = SourceSpec(id="records", type=SourceType.records, path="records.yaml")
    with pytest.raises(InputError) as caught:
        collect_records(spec, tmp_path, NOW)
    assert "records.yaml" in str(caught.value)
    assert caught.value.line == 4
    assert words in str(caught.value)


def test_the_functional_account_register_is_read_and_errors_name_the_line(
    tmp_path: Path,
) -> None:
    from kszcheck.collectors.records import collect_records

    spec = SourceSpec(id="records", type=SourceType.records, path="records.yaml")
    good = "functional_accounts:\n  - {account: sociaal1, owner: P001, users: [P012, P013]}\n"
    (tmp_path / "records.yaml").write_text(good, "utf-8")
    collected = collect_records(spec, tmp_path, NOW)
    assert "records.functional_accounts" in collected.provides
    assert collected.records is not None
    assert [(f.account, f.users, f.line) for f in collected.records.functional_accounts] == [
        ("sociaal1", ["P012", "P013"], 2)
    ]
    bad = "functional_accounts:\n  - {account: sociaal1}\n  - {owner: P001, users: [P012]}\n"
    (tmp_path / "records.yaml").write_text(bad, "utf-8")
    with pytest.raises(InputError) as caught:
        collect_records(spec, tmp_path, NOW)
    assert (caught.value.line, "account" in str(caught.value)) == (3, True)
