"""Normalising AD entries: exact values, and one-line errors for values that do not parse."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from kszcheck.collectors.ad_normalise import decode_uac, normalise, parse_gplink
from kszcheck.collectors.filetime import filetime_to_datetime, generalized_time, interval_days
from kszcheck.collectors.ldif import parse_ldif
from kszcheck.model.directory import Directory, GpoLink, GroupScope
from kszcheck.model.errors import InputError
from tests.collectors.conftest import ocmw_ou_descriptor, sid

DN = "CN=Jan Peeters,OU=Gemeente,DC=voorbeeld,DC=local"


def directory(text: str) -> Directory:
    return normalise(parse_ldif(text.encode("utf-8"), "ad.ldif"), "ad.ldif")


def user_text(*lines: str) -> str:
    head = [
        f"dn: {DN}",
        "objectClass: top",
        "objectClass: person",
        "objectClass: organizationalPerson",
        "objectClass: user",
        "sAMAccountName: jpeeters",
    ]
    return "\n".join([*head, *lines]) + "\n"


@pytest.mark.parametrize(
    ("uac", "flags", "enabled", "never_expires", "not_required", "no_preauth"),
    [
        (512, ["NORMAL_ACCOUNT"], True, False, False, False),
        (514, ["ACCOUNTDISABLE", "NORMAL_ACCOUNT"], False, False, False, False),
        (544, ["PASSWD_NOTREQD", "NORMAL_ACCOUNT"], True, False, True, False),
        (66048, ["NORMAL_ACCOUNT", "DONT_EXPIRE_PASSWORD"], True, True, False, False),
        (4194816, ["NORMAL_ACCOUNT", "DONT_REQ_PREAUTH"], True, False, False, True),
        (
            0x1000000 | 0x100000 | 0x80000 | 0x40000 | 0x200,
            [
                "NORMAL_ACCOUNT",
                "SMARTCARD_REQUIRED",
                "TRUSTED_FOR_DELEGATION",
                "NOT_DELEGATED",
                "TRUSTED_TO_AUTH_FOR_DELEGATION",
            ],
            True,
            False,
            False,
            False,
        ),
    ],
)
def test_user_account_control_is_decoded(
    uac: int,
    flags: list[str],
    enabled: bool,
    never_expires: bool,
    not_required: bool,
    no_preauth: bool,
) -> None:
    user = directory(user_text(f"userAccountControl: {uac}")).users[0]
    assert (
        user.uac,
        user.uac_flags,
        user.enabled,
        user.password_never_expires,
        user.password_not_required,
        user.no_preauth,
    ) == (uac, flags, enabled, never_expires, not_required, no_preauth)


def test_unknown_uac_bits_are_named_in_hex() -> None:
    assert decode_uac(0x200 | 0x4 | 0x8000000) == ["NORMAL_ACCOUNT", "0x4", "0x8000000"]


def test_each_caller_of_decode_uac_gets_its_own_list() -> None:
    first = decode_uac(0x202)
    first.append("changed by one caller")
    assert decode_uac(0x202) == ["ACCOUNTDISABLE", "NORMAL_ACCOUNT"]


def test_times_sids_and_text_fields_of_a_user() -> None:
    user = directory(
        user_text(
            "userAccountControl: 512",
            f"objectSid:: {base64.b64encode(sid('S-1-5-21-1-2-3-1106')).decode()}",
            "pwdLastSet: 133535520000000000",
            "lastLogonTimestamp: 133700000000000000",
            "lastLogon: 133600000000000000",
            "accountExpires: 9223372036854775807",
            "whenCreated: 20210301091530.0Z",
            "primaryGroupID: 1201",
            "adminCount: 1",
            "servicePrincipalName: HTTP/intranet.voorbeeld.local",
            "servicePrincipalName: HTTP/intranet",
            "userPrincipalName: jan.peeters@voorbeeld.be",
            "displayName: Jan Peeters",
            "description: Baliemedewerker burgerzaken",
            "mail: jan.peeters@voorbeeld.be",
            "employeeID: G0042",
            "department: Burgerzaken",
            "company: Gemeente Voorbeeld",
            "title: Baliemedewerker",
        )
    ).users[0]
    assert user.model_dump() == {
        "dn": DN,
        "sam_account_name": "jpeeters",
        "user_principal_name": "jan.peeters@voorbeeld.be",
        "display_name": "Jan Peeters",
        "description": "Baliemedewerker burgerzaken",
        "sid": "S-1-5-21-1-2-3-1106",
        "enabled": True,
        "uac": 512,
        "uac_flags": ["NORMAL_ACCOUNT"],
        "password_never_expires": False,
        "password_not_required": False,
        "no_preauth": False,
        "pwd_last_set": datetime(2024, 2, 28, tzinfo=UTC),
        "last_logon": datetime(2024, 9, 5, 8, 53, 20, tzinfo=UTC),
        "when_created": datetime(2021, 3, 1, 9, 15, 30, tzinfo=UTC),
        "account_expires": None,
        "admin_count": True,
        "spns": ["HTTP/intranet.voorbeeld.local", "HTTP/intranet"],
        "primary_group_id": 1201,
        "mail": "jan.peeters@voorbeeld.be",
        "employee_id": "G0042",
        "department": "Burgerzaken",
        "company": "Gemeente Voorbeeld",
        "title": "Baliemedewerker",
    }


def test_the_textual_sid_that_ldbsearch_prints_is_accepted() -> None:
    user = directory(user_text("objectSid: S-1-5-21-1-2-3-1106")).users[0]
    assert user.sid == "S-1-5-21-1-2-3-1106"


def test_time_helpers() -> None:
    assert filetime_to_datetime(0) is None
    assert filetime_to_datetime(0x7FFFFFFFFFFFFFFF) is None
    assert filetime_to_datetime(116444736000000000) == datetime(1970, 1, 1, tzinfo=UTC)
    assert interval_days(-36288000000000) == 42
    assert interval_days(0) is None
    assert interval_days(-9223372036854775808) is None
    assert generalized_time("20250101120000.0Z") == datetime(2025, 1, 1, 12, tzinfo=UTC)
    assert generalized_time("20250101130000+0100") == datetime(2025, 1, 1, 12, tzinfo=UTC)
    assert generalized_time("202501011200Z") == datetime(2025, 1, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("group_type", "scope", "security"),
    [
        (-2147483646, GroupScope.global_, True),
        (-2147483644, GroupScope.domain_local, True),
        (-2147483640, GroupScope.universal, True),
        (-2147483643, GroupScope.builtin, True),
        (2, GroupScope.global_, False),
        (4, GroupScope.domain_local, False),
        (8, GroupScope.universal, False),
        (2147483650, GroupScope.global_, True),
    ],
)
def test_group_type_gives_scope_and_security(
    group_type: int, scope: GroupScope, security: bool
) -> None:
    text = (
        "dn: CN=GG_Sociale_Dienst,OU=OCMW,DC=voorbeeld,DC=local\n"
        "objectClass: top\nobjectClass: group\n"
        "sAMAccountName: GG_Sociale_Dienst\n"
        f"groupType: {group_type}\n"
    )
    group = directory(text).groups[0]
    assert (group.scope, group.security) == (scope, security)


def test_gplink_order_flags_and_errors() -> None:
    gpo = "cn={{{}}},cn=policies,cn=system,DC=voorbeeld,DC=local"
    value = (
        f"[LDAP://{gpo.format('A')};0][LDAP://{gpo.format('B')};1]"
        f"[LDAP://{gpo.format('C')};2][LDAP://{gpo.format('D')};3]"
    )
    assert parse_gplink(value) == [
        GpoLink(gpo_dn=gpo.format("A"), order=4, disabled=False, enforced=False),
        GpoLink(gpo_dn=gpo.format("B"), order=3, disabled=True, enforced=False),
        GpoLink(gpo_dn=gpo.format("C"), order=2, disabled=False, enforced=True),
        GpoLink(gpo_dn=gpo.format("D"), order=1, disabled=True, enforced=True),
    ]
    assert parse_gplink(" ") == []
    with pytest.raises(ValueError, match="is not a list of"):
        parse_gplink("LDAP://cn={A},cn=policies;0")


def test_domain_values_and_never_expiring_password_age() -> None:
    text = (
        "dn: DC=voorbeeld,DC=local\n"
        "objectClass: top\nobjectClass: domain\nobjectClass: domainDNS\n"
        "maxPwdAge: -9223372036854775808\n"
        "minPwdLength: 0\n"
    )
    domain = directory(text).domains[0]
    assert (
        domain.dns_name,
        domain.max_pwd_age_days,
        domain.min_pwd_length,
        domain.lockout_threshold,
        domain.netbios_name,
    ) == ("voorbeeld.local", None, 0, None, "")


def test_security_descriptors_are_keyed_by_dn() -> None:
    blob = base64.b64encode(ocmw_ou_descriptor()).decode()
    text = (
        "dn: OU=OCMW,DC=voorbeeld,DC=local\n"
        "objectClass: top\nobjectClass: organizationalUnit\n"
        f"nTSecurityDescriptor:: {blob}\n"
    )
    acls = directory(text).acls
    assert list(acls) == ["OU=OCMW,DC=voorbeeld,DC=local"]
    assert [a.rights for a in acls["OU=OCMW,DC=voorbeeld,DC=local"].dacl[1:3]] == [
        ["reset_password"],
        ["write_member"],
    ]


SHORT_SID = base64.b64encode(bytes([1, 5]) + b"abc").decode()
GROUP = "dn: CN=G,DC=voorbeeld,DC=local\nobjectClass: group\nsAMAccountName: G\n"
OU = "dn: OU=OCMW,DC=voorbeeld,DC=local\nobjectClass: organizationalUnit\n"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            user_text("userAccountControl: abc"),
            f"ad.ldif:7: userAccountControl of '{DN}' is not an integer: 'abc'",
        ),
        (
            user_text("description: x", "pwdLastSet: -5"),
            f"ad.ldif:8: pwdLastSet of '{DN}' is not a valid time: -5 is not a valid "
            "FILETIME (negative)",
        ),
        (
            user_text("whenCreated: 2021-03-01"),
            f"ad.ldif:7: whenCreated of '{DN}' is not a valid time: '2021-03-01' is not a "
            "GeneralizedTime (YYYYMMDDHHMMSS.0Z)",
        ),
        (
            user_text("objectSid: jpeeters"),
            f"ad.ldif:7: objectSid of '{DN}' is neither a binary SID nor 'S-1-...' text",
        ),
        (
            user_text(f"objectSid:: {SHORT_SID}"),
            f"ad.ldif:7: objectSid of '{DN}' is not a valid SID: SID at offset 0 runs past "
            "the end of the data",
        ),
        (
            "dn: CN=x,DC=voorbeeld,DC=local\nobjectClass: user\ncn: x\n",
            "ad.ldif:1: 'CN=x,DC=voorbeeld,DC=local' has no sAMAccountName (export it with "
            "the entry)",
        ),
        (
            GROUP + "groupType: global\n",
            "ad.ldif:4: groupType of 'CN=G,DC=voorbeeld,DC=local' is not an integer: 'global'",
        ),
        (
            OU + "gPLink: [LDAP://cn={A},cn=policies;x]\n",
            "ad.ldif:3: gPLink of 'OU=OCMW,DC=voorbeeld,DC=local' is not a list of "
            "'[LDAP://<GPO DN>;<options>]'",
        ),
        (
            OU + "cn: OCMW\n"
            f"nTSecurityDescriptor:: {base64.b64encode(ocmw_ou_descriptor()[:-8]).decode()}\n",
            "ad.ldif:4: nTSecurityDescriptor of 'OU=OCMW,DC=voorbeeld,DC=local' is not a valid "
            "security descriptor: DACL at offset 76 claims 244 bytes, the descriptor has 312",
        ),
        (
            OU + "nTSecurityDescriptor: O:DAG:DAD:(A;;GA;;;DA)\n",
            "ad.ldif:3: nTSecurityDescriptor of 'OU=OCMW,DC=voorbeeld,DC=local' is text "
            "(SDDL?); export it in binary form (ldapsearch or ldifde)",
        ),
    ],
)
def test_values_that_do_not_parse_name_the_line(text: str, error: str) -> None:
    with pytest.raises(InputError) as caught:
        directory(text)
    assert str(caught.value) == error


def test_computer_laps_times_and_never_the_password() -> None:
    text = (
        "dn: CN=SRV-FILE02,OU=Computers,OU=Sociale Dienst,OU=OCMW,DC=voorbeeld,DC=local\n"
        "objectClass: computer\n"
        "sAMAccountName: SRV-FILE02$\n"
        "primaryGroupID: 515\n"
        "operatingSystem: Windows Server 2022 Standard\n"
        "operatingSystemVersion: 10.0 (20348)\n"
        "lastLogonTimestamp: 134397042000000000\n"
        "ms-Mcs-AdmPwd: Geheim-Wachtwoord-1\n"
        "ms-Mcs-AdmPwdExpirationTime: 134417042000000000\n"
        "msLAPS-PasswordExpirationTime: 134420000000000000\n"
        'msLAPS-Password: {"n":"Administrator","p":"Geheim-2"}\n'
        "\n"
    )
    computer = directory(text).computers[0]
    assert computer.primary_group_id == 515
    assert computer.laps_expires == filetime_to_datetime(134417042000000000)
    assert computer.windows_laps_expires == filetime_to_datetime(134420000000000000)
    assert computer.last_logon == filetime_to_datetime(134397042000000000)
    records = parse_ldif(text.encode(), "x.ldif")
    assert "Geheim" not in repr(records)
