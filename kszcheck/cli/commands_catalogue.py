"""Commands that explain and extend the catalogue: ``rules list|show|new`` and ``docs``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from kszcheck.catalogue import default_rules_dir, load_catalogue
from kszcheck.catalogue.docs import DOCS_DIR, collect_cases, render_docs, stale_files, write_docs
from kszcheck.catalogue.packs import CHECKS_FILE, SiteCatalogue, catalogue_for_site
from kszcheck.catalogue.scaffold import DOMAINS, check_stub, scaffold_rule
from kszcheck.cli.app import LANG, cli
from kszcheck.config import load_site, profile_path
from kszcheck.texts import say

__all__ = ["PACKS", "SITE", "full_catalogue", "rules"]

PACKS = click.option(
    "--rules-dir",
    "rules_dirs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="An extra rule pack (folder with rules and checks.py); may be repeated.",
)
SITE = click.option(
    "--site",
    "site_path",
    type=click.Path(path_type=Path),
    default=None,
    help="A site profile (site.yaml or its folder): its rule_packs are included.",
)


def full_catalogue(rules_dirs: tuple[Path, ...], site_path: Path | None) -> SiteCatalogue:
    """The shipped catalogue plus the packs of --rules-dir and of the site's rule_packs."""
    if site_path is None:
        return catalogue_for_site(load_catalogue(), None, None, extra=rules_dirs)
    site = load_site(site_path)
    return catalogue_for_site(load_catalogue(), site, profile_path(site_path), extra=rules_dirs)


@cli.group()
def rules() -> None:
    """List, explain and scaffold the rules of the catalogue."""


@rules.command("list")
@LANG
@PACKS
@SITE
def rules_list(lang: str | None, rules_dirs: tuple[Path, ...], site_path: Path | None) -> None:
    """List every rule with its severity and title."""
    language = lang or "nl"
    table = Table(box=None, header_style="bold")
    for column in ("id", "severity", "domain", "title"):
        table.add_column(say(f"cli.col_{column}", language))
    for rule_id, meta in sorted(full_catalogue(rules_dirs, site_path).catalogue.rules.items()):
        table.add_row(rule_id, meta.severity.value, meta.domain, meta.title.get(language))
    Console(highlight=False, soft_wrap=True).print(table)


@rules.command("show")
@click.argument("rule_id")
@LANG
@PACKS
@SITE
def rules_show(
    rule_id: str, lang: str | None, rules_dirs: tuple[Path, ...], site_path: Path | None
) -> None:
    """Show one rule: texts, sources, parameters, the facts it needs and its norms."""
    language = lang or "nl"
    full = full_catalogue(rules_dirs, site_path)
    meta = full.catalogue.rules.get(rule_id.upper())
    if meta is None:
        raise click.BadParameter(
            f"there is no rule '{rule_id}' (see 'kszcheck rules list')", param_hint="RULE_ID"
        )
    out = Console(highlight=False, soft_wrap=True)
    out.print(
        f"[bold]{meta.id}[/] {meta.title.get(language)}  ({meta.severity.value})", markup=True
    )
    for label, text in (
        ("", meta.plain),
        (say("cli.rationale", language), meta.rationale),
        (say("cli.remediation", language), meta.remediation),
    ):
        out.print(f"\n[bold]{label}[/]" if label else "", markup=True)
        out.print(text.get(language), markup=False)
    out.print(f"\n[bold]{say('cli.sources', language)}[/]", markup=True)
    for source in meta.sources:
        basis = say(f"docs.basis_{source.basis.value}", language)
        out.print(f"  - {source.ref} [{basis}]", markup=False)
    if meta.params:
        out.print(f"\n[bold]{say('cli.parameters', language)}[/]", markup=True)
        for name, spec in meta.params.items():
            kind = say("cli.normative" if spec.normative else "cli.practical", language)
            out.print(
                f"  - {name} = {spec.default!r} ({kind}): {spec.description.get(language)}",
                markup=False,
            )
    out.print(f"\n[bold]{say('cli.needs', language)}[/] " + ", ".join(meta.needs), markup=True)
    cited = [
        f"{norm.id} {req.id}"
        for norm in full.norms
        for req in norm.requirements
        if meta.id in req.rules
    ]
    if cited:
        out.print(f"\n[bold]{say('cli.norms', language)}[/] " + ", ".join(cited), markup=True)


@rules.command("new")
@click.argument("rule_id")
@click.option(
    "--domain", type=click.Choice(DOMAINS), required=True, help="The domain folder of the rule."
)
@click.option(
    "--rules-dir",
    "target",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to create it: a rule pack (default: the shipped catalogue, rules/).",
)
def rules_new(rule_id: str, domain: str, target: Path | None) -> None:
    """Scaffold RULE_ID: rule.yaml and a pass and a fail case; refuses an existing id."""
    rule_id = rule_id.upper()
    shipped = load_catalogue()
    root = target or default_rules_dir()
    known = set(shipped.rules)
    if target is not None and target.is_dir():
        known |= set(load_catalogue(target).rules)
    made = scaffold_rule(root, rule_id, domain, known)
    for path in made:
        click.echo(f"created {path}")
    if target is not None:
        checks = target / CHECKS_FILE
        existing = checks.read_text(encoding="utf-8") if checks.is_file() else ""
        checks.write_text(check_stub(rule_id, existing), encoding="utf-8")
        click.echo(f"added a stub check to {checks}")
    else:
        click.echo(
            f"next: write the check @check('{rule_id}') in kszcheck/checks/<module>.py, fill in "
            "the TODOs and the cases, then run: python -m pytest tests/test_rule_cases.py"
        )


@cli.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help=f"Folder of the generated pages (default: {DOCS_DIR.as_posix()} of the source tree).",
)
@click.option("--check", is_flag=True, help="Only check: exit 3 when the pages are stale.")
@PACKS
def docs(output: Path | None, check: bool, rules_dirs: tuple[Path, ...]) -> None:
    """Generate the rule documentation (Dutch and English) from rules/ into docs/rules/."""
    full = full_catalogue(rules_dirs, None)
    root = output or default_rules_dir().parent / DOCS_DIR
    pages = render_docs(full.catalogue.rules, full.norms, collect_cases(full.catalogue))
    if check:
        stale = stale_files(root, pages)
        for rel in stale:
            click.echo(f"stale: {root / rel}")
        if stale:
            click.echo("regenerate with: kszcheck docs", err=True)
            sys.exit(3)
        click.echo(f"{root}: {len(pages)} pages up to date")
        return
    changed = write_docs(root, pages)
    click.echo(f"{root}: {len(pages)} pages, {len(changed)} written or removed")
