"""Scaffold a new rule folder: a rule.yaml skeleton with a pass, a fail and a not_assessed case.

Pure text templates plus one function that writes them; it refuses an id that exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kszcheck.model.catalogue import RULE_ID
from kszcheck.model.errors import InputError

__all__ = ["DOMAINS", "check_stub", "scaffold_rule"]

DOMAINS = (
    "governance",
    "people",
    "separation",
    "privileged",
    "network",
    "servers",
    "logging",
    "backup",
    "remote",
)

_RULE = """\
# Rule {rule_id}: fill in every TODO. Schema: kszcheck/model/catalogue.py (RuleMeta);
# conventions: rules/README.md. Titles state the desired state.
id: {rule_id}
slug: todo-name-the-problem
domain: {domain}
title:
  nl: "TODO: de gewenste toestand, in een zin"
  fr: "TODO: l'état souhaité, en une phrase"
  en: "TODO: the desired state, in one sentence"
plain:
  nl: "TODO: een zin voor wie niet technisch is."
  fr: "TODO: une phrase pour le lecteur non technique."
  en: "TODO: one sentence for the non-technical reader."
rationale:
  nl: "TODO: waarom dit ertoe doet, en waar het vandaan komt."
  fr: "TODO: pourquoi c'est important, et d'où cela vient."
  en: "TODO: why this matters, and where it comes from."
remediation:
  nl: "TODO: wat te doen, door wie."
  fr: "TODO: que faire, et par qui."
  en: "TODO: what to do, by whom."
severity: medium
owner: ict_manager
sources:
  - ref: "TODO: the norm, framework id or practice this rests on"
    basis: recommended_practice
needs:
  - {need}
params: {{}}
messages:
  gap:
    nl: "TODO: de bevinding, in een zin."
    fr: "TODO: le constat, en une phrase."
    en: "TODO: the finding, in one sentence."
"""

_PASS = """\
description: TODO - a situation that meets the rule.
facts:
  records: {}
expect:
  outcome: pass
"""

_FAIL = """\
description: TODO - a situation with exactly the gaps listed under expect.
facts:
  records: {}
expect:
  outcome: fail
  findings:
    - {subject: TODO, message: gap}
"""

_NOT_ASSESSED = """\
description: >-
  The facts the rule needs were not collected: never a pass. (The catalogue lint also re-runs
  every case with each kind of 'needs' missing, and with every other kind removed.)
missing:
  - {need}
expect:
  outcome: not_assessed
"""

_CHECK = '''

@check("{rule_id}")
def {name}(facts: Facts, params: Params) -> Iterator[Finding]:
    """TODO: {rule_id}. Pure: read facts and params, yield findings; no I/O, no clock."""
    yield from ()
'''

_CHECKS_HEADER = '''\
"""Checks of this rule pack, loaded by kszcheck by file path."""

from __future__ import annotations

from collections.abc import Iterator

from kszcheck.analysis.facts import Facts
from kszcheck.catalogue.packs import check
from kszcheck.checks.helpers import finding  # noqa: F401 - finding(subject, message, evidence)
from kszcheck.checks.registry import Params
from kszcheck.model.results import Finding
'''


def check_stub(rule_id: str, existing: str = "") -> str:
    """The text of a pack's checks.py with a stub check for ``rule_id`` appended."""
    name = rule_id.lower().replace("-", "_")
    return (existing or _CHECKS_HEADER) + _CHECK.format(rule_id=rule_id, name=name)


def scaffold_rule(
    root: Path, rule_id: str, domain: str, known_ids: Iterable[str], need: str = "records.documents"
) -> list[Path]:
    """Create ``root/<domain>/<rule_id>/`` with rule.yaml and a pass, a fail and a not_assessed
    case; return what was made."""
    if not RULE_ID.match(rule_id):
        raise InputError(root, f"'{rule_id}' is not a rule id like KSZ-ABC-001")
    if domain not in DOMAINS:
        raise InputError(root, f"unknown domain '{domain}' (one of: {', '.join(DOMAINS)})")
    if rule_id in set(known_ids):
        raise InputError(root, f"rule {rule_id} already exists; rule ids are never reused")
    folder = root / domain / rule_id
    existing = sorted(root.glob(f"*/{rule_id}"))
    if existing:
        raise InputError(existing[0], f"rule {rule_id} already exists")
    files = {
        folder / "rule.yaml": _RULE.format(rule_id=rule_id, domain=domain, need=need),
        folder / "cases" / "example.pass.yaml": _PASS,
        folder / "cases" / "example.fail.yaml": _FAIL,
        folder / "cases" / "not-collected.not_assessed.yaml": _NOT_ASSESSED.format(need=need),
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
