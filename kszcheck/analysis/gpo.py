"""Which GPOs apply to a container or computer, in which order, and what they set together.

Group Policy processing for computer settings ([MS-GPOL] 3.2.5.1.5, "Local, Site, Domain, OU"):
the GPOs linked to the domain head, then to each OU down to the object's own OU; within one
container the link with the highest link order first and link order 1 last, so that it wins.
A container with block inheritance (gPOptions 1) drops the non-enforced links from above it.
Enforced links are applied after all others, from the lowest container up to the domain, so
an enforced link at the domain wins over everything. Disabled links, and GPOs whose computer
settings are disabled (flags 2 or 3), are skipped. A GPO whose folder had a file that could not
be read or understood counts as not read. Site-linked GPOs are not read (kszcheck does
not collect the sites' gPLink); local policy is not in SYSVOL.

The last GPO that sets a value decides it (:class:`EffectivePolicy`). A GPO that applies but
whose content was not read from SYSVOL is listed in ``unread``: a setting that is "not set" is
then not proven, and the rules say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kszcheck.model.common import norm_dn
from kszcheck.model.directory import Directory, Gpo, GpoLink
from kszcheck.model.policy import AuditSetting, EventLogSetting, GpoContent, Policy

__all__ = ["AppliedGpo", "EffectivePolicy", "GpoResolver", "Setting"]

_COMPUTER_SETTINGS_DISABLED = 0x2


@dataclass(frozen=True)
class AppliedGpo:
    dn: str
    name: str  # display name, else the GUID
    guid: str
    container: str  # DN of the container the link sits on
    enforced: bool
    content: GpoContent | None  # None: not read from SYSVOL


@dataclass(frozen=True)
class Setting:
    """An effective value and the GPO that sets it (for evidence)."""

    value: int | str
    gpo: str


@dataclass
class EffectivePolicy:
    """The GPOs that apply (lowest precedence first) and the values they set together."""

    gpos: list[AppliedGpo]
    unread: list[str] = field(default_factory=list)

    def _read(self) -> list[AppliedGpo]:
        return [g for g in self.gpos if g.content is not None]

    def registry(self, key: str, name: str) -> Setting | None:
        found: Setting | None = None
        for gpo in self._read():
            assert gpo.content is not None
            for value in gpo.content.registry:
                if value.key.lower() == key.lower() and value.name.lower() == name.lower():
                    found = Setting(value.data, gpo.name)
        return found

    def audit(self, guid: str) -> tuple[AuditSetting, str] | None:
        """The advanced audit setting of one subcategory (by GUID) and its GPO."""
        found: tuple[AuditSetting, str] | None = None
        for gpo in self._read():
            assert gpo.content is not None
            for setting in gpo.content.audit:
                if setting.guid == guid.lower().strip("{}"):
                    found = (setting, gpo.name)
        return found

    def system_access(self, name: str) -> Setting | None:
        found: Setting | None = None
        for gpo in self._read():
            assert gpo.content is not None
            if name in gpo.content.system_access:
                found = Setting(gpo.content.system_access[name], gpo.name)
        return found

    def event_log(self, log: str) -> tuple[EventLogSetting, list[str]]:
        """Size and retention of one event log, from the security template and from the
        administrative templates (Software\\Policies\\Microsoft\\Windows\\EventLog\\<Log>:
        MaxSize in KB, Retention "0" overwrite / "-1" keep, AutoBackupLogFiles "1")."""
        merged = EventLogSetting(log=log)
        names: list[str] = []
        key = f"Software\\Policies\\Microsoft\\Windows\\EventLog\\{log.capitalize()}"
        for gpo in self._read():
            assert gpo.content is not None
            for setting in gpo.content.event_logs:
                if setting.log == log:
                    if setting.max_size_kb is not None:
                        merged.max_size_kb = setting.max_size_kb
                    if setting.retention:
                        merged.retention = setting.retention
                    if setting.retention_days is not None:
                        merged.retention_days = setting.retention_days
                    names.append(gpo.name)
            for value in gpo.content.registry:
                if value.key.lower() != key.lower():
                    continue
                if value.name.lower() == "maxsize" and isinstance(value.data, int):
                    merged.max_size_kb = value.data
                elif value.name.lower() == "retention":
                    merged.retention = "never" if str(value.data).strip() == "-1" else "overwrite"
                elif value.name.lower() == "autobackuplogfiles" and str(value.data) == "1":
                    merged.retention = "archive"
                else:
                    continue
                names.append(gpo.name)
        return merged, list(dict.fromkeys(names))

    def restricted_members(self, group_sid: str) -> tuple[list[str], str] | None:
        """The members a restricted-groups setting forces on a local group, and its GPO."""
        found: tuple[list[str], str] | None = None
        for gpo in self._read():
            assert gpo.content is not None
            for group in gpo.content.restricted_groups:
                if group.group.lower() == group_sid.lower() and group.members is not None:
                    found = (group.members, gpo.name)
        return found


class GpoResolver:
    def __init__(self, directory: Directory, policy: Policy) -> None:
        self._gpos: dict[str, Gpo] = {norm_dn(g.dn): g for g in directory.gpos}
        self._content = {c.guid: c for c in policy.gpos}
        self._links: dict[str, list[GpoLink]] = {
            norm_dn(d.dn): d.gp_links for d in directory.domains
        }
        self._blocks: set[str] = set()
        self._written: dict[str, str] = {norm_dn(d.dn): d.dn for d in directory.domains}
        self._domains = set(self._links)
        for ou in directory.ous:
            self._links[norm_dn(ou.dn)] = ou.gp_links
            self._written[norm_dn(ou.dn)] = ou.dn
            if ou.block_inheritance:
                self._blocks.add(norm_dn(ou.dn))

    def _chain(self, dn: str) -> list[str]:
        """The containers from the domain head down to ``dn`` (itself included if it is one)."""
        key = norm_dn(dn)
        chain = []
        while key:
            if key in self._links:
                chain.append(key)
            if key in self._domains:
                break
            key = key.split(",", 1)[1] if "," in key else ""
        return list(reversed(chain))

    def effective(self, dn: str) -> EffectivePolicy:
        """The policy that applies to an OU or computer DN."""
        chain = self._chain(dn)
        normal: list[AppliedGpo] = []
        enforced: list[list[AppliedGpo]] = []  # per container, domain first
        for depth, container in enumerate(chain):
            blocked_below = any(c in self._blocks for c in chain[depth + 1 :])
            here: list[AppliedGpo] = []
            for link in sorted(self._links.get(container, []), key=lambda link: -link.order):
                applied = None if link.disabled else self._applied(link, container)
                if applied is None:
                    continue
                if link.enforced:
                    here.append(applied)
                elif not blocked_below:
                    normal.append(applied)
            enforced.append(here)
        ordered = normal + [g for here in reversed(enforced) for g in here]
        unread = [g.name for g in ordered if g.content is None or g.content.errors]
        return EffectivePolicy(ordered, unread)

    def _applied(self, link: GpoLink, container: str) -> AppliedGpo | None:
        gpo = self._gpos.get(norm_dn(link.gpo_dn))
        guid = _guid_of(link.gpo_dn) if gpo is None else gpo.guid
        if gpo is not None and gpo.flags & _COMPUTER_SETTINGS_DISABLED:
            return None
        name = (gpo.display_name if gpo else "") or guid
        return AppliedGpo(
            dn=link.gpo_dn,
            name=name,
            guid=guid,
            container=self._written.get(container, container),
            enforced=link.enforced,
            content=self._content.get(guid),
        )


def _guid_of(gpo_dn: str) -> str:
    first = gpo_dn.split(",", 1)[0]
    return first.split("=", 1)[-1].strip().strip("{}").lower()
