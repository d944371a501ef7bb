"""Rule cases: a partial snapshot, a partial site, parameters and the exact expected findings."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import Field

from kszcheck.model.common import Strict
from kszcheck.model.errors import InputError
from kszcheck.model.provenance import FACT_KINDS, CollectionStatus, Provenance, alternatives
from kszcheck.model.results import Outcome
from kszcheck.model.site import SiteProfile
from kszcheck.model.snapshot import Snapshot
from kszcheck.model.yamlsource import LineMap, load_yaml_text, validate_with_lines

__all__ = ["ExpectedFinding", "RuleCase", "case_files", "case_snapshot", "load_case"]

DEFAULT_CASE_NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


class ExpectedFinding(Strict):
    subject: str
    message: str


class CaseExpect(Strict):
    outcome: Outcome
    findings: list[ExpectedFinding] = Field(default_factory=list)


class CaseSite(Strict):
    """The parts of a site profile a case may set."""

    zones: list[dict[str, Any]] = Field(default_factory=list)
    separation_model: str | None = None
    organisations: dict[str, Any] | None = None


class RuleCase(Strict):
    description: str
    now: datetime = DEFAULT_CASE_NOW
    params: dict[str, Any] = Field(default_factory=dict)
    site: CaseSite = Field(default_factory=CaseSite)
    facts: dict[str, Any] = Field(default_factory=dict)
    #: Fact kinds to record as not collected, to test not_assessed.
    missing: list[str] = Field(default_factory=list)
    #: Fact kinds the case's source provides beyond the rule's ``needs``: kinds of the rule's
    #: ``uses``, which the check reads where they were collected (e.g. the directory's OUs and
    #: GPOs, which tie GPO settings to servers); the needs lint refuses any other. Every other
    #: kind is not provided, so a check reading a kind that neither names shows in the lint.
    provides: list[str] = Field(default_factory=list)
    expect: CaseExpect


def case_files(rule_dir: Path) -> list[Path]:
    return sorted((rule_dir / "cases").glob("*.yaml"))


def load_case(path: Path, needs: list[str]) -> tuple[RuleCase, SiteProfile, Snapshot]:
    """A case's parts. The case's one source provides the rule's ``needs`` and nothing else
    (observed kinds only where the case gives their facts), the kinds the case records as
    ``missing`` marked missing: a case never has a kind collected that its rule does not name,
    so a check that reads an undeclared kind shows in the needs lint."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start})") from None
    data, lines = load_yaml_text(text, str(path))
    case = validate_with_lines(RuleCase, data, lines, str(path))
    expected = path.name.split(".")[-2] if path.name.count(".") >= 2 else ""
    if expected != case.expect.outcome.value:
        raise InputError(
            path, f"file name says '{expected}' but expect.outcome is '{case.expect.outcome.value}'"
        )
    site_data = {"name": "Case", **case.site.model_dump(exclude_none=True)}
    site = validate_with_lines(SiteProfile, site_data, _under(lines, "site"), str(path), "site")
    snapshot = case_snapshot(case, path, lines, needs)
    return case, site, snapshot


def _under(lines: LineMap, key: str) -> LineMap:
    return {k[1:]: v for k, v in lines.items() if k[:1] == (key,)} | {(): lines.get((key,), 1)}


#: Kinds observed on Windows count as collected in a case only when the case gives their part
#: of the facts (``policy`` for GPO content, ``hosts`` for the Windows pack and backup tool), so
#: that a case without them tests the declared fallback.
_OBSERVED_PARTS = {"gpo.": "policy", "host.": "hosts", "backup.": "hosts"}


def _provided(case: RuleCase) -> list[str]:
    return [
        kind
        for kind in FACT_KINDS
        if all(
            not kind.startswith(prefix) or part in case.facts
            for prefix, part in _OBSERVED_PARTS.items()
        )
    ]


def case_snapshot(case: RuleCase, path: Path, lines: LineMap, needs: list[str]) -> Snapshot:
    """The case's one source provides the rule's ``needs``, except observed kinds the case gives
    no facts for, plus the kinds it records as missing."""
    unknown = sorted(set(case.provides) - set(FACT_KINDS))
    if unknown:
        where = lines.get(("provides",))
        raise InputError(path, f"provides names unknown fact kinds {unknown}", where)
    named = {kind for need in needs for kind in alternatives(need)}  # 'a|b': either kind
    named |= set(case.provides)
    provides = [k for k in _provided(case) if k in named]
    provides += [k for k in case.missing if k not in provides]
    source = Provenance(
        source_id="case",
        collector="case",
        target=path.name,
        started=case.now,
        finished=case.now,
        status=CollectionStatus.partial if case.missing else CollectionStatus.complete,
        provides=provides,
        missing=list(case.missing),
        reason="not collected in this case" if case.missing else "",
    )
    data = {"sources": [source.model_dump(mode="json")], **case.facts}
    return validate_with_lines(Snapshot, data, _under(lines, "facts"), str(path), "facts")
