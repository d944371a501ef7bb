"""Turn raw AD entries (LDIF records) into directory facts. Pure: records in, Directory out.

The kind of object follows objectClass: domainDNS, organizationalUnit, user (not computer),
computer, group, groupPolicyContainer. Other entries are read only for what they add (the
NetBIOS name of a domain comes from its crossRef in the configuration partition) or skipped.

Values are what an LDIF export or an LDAP search without schema conversion gives: text for
integers and times, bytes for objectSid and nTSecurityDescriptor (objectSid may also be the
'S-1-5-...' text that ldbsearch prints). A value that does not parse is an InputError naming
the line of the attribute.

gPLink order: the string lists links from the lowest to the highest precedence, so the last
link in the string gets link order 1 (the GPMC "Link Order", where 1 wins).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import datetime
from typing import cast

from kszcheck.collectors.ad_record import LdifRecord
from kszcheck.collectors.filetime import filetime_to_datetime, generalized_time, interval_days
from kszcheck.collectors.security_descriptor import DescriptorReader
from kszcheck.collectors.sid import is_sid, sid_to_str
from kszcheck.model.common import norm_dn
from kszcheck.model.directory import (
    Computer,
    Directory,
    Domain,
    Gpo,
    GpoLink,
    Group,
    GroupScope,
    OrganizationalUnit,
    SecurityDescriptor,
    User,
)
from kszcheck.model.errors import InputError

__all__ = ["UAC_FLAGS", "Normaliser", "decode_uac", "normalise", "parse_gplink"]

#: userAccountControl bits (MS-ADTS 2.2.16), in bit order.
UAC_FLAGS: tuple[tuple[int, str], ...] = (
    (0x0000001, "SCRIPT"),
    (0x0000002, "ACCOUNTDISABLE"),
    (0x0000008, "HOMEDIR_REQUIRED"),
    (0x0000010, "LOCKOUT"),
    (0x0000020, "PASSWD_NOTREQD"),
    (0x0000040, "PASSWD_CANT_CHANGE"),
    (0x0000080, "ENCRYPTED_TEXT_PWD_ALLOWED"),
    (0x0000100, "TEMP_DUPLICATE_ACCOUNT"),
    (0x0000200, "NORMAL_ACCOUNT"),
    (0x0000800, "INTERDOMAIN_TRUST_ACCOUNT"),
    (0x0001000, "WORKSTATION_TRUST_ACCOUNT"),
    (0x0002000, "SERVER_TRUST_ACCOUNT"),
    (0x0010000, "DONT_EXPIRE_PASSWORD"),
    (0x0020000, "MNS_LOGON_ACCOUNT"),
    (0x0040000, "SMARTCARD_REQUIRED"),
    (0x0080000, "TRUSTED_FOR_DELEGATION"),
    (0x0100000, "NOT_DELEGATED"),
    (0x0200000, "USE_DES_KEY_ONLY"),
    (0x0400000, "DONT_REQ_PREAUTH"),
    (0x0800000, "PASSWORD_EXPIRED"),
    (0x1000000, "TRUSTED_TO_AUTH_FOR_DELEGATION"),
    (0x4000000, "PARTIAL_SECRETS_ACCOUNT"),
)
_KNOWN_UAC_BITS = sum(bit for bit, _ in UAC_FLAGS)
_ACCOUNTDISABLE = 0x2
_PASSWD_NOTREQD = 0x20
_DONT_EXPIRE_PASSWORD = 0x10000
_DONT_REQ_PREAUTH = 0x400000

_GROUP_SECURITY = 0x80000000
_GPLINK_ITEM = re.compile(r"\[(?:LDAP://)?([^\[\];]+);(\d+)\]", re.IGNORECASE)
_RDN_SPLIT = re.compile(r"(?<!\\),")


def decode_uac(uac: int) -> list[str]:
    """Names of the userAccountControl bits that are set; unknown bits as hex."""
    return list(_uac_names(uac))


@functools.lru_cache(maxsize=256)
def _uac_names(uac: int) -> tuple[str, ...]:
    """decode_uac, worked out once for each value (a directory has a few dozen)."""
    if uac < 0:  # a signed 32-bit value (e.g. -1): its two's complement, else no end of bits
        uac &= 0xFFFFFFFF
    names = [name for bit, name in UAC_FLAGS if uac & bit]
    rest = uac & ~_KNOWN_UAC_BITS
    bit = 1
    while rest:
        if rest & bit:
            names.append(f"0x{bit:X}")
            rest &= ~bit
        bit <<= 1
    return tuple(names)


def parse_gplink(value: str) -> list[GpoLink]:
    """'[LDAP://cn={GUID},cn=policies,...;0][...;2]' -> links; the last one has order 1.
    Option bit 1 = link disabled, bit 2 = enforced. Raises ValueError when malformed."""
    text = value.strip()
    found = list(_GPLINK_ITEM.finditer(text))
    if _GPLINK_ITEM.sub("", text).strip():
        raise ValueError("is not a list of '[LDAP://<GPO DN>;<options>]'")
    links: list[GpoLink] = []
    for index, match in enumerate(found):
        options = int(match.group(2))
        links.append(
            GpoLink(
                gpo_dn=match.group(1).strip(),
                order=len(found) - index,
                disabled=bool(options & 1),
                enforced=bool(options & 2),
            )
        )
    return links


class _Entry:
    """Typed reads of one record's attributes; errors name the attribute's line."""

    def __init__(
        self,
        record: LdifRecord,
        source: str,
        descriptors: DescriptorReader,
        shared: dict[str, str],
    ) -> None:
        self.record = record
        self.attributes = record.attributes
        self.shared = shared
        self.source = source
        self.descriptors = descriptors

    def fail(self, name: str, message: str) -> InputError:
        return InputError(
            self.source, f"{name} of '{self.record.dn}' {message}", self.record.line_of(name)
        )

    def text(self, name: str) -> str:
        """The first value as text ('' when absent)."""
        values = self.attributes.get(name.lower())
        if not values:
            return ""
        value = values[0]
        return value if isinstance(value, str) else self._decoded(name, value)

    def texts(self, name: str) -> list[str]:
        values = self.attributes.get(name.lower(), [])
        if all(isinstance(value, str) for value in values):
            return cast("list[str]", values)  # every value is text
        return [v if isinstance(v, str) else self._decoded(name, v) for v in values]

    def dns(self, name: str) -> list[str]:
        """DN values, each the one string of that DN in the directory (``shared``): half a
        million member values name some fifty thousand objects in a large domain."""
        shared = self.shared
        return [shared.setdefault(dn, dn) for dn in self.texts(name)]

    def _decoded(self, name: str, value: bytes) -> str:
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            raise self.fail(name, "is not UTF-8 text") from None

    def integer(self, name: str) -> int | None:
        text = self.text(name).strip()
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            raise self.fail(name, f"is not an integer: '{_clip(text)}'") from None

    def filetime(self, name: str) -> datetime | None:
        ticks = self.integer(name)
        if ticks is None:
            return None
        try:
            return filetime_to_datetime(ticks)
        except ValueError as exc:
            raise self.fail(name, f"is not a valid time: {exc}") from None

    def generalized(self, name: str) -> datetime | None:
        text = self.text(name)
        if not text:
            return None
        try:
            return generalized_time(text)
        except ValueError as exc:
            raise self.fail(name, f"is not a valid time: {exc}") from None

    def sid(self, name: str = "objectSid") -> str:
        value = self.record.first(name)
        if value is None:
            return ""
        if isinstance(value, str):
            if is_sid(value.strip()):
                return value.strip()
            raise self.fail(name, "is neither a binary SID nor 'S-1-...' text")
        try:
            return sid_to_str(value)
        except ValueError as exc:
            raise self.fail(name, f"is not a valid SID: {exc}") from None

    def gp_links(self) -> list[GpoLink]:
        text = self.text("gPLink")
        try:
            return parse_gplink(text) if text.strip() else []
        except ValueError as exc:
            raise self.fail("gPLink", str(exc)) from None

    def security_descriptor(self) -> SecurityDescriptor | None:
        value = self.record.first("nTSecurityDescriptor")
        if value is None:
            return None
        if isinstance(value, str):
            raise self.fail(
                "nTSecurityDescriptor",
                "is text (SDDL?); export it in binary form (ldapsearch or ldifde)",
            )
        try:
            return self.descriptors.parse(value)
        except ValueError as exc:
            raise self.fail(
                "nTSecurityDescriptor", f"is not a valid security descriptor: {exc}"
            ) from None

    def sam(self) -> str:
        name = self.text("sAMAccountName")
        if not name:
            raise InputError(
                self.source,
                f"'{self.record.dn}' has no sAMAccountName (export it with the entry)",
                self.record.line,
            )
        return name


#: The classes whose security descriptors a rule reads (the delegation analysis: the domain,
#: OUs, GPOs and the zone's groups, computers and users); others' are not parsed nor kept.
_DESCRIBED = frozenset(
    {"domaindns", "organizationalunit", "computer", "user", "group", "grouppolicycontainer"}
)
_ADMIN_SD_HOLDER = "cn=adminsdholder,cn=system,"


def normalise(
    records: Iterable[LdifRecord], source: str, descriptors: DescriptorReader | None = None
) -> Directory:
    """Directory facts from AD entries. Raises InputError for a value that does not parse."""
    normaliser = Normaliser(source, descriptors)
    for record in records:
        normaliser.add(record)
    return normaliser.finish()


class Normaliser:
    """Directory facts from AD entries given one at a time (``add``), so a reader can stream
    them; ``finish`` gives the Directory (with the NetBIOS names of the crossRef entries, which
    may come after their domain)."""

    def __init__(self, source: str, descriptors: DescriptorReader | None = None) -> None:
        self.source = source
        self.descriptors = descriptors or DescriptorReader()
        self.directory = Directory()
        self.netbios: dict[str, str] = {}
        self.shared: dict[str, str] = {}  # each DN value once (members)

    def __getstate__(self) -> dict[str, object]:
        # sent from a process that read a part of an export: without the look-up table
        return {**self.__dict__, "shared": {}}

    def add(self, record: LdifRecord) -> None:
        directory = self.directory
        entry = _Entry(record, self.source, self.descriptors, self.shared)
        classes = {c.lower() for c in entry.texts("objectClass")}
        if "domaindns" in classes:
            directory.domains.append(_domain(entry, {}))
        elif "organizationalunit" in classes:
            directory.ous.append(_ou(entry))
        elif "computer" in classes:
            directory.computers.append(_computer(entry))
        elif "user" in classes:
            directory.users.append(_user(entry))
        elif "group" in classes:
            directory.groups.append(_group(entry))
        elif "grouppolicycontainer" in classes:
            directory.gpos.append(_gpo(entry))
        if "crossref" in classes:
            self.netbios.update(_netbios_names([record]))
        if classes & _DESCRIBED or norm_dn(record.dn).startswith(_ADMIN_SD_HOLDER):
            descriptor = entry.security_descriptor()
            if descriptor is not None:
                directory.acls[record.dn] = descriptor

    def finish(self) -> Directory:
        for domain in self.directory.domains:
            domain.netbios_name = self.netbios.get(norm_dn(domain.dn), "")
        return self.directory


def _netbios_names(entries: list[LdifRecord]) -> dict[str, str]:
    """NetBIOS domain names by domain DN, from crossRef entries (configuration partition)."""
    names: dict[str, str] = {}
    for record in entries:
        classes = {str(c).lower() for c in record.get("objectClass")}
        nc, name = record.first("nCName"), record.first("nETBIOSName")
        if "crossref" in classes and isinstance(nc, str) and isinstance(name, str):
            names[norm_dn(nc)] = name
    return names


def _dns_name(dn: str) -> str:
    labels = []
    for rdn in _RDN_SPLIT.split(dn):
        kind, _, value = rdn.partition("=")
        if kind.strip().lower() == "dc":
            labels.append(value.strip())
    return ".".join(labels).lower()


def _domain(entry: _Entry, netbios: dict[str, str]) -> Domain:
    dn = entry.record.dn
    return Domain(
        dn=dn,
        dns_name=_dns_name(dn),
        netbios_name=netbios.get(norm_dn(dn), ""),
        sid=entry.sid(),
        functional_level=entry.integer("msDS-Behavior-Version"),
        min_pwd_length=entry.integer("minPwdLength"),
        max_pwd_age_days=_max_pwd_age(entry),
        lockout_threshold=entry.integer("lockoutThreshold"),
        gp_links=entry.gp_links(),
    )


def _max_pwd_age(entry: _Entry) -> int | None:
    ticks = entry.integer("maxPwdAge")
    return None if ticks is None else interval_days(ticks)


def _ou(entry: _Entry) -> OrganizationalUnit:
    options = entry.integer("gPOptions") or 0
    return OrganizationalUnit(
        dn=entry.record.dn,
        name=entry.text("ou") or entry.text("name"),
        description=entry.text("description"),
        gp_links=entry.gp_links(),
        block_inheritance=bool(options & 1),
    )


def _last_logon(entry: _Entry) -> datetime | None:
    stamps = [t for t in (entry.filetime("lastLogonTimestamp"), entry.filetime("lastLogon")) if t]
    return max(stamps) if stamps else None


def _user(entry: _Entry) -> User:
    uac = entry.integer("userAccountControl") or 0
    primary = entry.integer("primaryGroupID")
    return User(
        dn=entry.record.dn,
        sam_account_name=entry.sam(),
        user_principal_name=entry.text("userPrincipalName"),
        display_name=entry.text("displayName"),
        description=entry.text("description"),
        sid=entry.sid(),
        enabled=not uac & _ACCOUNTDISABLE,
        uac=uac,
        uac_flags=decode_uac(uac),
        password_never_expires=bool(uac & _DONT_EXPIRE_PASSWORD),
        password_not_required=bool(uac & _PASSWD_NOTREQD),
        no_preauth=bool(uac & _DONT_REQ_PREAUTH),
        pwd_last_set=entry.filetime("pwdLastSet"),
        last_logon=_last_logon(entry),
        when_created=entry.generalized("whenCreated"),
        account_expires=entry.filetime("accountExpires"),
        admin_count=(entry.integer("adminCount") or 0) > 0,
        spns=entry.texts("servicePrincipalName"),
        primary_group_id=513 if primary is None else primary,
        mail=entry.text("mail"),
        employee_id=entry.text("employeeID"),
        department=entry.text("department"),
        company=entry.text("company"),
        title=entry.text("title"),
    )


def _scope(group_type: int) -> GroupScope:
    if group_type & 0x1:
        return GroupScope.builtin
    if group_type & 0x4:
        return GroupScope.domain_local
    if group_type & 0x8:
        return GroupScope.universal
    return GroupScope.global_


def _group(entry: _Entry) -> Group:
    raw = entry.integer("groupType")
    group_type = (raw if raw is not None else 0x80000002) & 0xFFFFFFFF
    return Group(
        dn=entry.record.dn,
        sam_account_name=entry.sam(),
        sid=entry.sid(),
        description=entry.text("description"),
        scope=_scope(group_type),
        security=bool(group_type & _GROUP_SECURITY),
        members=entry.dns("member"),
        admin_count=(entry.integer("adminCount") or 0) > 0,
        mail=entry.text("mail"),
    )


def _computer(entry: _Entry) -> Computer:
    uac = entry.integer("userAccountControl") or 0
    return Computer(
        dn=entry.record.dn,
        sam_account_name=entry.sam(),
        dns_hostname=entry.text("dNSHostName"),
        sid=entry.sid(),
        operating_system=entry.text("operatingSystem"),
        operating_system_version=entry.text("operatingSystemVersion"),
        enabled=not uac & _ACCOUNTDISABLE,
        last_logon=_last_logon(entry),
        description=entry.text("description"),
        primary_group_id=entry.integer("primaryGroupID"),
        laps_expires=entry.filetime("ms-Mcs-AdmPwdExpirationTime"),
        windows_laps_expires=entry.filetime("msLAPS-PasswordExpirationTime"),
    )


def _gpo(entry: _Entry) -> Gpo:
    name = entry.text("name") or entry.text("cn")
    return Gpo(
        dn=entry.record.dn,
        guid=name.strip().strip("{}").lower(),
        display_name=entry.text("displayName"),
        file_sys_path=entry.text("gPCFileSysPath"),
        flags=entry.integer("flags") or 0,
    )


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
