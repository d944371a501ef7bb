"""Typed facts, site profile, catalogue and result models. Imports nothing else of kszcheck."""
