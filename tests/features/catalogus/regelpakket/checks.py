"""Checks of the example rule pack, loaded by kszcheck by file path."""

from __future__ import annotations

from collections.abc import Iterator

from kszcheck.analysis.facts import Facts
from kszcheck.catalogue.packs import check
from kszcheck.checks.helpers import finding
from kszcheck.checks.registry import Params
from kszcheck.model.results import Finding


@check("KSZ-LOC-101")
def social_data_server_without_region(facts: Facts, params: Params) -> Iterator[Finding]:
    for server in facts.snapshot.inventory.servers:
        if server.contains_social_data and not server.region:
            yield finding(server.name, "no_region", [f"servers:{server.line}"], server=server.name)
