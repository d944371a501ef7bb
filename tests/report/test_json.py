"""The JSON report: the assessment itself, readable back unchanged."""

from __future__ import annotations

import json

from kszcheck.model.results import Assessment
from kszcheck.report.json_ import render_json
from tests.report import HOSTILE_NAME, sample_assessment


def test_json_round_trips() -> None:
    assessment = sample_assessment()
    text = render_json(assessment)
    assert Assessment.model_validate_json(text) == assessment


def test_json_is_utf8_text_indented_with_sorted_keys() -> None:
    text = render_json(sample_assessment())
    assert '"site_name": "Gemeente en OCMW Zottegem-Éénhoven"' in text
    assert text.startswith('{\n  "catalogue_version": "0.1.0+abcdef123456",\n')
    assert text.endswith("}\n")
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert list(data["summary"]["counts"]) == sorted(data["summary"]["counts"])


def test_json_is_stable_between_runs() -> None:
    assert render_json(sample_assessment()) == render_json(sample_assessment())


def test_json_keeps_untrusted_text_as_data() -> None:
    data = json.loads(render_json(sample_assessment()))
    assert data["results"][0]["findings"][0]["args"] == {"name": HOSTILE_NAME}
