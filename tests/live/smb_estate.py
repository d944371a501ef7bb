"""The planted file server of the SMB tests: shares of the social service and of the gemeente,
with deliberately over-broad rights, written by Samba's own tools (tests/peers/smbd.py).

SIDs: the domain is the example administration's VOORBEELD domain (its SID as in
inventories/example/ad-export.ldif); local SIDs are BUILTIN (S-1-5-32-*) and the file server's
own machine SID (tests/peers/smbd.MACHINE_SID).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.peers import smbd

DOMAIN_SID = "S-1-5-21-1004336348-1177238915-682003330"
DOMAIN_USERS = f"{DOMAIN_SID}-513"
SD_SHARE_RW = f"{DOMAIN_SID}-1167"  # DL_SD_Share_RW of the example domain
LOCAL_USER = f"{smbd.MACHINE_SID}-1001"  # a local account of the file server
FULL, CHANGE, READ = "0x001f01ff", "0x001301bf", "0x001200a9"

GPT_INI = b"[General]\r\nVersion=65545\r\ndisplayName=Nieuw GPO\r\n"


def shares() -> list[smbd.ShareSpec]:
    return [
        smbd.ShareSpec(
            name="SocialeDienst",
            share_acl=["S-1-1-0:ALLOWED/0/FULL", "S-1-5-32-544:ALLOWED/0/FULL"],
            folders=["Dossiers", "Dossiers/2026", "Leefloon"],
            files={"Leefloon/GPT.INI": GPT_INI},
            ntfs={
                # planted: Everyone may modify the root of a social-data share
                "": f"O:BAG:SYD:PAI(A;OICI;{FULL};;;BA)(A;OICI;{CHANGE};;;{SD_SHARE_RW})"
                f"(A;OICI;{CHANGE};;;WD)(A;OICI;{READ};;;{DOMAIN_USERS})",
                # protected sub folder: a local account of the server reads the files
                "Dossiers": f"O:BAG:SYD:PAI(A;OICI;{FULL};;;BA)(A;OICI;{CHANGE};;;{SD_SHARE_RW})"
                f"(A;OICI;{READ};;;{LOCAL_USER})(D;OICI;{CHANGE};;;BU)",
                # as Windows writes a folder that inherits from the root
                "Leefloon": f"O:BAG:SYD:AI(A;OICIID;{FULL};;;BA)(A;OICIID;{CHANGE};;;WD)",
            },
        ),
        smbd.ShareSpec(
            name="Algemeen",
            share_acl=["S-1-5-11:ALLOWED/0/CHANGE"],
            ntfs={"": f"O:BAG:SYD:PAI(A;OICI;{FULL};;;BA)(A;OICI;{CHANGE};;;{DOMAIN_USERS})"},
        ),
        # only the reader account may connect: the collector's admin cannot read this share
        smbd.ShareSpec(name="Afgeschermd", extra={"valid users": smbd.READER_USER}),
    ]


def require_smbd() -> None:
    reason = smbd.unavailable_reason()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the live SMB tests must run)")
    pytest.skip(reason)


def start_estate(directory: Path, **kwargs: object) -> smbd.FileServer:
    require_smbd()
    return smbd.start(directory, shares(), **kwargs)  # type: ignore[arg-type]
