"""Gold file of the JSON assessment (timestamps scrubbed): a change of the output is deliberate.

After a deliberate change of the model or the JSON output, regenerate with
``KSZCHECK_UPDATE_GOLD=1 python -m pytest tests/report/test_gold.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from kszcheck.model.history import TrendPoint
from kszcheck.report.json_ import render_json
from tests.report import sample_assessment
from tests.report.test_formats import with_history

GOLD = Path(__file__).resolve().parents[1] / "gold" / "assessment.json"
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")


def scrub(value: Any) -> Any:
    """Every date-time becomes "<time>" (dates without a time stay: they are data)."""
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, str) and TIMESTAMP.match(value):
        return "<time>"
    return value


def gold_text() -> str:
    assessment = with_history(sample_assessment())
    trend = [
        TrendPoint(
            run_id=run_id,
            evaluated_at=assessment.evaluated_at,
            score=score,
            coverage=0.6667,
            failed_rules=2,
            open_findings=3,
            status="gaps_incomplete",
        )
        for run_id, score in ((1, 0.25), (2, 0.5))
    ]
    data = json.loads(render_json(assessment.model_copy(update={"trend": trend})))
    return json.dumps(scrub(data), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_json_matches_the_gold_file() -> None:
    text = gold_text()
    if os.environ.get("KSZCHECK_UPDATE_GOLD"):
        GOLD.write_text(text, "utf-8")
    assert GOLD.read_text("utf-8") == text, "JSON output changed: see this module's docstring"


def test_scrub_replaces_times_not_dates() -> None:
    assert scrub({"a": "2025-03-12T14:05:00Z", "b": "2025-03-12", "c": ["x"]}) == {
        "a": "<time>",
        "b": "2025-03-12",
        "c": ["x"],
    }
