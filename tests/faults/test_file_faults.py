"""Damaged source files in the example administration: an LDIF export cut off in the middle of an
entry, a switch configuration of random bytes, a server inventory with a bad row.

Each scan completes without the damaged source: the rules that need its facts are not assessed
naming it (and they would pass on the undamaged example, see ``baseline``), the other sources
are still evaluated, exit code 5 (the example's other gaps remain). ``--strict`` stops instead.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.faults.contain import DIRECTORY_KINDS, NETWORK_KINDS, contained, scan

# --- an LDIF export cut off in the middle of an entry -----------------------------------------

ENTRY = "dn: CN=Bieke Vervaet,OU=Welzijn,OU=Gemeente,DC=voorbeeld,DC=local"

#: Where the export is cut (the text it ends with, inside Bieke Vervaet's entry) -> the message.
CUTS = {
    "in a base64 value": (
        "objectSid:: AQUAAAAAAAUVAAA",
        "invalid base64 in the value of 'objectSid' (truncated or damaged) "
        "(the file ends here: truncated export?)",
    ),
    "in an attribute name": (
        "userAcc",
        "expected 'attribute: value', found 'userAcc' (the file ends here: truncated export?)",
    ),
    "right after the dn line": (ENTRY, "the file ends right after a 'dn:' line: truncated export"),
}


def _cut_ldif(site: Path, ends_with: str) -> tuple[Path, int]:
    """Cut the export right after the first ``ends_with`` in Bieke Vervaet's entry; return the
    file and the line the cut falls on."""
    ldif = site / "ad-export.ldif"
    text = ldif.read_text(encoding="utf-8")
    entry = text.index(ENTRY)
    cut = text.index(ends_with, entry) + len(ends_with)
    ldif.write_text(text[:cut], encoding="utf-8")
    return ldif, text[:cut].count("\n") + 1


@pytest.mark.parametrize("where", list(CUTS))
def test_ldif_truncated_mid_entry(site: Path, baseline: dict[str, str], where: str) -> None:
    ends_with, message = CUTS[where]
    ldif, line = _cut_ldif(site, ends_with)
    run = scan(site, site.parent / "out")
    affected = contained(
        run,
        source="ad",
        collector="ldif",
        lost=DIRECTORY_KINDS,
        reason=f"{ldif}:{line}: {message}",
        exit_code=5,
    )
    # these pass on the undamaged example; without the directory they are not assessed
    # (KSZ-SRV-005 fails on the example: SRV-SOC01 is observed unpatched)
    for rule in ("KSZ-SEP-001", "KSZ-GOV-011", "KSZ-RMT-005"):
        assert (baseline[rule], affected[rule]) == ("pass", "not_assessed")
    # a rule on other sources is still evaluated
    assert (baseline["KSZ-SRV-003"], run.outcomes()["KSZ-SRV-003"]) == ("pass", "pass")


def test_ldif_truncated_inside_a_plain_value(site: Path) -> None:
    _cut_ldif(site, "sAMAccountName: bverv")
    run = scan(site, site.parent / "out")
    (ad,) = [s for s in run.json("snapshot.json")["sources"] if s["source_id"] == "ad"]
    assert (run.code, ad["status"]) == (5, "failed")
    assert "truncated" in ad["reason"]


def test_strict_stops_at_the_truncated_ldif_and_writes_nothing(site: Path) -> None:
    ends_with, message = CUTS["in a base64 value"]
    ldif, line = _cut_ldif(site, ends_with)
    run = scan(site, site.parent / "out", "--strict")
    assert run.code == 2
    assert run.stderr.splitlines()[-1] == f"kszcheck: error: {ldif}:{line}: {message}"
    assert not run.out.exists()


# --- a switch configuration of random bytes ---------------------------------------------------


def _garbage(kind: str) -> bytes:
    rng = random.Random(20261122)
    if kind == "binary":
        return rng.randbytes(4096)
    words = [
        "".join(rng.choices("abcdefghij0123456789 .:/-!", k=rng.randint(5, 60))) for _ in range(80)
    ]
    return "\n".join(words).encode("ascii")


GARBAGE_REASONS = {
    "binary": "not a text configuration file",
    "printable": "configuration dialect not recognised (known: ios, procurve, comware, aruba-cx)",
}


@pytest.mark.parametrize("kind", list(GARBAGE_REASONS))
def test_one_switch_configuration_of_random_bytes(
    site: Path, baseline: dict[str, str], kind: str
) -> None:
    (site / "switches" / "acc-sw02.cfg").write_bytes(_garbage(kind))
    run = scan(site, site.parent / "out")
    affected = contained(
        run,
        source="switches",
        collector="switchconfig",
        lost=NETWORK_KINDS,
        reason=f"switches/acc-sw02.cfg: {GARBAGE_REASONS[kind]}",
        status="partial",  # the two other switches were read, but not the whole network
        exit_code=5,
    )
    assert (baseline["KSZ-NET-004"], affected["KSZ-NET-004"]) == ("pass", "not_assessed")
    devices = [d["name"] for d in run.json("snapshot.json")["network"]["devices"]]
    assert devices == ["ACC-SW01", "CORE-SW01"]


def test_the_only_switch_configuration_is_random_bytes(site: Path) -> None:
    profile = site / "site.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace(
            "    path: switches\n", "    path: switches/acc-sw02.cfg\n"
        ),
        encoding="utf-8",
    )
    (site / "switches" / "acc-sw02.cfg").write_bytes(_garbage("binary"))
    run = scan(site, site.parent / "out")
    contained(
        run,
        source="switches",
        collector="switchconfig",
        lost=NETWORK_KINDS,
        reason="switches/acc-sw02.cfg: not a text configuration file",
        exit_code=5,
    )
    assert run.json("snapshot.json")["network"]["devices"] == []


# --- a server inventory with a bad row --------------------------------------------------------


def _bad_row(site: Path) -> Path:
    servers = site / "servers.csv"
    lines = servers.read_text(encoding="utf-8").splitlines()
    assert lines[4].startswith("SRV-FILE02,") and ",2031-10-14," in lines[4]
    lines[4] = lines[4].replace(",2031-10-14,", ",31/01/2026,")
    servers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return servers


BAD_ROW = "5: column 'os_eol': '31/01/2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31"


def test_server_inventory_with_a_bad_row(site: Path, baseline: dict[str, str]) -> None:
    servers = _bad_row(site)
    run = scan(site, site.parent / "out")
    affected = contained(
        run,
        source="servers",
        collector="servers",
        lost=frozenset({"inventory.servers"}),
        reason=f"{servers}:{BAD_ROW}",
        exit_code=5,
    )
    for rule in ("KSZ-SRV-003", "KSZ-GOV-011"):
        assert (baseline[rule], affected[rule]) == ("pass", "not_assessed")
    # the directory rules are still evaluated
    assert (baseline["KSZ-SEP-001"], run.outcomes()["KSZ-SEP-001"]) == ("pass", "pass")


def test_strict_stops_at_the_bad_row_and_writes_nothing(site: Path) -> None:
    servers = _bad_row(site)
    run = scan(site, site.parent / "out", "--strict")
    assert run.code == 2
    assert run.stderr.splitlines()[-1] == f"kszcheck: error: {servers}:{BAD_ROW}"
    assert not run.out.exists()
