"""The RFC 2849 reader: what ldifde and ldapsearch write, and one-line errors for bad input."""

from __future__ import annotations

import base64

import pytest

from kszcheck.collectors.ad_record import LdifRecord
from kszcheck.collectors.ldif import parse_ldif
from kszcheck.model.errors import InputError
from tests.collectors.conftest import sid

SID_B64 = base64.b64encode(sid("S-1-5-21-1-2-3-1105")).decode()


def parse(text: str) -> list[LdifRecord]:
    return parse_ldif(text.encode("utf-8"), "ad.ldif")


def test_ldapsearch_style_folding_base64_dn_and_folded_comments() -> None:
    dn = "CN=Hélène Claes,OU=Sociale Dienst,OU=OCMW,DC=voorbeeld,DC=local"
    text = (
        "# extended LDIF, a comment that is long enough to be folded onto\n"
        " a second line by ldapsearch\n"
        "\n"
        f"dn:: {base64.b64encode(dn.encode()).decode()}\n"
        "objectClass: top\n"
        "objectClass: user\n"
        "description: een beschrijving die over meer dan zesenzeventig kolommen lo\n"
        " opt en dus gevouwen is\n"
        f"objectSid:: {SID_B64[:20]}\n"
        f" {SID_B64[20:]}\n"
        "sAMAccountName:    hclaes\n"
        "\n"
        "\n"
        "dn: CN=Tweede,DC=voorbeeld,DC=local\n"
        "cn: Tweede\n"
    )
    records = parse(text)
    assert [(r.dn, r.line) for r in records] == [
        (dn, 4),
        ("CN=Tweede,DC=voorbeeld,DC=local", 14),
    ]
    first = records[0]
    assert first.attributes == {
        "objectclass": ["top", "user"],
        "description": [
            "een beschrijving die over meer dan zesenzeventig kolommen loopt en dus gevouwen is"
        ],
        "objectsid": [sid("S-1-5-21-1-2-3-1105")],
        "samaccountname": ["hclaes"],
    }
    assert first.lines == {"objectclass": 5, "description": 7, "objectsid": 9, "samaccountname": 11}


def test_ldifde_style_utf16_bom_crlf_changetype_add() -> None:
    text = (
        "dn: CN=Hélène Claes,OU=OCMW,DC=voorbeeld,DC=local\r\n"
        "changetype: add\r\n"
        "displayName: Hélène Claes\r\n"
        f"objectSid:: {SID_B64}\r\n"
        "\r\n"
    )
    records = parse_ldif(b"\xff\xfe" + text.encode("utf-16-le"), "ad.ldf")
    assert [(r.dn, r.line, r.attributes) for r in records] == [
        (
            "CN=Hélène Claes,OU=OCMW,DC=voorbeeld,DC=local",
            1,
            {"displayname": ["Hélène Claes"], "objectsid": [sid("S-1-5-21-1-2-3-1105")]},
        )
    ]


def test_utf8_bom_version_line_options_ranges_and_ldapsearch_trailer() -> None:
    text = (
        "\ufeffversion: 1\n"
        "\n"
        "dn: CN=GG_Sociale_Dienst,DC=voorbeeld,DC=local\n"
        "cn;lang-nl: Sociale dienst\n"
        "CN: GG_Sociale_Dienst\n"
        "member;range=0-1: CN=a,DC=voorbeeld,DC=local\n"
        "member;range=0-1: CN=b,DC=voorbeeld,DC=local\n"
        "member;range=2-*: CN=c,DC=voorbeeld,DC=local\n"
        "description:\n"
        "\n"
        "# search result\n"
        "search: 2\n"
        "result: 0 Success\n"
    )
    records = parse(text)
    assert [(r.dn, r.line) for r in records] == [("CN=GG_Sociale_Dienst,DC=voorbeeld,DC=local", 3)]
    assert records[0].attributes == {
        "cn;lang-nl": ["Sociale dienst"],
        "cn": ["GG_Sociale_Dienst"],
        "member": [
            "CN=a,DC=voorbeeld,DC=local",
            "CN=b,DC=voorbeeld,DC=local",
            "CN=c,DC=voorbeeld,DC=local",
        ],
        "description": [""],
    }


def test_base64_text_becomes_str_binary_attributes_and_non_utf8_stay_bytes() -> None:
    guid_that_is_valid_utf8 = b"abcdefghijklmnop"
    text = (
        "dn: CN=x,DC=voorbeeld,DC=local\n"
        f"description:: {base64.b64encode('één'.encode()).decode()}\n"
        f"objectGUID:: {base64.b64encode(guid_that_is_valid_utf8).decode()}\n"
        f"info:: {base64.b64encode(bytes([0xFF, 0x00, 0x80])).decode()}\n"
    )
    assert parse(text)[0].attributes == {
        "description": ["één"],
        "objectguid": [guid_that_is_valid_utf8],
        "info": [bytes([0xFF, 0x00, 0x80])],
    }


def test_password_material_is_dropped_while_reading() -> None:
    password = base64.b64encode('"Geheim123"'.encode("utf-16-le")).decode()
    text = (
        "dn: CN=svc,DC=voorbeeld,DC=local\n"
        f"unicodePwd:: {password}\n"
        "userPassword: Geheim123\n"
        "sAMAccountName: svc\n"
    )
    assert parse(text)[0].attributes == {"samaccountname": ["svc"]}


def test_a_hostile_display_name_is_kept_as_plain_text() -> None:
    text = "dn: CN=x,DC=voorbeeld,DC=local\ndisplayName: <img src=x onerror=alert(1)>\n"
    assert parse(text)[0].attributes["displayname"] == ["<img src=x onerror=alert(1)>"]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "dn: CN=x,DC=voorbeeld,DC=local\nobjectClass: user\njpegPhoto:< file:///etc/passwd\n",
            "ad.ldif:3: 'jpegPhoto:<' refers to an external file; kszcheck reads "
            "self-contained exports only (export the value inline)",
        ),
        (
            "dn: CN=x,DC=voorbeeld,DC=local\nchangetype: delete\n",
            "ad.ldif:2: 'changetype: delete' is not supported: kszcheck reads directory "
            "exports (ldifde -f, ldapsearch -LLL), not change files",
        ),
        (
            "dn: CN=a,DC=v\ncn: a\n\ndn: CN=x,DC=v\nchangetype: modify\nreplace: cn\ncn: y\n-\n",
            "ad.ldif:5: 'changetype: modify' is not supported: kszcheck reads directory "
            "exports (ldifde -f, ldapsearch -LLL), not change files",
        ),
        (
            "dn: CN=a,DC=v\ncn: a\n\nobjectClass: user\ncn: b\n",
            "ad.ldif:4: a record must start with a 'dn:' line, found 'objectClass:'",
        ),
        (
            "dn: CN=a,DC=v\nobjectSid:: AQUA*AAA\n",
            "ad.ldif:2: invalid base64 in the value of 'objectSid' (truncated or damaged)",
        ),
        (
            "dn: CN=a,DC=v\nobjectSid:: AQ=A\n",
            "ad.ldif:2: invalid base64 in the value of 'objectSid' (truncated or damaged)",
        ),
        (
            "dn: CN=a,DC=v\ncn: a\n\n continued\ncn: b\n",
            "ad.ldif:4: continuation line (starting with a space) with no line to continue",
        ),
        (
            " dn: CN=a,DC=v\n",
            "ad.ldif:1: continuation line (starting with a space) with no line to continue",
        ),
        (
            "version: 2\n\ndn: CN=a,DC=v\n",
            "ad.ldif:1: LDIF version '2' is not supported (only version: 1)",
        ),
        (
            "dn: CN=a,DC=v\nthis line has no colon\n",
            "ad.ldif:2: expected 'attribute: value', found 'this line has no colon'",
        ),
        (
            "dn: CN=a,DC=v\nbad name: x\n",
            "ad.ldif:2: 'bad name' is not a valid attribute name",
        ),
        (
            "dn: CN=a,DC=v\ncn: a\ndn: CN=b,DC=v\n",
            "ad.ldif:3: 'dn:' inside a record (missing blank line before it?)",
        ),
        (
            f"dn:: {base64.b64encode(bytes([0xC3, 0x28])).decode()}\ncn: a\n",
            "ad.ldif:1: the base64 DN is not valid UTF-8",
        ),
    ],
)
def test_bad_input_names_file_line_and_problem(text: str, error: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(text)
    assert str(caught.value) == error


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            b"dn: CN=a,DC=v\ncn: a\n\ndn: CN=b,DC=v\nobjectSid:: AQUAAAAAAAUVAAAA3PTc3",
            "ad.ldif:5: invalid base64 in the value of 'objectSid' (truncated or damaged) "
            "(the file ends here: truncated export?)",
        ),
        (
            b"dn: CN=b,DC=v\ncn: b\nnTSecurityDescriptor:: AQAEgBQAAAAwAAAAAAAAAEwAAAABBQAA\n"
            b" AAAABRUAAADc9Nw7gz0rRoKLpigAAgAAAQUAAAAAA",
            "ad.ldif:3: invalid base64 in the value of 'nTSecurityDescriptor' (truncated or "
            "damaged) (the file ends here: truncated export?)",
        ),
        (
            b"dn: CN=a,DC=v\ncn: a\n\ndn: CN=b,DC=v\nuserAccountCon",
            "ad.ldif:5: expected 'attribute: value', found 'userAccountCon' "
            "(the file ends here: truncated export?)",
        ),
        (
            b"dn: CN=a,DC=v\ncn: a\n\ndn: CN=b,DC=v",
            "ad.ldif:4: the file ends right after a 'dn:' line: truncated export",
        ),
        (
            b"dn: CN=a,DC=v\ncn: a\n\ndn: CN=b,DC=v\ndisplayName: H\xc3",
            "ad.ldif:5: the file ends in the middle of a character: truncated export",
        ),
        (
            b"dn: CN=a,DC=v\ncn: a\ndescription: caf\xe9 latin-1\n",
            "ad.ldif:3: the file is not UTF-8 (an ldifde export without -u must keep "
            "non-ASCII values in base64, or export with -u)",
        ),
        (
            b"\xff\xfe" + "dn: CN=a,DC=v\r\ncn: a\r\n".encode("utf-16-le") + b"d",
            "ad.ldif:3: the file ends in the middle of a character: truncated UTF-16 export",
        ),
    ],
)
def test_truncated_and_badly_encoded_files(data: bytes, error: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_ldif(data, "ad.ldif")
    assert str(caught.value) == error


def test_an_empty_file_has_no_records() -> None:
    assert parse_ldif(b"", "ad.ldif") == []
    assert parse_ldif(b"# only a comment\n\n", "ad.ldif") == []
