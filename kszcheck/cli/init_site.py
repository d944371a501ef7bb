"""What ``kszcheck init`` writes: a commented site profile and empty inventory templates.

Pure: ``scaffold(answers, lang)`` gives the files (name -> text); the command asks the questions,
validates the profile and writes the files. The templates' columns come from the collectors'
one table of inventory files (``kszcheck.collectors.tables``); the comments are in the chosen
language (``cli.init_*`` in kszcheck/texts.yaml); every value the user gave is written by the
YAML dumper (quoted where needed), never pasted into the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from kszcheck.collectors.tables import TABLES, columns
from kszcheck.model.site import SeparationModel, SourceType
from kszcheck.texts import say

__all__ = ["TEMPLATES", "Answers", "scaffold"]

#: The inventory templates ``init`` writes: source id, type and file name.
TEMPLATES: tuple[tuple[str, SourceType, str], ...] = (
    ("servers", SourceType.servers, "servers.csv"),
    ("shares", SourceType.shares, "shares.csv"),
    ("backups", SourceType.backups, "backups.csv"),
    ("people", SourceType.people, "people.csv"),
)


@dataclass(frozen=True)
class Answers:
    name: str  # the site ("Gemeente en OCMW Voorbeeld")
    gemeente: str  # the gemeente's (commune's) name
    ocmw: str  # the OCMW's (CPAS's) name
    separation: SeparationModel
    ldif: str  # where the Active Directory export will be, relative to site.yaml
    language: str


def _comment(key: str, lang: str, **args: object) -> str:
    return "".join(f"# {line}\n" for line in say(f"cli.{key}", lang, **args).splitlines())


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def site_yaml(answers: Answers) -> str:
    """The site profile: the answers, one social-data zone to fill in, the sources."""
    lang = answers.language
    sources: list[dict[str, Any]] = [{"id": "ad", "type": "ldif", "path": answers.ldif}]
    sources += [{"id": i, "type": t.value, "path": f} for i, t, f in TEMPLATES]
    zone = {
        "id": "sdz",
        "kind": "social_data",
        "name": say("cli.init_zone_name", lang),
        "ous": [],
        "groups": [],
        "servers": [],
        "shares": [],
    }
    parts = [
        _comment("init_head", lang),
        _dump({"name": answers.name, "language": lang}),
        _dump(
            {
                "organisations": {
                    "gemeente": {"name": answers.gemeente},
                    "ocmw": {"name": answers.ocmw},
                }
            }
        ),
        _comment("init_separation", lang),
        _dump({"separation_model": answers.separation.value}),
        "\n",
        _comment("init_zones", lang),
        _dump({"zones": [zone]}),
        "\n",
        _comment("init_sources", lang),
        _dump({"sources": sources}),
    ]
    return "".join(parts)


def scaffold(answers: Answers) -> dict[str, str]:
    """Every file ``init`` writes, by name: site.yaml and the header row of each template."""
    files = {"site.yaml": site_yaml(answers)}
    for _, source_type, file_name in TEMPLATES:
        assert source_type in TABLES
        files[file_name] = ",".join(columns(source_type)) + "\n"
    return files
