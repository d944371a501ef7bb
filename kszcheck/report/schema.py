"""The published JSON Schema of the assessment (schema/assessment.schema.json), from the model.

Regenerate after a change of the model with ``python -m kszcheck.report.schema``; a test fails when
the published file is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kszcheck.model.results import ASSESSMENT_SCHEMA_VERSION, Assessment

__all__ = ["SCHEMA_ID", "assessment_schema", "schema_text"]

SCHEMA_ID = f"urn:kszcheck:schema:assessment:{ASSESSMENT_SCHEMA_VERSION}"


def assessment_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of an assessment as ``kszcheck report --format json``
    writes it."""
    schema: dict[str, object] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
    }
    schema.update(Assessment.model_json_schema(mode="serialization"))
    schema["description"] = (
        f"A kszcheck assessment, schema version {ASSESSMENT_SCHEMA_VERSION}: the outcome of "
        "every rule with its findings, the sources, waivers, history changes and report views."
    )
    return schema


def schema_text() -> str:
    return json.dumps(assessment_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else Path("schema") / "assessment.schema.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_text(), encoding="utf-8")
    print(f"written: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
