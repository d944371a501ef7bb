"""The synthetic estate (tests/synthetic/estate.py): deterministic, and the engine finds exactly
the gaps that were planted in it, no more and no fewer."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kszcheck.model.results import Assessment, Outcome
from kszcheck.pipeline import evaluate_snapshot
from tests.synthetic.estate import Estate, Gaps, build_estate, size_for


@cache
def _estate() -> Estate:
    return build_estate(1000, seed=7)


@cache
def _assessment() -> Assessment:
    estate = _estate()
    return evaluate_snapshot(estate.site, Path("site.yaml"), estate.snapshot, estate.now)


def _found() -> dict[str, list[str]]:
    return {
        r.rule_id: sorted((f.subject for f in r.findings), key=str.lower)
        for r in _assessment().results
        if r.findings
    }


def test_the_same_seed_gives_the_same_estate() -> None:
    again = build_estate(1000, seed=7)
    assert again.snapshot.content_hash() == _estate().snapshot.content_hash()
    assert build_estate(1000, seed=8).snapshot.content_hash() != again.snapshot.content_hash()


def test_sizes_scale_with_the_users() -> None:
    size = size_for(50_000)
    assert (size.groups, size.switches, size.servers) == (10_000, 500, 2_000)
    directory = _estate().snapshot.directory
    assert len(directory.groups) == size_for(1000).groups == 200
    assert len(_estate().snapshot.records.people) == 1000


def test_the_engine_finds_exactly_the_planted_gaps() -> None:
    assert _found() == _estate().planted


def test_exact_subjects_of_a_few_rules() -> None:
    found = _found()
    assert found["KSZ-PPL-001"] == ["P000012", "P000024", "P000046"]
    assert found["KSZ-SEP-003"] == ["P000369", "P000560", "P000801"]
    assert found["KSZ-PPL-005"] == [
        "bdesmet523:leaver",
        "bpauwels502:leaver",
        "nmaes671:leaver",
    ]
    assert found["KSZ-SEP-008"] == ["balie0001", "balie0002", "balie0003"]
    assert found["KSZ-SEP-005"] == ["DL_SD_Share_RW:GG_GEM_Archief"]
    assert found["KSZ-NET-002"] == ["SRV-SDFILE01"]
    assert found["KSZ-PRV-004"] == [
        "adm.jlambert55:not-protected",
        "adm.ydesmet56:not-protected",
    ]


def test_the_tier0_count_names_the_extra_administrators() -> None:
    result = next(r for r in _assessment().results if r.rule_id == "KSZ-PRV-003")
    (item,) = result.findings
    assert item.args["accounts"] == (
        "adm.aaerts51, adm.dgoossens52, adm.ewouters53, adm.jlambert55, adm.tsmets54, "
        "adm.ydesmet56, Administrator"
    )
    assert item.args["count"] == 7
    assert _estate().tier0_accounts == str(item.args["accounts"]).split(", ")
    extra = [s.split(":", 1)[0] for s in _estate().planted["KSZ-PRV-004"]]
    assert set(extra) < set(_estate().tier0_accounts)


def test_without_planted_gaps_the_estate_is_clean() -> None:
    estate = build_estate(1000, seed=7, gaps=Gaps(0, 0, 0, 0, 0))
    assessment = evaluate_snapshot(estate.site, Path("site.yaml"), estate.snapshot, estate.now)
    failed = {r.rule_id: [f.subject for f in r.findings] for r in assessment.results if r.findings}
    assert failed == {"KSZ-NET-002": ["SRV-SDFILE01"]}
    assert estate.planted == {"KSZ-NET-002": ["SRV-SDFILE01"]}
    outcomes = {r.rule_id: r.outcome for r in assessment.results}
    assert outcomes["KSZ-PPL-001"] is Outcome.pass_
    assert outcomes["KSZ-PRV-003"] is Outcome.pass_
