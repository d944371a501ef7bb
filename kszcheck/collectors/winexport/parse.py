"""Pure parsers of the Windows pack's files (text in, facts out). Errors are ValueError
``'<file>:<line>: what'``."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from kszcheck.collectors.auditcsv import parse_audit_csv
from kszcheck.model.hosts import (
    BackupJob,
    BackupSession,
    HostAuditSetting,
    HostEventLog,
    InstalledUpdate,
    LocalGroupMember,
)

__all__ = [
    "parse_auditpol",
    "parse_event_logs",
    "parse_local_groups",
    "parse_manifest",
    "parse_manifest_rows",
    "parse_updates",
    "parse_veeam_jobs",
    "parse_veeam_sessions",
    "rows",
]

_GROUPS = {"administrators", "remote_desktop_users"}
_LOG_MODES = {"Circular", "AutoBackup", "Retain"}
_FRACTION = re.compile(r"(\.\d{6})\d+")


def rows(text: str, name: str, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) of a CSV written by Export-Csv; a ``#TYPE`` first line is skipped; every
    column of ``columns`` must be in the header."""
    lines = text.splitlines()
    skip = 1 if lines and lines[0].startswith("#TYPE") else 0
    reader = csv.DictReader(io.StringIO("\n".join(lines[skip:])))
    header = reader.fieldnames or []
    missing = [c for c in columns if c not in header]
    if missing:
        raise ValueError(f"{name}:{skip + 1}: missing column(s) {', '.join(missing)}")
    for number, row in enumerate(reader, start=skip + 2):
        if any((v or "").strip() for v in row.values()):
            yield number, {k: (v or "").strip() for k, v in row.items() if k}


def parse_manifest(text: str) -> tuple[list[str], dict[str, str], str]:
    """(servers read, servers failed -> reason, Veeam status) of manifest.json."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"manifest.json:{exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or data.get("pack") != "kszcheck-windows-pack":
        raise ValueError("manifest.json:1: not written by the kszcheck Windows pack")
    hosts = data.get("hosts") or []
    hosts = [hosts] if isinstance(hosts, dict) else hosts  # ConvertTo-Json of one object
    read: list[str] = []
    failed: dict[str, str] = {}
    for entry in hosts:
        name = str(entry.get("computer_name") or entry.get("name") or "")
        if entry.get("status") == "ok":
            read.append(name)
        else:
            failed[str(entry.get("name") or name)] = str(entry.get("error") or "not read")
    return read, failed, str(data.get("veeam") or "not_requested")


def parse_manifest_rows(text: str) -> dict[str, int] | None:
    """The number of rows the pack wrote to each CSV file (``rows`` of manifest.json, written
    after the files); None for a manifest without them (a pack older than this kszcheck)."""
    data: Any = json.loads(text)  # parse_manifest has refused invalid JSON already
    found = data.get("rows") if isinstance(data, dict) else None
    if not isinstance(found, dict):
        return None
    return {str(k): v for k, v in found.items() if isinstance(v, int) and not isinstance(v, bool)}


def parse_local_groups(text: str, name: str) -> list[LocalGroupMember]:
    columns = ("ComputerName", "Group", "Name", "SID", "ObjectClass", "PrincipalSource")
    found = []
    for line, row in rows(text, name, columns):
        if row["Group"] not in _GROUPS:
            raise ValueError(f"{name}:{line}: unknown group '{row['Group']}'")
        found.append(
            LocalGroupMember(
                host=row["ComputerName"], group=row["Group"], name=row["Name"], sid=row["SID"],
                object_class=row["ObjectClass"], principal_source=row["PrincipalSource"],
                line=line,
            )
        )  # fmt: skip
    return found


def parse_updates(text: str, name: str) -> list[InstalledUpdate]:
    found = []
    for line, row in rows(text, name, ("ComputerName", "HotFixID", "Description", "InstalledOn")):
        day = row["InstalledOn"]
        try:
            installed = date.fromisoformat(day) if day else None
        except ValueError:
            raise ValueError(f"{name}:{line}: InstalledOn '{day}' is not yyyy-MM-dd") from None
        found.append(
            InstalledUpdate(host=row["ComputerName"], hotfix_id=row["HotFixID"],
                            description=row["Description"], installed_on=installed, line=line)
        )  # fmt: skip
    return found


def parse_event_logs(text: str, name: str) -> list[HostEventLog]:
    columns = ("ComputerName", "LogName", "MaximumSizeInBytes", "LogMode", "IsEnabled")
    found = []
    for line, row in rows(text, name, columns):
        if row["LogMode"] not in _LOG_MODES:
            raise ValueError(f"{name}:{line}: LogMode '{row['LogMode']}' is not one of "
                             "Circular, AutoBackup, Retain")  # fmt: skip
        size = row["MaximumSizeInBytes"]
        if not size.isdigit():
            raise ValueError(f"{name}:{line}: MaximumSizeInBytes '{size}' is not a number")
        found.append(
            HostEventLog(host=row["ComputerName"], log=row["LogName"].lower(),
                         max_size_kb=int(size) // 1024, mode=row["LogMode"],
                         enabled=row["IsEnabled"].lower() == "true", line=line)
        )  # fmt: skip
    return found


def parse_auditpol(text: str, name: str, host: str) -> list[HostAuditSetting]:
    """One server's ``auditpol /get /category:* /r`` output."""
    try:
        parsed = parse_audit_csv(text)
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None
    return [
        HostAuditSetting(host=r.machine or host, subcategory=r.subcategory, guid=r.guid,
                         success=r.success, failure=r.failure, line=r.line)
        for r in parsed
    ]  # fmt: skip


def parse_veeam_jobs(text: str, name: str) -> list[BackupJob]:
    columns = ("Name", "JobType", "IsScheduleEnabled", "Objects", "Repository")
    return [
        BackupJob(name=row["Name"], job_type=row["JobType"],
                  enabled=row["IsScheduleEnabled"].lower() == "true",
                  objects=[o.strip() for o in row["Objects"].split(";") if o.strip()],
                  repository=row["Repository"], line=line)
        for line, row in rows(text, name, columns)
    ]  # fmt: skip


def _when(value: str, name: str, line: int, column: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(_FRACTION.sub(r"\1", value.replace("Z", "+00:00")))
    except ValueError:
        raise ValueError(f"{name}:{line}: {column} '{value}' is not an ISO 8601 time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_veeam_sessions(text: str, name: str) -> list[BackupSession]:
    columns = ("JobName", "Result", "CreationTime", "EndTime")
    return [
        BackupSession(job=row["JobName"], result=row["Result"],
                      started=_when(row["CreationTime"], name, line, "CreationTime"),
                      ended=_when(row["EndTime"], name, line, "EndTime"), line=line)
        for line, row in rows(text, name, columns)
    ]  # fmt: skip
