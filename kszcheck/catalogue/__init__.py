"""The rule catalogue: rules/<domain>/<RULE-ID>/rule.yaml and its cases, loaded and validated."""

from kszcheck.catalogue.loader import Catalogue, default_rules_dir, load_catalogue

__all__ = ["Catalogue", "default_rules_dir", "load_catalogue"]
