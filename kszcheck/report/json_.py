"""Render the assessment as JSON (the model as it is, UTF-8, indented, keys in a stable order),
and read it back, refusing an assessment of another schema version with a clear message."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from kszcheck.model.errors import InputError
from kszcheck.model.jsontext import load_json_text
from kszcheck.model.results import ASSESSMENT_SCHEMA_VERSION, Assessment

__all__ = ["read_assessment", "render_json"]


def render_json(assessment: Assessment) -> str:
    """The assessment as JSON text that Assessment.model_validate_json reads back unchanged."""
    data = assessment.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def read_assessment(text: str, source: str | Path) -> Assessment:
    """Parse an assessment file; one-line InputError naming the file when it cannot be used."""
    data = load_json_text(text, source)
    if not isinstance(data, dict) or "schema_version" not in data:
        raise InputError(source, "not a kszcheck assessment (no schema_version)")
    version = data["schema_version"]
    if version != ASSESSMENT_SCHEMA_VERSION:
        raise InputError(
            source,
            f"assessment of schema version {version!r}; this kszcheck reads version "
            f"{ASSESSMENT_SCHEMA_VERSION}: evaluate the snapshot again with this version",
        )
    try:
        return Assessment.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise InputError(source, f"not a kszcheck assessment: {loc}: {err['msg']}") from None
