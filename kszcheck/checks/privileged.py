"""Checks: placeholder module, filled by the rules of this domain."""
