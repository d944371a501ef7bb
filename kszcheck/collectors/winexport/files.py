"""The files of a Windows pack folder and their columns: the one list the script, the collector
and the schema test share."""

from __future__ import annotations

__all__ = ["AUDITPOL_FOLDER", "CSV_FILES", "MANIFEST", "VEEAM_FILES"]

MANIFEST = "manifest.json"
AUDITPOL_FOLDER = "auditpol"  # one '<SERVER>.csv' per server: auditpol /get /category:* /r

#: file -> the columns the script writes (Export-Csv -NoTypeInformation -Encoding UTF8)
CSV_FILES: dict[str, tuple[str, ...]] = {
    "local_group_members.csv": (
        "ComputerName", "Group", "Name", "SID", "ObjectClass", "PrincipalSource",
    ),
    "updates.csv": ("ComputerName", "HotFixID", "Description", "InstalledOn"),
    "event_logs.csv": ("ComputerName", "LogName", "MaximumSizeInBytes", "LogMode", "IsEnabled"),
    "shares.csv": ("ComputerName", "Name", "Path", "Description"),
    "share_access.csv": (
        "ComputerName", "Name", "AccountName", "AccessControlType", "AccessRight", "SID",
    ),
    "ntfs_acl.csv": (
        "ComputerName", "Share", "Path", "IdentityReference", "FileSystemRights",
        "AccessControlType", "IsInherited", "InheritanceFlags", "PropagationFlags", "SID",
    ),
}  # fmt: skip

#: written only with -Veeam
VEEAM_FILES: dict[str, tuple[str, ...]] = {
    "veeam_jobs.csv": ("Name", "JobType", "IsScheduleEnabled", "Objects", "Repository"),
    "veeam_sessions.csv": ("JobName", "Result", "CreationTime", "EndTime"),
}
