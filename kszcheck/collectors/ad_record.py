"""One raw AD entry, as an LDIF export or an LDAP search gives it: the record type shared by the
LDIF reader (``ldif``), the LDAP search (``ldap_search``), and the normalisers that turn records
into facts (``ad_normalise``, ``ad_topology``).

A value is ``str``; it is ``bytes`` for the binary attributes (``BINARY_ATTRIBUTES``) and for a
value that is not valid UTF-8.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["BINARY_ATTRIBUTES", "USED_ATTRIBUTES", "LdifRecord", "Value"]

Value = str | bytes

#: Attributes whose base64 values stay bytes even when they happen to be valid UTF-8.
BINARY_ATTRIBUTES = frozenset(
    {
        "objectsid",
        "objectguid",
        "ntsecuritydescriptor",
        "sidhistory",
        "tokengroups",
        "msds-allowedtoactonbehalfofotheridentity",
        "msds-generationid",
        "msds-groupmsamembership",
        "msds-managedpasswordid",
        "msds-managedpasswordpreviousid",
        "msexchmailboxguid",
        "mS-DS-ConsistencyGuid".lower(),
        "usercertificate",
        "cacertificate",
        "thumbnailphoto",
        "jpegphoto",
        "logonhours",
        "replpropertymetadata",
        "repluptodatevector",
        "dsasignature",
        "schemaidguid",
        "attributesecurityguid",
        "invocationid",
    }
)

#: Attributes (lower-case keys) that the normalisers and the completeness checks of an export
#: read: what a streaming reader keeps of each entry. The LDAP collector asks for a subset.
USED_ATTRIBUTES = frozenset(
    name.lower()
    for name in (
        # every object
        "objectClass", "objectSid", "nTSecurityDescriptor", "description", "name", "cn",
        "sAMAccountName", "adminCount", "mail", "primaryGroupID", "userAccountControl",
        "lastLogonTimestamp", "lastLogon", "displayName",
        # domain, OUs, GPOs, crossRef
        "msDS-Behavior-Version", "minPwdLength", "maxPwdAge", "lockoutThreshold", "gPLink",
        "gPOptions", "ou", "gPCFileSysPath", "flags", "nCName", "nETBIOSName",
        # users, groups, computers
        "userPrincipalName", "pwdLastSet", "whenCreated", "accountExpires",
        "servicePrincipalName", "employeeID", "department", "company", "title", "groupType",
        "member", "dNSHostName", "operatingSystem", "operatingSystemVersion",
        "ms-Mcs-AdmPwdExpirationTime", "msLAPS-PasswordExpirationTime",
        # trusts, sites, subnets (ad_topology)
        "trustPartner", "flatName", "trustDirection", "trustType", "trustAttributes",
        "securityIdentifier", "siteObject", "location",
        # references checked for completeness (ldif_evidence)
        "memberOf", "managedBy", "manager",
    )
)  # fmt: skip


@dataclass
class LdifRecord:
    """One entry: its DN, the line where it starts, and its attributes (lower-cased keys).

    The LDAP collector may build records too (values as ldap3 gives them with get_info=NONE)
    and reuse ad_normalise; it leaves ``line`` None."""

    dn: str
    line: int | None
    attributes: dict[str, list[Value]] = field(default_factory=dict)
    #: Line of the first value of each attribute, for error messages.
    lines: dict[str, int] = field(default_factory=dict)

    def get(self, name: str) -> list[Value]:
        return self.attributes.get(name.lower(), [])

    def first(self, name: str) -> Value | None:
        values = self.attributes.get(name.lower())
        return values[0] if values else None

    def line_of(self, name: str) -> int | None:
        return self.lines.get(name.lower(), self.line)
