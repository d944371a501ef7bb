"""Record the example administration's SMB facts (inventories/example/smb-facts.json) with the
real SMB collector from a real Samba smbd planted like SRV-FILE02, the file server of the
social service in the example.

    python -m tests.live.record_example_smb      # as root, ideally inside `unshare -n`

The server answers on 127.0.0.1; the recording then names it SRV-FILE02 and its share paths
E:\\Shares\\..., as the example's inventory does. Nothing else is changed: every SID, mask, flag
and the negotiated dialect/signing are what the collector read. ``test_example_smb_recording``
records again and compares, so the shipped file stays real collector output.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from kszcheck.collectors.smb import SmbSettings, combine, read_server
from kszcheck.model.fileshares import SmbCollection
from tests.peers import smbd

EXAMPLE = Path(__file__).resolve().parents[2] / "inventories" / "example" / "smb-facts.json"
SERVER = "SRV-FILE02"
RECORDED_AT = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
DOMAIN = "S-1-5-21-1004336348-1177238915-682003330"
SVC_SCAN = f"{DOMAIN}-1157"
SD_HEAD = f"{DOMAIN}-1164"  # GG_SD_Diensthoofd
SD_SHARE_RW = f"{DOMAIN}-1167"  # DL_SD_Share_RW
OCMW_ALL_STAFF = f"{DOMAIN}-1168"  # GG_OCMW_Alle_Personeel
FULL, CHANGE, READ = "0x001f01ff", "0x001301bf", "0x001200a9"
_ADMIN = f"(A;OICI;{FULL};;;BA)(A;OICI;{FULL};;;SY)(A;OICIIO;{FULL};;;CO)"
_ADMIN_INHERITED = f"(A;OICIID;{FULL};;;BA)(A;OICIID;{FULL};;;SY)(A;OICIIOID;{FULL};;;CO)"


def shares() -> list[smbd.ShareSpec]:
    return [
        smbd.ShareSpec(
            name="SocialeDienst",
            # Windows' default share permission: Everyone, Full Control
            share_acl=["S-1-1-0:ALLOWED/0/FULL"],
            folders=["Dossiers", "Leefloon", "Sjablonen"],
            ntfs={
                # planted: the inventory declares Full Control for the head of service, the
                # server gives change (declared != observed)
                "": f"O:BAG:SYD:PAI{_ADMIN}(A;OICI;{CHANGE};;;{SD_SHARE_RW})"
                f"(A;OICI;{CHANGE};;;{SD_HEAD})",
                "Dossiers": f"O:BAG:SYD:AI{_ADMIN_INHERITED}(A;OICIID;{CHANGE};;;{SD_SHARE_RW})"
                f"(A;OICIID;{CHANGE};;;{SD_HEAD})",
                "Leefloon": f"O:BAG:SYD:PAI{_ADMIN}(A;OICI;{CHANGE};;;{SD_SHARE_RW})"
                f"(A;OICI;{FULL};;;{SD_HEAD})",
                # planted: the server's local Users group (Domain Users on a member server)
                # may change the templates
                "Sjablonen": f"O:BAG:SYD:AI{_ADMIN_INHERITED}(A;OICI;{CHANGE};;;BU)"
                f"(A;OICIID;{CHANGE};;;{SD_SHARE_RW})(A;OICIID;{CHANGE};;;{SD_HEAD})",
            },
        ),
        smbd.ShareSpec(
            name="SD_Scan$",
            share_acl=["S-1-5-11:ALLOWED/0/CHANGE", "S-1-5-32-544:ALLOWED/0/FULL"],
            ntfs={
                "": f"O:BAG:SYD:PAI{_ADMIN}(A;OICI;{CHANGE};;;{SD_SHARE_RW})"
                f"(A;OICI;{CHANGE};;;{SVC_SCAN})(A;OICI;{READ};;;{OCMW_ALL_STAFF})",
            },
        ),
    ]


def record(directory: Path) -> SmbCollection:
    """Start the planted server, collect it, and name it as the example does."""
    server = smbd.start(directory, shares())
    try:
        read = read_server(
            server.address, smbd.ADMIN_USER, smbd.ADMIN_PASSWORD, SmbSettings(depth=1)
        )
    finally:
        server.stop()
    collection = combine([read], RECORDED_AT)
    text = collection.model_dump_json(indent=1)
    local_root = str(directory / "shares").replace("/", "\\")
    text = text.replace(f"C:{local_root}".replace("\\", "\\\\"), "E:\\\\Shares")
    text = text.replace(f'"{server.address}"', f'"{SERVER}"').replace('"127.0.0.1"', f'"{SERVER}"')
    return SmbCollection.model_validate_json(text)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        collection = record(Path(folder))
    EXAMPLE.write_text(collection.model_dump_json(indent=1) + "\n", encoding="utf-8")
    print(f"wrote {EXAMPLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
