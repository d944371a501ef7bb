"""The site profile (site.yaml): what only the people on site know, written once."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from kszcheck.model.common import Strict

__all__ = [
    "SDZ_NETWORK_KINDS",
    "USER_ZONE_KINDS",
    "CredentialRef",
    "Organisation",
    "Organisations",
    "SeparationModel",
    "SiteProfile",
    "SourceSpec",
    "SourceType",
    "Zone",
    "ZoneKind",
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
    """A secret by reference only: an environment variable or a file. Never the secret itself."""

    env: str | None = None
    file: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> CredentialRef:
        if (self.env is None) == (self.file is None):
            raise ValueError("give exactly one of 'env' or 'file'")
        return self


class SourceType(StrEnum):
    ldif = "ldif"
    ldap = "ldap"
    servers = "servers"
    shares = "shares"
    backups = "backups"
    people = "people"
    records = "records"
    network = "network"


class SourceSpec(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    type: SourceType
    path: str = ""
    url: str = ""
    bind_dn: str = ""
    password: CredentialRef | None = None
    ca_file: str = ""
    options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("password", mode="before")
    @classmethod
    def _no_inline_secret(cls, value: Any) -> Any:
        if isinstance(value, str):
            raise ValueError(
                "a password is never written in the site profile; "
                "use 'password: {env: VARIABLE}' or 'password: {file: path}'"
            )
        return value

    @model_validator(mode="after")
    def _where(self) -> SourceSpec:
        if self.type is SourceType.ldap:
            if not self.url:
                raise ValueError(f"source '{self.id}' of type ldap needs a 'url'")
        elif not self.path:
            raise ValueError(f"source '{self.id}' of type {self.type} needs a 'path'")
        return self


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


class SiteProfile(Strict):
    name: str
    organisations: Organisations | None = None
    separation_model: SeparationModel | None = None
    zones: list[Zone] = Field(default_factory=list)
    sources: list[SourceSpec] = Field(default_factory=list)
    #: Parameter overrides per rule id.
    params: dict[str, dict[str, Any]] = Field(default_factory=dict)
    waivers: str = ""
    language: Literal["nl", "en"] = "nl"

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
