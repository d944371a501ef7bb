"""Completeness evidence: ldapsearch trailers, export structure, and the reconciliation of the
hand-written inventories with the facts collected from systems (kszcheck/collectors/
ldif_evidence.py and reconcile.py). The exports are the example's, in ldapsearch's documented
output format (``ldapsearch -LLL`` entries; without -LLL the ``# search result`` block with
``search:``/``result:`` and the ``# numResponses``/``# numEntries`` comments, as OpenLDAP's
ldapsearch(1) writes them)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kszcheck.collectors.ldif_collect import collect
from kszcheck.collectors.run import collect_site
from kszcheck.config import load_site
from kszcheck.model.errors import InputError
from kszcheck.model.provenance import CollectionStatus
from kszcheck.model.site import SourceSpec, SourceType
from kszcheck.paths import example_dir

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
CUT = "ad.ldif: no {kind} object at all (a domain always has them): the export is cut or filtered"
TRAILER = (
    "# search result\nsearch: 2\nresult: {code}\n\n"
    "# numResponses: {responses}\n# numEntries: {entries}\n"
)


def _entries() -> list[str]:
    text = (example_dir() / "ad-export.ldif").read_text("utf-8")
    return text.rstrip("\n").split("\n\n")  # the first block is the header comment


def _ldif(tmp_path: Path, blocks: list[str], tail: str = "") -> SourceSpec:
    (tmp_path / "ad.ldif").write_text("\n\n".join(blocks) + "\n\n" + tail, "utf-8")
    return SourceSpec(id="ad", type=SourceType.ldif, path="ad.ldif")


def test_the_whole_example_export_is_complete(tmp_path: Path) -> None:
    entries = _entries()
    n = len(entries) - 1  # without the header comment
    spec = _ldif(tmp_path, entries, TRAILER.format(code="0 Success", responses=n + 1, entries=n))
    collected = collect(spec, tmp_path, NOW)
    assert (collected.missing, collected.reason) == ([], "")


def test_a_size_limit_result_makes_the_export_partial(tmp_path: Path) -> None:
    blocks = _entries()[:41]
    spec = _ldif(
        tmp_path, blocks, TRAILER.format(code="4 Size limit exceeded", responses=41, entries=40)
    )
    collected = collect(spec, tmp_path, NOW)
    assert collected.missing == collected.provides
    line = sum(b.count("\n") + 2 for b in blocks) + 3
    assert collected.reason.split("; ")[0] == (
        f"ad.ldif:{line}: ldapsearch ended with 'result: 4 Size limit exceeded': "
        "the export is partial"
    )


def test_num_entries_that_disagree_with_the_entries_read(tmp_path: Path) -> None:
    entries = _entries()
    n = len(entries) - 1  # without the header comment
    spec = _ldif(
        tmp_path, entries, TRAILER.format(code="0 Success", responses=n + 2, entries=n + 1)
    )
    collected = collect(spec, tmp_path, NOW)
    assert collected.missing == collected.provides
    assert (
        f"'# numEntries: {n + 1}' but {n} entries were read: the export is cut" in collected.reason
    )


def test_a_member_that_is_not_exported_means_a_cut_export(tmp_path: Path) -> None:
    entries = [b for b in _entries() if "CN=Sofie Peeters," not in b.split("\n", 1)[0]]
    collected = collect(_ldif(tmp_path, entries), tmp_path, NOW)
    assert collected.missing == collected.provides
    assert collected.reason.startswith("ad.ldif:")
    assert ": member names CN=Sofie Peeters,OU=Gebruikers,OU=Sociale Dienst,OU=OCMW," in (
        collected.reason
    )
    assert "which is not in the export" in collected.reason


@pytest.mark.parametrize(
    ("keep", "reason"),
    [
        (
            2,
            CUT.format(kind="user"),
        ),
        (
            60,
            CUT.format(kind="group"),
        ),
        (95, "ad.ldif: the well-known group Domain Admins (RID 512) is missing"),
        (
            110,
            CUT.format(kind="computer"),
        ),
    ],
)
def test_an_export_cut_at_an_entry_boundary_is_not_complete(
    tmp_path: Path, keep: int, reason: str
) -> None:
    collected = collect(_ldif(tmp_path, _entries()[:keep]), tmp_path, NOW)
    assert collected.missing == collected.provides
    assert reason in collected.reason.split("; ")


def _site_copy(tmp_path: Path) -> Path:
    shutil.copytree(example_dir(), tmp_path / "ex")
    return tmp_path / "ex"


def test_servers_that_ad_shows_but_the_inventory_lacks(tmp_path: Path) -> None:
    base = _site_copy(tmp_path)
    lines = (base / "servers.csv").read_text("utf-8").splitlines()
    kept = [row for row in lines if not row.startswith(("SRV-FILE01,", "SRV-PRINT01,"))]
    (base / "servers.csv").write_text("\n".join(kept) + "\n", "utf-8")
    snapshot = collect_site(load_site(base / "site.yaml"), base, NOW)
    servers = next(s for s in snapshot.sources if s.source_id == "servers")
    assert servers.status is CollectionStatus.partial
    assert servers.missing == ["inventory.servers"]
    assert servers.reason == (
        "servers.csv: inventory incomplete: 2 not listed that the systems show "
        "(SRV-FILE01, SRV-PRINT01)"
    )
    assert servers.warnings == [
        "servers.csv: inventaris onvolledig / inventory incomplete: SRV-FILE01 ontbreekt / is "
        "missing (AD computer CN=SRV-FILE01,OU=Servers,DC=voorbeeld,DC=local "
        "(Windows Server 2019 Standard))",
        "servers.csv: inventaris onvolledig / inventory incomplete: SRV-PRINT01 ontbreekt / is "
        "missing (AD computer CN=SRV-PRINT01,OU=Servers,DC=voorbeeld,DC=local "
        "(Windows Server 2016 Standard))",
    ]
    with pytest.raises(InputError, match="incomplete source 'servers'"):
        collect_site(load_site(base / "site.yaml"), base, NOW, strict=True)


def test_accounts_with_an_employee_id_that_the_people_register_lacks(tmp_path: Path) -> None:
    base = _site_copy(tmp_path)
    lines = (base / "people.csv").read_text("utf-8").splitlines()
    (base / "people.csv").write_text("\n".join(lines[:3]) + "\n", "utf-8")
    snapshot = collect_site(load_site(base / "site.yaml"), base, NOW)
    people = next(s for s in snapshot.sources if s.source_id == "people")
    assert people.status is CollectionStatus.partial
    assert people.missing == ["records.people"]
    assert people.reason.startswith("people.csv: inventory incomplete: ")
    assert "(aelamrani, " in people.reason


def test_the_whole_example_reconciles(tmp_path: Path) -> None:
    snapshot = collect_site(load_site(example_dir() / "site.yaml"), example_dir(), NOW)
    assert [
        (s.source_id, s.status.value) for s in snapshot.sources if s.status.value != "complete"
    ] == []


def test_systems_the_backup_tool_protects_that_the_backup_inventory_lacks(
    tmp_path: Path,
) -> None:
    """backups.csv cut after its first job: the Veeam export shows jobs for four more systems."""
    base = _site_copy(tmp_path)
    lines = (base / "backups.csv").read_text("utf-8").splitlines()
    (base / "backups.csv").write_text("\n".join(lines[:2]) + "\n", "utf-8")
    snapshot = collect_site(load_site(base / "site.yaml"), base, NOW)
    backups = next(s for s in snapshot.sources if s.source_id == "backups")
    assert backups.status is CollectionStatus.partial
    assert backups.missing == ["inventory.backups"]
    assert backups.reason == (
        "backups.csv: inventory incomplete: 4 not listed that the systems show "
        "(srv-app01, srv-file01, srv-file02, srv-soc01)"
    )
    assert backups.warnings[2] == (
        "backups.csv: inventaris onvolledig / inventory incomplete: srv-file02 ontbreekt / is "
        "missing (backup job 'SD-bestanden-dagelijks' of the backup tool)"
    )

