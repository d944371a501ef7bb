"""Record the example administration's SMB facts (inventories/example/smb-facts.json) with the
real SMB collector from real Samba smbd servers planted like the example's two file servers:
SRV-FILE02 (the social service's) and SRV-FILE01 (the gemeente's general file server).

    python -m tests.live.record_example_smb      # as root, ideally inside `unshare -n`

Each server answers on 127.0.0.1 (its own port); the recording then names it as the example's
inventory does (SRV-FILE02, SRV-FILE01) and its share paths E:\\Shares\\.... Nothing else is
changed: every SID, mask, flag and the negotiated dialect/signing are what the collector read.
``test_example_smb_recording`` records again and compares, so the shipped file stays real
collector output. With SRV-FILE01 recorded too, every share of ``shares.yaml`` is on a server that
was read: an inventory cut before one of its shares is reconciled as incomplete (issue 10).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from kszcheck.collectors.smb import SmbSettings, combine, read_server
from kszcheck.model.fileshares import SmbCollection, SmbFacts
from tests.peers import smbd

EXAMPLE = Path(__file__).resolve().parents[2] / "inventories" / "example" / "smb-facts.json"
RECORDED_AT = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
DOMAIN = "S-1-5-21-1004336348-1177238915-682003330"
SVC_SCAN = f"{DOMAIN}-1157"
SD_HEAD = f"{DOMAIN}-1164"  # GG_SD_Diensthoofd
GEM_ARCHIVE = f"{DOMAIN}-1166"  # GG_GEM_Archief
SD_SHARE_RW = f"{DOMAIN}-1167"  # DL_SD_Share_RW
OCMW_ALL_STAFF = f"{DOMAIN}-1168"  # GG_OCMW_Alle_Personeel
GEM_CIVIL = f"{DOMAIN}-1170"  # GG_GEM_Burgerzaken
GEM_FINANCE = f"{DOMAIN}-1172"  # GG_GEM_Financien
ALL_STAFF = f"{DOMAIN}-1179"  # GG_Alle_Personeel
FULL, CHANGE, READ = "0x001f01ff", "0x001301bf", "0x001200a9"
_ADMIN = f"(A;OICI;{FULL};;;BA)(A;OICI;{FULL};;;SY)(A;OICIIO;{FULL};;;CO)"
_ADMIN_INHERITED = f"(A;OICIID;{FULL};;;BA)(A;OICIID;{FULL};;;SY)(A;OICIIOID;{FULL};;;CO)"
#: Windows' default share permission: Everyone, Full Control
_EVERYONE_FULL = ["S-1-1-0:ALLOWED/0/FULL"]


def file02_shares(top: Path) -> list[smbd.ShareSpec]:
    """SRV-FILE02, the file server of the social service."""
    return [
        smbd.ShareSpec(
            name="SocialeDienst",
            share_acl=_EVERYONE_FULL,
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


def _team(group: str) -> str:
    return f"O:BAG:SYD:PAI{_ADMIN}(A;OICI;{CHANGE};;;{group})"


def file01_shares(top: Path) -> list[smbd.ShareSpec]:
    """SRV-FILE01, the gemeente's general file server: as declared in shares.yaml (the deny
    entry declared on Financien is not on the server; kszcheck compares allow entries)."""
    return [
        smbd.ShareSpec(name="Algemeen", share_acl=_EVERYONE_FULL, ntfs={"": _team(ALL_STAFF)}),
        smbd.ShareSpec(name="Burgerzaken", share_acl=_EVERYONE_FULL, ntfs={"": _team(GEM_CIVIL)}),
        smbd.ShareSpec(name="Financien", share_acl=_EVERYONE_FULL, ntfs={"": _team(GEM_FINANCE)}),
        smbd.ShareSpec(name="Archief", share_acl=_EVERYONE_FULL, ntfs={"": _team(GEM_ARCHIVE)}),
        # planted: the exchange share points at its OCMW folder, open to Everyone (KSZ-SRV-002)
        smbd.ShareSpec(
            name="Uitwisseling",
            share_acl=_EVERYONE_FULL,
            folders=["OCMW"],
            ntfs={"OCMW": f"O:BAG:SYD:PAI{_ADMIN}(A;OICI;{CHANGE};;;WD)"},
            extra={"path": str(top / "shares" / "Uitwisseling" / "OCMW")},
        ),
    ]


#: The example's file servers, as its inventory names them, and their planted shares.
SERVERS: dict[str, Callable[[Path], list[smbd.ShareSpec]]] = {
    "SRV-FILE02": file02_shares,
    "SRV-FILE01": file01_shares,
}


def record_server(directory: Path, name: str) -> SmbCollection:
    """Start one planted server, collect it, and name it as the example does."""
    server = smbd.start(directory, SERVERS[name](directory))
    try:
        read = read_server(
            server.address, smbd.ADMIN_USER, smbd.ADMIN_PASSWORD, SmbSettings(depth=1)
        )
    finally:
        server.stop()
    text = combine([read], RECORDED_AT).model_dump_json(indent=1)
    local_root = str(directory / "shares").replace("/", "\\")
    text = text.replace(f"C:{local_root}".replace("\\", "\\\\"), "E:\\\\Shares")
    text = text.replace(f'"{server.address}"', f'"{name}"').replace('"127.0.0.1"', f'"{name}"')
    return SmbCollection.model_validate_json(text)


def record(directory: Path) -> SmbCollection:
    """Every example file server, one after the other, in one collection."""
    facts = SmbFacts()
    parts: list[SmbCollection] = []
    for name in SERVERS:
        part = record_server(directory / name, name)
        parts.append(part)
        facts.servers += part.facts.servers
        facts.shares += part.facts.shares
        facts.folders += part.facts.folders
    return SmbCollection(
        collected_at=RECORDED_AT,
        facts=facts,
        missing=sorted({kind for part in parts for kind in part.missing}),
        reason="; ".join(part.reason for part in parts if part.reason),
        warnings=[w for part in parts for w in part.warnings],
    )


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        collection = record(Path(folder))
    EXAMPLE.write_text(collection.model_dump_json(indent=1) + "\n", encoding="utf-8")
    print(f"wrote {EXAMPLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
