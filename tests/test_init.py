"""``kszcheck init`` (issue 19): a commented site profile and empty inventory templates whose
columns are the collectors' own, a profile that ``scan`` accepts, questions on a terminal, and
never an overwritten file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kszcheck.cli import cli, commands_init
from kszcheck.cli.init_site import TEMPLATES
from kszcheck.collectors.tables import TABLES, columns
from kszcheck.config import load_site
from kszcheck.model.site import SourceType
from tests.support import EXAMPLE, kszcheck

NOW = "2026-11-22T09:00:00+01:00"
FLAGS = ("--name", "Gemeente en OCMW Teststad", "--gemeente", "Gemeente Teststad")
FLAGS += ("--ocmw", "OCMW Teststad")


def test_init_writes_a_profile_that_scan_accepts(tmp_path: Path) -> None:
    folder = tmp_path / "teststad"
    result = kszcheck("init", str(folder), *FLAGS, "--separation", "domain", "--lang", "en")
    assert result.returncode == 0, result.stderr
    names = ["site.yaml", "servers.csv", "shares.csv", "backups.csv", "people.csv"]
    assert result.stdout.splitlines()[:5] == [f"written: {folder / n}" for n in names]
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    site = load_site(folder)
    assert (site.name, site.language.value, site.separation_model) == (
        "Gemeente en OCMW Teststad",
        "en",
        "domain",
    )
    assert site.organisations is not None
    assert site.organisations.ocmw.name == "OCMW Teststad"
    assert [(s.id, s.type.value, s.path) for s in site.sources] == [
        ("ad", "ldif", "ad-export.ldif"),
        ("servers", "servers", "servers.csv"),
        ("shares", "shares", "shares.csv"),
        ("backups", "backups", "backups.csv"),
        ("people", "people", "people.csv"),
    ]
    text = (folder / "site.yaml").read_text("utf-8")
    assert text.startswith("# Site profile, written by kszcheck init.")
    scan = kszcheck("scan", str(folder), "-o", str(tmp_path / "out"), "-q", "--now", NOW)
    # nothing recorded yet: every rule not assessed (exit 4), never a configuration error
    assert scan.returncode == 4, scan.stderr
    assert "source 'ad' (ldif) failed / mislukt: file not found" in scan.stderr


def test_the_templates_have_the_collectors_columns(tmp_path: Path) -> None:
    kszcheck("init", str(tmp_path), *FLAGS, "--no-input")
    for _, source_type, file_name in TEMPLATES:
        with (tmp_path / file_name).open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == columns(source_type), file_name
    assert columns(SourceType.backups) == [
        "asset", "job", "target", "last_success", "last_restore_test", "offsite_copy",
        "immutable_copy", "encrypted", "retention_days",
    ]  # fmt: skip
    assert "logging.retention_days" in columns(SourceType.servers)


EXAMPLE_TABLES = {
    SourceType.servers: "servers.csv",
    SourceType.backups: "backups.csv",
    SourceType.people: "people.csv",
    SourceType.application_roles: "application-roles.csv",
    SourceType.mailbox_permissions: "mailbox-permissions.csv",
    SourceType.print_queues: "print-queues.csv",
    SourceType.scan_profiles: "scan-profiles.csv",
    SourceType.disposals: "disposals.csv",
}  # the example's shares are YAML


@pytest.mark.parametrize("source_type", list(EXAMPLE_TABLES))
def test_the_example_inventories_use_only_those_columns(source_type: SourceType) -> None:
    assert source_type in TABLES
    with (EXAMPLE / EXAMPLE_TABLES[source_type]).open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert set(header) <= set(columns(source_type))


def test_init_asks_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(commands_init, "_interactive", lambda no_input: not no_input)
    answers = "Commune et CPAS d'Exemple\nCommune d'Exemple\nCPAS d'Exemple\nsideways\nou\n\n"
    result = CliRunner().invoke(cli, ["init", str(tmp_path), "--lang", "fr"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Nom de l'administration (par exemple Commune et CPAS Exemple): " in result.output
    assert "Error: 'sideways' is not one of 'forest', 'domain', 'ou', 'none'." in result.output
    site = load_site(tmp_path)
    assert (site.name, site.separation_model, site.sources[0].path) == (
        "Commune et CPAS d'Exemple",
        "ou",
        "ad-export.ldif",
    )
    assert site.organisations is not None
    assert site.organisations.gemeente.name == "Commune d'Exemple"


def test_hostile_names_are_data_not_yaml(tmp_path: Path) -> None:
    name = "Gemeente: X\n# not a comment\nsources: []\n'\"[/bold]"
    result = CliRunner().invoke(
        cli, ["init", str(tmp_path), "--name", name, "--gemeente", "G", "--ocmw", "O"]
    )
    assert result.exit_code == 0, result.output
    site = load_site(tmp_path)
    assert site.name == name
    assert len(site.sources) == 5
    assert yaml.safe_load((tmp_path / "site.yaml").read_text("utf-8"))["name"] == name


def test_init_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("mine\n", "utf-8")
    result = kszcheck("init", str(tmp_path), *FLAGS)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"kszcheck: error: bestaat al: {tmp_path / 'people.csv'}; kszcheck init overschrijft "
        "niets (er is niets geschreven)\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["people.csv"]
    assert (tmp_path / "people.csv").read_text("utf-8") == "mine\n"


def test_without_a_terminal_the_names_are_needed(tmp_path: Path) -> None:
    result = kszcheck("init", str(tmp_path), "--lang", "en")
    assert result.returncode == 2
    assert result.stderr.endswith(
        "Error: without questions (no terminal, or --no-input) these are needed: --name, "
        "--gemeente, --ocmw\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_from_ldif_proposes_the_zones(tmp_path: Path) -> None:
    export = EXAMPLE / "ad-export.ldif"
    result = kszcheck("init", str(tmp_path), *FLAGS, "--from-ldif", str(export), "--no-input")
    assert result.returncode == 0, result.stderr
    site = load_site(tmp_path)
    zones = {zone.id: zone for zone in site.zones}
    assert zones["sdz"].ous == ["OU=Sociale Dienst,OU=OCMW,DC=voorbeeld,DC=local"]
    assert zones["sdz"].groups == [
        "DL_SD_Share_RW", "DL_SD_Toepassing", "GG_SD_Administratie", "GG_SD_Diensthoofd",
        "GG_SD_Dossiers", "GG_SD_Maatschappelijk_Werkers",
    ]  # fmt: skip
    assert (zones["ocmw-users"].kind.value, zones["ocmw-users"].ous) == (
        "ocmw_users",
        ["OU=OCMW,DC=voorbeeld,DC=local"],
    )
    assert zones["gemeente-users"].ous == ["OU=Gemeente,DC=voorbeeld,DC=local"]
    assert site.separation_model == "ou"
    assert (tmp_path / site.sources[0].path).resolve() == export.resolve()
    scan = kszcheck("scan", str(tmp_path), "-o", str(tmp_path / "out"), "-q", "--now", NOW)
    assert scan.returncode == 5, scan.stderr  # the directory rules run: gaps, and much not recorded


def test_from_ldif_on_a_terminal_asks_to_confirm_each_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(commands_init, "_interactive", lambda no_input: not no_input)
    # confirm the OUs of the social service, refuse its groups, confirm the OCMW, refuse the
    # gemeente; then the names, the separation (the export's "ou" offered, "domain" answered)
    # and the export (its path offered)
    answers = "y\nn\ny\nn\nSite\nGemeente\nOCMW\ndomain\n\n"
    result = CliRunner().invoke(
        cli,
        ["init", str(tmp_path), "--lang", "en", "--from-ldif", str(EXAMPLE / "ad-export.ldif")],
        input=answers,
    )
    assert result.exit_code == 0, result.output
    assert "OUs of the social service according to the AD export; take them?" in result.output
    assert "  OU=Sociale Dienst,OU=OCMW,DC=voorbeeld,DC=local" in result.output
    assert "Separation of the OCMW's ICT (forest, domain, ou, none) [ou]: " in result.output
    site = load_site(tmp_path)
    assert site.separation_model == "domain"
    zones = {zone.id: zone for zone in site.zones}
    assert zones["sdz"].ous == ["OU=Sociale Dienst,OU=OCMW,DC=voorbeeld,DC=local"]
    assert zones["sdz"].groups == []
    assert sorted(zones) == ["ocmw-users", "sdz"]
