"""The streaming LDIF reader: the same entries whatever the chunks, only the kept attributes, one
shared object per repeated security descriptor, and descriptors kept where rules read them.

The inputs are the sample exports of tests/fixtures/ldif (made by make_samples.py in the formats
``ldapsearch -LLL`` and ``ldifde -u`` write) and variants of them (CRLF line ends, no final line
break)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.collectors.ad_record import USED_ATTRIBUTES
from kszcheck.collectors.ldif import LdifReader, parse_export
from kszcheck.collectors.ldif_collect import collect
from kszcheck.collectors.security_descriptor import DescriptorReader, parse_security_descriptor
from kszcheck.model.errors import InputError
from kszcheck.model.site import SourceSpec
from tests.collectors.conftest import (
    ACE_ALLOW,
    CI,
    DOMAIN_SID,
    ace,
    descriptor,
    ocmw_ou_descriptor,
)

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "ldif"
LDAPSEARCH = (SAMPLES / "voorbeeld-ldapsearch.ldif").read_bytes()
LDIFDE = (SAMPLES / "voorbeeld-ldifde.ldf").read_bytes()


def _chunks(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def _read(data: bytes, size: int) -> list[tuple[str, int | None, dict[str, list[object]]]]:
    reader = LdifReader("ad.ldif")
    return [(r.dn, r.line, dict(r.attributes)) for r in reader.records(_chunks(data, size))]


@pytest.mark.parametrize(
    "data",
    [LDAPSEARCH, LDIFDE, LDAPSEARCH.replace(b"\n", b"\r\n")],
    ids=["ldapsearch", "ldifde-utf16", "crlf"],
)
@pytest.mark.parametrize("size", [1, 2, 3, 7, 76, 1000])
def test_the_same_entries_and_lines_whatever_the_chunks(data: bytes, size: int) -> None:
    whole = [(r.dn, r.line, dict(r.attributes)) for r in parse_export(data, "ad.ldif")[0]]
    assert whole  # the sample has entries
    assert _read(data, size) == whole


@pytest.mark.parametrize("size", [1, 5, 64, 10_000])
def test_a_cut_file_is_refused_the_same_whatever_the_chunks(size: int) -> None:
    cut = LDAPSEARCH[: LDAPSEARCH.index(b"sAMAccountName", 2000) + 5]
    with pytest.raises(InputError) as whole:
        parse_export(cut, "ad.ldif")
    with pytest.raises(InputError) as streamed:
        _read(cut, size)
    assert str(streamed.value) == str(whole.value)
    assert "truncated" in str(streamed.value)


def test_only_the_kept_attributes_are_stored_with_their_lines() -> None:
    all_of_them = parse_export(LDAPSEARCH, "ad.ldif")[0]
    kept = list(LdifReader("ad.ldif", keep=USED_ATTRIBUTES).records([LDAPSEARCH]))
    assert [r.dn for r in kept] == [r.dn for r in all_of_them]
    dropped = {k for r in all_of_them for k in r.attributes} - USED_ATTRIBUTES
    assert dropped  # the sample holds attributes kszcheck does not read (e.g. objectGUID)
    for full, short in zip(all_of_them, kept, strict=True):
        assert short.attributes == {
            k: v for k, v in full.attributes.items() if k in USED_ATTRIBUTES
        }
        assert short.lines == {k: v for k, v in full.lines.items() if k in USED_ATTRIBUTES}


def test_an_unread_attribute_with_damaged_base64_is_still_refused() -> None:
    damaged = LDAPSEARCH.replace(
        b"objectClass: domainDNS\n", b"objectClass: domainDNS\nfoo:: AB=C\n"
    )
    with pytest.raises(InputError, match="invalid base64 in the value of 'foo'"):
        list(LdifReader("ad.ldif", keep=USED_ATTRIBUTES).records([damaged]))


def test_repeated_descriptors_and_aces_are_one_object_each() -> None:
    raw = ocmw_ou_descriptor()
    reader = DescriptorReader()
    first, second = reader.parse(raw), reader.parse(bytes(raw))
    assert first is second
    assert first == parse_security_descriptor(raw)
    other = DescriptorReader().parse(raw)
    assert other == first and other is not first
    # the same ACE bytes in another descriptor give the same Ace object
    admins, helpdesk = f"{DOMAIN_SID}-512", f"{DOMAIN_SID}-1105"
    full = ace(ACE_ALLOW, CI, 0xF01FF, admins)
    one = reader.parse(descriptor(admins, admins, [full, ace(ACE_ALLOW, 0, 0x10, helpdesk)]))
    two = reader.parse(descriptor(helpdesk, admins, [full]))
    assert one is not two
    assert one.dacl[0] is two.dacl[0]
    assert one.dacl[0].trustee_sid == admins and one.dacl[0].rights[0] == "full_control"


def _ldif(entries: list[tuple[str, list[str]]], sd: bytes) -> bytes:
    encoded = base64.b64encode(sd).decode()
    blocks = []
    for dn, classes in entries:
        lines = [f"dn: {dn}", *(f"objectClass: {c}" for c in classes)]
        lines.append(f"nTSecurityDescriptor:: {encoded}")
        blocks.append("\n".join(lines) + "\n")
    return ("\n".join(blocks) + "\n").encode()


def test_descriptors_are_kept_where_rules_read_them_and_shared(tmp_path: Path) -> None:
    sd = ocmw_ou_descriptor()
    base = "DC=voorbeeld,DC=local"
    (tmp_path / "ad.ldif").write_bytes(
        _ldif(
            [
                (base, ["top", "domain", "domainDNS"]),
                (f"CN=Users,{base}", ["top", "container"]),
                (f"CN=AdminSDHolder,CN=System,{base}", ["top", "container"]),
                (f"OU=OCMW,{base}", ["top", "organizationalUnit"]),
                (f"OU=Sociale Dienst,OU=OCMW,{base}", ["top", "organizationalUnit"]),
            ],
            sd,
        )
    )
    spec = SourceSpec(id="ad", type="ldif", path="ad.ldif")
    acls = collect(spec, tmp_path, datetime.now(UTC)).directory.acls
    assert list(acls) == [
        base,
        f"CN=AdminSDHolder,CN=System,{base}",
        f"OU=OCMW,{base}",
        f"OU=Sociale Dienst,OU=OCMW,{base}",
    ]
    assert acls[base] is acls[f"OU=OCMW,{base}"]  # the same bytes: one object
    assert acls[base] == parse_security_descriptor(sd)
