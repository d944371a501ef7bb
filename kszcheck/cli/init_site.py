"""What ``kszcheck init`` writes: a commented site profile and empty inventory templates.

Pure: ``scaffold(answers, lang)`` gives the files (name -> text); the command asks the questions,
validates the profile and writes the files. The templates' columns come from the collectors'
one table of inventory files (``kszcheck.collectors.tables``); the comments are in the chosen
language (``cli.init_*`` in kszcheck/texts.yaml); every value the user gave is written by the
YAML dumper (quoted where needed), never pasted into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from kszcheck.collectors.tables import TABLES, columns
from kszcheck.model.directory import Directory
from kszcheck.model.site import SeparationModel, SourceType
from kszcheck.texts import say

__all__ = ["TEMPLATES", "Answers", "Proposal", "propose", "scaffold"]

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
    zones: Proposal | None = None  # what the export suggests, as the user confirmed it


#: An OU or group name of the social service (Dutch and French, as Flemish and Walloon
#: administrations name them): "Sociale Dienst", "Sociaal Huis", "Service social", "Action
#: sociale", and the abbreviation SD as a word of a group name (GG_SD_Dossiers).
SOCIAL = re.compile(
    r"sociale?[ _-]?dienst|sociaal[ _-]?huis|service[ _-]?social|action[ _-]?sociale"
    r"|(?:^|[_. -])(?:SD|sociale?|sociaal)(?:[_. -]|$)",
    re.IGNORECASE,
)
OCMW = re.compile(r"(?:^|[_. -])(?:OCMW|CPAS)(?:[_. -]|$)", re.IGNORECASE)
GEMEENTE = re.compile(r"(?:^|[_. -])(?:gemeente|commune|stad|ville)(?:[_. -]|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Proposal:
    """Zones that an AD export suggests, for the user to confirm: the social service's OUs and
    groups (the social-data zone), the OCMW's and the gemeente's OUs."""

    sdz_ous: list[str] = field(default_factory=list)
    sdz_groups: list[str] = field(default_factory=list)
    ocmw_ous: list[str] = field(default_factory=list)
    gemeente_ous: list[str] = field(default_factory=list)

    @property
    def separation(self) -> SeparationModel | None:
        """OUs of the OCMW in the export's domain: separation by OU (else: not known)."""
        return SeparationModel.ou if self.ocmw_ous else None


def _rdn_name(dn: str) -> str:
    return dn.split(",", 1)[0].partition("=")[2]


def _topmost(dns: list[str]) -> list[str]:
    """The OUs not below another of the list (an OU's sub-OUs belong to its zone)."""
    folded = [d.casefold() for d in dns]
    return [
        d
        for d, f in zip(dns, folded, strict=True)
        if not any(f != o and f.endswith("," + o) for o in folded)
    ]


def _under(dn: str, ous: list[str]) -> bool:
    return any(dn.casefold().endswith("," + ou.casefold()) for ou in ous)


def propose(directory: Directory) -> Proposal:
    """The zones an export suggests (pure): the topmost OUs named like the social service, the
    OCMW or the gemeente, and the groups named like the social service or kept in its OUs."""
    names = {ou.dn: ou.name or _rdn_name(ou.dn) for ou in directory.ous}
    sdz_ous = _topmost([dn for dn, name in names.items() if SOCIAL.search(name)])
    ocmw_ous = _topmost(
        [dn for dn, name in names.items() if OCMW.search(name) and dn not in sdz_ous]
    )
    gemeente_ous = _topmost([dn for dn, name in names.items() if GEMEENTE.search(name)])
    groups = sorted(
        g.sam_account_name
        for g in directory.groups
        if SOCIAL.search(g.sam_account_name) or _under(g.dn, sdz_ous)
    )
    return Proposal(sorted(sdz_ous), groups, sorted(ocmw_ous), sorted(gemeente_ous))


def _comment(key: str, lang: str, **args: object) -> str:
    return "".join(f"# {line}\n" for line in say(f"cli.{key}", lang, **args).splitlines())


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _zones(answers: Answers) -> list[dict[str, Any]]:
    lang, found = answers.language, answers.zones or Proposal()
    zones: list[dict[str, Any]] = [
        {
            "id": "sdz",
            "kind": "social_data",
            "name": say("cli.init_zone_name", lang),
            "ous": found.sdz_ous,
            "groups": found.sdz_groups,
            "servers": [],
            "shares": [],
        }
    ]
    for zone_id, kind, ous in (
        ("ocmw-users", "ocmw_users", found.ocmw_ous),
        ("gemeente-users", "gemeente_users", found.gemeente_ous),
    ):
        if ous:
            zones.append(
                {
                    "id": zone_id,
                    "kind": kind,
                    "name": say(f"cli.init_zone_{kind}", lang),
                    "ous": ous,
                }
            )
    return zones


def site_yaml(answers: Answers) -> str:
    """The site profile: the answers, the social-data zone to fill in (with what the export
    suggested, when one was given), the sources."""
    lang = answers.language
    sources: list[dict[str, Any]] = [{"id": "ad", "type": "ldif", "path": answers.ldif}]
    sources += [{"id": i, "type": t.value, "path": f} for i, t, f in TEMPLATES]
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
        *([_comment("init_proposed", lang)] if answers.zones else []),
        _dump({"zones": _zones(answers)}),
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
