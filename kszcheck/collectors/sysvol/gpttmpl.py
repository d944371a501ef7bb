"""Parse a GPO's security template, ``Machine/Microsoft/Windows NT/SecEdit/GptTmpl.inf``.

The file is an INI file in UTF-16LE with a byte-order mark, as the Group Policy editor writes it
([MS-GPSB] 2.2: "Security Template"): ``[System Access]``, ``[Kerberos Policy]``,
``[Event Audit]``, ``[System Log]``/``[Security Log]``/``[Application Log]``,
``[Registry Values]`` (``MACHINE\\key\\value=type,data``), ``[Privilege Rights]``
(``SeRight = *S-1-5-32-544,name``) and ``[Group Membership]`` (``*SID__Members = ...``,
``*SID__Memberof = ...``). Lines that are not understood are returned as errors, never dropped
silently.
"""

from __future__ import annotations

from kszcheck.model.policy import EventLogSetting, GpoContent, RegistrySetting, RestrictedGroup

__all__ = ["parse_gpttmpl"]

_LOG_SECTIONS = {
    "system log": "system",
    "security log": "security",
    "application log": "application",
}
#: AuditLogRetentionPeriod ([MS-GPSB] 2.2.6): 0 overwrite as needed, 1 by days, 2 never
_RETENTION = {0: "overwrite", 1: "by_days", 2: "never"}
#: registry value types of [Registry Values] (REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD,
#: REG_MULTI_SZ)
_INT_TYPES = {4, 11}
_TEXT_TYPES = {1, 2, 3, 7}
_IGNORED = {
    "unicode",
    "version",
    "profile description",
    "file security",
    "registry keys",
    "service general setting",
}


def _principals(value: str) -> list[str]:
    return [p.strip().lstrip("*") for p in value.split(",") if p.strip()]


def _registry(name: str, value: str) -> RegistrySetting:
    path = name.strip()
    hive, _, rest = path.partition("\\")
    if hive.upper() != "MACHINE" or "\\" not in rest:
        raise ValueError(f"registry value '{path}' is not under MACHINE\\")
    key, _, value_name = rest.rpartition("\\")
    kind, _, data = value.partition(",")
    type_id = int(kind.strip())
    if type_id in _INT_TYPES:
        return RegistrySetting(
            key=key, name=value_name, data=int(data.strip().strip('"')), origin="GptTmpl.inf"
        )
    if type_id in _TEXT_TYPES:
        text = data.strip()
        if type_id == 7:
            text = "\n".join(part for part in text.split(",") if part)
        elif len(text) >= 2 and text.startswith('"') and text.endswith('"'):
            text = text[1:-1]
        return RegistrySetting(key=key, name=value_name, data=text, origin="GptTmpl.inf")
    raise ValueError(f"registry value '{path}' has unknown type {type_id}")


def parse_gpttmpl(text: str, guid: str, path: str = "") -> GpoContent:
    """The settings of one GptTmpl.inf (already decoded to text)."""
    content = GpoContent(guid=guid, path=path)
    logs: dict[str, EventLogSetting] = {}
    groups: dict[str, RestrictedGroup] = {}
    section = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip().lower()
            continue
        name, sep, value = line.partition("=")
        name, value = name.strip(), value.strip()
        try:
            if not sep:
                raise ValueError("is not 'name = value'")
            if section in _IGNORED:
                continue
            if section == "system access":
                content.system_access[name] = int(value.strip('"'))
            elif section == "kerberos policy":
                content.kerberos[name] = int(value)
            elif section == "event audit":
                content.legacy_audit[name] = int(value)
            elif section in _LOG_SECTIONS:
                log = logs.setdefault(section, EventLogSetting(log=_LOG_SECTIONS[section]))
                _log_setting(log, name, int(value))
            elif section == "registry values":
                content.registry.append(_registry(name, value))
            elif section == "privilege rights":
                content.privilege_rights[name] = _principals(value)
            elif section == "group membership":
                _membership(groups, name, value)
            else:
                raise ValueError(f"unknown section [{section}]")
        except ValueError as exc:
            content.errors.append(f"GptTmpl.inf:{number}: {exc}")
    content.event_logs = list(logs.values())
    content.restricted_groups = list(groups.values())
    return content


def _log_setting(log: EventLogSetting, name: str, value: int) -> None:
    if name == "MaximumLogSize":
        log.max_size_kb = value
    elif name == "AuditLogRetentionPeriod":
        if value not in _RETENTION:
            raise ValueError(f"AuditLogRetentionPeriod {value} is not 0, 1 or 2")
        log.retention = _RETENTION[value]
    elif name == "RetentionDays":
        log.retention_days = value
    elif name != "RestrictGuestAccess":
        raise ValueError(f"unknown event-log setting '{name}'")


def _membership(groups: dict[str, RestrictedGroup], name: str, value: str) -> None:
    group, sep, kind = name.rpartition("__")
    if not sep or kind.lower() not in ("members", "memberof"):
        raise ValueError(f"'{name}' is not '<group>__Members' or '<group>__Memberof'")
    key = group.lstrip("*")
    entry = groups.setdefault(key.lower(), RestrictedGroup(group=key))
    if kind.lower() == "members":
        entry.members = _principals(value)
    else:
        entry.member_of = _principals(value)
