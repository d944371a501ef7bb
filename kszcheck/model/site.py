"""The site profile (site.yaml): what only the people on site know, written once."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from kszcheck.model.common import Lang, Strict
from kszcheck.model.problems import ActionPlanSettings

__all__ = [
    "SDZ_NETWORK_KINDS",
    "USER_ZONE_KINDS",
    "CredentialRef",
    "HistorySettings",
    "NotifySettings",
    "Organisation",
    "Organisations",
    "SeparationModel",
    "SiteProfile",
    "SourceSpec",
    "SourceType",
    "Zone",
    "ZoneKind",
    "url_holds_password",
]


class ZoneKind(StrEnum):
    social_data = "social_data"  # the social-data zone (OUs, groups, servers, shares, segments)
    social_data_users = "social_data_users"  # social-service workstation segments
    social_data_servers = "social_data_servers"  # server segments holding social data
    gemeente_users = "gemeente_users"
    ocmw_users = "ocmw_users"
    servers = "servers"
    management = "management"
    guest = "guest"
    public = "public"
    other = "other"


#: Kinds of zone that belong to the social-data zone.
SDZ_NETWORK_KINDS = frozenset(
    {ZoneKind.social_data, ZoneKind.social_data_users, ZoneKind.social_data_servers}
)
#: Kinds of zone where user endpoints live.
USER_ZONE_KINDS = frozenset(
    {
        ZoneKind.social_data_users,
        ZoneKind.gemeente_users,
        ZoneKind.ocmw_users,
        ZoneKind.guest,
        ZoneKind.public,
    }
)


class Zone(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    kind: ZoneKind
    name: str = ""
    ous: list[str] = Field(default_factory=list)
    groups: list[str] = Field(default_factory=list)
    vlans: list[int] = Field(default_factory=list)
    subnets: list[str] = Field(default_factory=list)
    servers: list[str] = Field(default_factory=list)
    shares: list[str] = Field(default_factory=list)
    #: GPOs that are part of the zone wherever they are linked (display name, GUID or DN)
    gpos: list[str] = Field(default_factory=list)
    #: Inter-zone filtering done by a device outside the collected facts (e.g. a firewall).
    filtered_by: str = ""

    @field_validator("vlans")
    @classmethod
    def _vlan_range(cls, value: list[int]) -> list[int]:
        for vid in value:
            if not 1 <= vid <= 4094:
                raise ValueError(f"VLAN {vid} is outside 1-4094")
        return value

    @field_validator("subnets")
    @classmethod
    def _subnets(cls, value: list[str]) -> list[str]:
        import ipaddress

        for net in value:
            try:
                ipaddress.ip_network(net, strict=False)
            except ValueError:
                raise ValueError(f"'{net}' is not a subnet (expected e.g. 10.30.0.0/24)") from None
        return value


class CredentialRef(Strict):
    """A secret by reference only: an environment variable, a file, or an entry of the operating
    system's keyring (``service/user``: Windows Credential Manager, macOS Keychain, Secret
    Service). Never the secret itself."""

    env: str | None = None
    file: str | None = None
    keyring: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> CredentialRef:
        given = [k for k in ("env", "file", "keyring") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of 'env', 'file' or 'keyring'")
        if self.keyring is not None:
            service, _, user = self.keyring.rpartition("/")
            if not service.strip() or not user.strip():
                raise ValueError(
                    "a keyring reference is 'service/user', e.g. {keyring: kszcheck-ldap/svc-audit}"
                )
        return self

    @property
    def keyring_entry(self) -> tuple[str, str]:
        """The keyring reference as (service, user): split at its last '/'."""
        service, _, user = str(self.keyring).rpartition("/")
        return service, user


class SourceType(StrEnum):
    ldif = "ldif"
    ldap = "ldap"
    servers = "servers"
    shares = "shares"
    backups = "backups"
    people = "people"
    records = "records"
    network = "network"
    # optional inventory exports (kszcheck/model/assets.py), CSV or YAML
    application_roles = "application_roles"
    mailbox_permissions = "mailbox_permissions"
    print_queues = "print_queues"
    scan_profiles = "scan_profiles"
    disposals = "disposals"
    switchconfig = "switchconfig"  # saved switch configurations: a file, a folder or a glob
    snmp = "snmp"  # switches read over SNMP v2c or v3 (targets; credentials by reference)
    snmpwalk = "snmpwalk"  # recorded walks (snmpwalk -On, snmpbulkwalk -On -Ox, .snmprec)
    sysvol = "sysvol"  # GPO content: a copy of SYSVOL (path)
    windows_export = "windows-export"  # the folder the Windows pack wrote (path)
    smb = "smb"  # file servers read over SMB 2/3: shares, share permissions, NTFS rights
    smb_recorded = "smb_recorded"  # an SMB collection recorded earlier (JSON, see smb.py)
    netbox = "netbox"  # NetBox's REST API: devices, switch ports, VLANs (url, token by reference)


class SourceSpec(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    type: SourceType
    path: str = ""
    url: str = ""
    bind_dn: str = ""
    password: CredentialRef | None = None
    ca_file: str = ""
    options: dict[str, Any] = Field(default_factory=dict)
    #: SNMP (type snmp): the agents, as host, host:port or [IPv6]:port (default port 161);
    #: SMB (type smb): the file servers (default port 445; default: the zone's servers) ...
    targets: list[str] = Field(default_factory=list)
    #: SMB (type smb): the account to log on with (DOMAIN\\user or user@domain) ...
    username: str = ""
    #: ... and the credentials, by reference only: a v2c community, or a v3 user (authPriv,
    #: SHA/AES, SHA-2 and AES-192/256 with the protocols below) with its authentication and
    #: privacy keys.
    community: CredentialRef | None = None
    v3_user: str = ""
    auth_key: CredentialRef | None = None
    priv_key: CredentialRef | None = None
    #: SNMPv3 protocols (names as net-snmp's -a and -x): SHA (SHA-1, the default), SHA-224,
    #: SHA-256, SHA-384, SHA-512; AES (AES-128, the default), AES-192, AES-256 (with the key
    #: extension of net-snmp, HPE and Aruba: the Blumenthal draft).
    auth_protocol: Literal["SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512"] = "SHA"
    priv_protocol: Literal["AES", "AES-192", "AES-256"] = "AES"

    @field_validator("auth_protocol", "priv_protocol", mode="before")
    @classmethod
    def _protocol_name(cls, value: Any) -> Any:
        return (
            value.upper().replace("AES128", "AES").replace("SHA1", "SHA")
            if isinstance(value, str)
            else value
        )

    @field_validator("community", "auth_key", "priv_key", mode="before")
    @classmethod
    def _no_inline_snmp_secret(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str):
            raise ValueError(
                f"an SNMP secret is never written in the site profile; "
                f"use '{info.field_name}: {{env: VARIABLE}}' or '{info.field_name}: {{file: path}}'"
            )
        return value

    @field_validator("targets")
    @classmethod
    def _targets(cls, value: list[str]) -> list[str]:
        for target in value:
            match = _SNMP_TARGET.fullmatch(target)
            if match is None or not 1 <= int(match.group("port") or 161) <= 65535:
                raise ValueError(
                    f"'{target}' is not an SNMP target or SMB server "
                    "(expected host, host:port or [IPv6]:port, e.g. 10.99.0.2:161)"
                )
        return value

    @field_validator("password", mode="before")
    @classmethod
    def _no_inline_secret(cls, value: Any) -> Any:
        return refuse_inline_password(value)

    @model_validator(mode="after")
    def _where(self) -> SourceSpec:
        if self.type is SourceType.ldap:
            if not self.url:
                raise ValueError(f"source '{self.id}' of type ldap needs a 'url'")
        elif self.type is SourceType.snmp:
            self._snmp_credentials()
        elif self.type is SourceType.smb:
            if not self.username or self.password is None:
                raise ValueError(
                    f"source '{self.id}' of type smb needs a 'username' and a "
                    "'password: {env: VARIABLE}' (or {file: path})"
                )
        elif self.type is SourceType.netbox:
            if not self.url or self.password is None:
                raise ValueError(
                    f"source '{self.id}' of type netbox needs a 'url' and the API token as "
                    "'password: {env: VARIABLE}' (or {file: path}, {keyring: service/user})"
                )
        elif self.type is SourceType.sysvol and self.url:
            if not self.username or self.password is None:
                raise ValueError(
                    f"source '{self.id}' of type sysvol with a 'url' needs a 'username' and a "
                    "'password: {env: VARIABLE}' (or {file: path})"
                )
        elif not self.path:
            raise ValueError(f"source '{self.id}' of type {self.type} needs a 'path'")
        return self

    def _snmp_credentials(self) -> None:
        if not self.targets:
            raise ValueError(f"source '{self.id}' of type snmp needs 'targets'")
        if self.v3_user:
            if self.auth_key is None or self.priv_key is None or self.community is not None:
                raise ValueError(
                    f"source '{self.id}': SNMPv3 user '{self.v3_user}' needs 'auth_key' and "
                    "'priv_key' (authPriv, SHA/AES) and no 'community'"
                )
        elif self.community is None:
            raise ValueError(
                f"source '{self.id}' of type snmp needs a 'community' (v2c) or a 'v3_user' "
                "with 'auth_key' and 'priv_key'"
            )
        elif self.auth_key is not None or self.priv_key is not None:
            raise ValueError(f"source '{self.id}': 'auth_key' and 'priv_key' need a 'v3_user'")


#: An SNMP target: host name, IPv4 address or bracketed IPv6 address, optional :port.
_SNMP_TARGET = re.compile(r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+)(?::(?P<port>\d{1,5}))?")


class Organisation(Strict):
    name: str
    short_name: str = ""


class Organisations(Strict):
    gemeente: Organisation
    ocmw: Organisation


class SeparationModel(StrEnum):
    forest = "forest"
    domain = "domain"
    ou = "ou"
    none = "none"


def refuse_inline_password(value: Any) -> Any:
    """A password written in the profile itself is refused: only a reference is accepted."""
    if isinstance(value, str):
        raise ValueError(
            "a password is never written in the site profile; "
            "use 'password: {env: VARIABLE}' or 'password: {file: path}'"
        )
    return value


class NotifySettings(Strict):
    """SMTP settings to e-mail a scan's summary (``kszcheck scan --mail-to``).

    The password is given by reference only. With a user, the connection must be encrypted
    (STARTTLS or implicit TLS); certificates are verified.
    """

    host: str = Field(min_length=1)
    port: int = Field(default=587, ge=1, le=65535)
    starttls: bool = True
    tls: bool = False  # implicit TLS (SMTPS, usually port 465)
    user: str = ""
    password: CredentialRef | None = None
    sender: str = Field(default="kszcheck@localhost", alias="from")
    to: list[str] = Field(default_factory=list)  # default recipients
    ca_file: str = ""

    @field_validator("password", mode="before")
    @classmethod
    def _no_inline_mail_secret(cls, value: Any) -> Any:
        return refuse_inline_password(value)


def url_holds_password(url: str) -> bool:
    """Whether a database URL carries a password (``user:secret@`` or ``?password=``)."""
    rest = url.partition("://")[2]
    userinfo = rest.partition("/")[0].rpartition("@")[0]
    query = rest.partition("?")[2].lower()
    return ":" in userinfo or any(part.partition("=")[0] == "password" for part in query.split("&"))


class HistorySettings(Strict):
    """Where this site's scans are stored (``--history`` and ``$KSZCHECK_HISTORY`` override it).

    ``url`` is a PostgreSQL URL (``postgresql://scanner@db.example:5432/kszcheck``, TLS verified
    unless it says ``sslmode=…``) or an SQLite file (relative to site.yaml). Its password comes by
    reference only (``password: {env: NAME}`` or ``{file: path}``). ``spool`` is the folder where
    runs wait when the database cannot be reached (default: ``history-spool`` beside the report
    folder); ``report_url`` is how the partner's overview links to this site's report
    (``{site}`` is replaced by the report folder's name; default: the report file itself).
    """

    url: str = Field(min_length=1)
    password: CredentialRef | None = None
    spool: str = ""
    report_url: str = ""

    @field_validator("password", mode="before")
    @classmethod
    def _no_inline_history_secret(cls, value: Any) -> Any:
        return refuse_inline_password(value)

    @field_validator("url")
    @classmethod
    def _no_password_in_url(cls, value: str) -> str:
        if "://" in value and url_holds_password(value):
            raise ValueError(
                "the history URL holds a password; give it by reference: "
                "'password: {env: VARIABLE}' or 'password: {file: path}'"
            )
        return value


class SiteProfile(Strict):
    name: str
    organisations: Organisations | None = None
    separation_model: SeparationModel | None = None
    zones: list[Zone] = Field(default_factory=list)
    sources: list[SourceSpec] = Field(default_factory=list)
    #: Parameter overrides per rule id.
    params: dict[str, dict[str, Any]] = Field(default_factory=dict)
    waivers: str = ""
    language: Lang = Lang.nl
    #: SMTP settings to e-mail the summary of a scan (optional)
    notify: NotifySettings | None = None
    #: Extra rule packs (folders with rules, cases and a checks.py), relative to site.yaml.
    rule_packs: list[str] = Field(default_factory=list)
    #: Days to fix a problem per severity (defaults: kszcheck.model.problems.DEFAULT_DUE_DAYS)
    action_plan: ActionPlanSettings = Field(default_factory=ActionPlanSettings)
    #: Where the scans are stored (optional; e.g. a central PostgreSQL database)
    history: HistorySettings | None = None

    @model_validator(mode="after")
    def _unique_ids(self) -> SiteProfile:
        for label, ids in (
            ("zone", [z.id for z in self.zones]),
            ("source", [s.id for s in self.sources]),
        ):
            seen: set[str] = set()
            for ident in ids:
                if ident in seen:
                    raise ValueError(f"{label} id '{ident}' is used twice")
                seen.add(ident)
        return self

    # --- the social-data zone, as the union of the zones of a social-data kind ---

    def sdz_zones(self) -> list[Zone]:
        return [z for z in self.zones if z.kind in SDZ_NETWORK_KINDS]

    def sdz_values(self, attr: str) -> list[Any]:
        values: list[Any] = []
        for zone in self.sdz_zones():
            for value in getattr(zone, attr):
                if value not in values:
                    values.append(value)
        return values
