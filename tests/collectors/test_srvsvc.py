"""The DCE/RPC and SRVSVC encoders/decoders, on answers recorded from a real Samba smbd
(tests/fixtures/smb/ORIGIN.md) and on cut or corrupted copies of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kszcheck.collectors import dcerpc, lsarpc, srvsvc
from kszcheck.collectors.security_descriptor import parse_security_descriptor

FIXTURES = Path(__file__).parent.parent / "fixtures" / "smb"


def _recorded(name: str) -> bytes:
    return bytes.fromhex((FIXTURES / name).read_text().strip())


def test_bind_ack_accepts_the_context() -> None:
    dcerpc.check_bind_ack(_recorded("srvsvc-bind-ack.hex"))


def test_bind_pdu_layout() -> None:
    pdu = dcerpc.bind_pdu(*srvsvc.SRVSVC, call_id=7)
    assert (pdu[0], pdu[2], pdu[3]) == (5, 11, 0x03)  # v5, bind, first|last fragment
    assert int.from_bytes(pdu[8:10], "little") == len(pdu) == 72
    assert int.from_bytes(pdu[12:16], "little") == 7
    assert pdu[32:48].hex() == "c84f324b7016d30112785a47bf6ee188"  # SRVSVC UUID, little endian


def test_share_enum_names_types_and_remarks() -> None:
    shares = srvsvc.decode_share_enum(dcerpc.response_stub(_recorded("srvsvc-share-enum.hex")))
    assert [(s.name, srvsvc.share_type_name(s.share_type), s.remark) for s in shares] == [
        ("SocialeDienst", "disk", ""),
        ("Algemeen", "disk", ""),
        ("Afgeschermd", "disk", ""),
        ("IPC$", "ipc (special)", "IPC Service (Samba 4.17.12-Debian)"),
    ]


def test_share_info_502_path_and_share_permissions() -> None:
    info = srvsvc.decode_share_info_502(
        dcerpc.response_stub(_recorded("srvsvc-share-info-502.hex"))
    )
    assert info.name == "SocialeDienst"
    assert info.path.endswith("\\shares\\SocialeDienst")
    assert info.security_descriptor is not None
    sd = parse_security_descriptor(info.security_descriptor)
    assert [(a.ace_type, a.trustee_sid, a.mask) for a in sd.dacl] == [
        ("allow", "S-1-1-0", 0x1F01FF),
        ("allow", "S-1-5-32-544", 0x1F01FF),
    ]


def test_share_info_for_an_unknown_share_is_a_named_error() -> None:
    stub = dcerpc.response_stub(_recorded("srvsvc-share-info-502-unknown.hex"))
    with pytest.raises(srvsvc.SrvsvcError, match=r"^NetrShareGetInfo: ERROR_INVALID_NAME$"):
        srvsvc.decode_share_info_502(stub)


def test_encoded_share_info_request() -> None:
    stub = srvsvc.encode_share_info_502("fs1", "Sd")
    # unique pointer, "\\fs1" as 6 UTF-16 units with NUL, then "Sd" (3 units) and level 502
    assert stub.hex() == (
        "04000200"
        "06000000"
        "00000000"
        "06000000" + "\\\\fs1\x00".encode("utf-16-le").hex() + "03000000"
        "00000000"
        "03000000" + "Sd\x00".encode("utf-16-le").hex() + "0000" + "f6010000"
    )


@pytest.mark.parametrize("cut", [10, 30, 60, 100, 150])
def test_cut_answers_raise_value_error(cut: int) -> None:
    data = _recorded("srvsvc-share-info-502.hex")[:cut]
    with pytest.raises(ValueError):
        srvsvc.decode_share_info_502(dcerpc.response_stub(data))


def test_fault_pdu_is_an_rpc_fault() -> None:
    fault = bytes.fromhex("0500030310000000200000000200000000000000000000000500000000000000")
    with pytest.raises(dcerpc.RpcFault, match="0x00000005"):
        dcerpc.response_stub(fault)


def test_fragmented_response_is_joined() -> None:
    whole = _recorded("srvsvc-share-enum.hex")
    stub = dcerpc.response_stub(whole)
    half = len(stub) // 2
    frags = b""
    for index, piece in enumerate((stub[:half], stub[half:])):
        flags = 0x01 if index == 0 else 0x02
        body = len(stub).to_bytes(4, "little") + b"\x00\x00\x00\x00" + piece
        header = bytes([5, 0, 2, flags]) + b"\x10\x00\x00\x00"
        header += (16 + len(body)).to_bytes(2, "little") + b"\x00\x00" + (2).to_bytes(4, "little")
        frags += header + body
    assert dcerpc.response_stub(frags) == stub


def test_recorded_ntfs_descriptor() -> None:
    sd = parse_security_descriptor(_recorded("ntfs-sociale-dienst-root.hex"))
    assert sd.owner_sid == "S-1-5-32-544"
    assert [a.trustee_sid for a in sd.dacl] == [
        "S-1-5-32-544",
        "S-1-5-21-1004336348-1177238915-682003330-1167",
        "S-1-1-0",
        "S-1-5-21-1004336348-1177238915-682003330-513",
    ]


def test_lsa_account_domain_of_the_server() -> None:
    handle = lsarpc.decode_open_policy2(dcerpc.response_stub(_recorded("lsa-open-policy2.hex")))
    assert len(handle) == 20
    stub = dcerpc.response_stub(_recorded("lsa-account-domain.hex"))
    assert lsarpc.decode_account_domain(stub) == (
        "FS-SOC1",
        "S-1-5-21-3000000001-3000000002-3000000003",
    )
    with pytest.raises(ValueError):
        lsarpc.decode_account_domain(stub[:30])


def test_lsa_query_request_layout() -> None:
    handle = bytes(range(20))
    assert lsarpc.encode_query_account_domain(handle) == handle + b"\x05\x00"
