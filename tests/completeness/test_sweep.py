"""Done-criterion of issue 10: cutting the example's inputs at entry and line boundaries never
turns a failing rule into a pass while the cut source is reported complete.

The sweep (tests/completeness/sweep.py) cuts every input file of the example at least 50 times
(every boundary of a shorter file), in-process. Every file proves itself complete or is shown
incomplete: the inventories by reconciliation with collected facts, the lists no system can
check (application roles, disposals, port hosts, ...) by their closing line '# rows: N'
(kszcheck.collectors.closing). No cut may flip a failing rule to pass silently."""

from __future__ import annotations

from pathlib import Path

from tests.completeness.sweep import MIN_CUTS, sweep


def test_no_cut_of_an_example_input_flips_a_failing_rule_to_pass_silently(
    tmp_path: Path,
) -> None:
    result = sweep(tmp_path)
    for name, count in result.cuts.items():
        lines = (tmp_path / "example" / name).read_bytes().rstrip(b"\r\n\x00").count(b"\n") + 1
        assert count >= min(MIN_CUTS, lines), (name, count)
    assert {"ad-export.ldif", "people.csv", "records.yaml", "switches/core-sw01.cfg"} <= set(
        result.cuts
    )
    assert {"application-roles.csv", "disposals.csv", "port-hosts.csv"} <= set(result.cuts)
    assert sorted({(f.file, f.cut, f.rule_id) for f in result.silent}) == []
