"""AD topology: trusts (trustedDomain objects), and sites and subnets (configuration partition),
from raw AD entries. Pure: records in, model objects out. The rest is ad_normalise's job."""

from __future__ import annotations

from collections.abc import Iterable

from kszcheck.collectors.ad_record import LdifRecord
from kszcheck.collectors.sid import is_sid, sid_to_str
from kszcheck.model.directory import Site, Subnet, Trust

__all__ = ["parse_sites", "parse_subnets", "parse_trusts", "rdn_value"]

_DIRECTIONS = {0: "disabled", 1: "inbound", 2: "outbound", 3: "bidirectional"}
_TYPES = {1: "downlevel", 2: "uplevel", 3: "mit", 4: "dce"}
_QUARANTINED = 0x4
_FOREST_TRANSITIVE = 0x8
_WITHIN_FOREST = 0x20


def _text(record: LdifRecord, name: str) -> str:
    value = record.first(name)
    if value is None:
        return ""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _int(record: LdifRecord, name: str) -> int:
    text = _text(record, name).strip()
    try:
        return int(text) if text else 0
    except ValueError:
        return 0


def rdn_value(dn: str) -> str:
    """The value of the first RDN: 'CN=OCMW-Site,CN=Sites,...' -> 'OCMW-Site'."""
    first, _, rest = dn.partition(",")
    while first.endswith("\\") and rest:  # an escaped comma inside the value
        more, _, rest = rest.partition(",")
        first = f"{first},{more}"
    return first.split("=", 1)[-1].replace("\\,", ",").strip()


def _sid(record: LdifRecord) -> str:
    value = record.first("securityIdentifier")
    if isinstance(value, bytes):
        try:
            return sid_to_str(value)
        except ValueError:
            return ""
    return value.strip() if isinstance(value, str) and is_sid(value.strip()) else ""


def parse_trusts(records: Iterable[LdifRecord]) -> list[Trust]:
    trusts: list[Trust] = []
    for record in records:
        attributes = _int(record, "trustAttributes")
        trusts.append(
            Trust(
                partner=_text(record, "trustPartner") or rdn_value(record.dn),
                flat_name=_text(record, "flatName"),
                sid=_sid(record),
                direction=_DIRECTIONS.get(_int(record, "trustDirection"), "unknown"),
                trust_type=_TYPES.get(_int(record, "trustType"), "unknown"),
                attributes=attributes,
                forest_transitive=bool(attributes & _FOREST_TRANSITIVE),
                within_forest=bool(attributes & _WITHIN_FOREST),
                sid_filtering=bool(attributes & _QUARANTINED),
            )
        )
    return trusts


def parse_sites(records: Iterable[LdifRecord]) -> list[Site]:
    return [
        Site(
            dn=r.dn,
            name=_text(r, "cn") or rdn_value(r.dn),
            description=_text(r, "description"),
        )
        for r in records
    ]


def parse_subnets(records: Iterable[LdifRecord]) -> list[Subnet]:
    subnets: list[Subnet] = []
    for record in records:
        site_dn = _text(record, "siteObject")
        subnets.append(
            Subnet(
                dn=record.dn,
                prefix=_text(record, "cn") or rdn_value(record.dn),
                site=rdn_value(site_dn) if site_dn else "",
                location=_text(record, "location"),
                description=_text(record, "description"),
            )
        )
    return subnets
