"""Group Policy content read from SYSVOL: what each GPO sets.

One :class:`GpoContent` per GPO folder (``Policies/{GUID}``), from three files Windows writes:

- ``Machine/Microsoft/Windows NT/SecEdit/GptTmpl.inf`` (security template, UTF-16LE): password,
  lockout and Kerberos policy, event-log settings, restricted groups, user rights assignment,
  security options (registry values) and the legacy audit policy;
- ``Machine/Microsoft/Windows NT/Audit/audit.csv``: the advanced audit policy;
- ``Machine/Registry.pol`` (PReg): administrative-template registry settings.

Which GPO applies where (gPLink order, enforcement, block inheritance) is in the directory facts
(:class:`kszcheck.model.directory.GpoLink`); kszcheck/analysis/gpo.py joins the two.
"""

from __future__ import annotations

from pydantic import Field

from kszcheck.model.common import Strict

__all__ = [
    "AuditSetting",
    "EventLogSetting",
    "GpoContent",
    "Policy",
    "RegistrySetting",
    "RestrictedGroup",
]


class RegistrySetting(Strict):
    """One registry value a GPO sets on computers (HKLM), without the hive prefix:
    ``System\\CurrentControlSet\\Services\\LanManServer\\Parameters`` and
    ``RequireSecuritySignature``.
    ``data`` is an integer for REG_DWORD/REG_QWORD, else text (REG_MULTI_SZ joined by ``\\n``)."""

    key: str
    name: str
    data: int | str
    origin: str  # "GptTmpl.inf" (security options) or "Registry.pol" (administrative templates)


class AuditSetting(Strict):
    """One advanced audit subcategory: success and/or failure auditing on (both False: set to
    "No Auditing")."""

    subcategory: str
    guid: str  # lower case, without braces
    success: bool
    failure: bool


class EventLogSetting(Strict):
    """Size and retention of one event log (``security``, ``system``, ``application``)."""

    log: str
    max_size_kb: int | None = None
    #: overwrite (as needed), by_days, never (do not overwrite: clear manually), archive
    #: (archive the log when full); '' when the GPO does not set it
    retention: str = ""
    retention_days: int | None = None


class RestrictedGroup(Strict):
    """A restricted group: ``members`` replaces the group's members where the GPO applies
    (None: not set); ``member_of`` adds the group to others. Members are SIDs (``*S-1-…`` in
    the file, written here without the star) or names as written."""

    group: str
    members: list[str] | None = None
    member_of: list[str] | None = None


class GpoContent(Strict):
    """What one GPO's SYSVOL folder sets for computers."""

    guid: str  # lower case, without braces (as Gpo.guid)
    path: str = ""  # where it was read, for evidence
    #: [System Access]: MinimumPasswordLength, PasswordComplexity, LockoutBadCount, ...
    system_access: dict[str, int] = Field(default_factory=dict)
    kerberos: dict[str, int] = Field(default_factory=dict)
    #: [Event Audit]: the legacy audit categories (0 none, 1 success, 2 failure, 3 both)
    legacy_audit: dict[str, int] = Field(default_factory=dict)
    #: [Privilege Rights]: user right (SeRemoteInteractiveLogonRight, ...) -> principals
    privilege_rights: dict[str, list[str]] = Field(default_factory=dict)
    restricted_groups: list[RestrictedGroup] = Field(default_factory=list)
    registry: list[RegistrySetting] = Field(default_factory=list)
    audit: list[AuditSetting] = Field(default_factory=list)
    event_logs: list[EventLogSetting] = Field(default_factory=list)
    #: files of the folder that could not be understood (file: what)
    errors: list[str] = Field(default_factory=list)


class Policy(Strict):
    """Group Policy content of the domain (fact kind ``gpo.settings``)."""

    gpos: list[GpoContent] = Field(default_factory=list)
