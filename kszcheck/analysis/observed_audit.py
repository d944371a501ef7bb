"""The audit policy and Security log a server really has, from what was observed: the server
itself (the Windows pack: ``auditpol``, ``Get-WinEvent``) first, else the GPOs that apply to
its computer object (SYSVOL). None means "not observed": the rule falls back to what was
declared, or says it does not know — never "audited"."""

from __future__ import annotations

from dataclasses import dataclass

from kszcheck.analysis.directory_index import DirectoryIndex
from kszcheck.analysis.gpo import EffectivePolicy, GpoResolver
from kszcheck.analysis.hosts import host_of
from kszcheck.model.hosts import Hosts

__all__ = ["AUDIT", "AuditObservation", "LogObservation", "ObservedAudit"]

#: Advanced audit subcategories by what the rules call them (GUIDs as auditpol and audit.csv
#: write them, lower case).
AUDIT: dict[str, tuple[str, ...]] = {
    # object access on files and shares: any of them counts
    "object_access": (
        "0cce921d-69ae-11d9-bed3-505054503030",  # File System
        "0cce9224-69ae-11d9-bed3-505054503030",  # File Share
        "0cce9244-69ae-11d9-bed3-505054503030",  # Detailed File Share
    ),
    "security_group_management": ("0cce9237-69ae-11d9-bed3-505054503030",),
    "user_account_management": ("0cce9235-69ae-11d9-bed3-505054503030",),
    "directory_service_changes": ("0cce923c-69ae-11d9-bed3-505054503030",),
}


@dataclass(frozen=True)
class AuditObservation:
    success: bool  # success auditing of at least one of the subcategories
    source: str  # where it was seen, for evidence: "auditpol SRV-X", "GPO <name>", ...


@dataclass(frozen=True)
class LogObservation:
    max_size_kb: int | None
    retention: str  # overwrite, archive, never, by_days, ''
    source: str


class ObservedAudit:
    def __init__(
        self,
        hosts: Hosts,
        gpo: GpoResolver | None,
        directory: DirectoryIndex,
        *,
        audit_policy: bool = False,
        event_logs: bool = False,
    ) -> None:
        """``audit_policy``/``event_logs``: whether the Windows pack's host.audit_policy and
        host.event_logs were collected; ``gpo``: a resolver when GPO content was read."""
        self._read = {host_of(h) for h in hosts.hosts_read}
        self._rows: dict[str, dict[str, bool]] = {}
        for row in hosts.audit_policy if audit_policy else []:
            self._rows.setdefault(host_of(row.host), {})[row.guid] = row.success
        self._logs = {host_of(e.host): e for e in (hosts.event_logs if event_logs else [])}
        self._gpo = gpo
        self._directory = directory

    def audit(self, server: str, aspect: str) -> AuditObservation | None:
        guids = AUDIT[aspect]
        key = host_of(server)
        rows = self._rows.get(key)
        if rows is not None and key in self._read:
            on = any(rows.get(g, False) for g in guids)
            return AuditObservation(on, f"auditpol {server}")
        effective = self._effective(server)
        if effective is None:
            return None
        settings = [found for g in guids if (found := effective.audit(g)) is not None]
        if any(s.success for s, _ in settings):
            return AuditObservation(True, "GPO " + next(n for s, n in settings if s.success))
        if effective.unread:
            return None  # a GPO that applies was not read: it might set it
        if settings:
            return AuditObservation(False, "GPO " + settings[-1][1])
        return AuditObservation(False, "no GPO sets it")

    def security_log(self, server: str) -> LogObservation | None:
        log = self._logs.get(host_of(server))
        if log is not None:
            retention = {"Circular": "overwrite", "AutoBackup": "archive", "Retain": "never"}
            mode = retention.get(log.mode, "")
            return LogObservation(log.max_size_kb, mode, f"Get-WinEvent {server}")
        effective = self._effective(server)
        if effective is None or effective.unread:
            return None
        merged, names = effective.event_log("security")
        if not names:
            return None  # no GPO sets it: the size is whatever the server has
        return LogObservation(merged.max_size_kb, merged.retention, "GPO " + ", ".join(names))

    def _effective(self, server: str) -> EffectivePolicy | None:
        if self._gpo is None:
            return None
        computer = self._directory.find_computer(server)
        if computer is None:
            return None
        return self._gpo.effective(computer.dn)
