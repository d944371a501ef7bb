"""Hypothesis settings for the fuzz tests.

CI runs a modest, derandomized number of examples per test (the same inputs on every run, so a
failure in CI reproduces locally with the same command). For a longer local hunt set
``KSZCHECK_FUZZ_EXAMPLES`` (e.g. ``KSZCHECK_FUZZ_EXAMPLES=5000 python -m pytest tests/fuzz``):
the inputs are then random, and a failure prints the seed and a ``@reproduce_failure`` blob.
Add every input that once failed as an explicit ``@example`` so that it stays covered.
Tests that write files per example ask for fewer examples in CI with ``@budget(n)``
(tests/fuzz/strategies.py); ``KSZCHECK_FUZZ_EXAMPLES`` overrides those too.

The property everywhere: for any input the function returns normally or raises its documented
error (InputError with a one-line message naming the file; ValueError for the pure decoders whose
callers wrap it) -- never another exception, never a hang.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

_LONG_RUN = os.environ.get("KSZCHECK_FUZZ_EXAMPLES", "").strip()

settings.register_profile(
    "kszcheck-fuzz-ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)
settings.register_profile(
    "kszcheck-fuzz-long",
    max_examples=int(_LONG_RUN) if _LONG_RUN.isdigit() else 2000,
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("kszcheck-fuzz-long" if _LONG_RUN else "kszcheck-fuzz-ci")
