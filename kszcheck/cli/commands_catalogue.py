"""Commands that explain the catalogue: ``rules list`` and ``rules show``."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from kszcheck.catalogue import load_catalogue
from kszcheck.cli.app import LANG, cli

__all__ = ["rules"]


@cli.group()
def rules() -> None:
    """List and explain the rules of the catalogue."""


@rules.command("list")
@LANG
def rules_list(lang: str | None) -> None:
    """List every rule with its severity and title."""
    language = lang or "nl"
    table = Table(box=None, header_style="bold")
    for column in ("id", "severity", "domain", "title"):
        table.add_column(column)
    for rule_id, meta in sorted(load_catalogue().rules.items()):
        table.add_row(rule_id, meta.severity.value, meta.domain, meta.title.get(language))
    Console(highlight=False).print(table)


@rules.command("show")
@click.argument("rule_id")
@LANG
def rules_show(rule_id: str, lang: str | None) -> None:
    """Show one rule: texts, sources, parameters and the facts it needs."""
    language = lang or "nl"
    catalogue = load_catalogue()
    meta = catalogue.rules.get(rule_id.upper())
    if meta is None:
        raise click.BadParameter(
            f"there is no rule '{rule_id}' (see 'kszcheck rules list')", param_hint="RULE_ID"
        )
    out = Console(highlight=False)
    out.print(
        f"[bold]{meta.id}[/] {meta.title.get(language)}  ({meta.severity.value})", markup=True
    )
    for label, text in (
        ("", meta.plain),
        ("rationale", meta.rationale),
        ("remediation", meta.remediation),
    ):
        out.print(f"\n[bold]{label}[/]" if label else "", markup=True)
        out.print(text.get(language), markup=False)
    out.print("\n[bold]sources[/]", markup=True)
    for source in meta.sources:
        out.print(f"  - {source.ref} [{source.basis.value}]", markup=False)
    if meta.params:
        out.print("\n[bold]parameters[/]", markup=True)
        for name, spec in meta.params.items():
            kind = "normative" if spec.normative else "practical default"
            out.print(
                f"  - {name} = {spec.default!r} ({kind}): {spec.description.get(language)}",
                markup=False,
            )
    out.print("\n[bold]needs[/] " + ", ".join(meta.needs), markup=True)
