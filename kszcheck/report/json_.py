"""Render the assessment as JSON: the model as it is, UTF-8, indented, keys in a stable order."""

from __future__ import annotations

import json

from kszcheck.model.results import Assessment

__all__ = ["render_json"]


def render_json(assessment: Assessment) -> str:
    """The assessment as JSON text that Assessment.model_validate_json reads back unchanged."""
    data = assessment.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
