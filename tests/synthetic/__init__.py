"""Synthetic estates for tests and benchmarks (not part of kszcheck)."""
