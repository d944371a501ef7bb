"""The LDAP collector: Active Directory read live over LDAPS/StartTLS with ldap3.

Streams paged searches with only the attributes kszcheck uses: the domain object (password
policy, functional level, gPLink), OUs, users, groups (members, ranged retrieval), computers,
group policy containers, trusts, AdminSDHolder, and the configuration partition (crossRef for
the NetBIOS name, sites, subnets). Security descriptors are read with the SD-flags control
(0x07: owner, group, DACL; a non-administrator gets nothing without it) on the domain, the
OUs, the GPO containers, AdminSDHolder, the groups, the users and the computers (the
delegation analysis judges who controls each object of the zone; a descriptor repeated on many
objects is parsed once). Entries become LdifRecords and go
through ad_normalise, exactly like an LDIF export.

Provenance: a part that the account may not read (security descriptors, the configuration
partition, trusts) makes the source partial, with the missing fact kind and a warning; a broken
connection or a refused bind makes it failed (SourceFailed, one line naming the server).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from kszcheck.collectors.ad_normalise import normalise
from kszcheck.collectors.ad_record import LdifRecord
from kszcheck.collectors.ad_topology import parse_sites, parse_subnets, parse_trusts
from kszcheck.collectors.base import Collected, SourceFailed, report_count, report_progress
from kszcheck.collectors.ldap_connect import (
    LdapTarget,
    close,
    connect,
    describe_failure,
    malformed_answer,
    parse_target,
    resolve_password,
    scrub,
)
from kszcheck.collectors.ldap_search import SearchFailed, paged_records
from kszcheck.collectors.ldap_wire import ProtocolError, Wire
from kszcheck.collectors.security_descriptor import DescriptorReader
from kszcheck.model.directory import Directory
from kszcheck.model.errors import InputError
from kszcheck.model.provenance import DIRECTORY_OBJECT_KINDS
from kszcheck.model.site import SourceSpec
from kszcheck.model.snapshot import paused_gc

__all__ = ["ATTRIBUTES", "FILTERS", "collect", "collect_directory"]

SD_FLAGS = 0x07  # owner, group, DACL: readable without SeSecurityPrivilege
_NO_SUCH_OBJECT = 32

ATTRIBUTES: dict[str, list[str]] = {
    "domain": [
        "objectClass", "objectSid", "msDS-Behavior-Version", "minPwdLength", "maxPwdAge",
        "lockoutThreshold", "gPLink", "nTSecurityDescriptor",
    ],
    "crossref": ["objectClass", "nCName", "nETBIOSName"],
    "ous": ["objectClass", "ou", "name", "description", "gPLink", "gPOptions",
            "nTSecurityDescriptor"],
    "users": [
        "objectClass", "sAMAccountName", "userPrincipalName", "displayName", "description",
        "objectSid", "userAccountControl", "pwdLastSet", "lastLogonTimestamp", "lastLogon",
        "whenCreated", "accountExpires", "adminCount", "servicePrincipalName", "primaryGroupID",
        "mail", "employeeID", "department", "company", "title", "nTSecurityDescriptor",
    ],
    "groups": ["objectClass", "sAMAccountName", "objectSid", "description", "groupType",
               "member", "adminCount", "mail", "nTSecurityDescriptor"],
    "computers": ["objectClass", "sAMAccountName", "dNSHostName", "objectSid", "operatingSystem",
                  "operatingSystemVersion", "userAccountControl", "lastLogonTimestamp",
                  "lastLogon", "description", "primaryGroupID", "nTSecurityDescriptor",
                  # LAPS: the expiration times only, never the password attributes
                  "ms-Mcs-AdmPwdExpirationTime", "msLAPS-PasswordExpirationTime"],
    "gpos": ["objectClass", "name", "cn", "displayName", "gPCFileSysPath", "flags",
             "nTSecurityDescriptor"],
    "adminsdholder": ["objectClass", "nTSecurityDescriptor"],
    "trusts": ["objectClass", "trustPartner", "flatName", "trustDirection", "trustType",
               "trustAttributes", "securityIdentifier"],
    "sites": ["objectClass", "cn", "description"],
    "subnets": ["objectClass", "cn", "siteObject", "location", "description"],
}  # fmt: skip

FILTERS: dict[str, str] = {
    "ous": "(objectCategory=organizationalUnit)",
    "users": "(&(objectCategory=person)(objectClass=user))",
    "groups": "(objectCategory=group)",
    "computers": "(objectCategory=computer)",
    "gpos": "(objectClass=groupPolicyContainer)",
    "trusts": "(objectClass=trustedDomain)",
    "sites": "(objectClass=site)",
    "subnets": "(objectClass=subnet)",
}

_LABELS = {
    "domain": "domein / domain",
    "ous": "OU's / OUs",
    "users": "gebruikers / users",
    "groups": "groepen / groups",
    "computers": "computers",
    "gpos": "GPO's / GPOs",
    "trusts": "vertrouwensrelaties / trusts",
    "sites": "sites en subnetten / sites and subnets",
}


class _Run:
    """One collection: the connection, what was read, and what could not be."""

    def __init__(self, conn: Any, target: LdapTarget, password: str) -> None:
        from ldap3.protocol.microsoft import security_descriptor_control

        self.conn = conn
        self.wire = Wire(conn)
        self.target = target
        self.password = password
        self.sd_controls: list[Any] = list(security_descriptor_control(sdflags=SD_FLAGS))
        self.directory = Directory()
        self.descriptors = DescriptorReader()  # one for the run: repeated descriptors shared
        self.missing: list[str] = []
        self.warnings: list[str] = list(target.warnings)
        self.without_sd: list[str] = []
        self.entries = 0  # entries read so far, over every page (the progress bar's count)
        self.hash = hashlib.sha256()

    # --- searching --------------------------------------------------------------------------

    def records(
        self,
        what: str,
        base: str,
        search_filter: str = "(objectClass=*)",
        scope: str = "SUBTREE",
        sd: bool = False,
        allow: tuple[int, ...] = (),
    ) -> Iterator[list[LdifRecord]]:
        from ldap3.core.exceptions import LDAPException

        pages = paged_records(
            self.wire,
            base,
            search_filter,
            ATTRIBUTES[what],
            self.target.page_size,
            scope=scope,
            controls=self.sd_controls if sd else None,
            allow=allow,
        )
        try:
            for page in pages:
                for record in page:
                    self.hash.update(record.dn.encode("utf-8", "replace"))
                    if sd and record.first("nTSecurityDescriptor") is None:
                        self.without_sd.append(record.dn)
                yield page
        except LDAPException as exc:
            raise SourceFailed(
                describe_failure(exc, self.target, f"the search of {what}", self.password)
            ) from None
        except OSError as exc:
            raise SourceFailed(
                describe_failure(exc, self.target, f"the search of {what}", self.password)
            ) from None

    def add(self, records: list[LdifRecord]) -> Directory:
        try:
            part = normalise(records, self.target.url, self.descriptors)
        except InputError as exc:
            raise SourceFailed(
                scrub(f"{self.target.label}: unreadable value: {exc.message}", self.password)
            ) from None
        for name in type(part).model_fields:
            value = getattr(part, name)
            if isinstance(value, list):
                getattr(self.directory, name).extend(value)
            elif isinstance(value, dict):
                getattr(self.directory, name).update(value)
        return part

    def count(self, what: str, number: int) -> None:
        report_progress(f"{_LABELS[what]}: {number}")

    # --- the parts of the directory ---------------------------------------------------------

    def root_dse(self) -> dict[str, str]:
        """The naming contexts, read and decoded strictly like every other search (ldap3's own
        decoder accepts an entry whose length was damaged and silently drops what follows)."""
        from ldap3.core.exceptions import LDAPException

        wanted = ["defaultNamingContext", "configurationNamingContext", "rootDomainNamingContext"]
        try:
            pages = paged_records(self.wire, "", "(objectClass=*)", wanted, 0, scope="BASE")
            entries = [record for page in pages for record in page]
        except ProtocolError as exc:
            raise SourceFailed(malformed_answer(exc, self.target, "rootDSE read")) from None
        except (LDAPException, OSError, SearchFailed) as exc:
            raise SourceFailed(
                describe_failure(exc, self.target, "the rootDSE read", self.password)
            ) from None
        if len(entries) != 1 or entries[0].dn:
            raise SourceFailed(
                f"{self.target.label}: the rootDSE read gave {len(entries)} entries, not the "
                "rootDSE alone / onleesbaar LDAP-antwoord"
            )
        found: dict[str, str] = {}
        for name in wanted:
            value = entries[0].first(name)
            if isinstance(value, str) and value:
                found[name.lower()] = value
        return found

    def domain(self, base: str, config: str) -> None:
        records: list[LdifRecord] = []
        for page in self.records("domain", base, scope="BASE", sd=True):
            records.extend(page)
        if not records:
            raise SourceFailed(f"{self.target.label}: the domain object {base} was not returned")
        if config:
            try:
                for page in self.records(
                    "crossref",
                    f"CN=Partitions,{config}",
                    f"(&(objectClass=crossRef)(nCName={_escape(base)}))",
                    scope="LEVEL",
                ):
                    records.extend(page)
            except SourceFailed:
                raise
            except SearchFailed as exc:
                self.warnings.append(
                    f"NetBIOS-naam niet gelezen / NetBIOS name not read: {exc} ({config})"
                )
        self.add(records)
        self.count("domain", len(self.directory.domains))

    def kind(self, what: str, base: str, sd: bool = False) -> int:
        total = 0
        for page in self.records(what, base, FILTERS[what], sd=sd):
            self.add(page)
            total += len(page)
            self.entries += len(page)
            report_count("ldap_entries", self.entries)
        self.count(what, total)
        return total

    def admin_sd_holder(self, base: str) -> None:
        dn = f"CN=AdminSDHolder,CN=System,{base}"
        for page in self.records(
            "adminsdholder", dn, scope="BASE", sd=True, allow=(_NO_SUCH_OBJECT,)
        ):
            self.add(page)

    def trusts(self, base: str) -> None:
        try:
            records = [
                r
                for page in self.records(
                    "trusts", f"CN=System,{base}", FILTERS["trusts"], scope="LEVEL"
                )
                for r in page
            ]
        except SearchFailed as exc:
            self.missing.append("directory.trusts")
            self.warnings.append(
                f"vertrouwensrelaties niet gelezen / trusts not read: {exc} (CN=System,{base})"
            )
            return
        self.directory.trusts.extend(parse_trusts(records))
        self.count("trusts", len(self.directory.trusts))

    def sites(self, config: str) -> None:
        if not config:
            self._config_missing("the rootDSE gives no configurationNamingContext")
            return
        base = f"CN=Sites,{config}"
        try:
            sites = [r for p in self.records("sites", base, FILTERS["sites"], "LEVEL") for r in p]
            subnets = [
                r
                for p in self.records("subnets", f"CN=Subnets,{base}", FILTERS["subnets"], "LEVEL")
                for r in p
            ]
        except SearchFailed as exc:
            self._config_missing(f"{exc} ({base})")
            return
        self.directory.sites.extend(parse_sites(sites))
        self.directory.subnets.extend(parse_subnets(subnets))
        self.count("sites", len(sites) + len(subnets))

    def _config_missing(self, why: str) -> None:
        self.missing.append("directory.sites")
        self.warnings.append(
            "configuratiepartitie (sites, subnetten) niet gelezen / configuration partition "
            f"(sites, subnets) not read: {why}"
        )

    def check_descriptors(self) -> None:
        if not self.without_sd:
            return
        self.missing.append("directory.acls")
        count, first = len(self.without_sd), self.without_sd[0]
        self.warnings.append(
            f"{count} beveiligingsdescriptoren niet leesbaar voor {self.target.bind_name} "
            f"(eerste: {first}) / {count} security descriptors not readable by "
            f"{self.target.bind_name} (first: {first}); the account lacks READ_CONTROL there"
        )


def _escape(value: str) -> str:
    """Escape a value for an LDAP filter (RFC 4515)."""
    out = []
    for char in value:
        if char in "*()\\\x00":
            out.append(f"\\{ord(char):02x}")
        else:
            out.append(char)
    return "".join(out)


@paused_gc()  # tens of thousands of entries are millions of small objects: see paused_gc
def collect_directory(target: LdapTarget, password: str) -> Collected:
    """Connect, read everything, disconnect. Raises SourceFailed for a failure of the whole."""
    conn = connect(target, password)
    try:
        run = _Run(conn, target, password)
        dse = run.root_dse()
        base = target.base_dn or dse.get("defaultnamingcontext", "")
        if not base:
            raise SourceFailed(
                f"{target.label}: the rootDSE gives no defaultNamingContext; set options.base_dn"
            )
        config = dse.get("configurationnamingcontext", "")
        try:
            run.domain(base, config)
            run.kind("ous", base, sd=True)
            # every object whose control the delegation analysis judges comes with its
            # descriptor (users and computers of the zone too: who may reset or take them over)
            run.kind("users", base, sd=True)
            run.kind("groups", base, sd=True)
            run.kind("computers", base, sd=True)
            run.kind("gpos", f"CN=Policies,CN=System,{base}", sd=True)
            run.admin_sd_holder(base)
            run.trusts(base)
            run.sites(config)
        except SearchFailed as exc:
            raise SourceFailed(scrub(f"{target.label}: search failed: {exc}", password)) from None
        run.check_descriptors()
    finally:
        close(conn)
    provides = [
        *DIRECTORY_OBJECT_KINDS,
        "directory.acls",
        "directory.trusts",
        "directory.sites",
    ]
    return Collected(
        provides=provides,
        directory=run.directory,
        missing=sorted(set(run.missing)),
        warnings=run.warnings,
        content_hash=run.hash.hexdigest(),
        reason="; ".join(run.warnings[len(target.warnings) :])[:500] if run.missing else "",
    )


def collect(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    """The collector of an ``ldap`` source (see inventories/README.md)."""
    target = parse_target(spec, base_dir)
    assert spec.password is not None  # parse_target refuses a spec without one
    password = resolve_password(spec.password, base_dir, spec.id)
    return collect_directory(target, password)
