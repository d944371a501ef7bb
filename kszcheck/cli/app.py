"""The command group, the options shared by several commands, and what they print.

The commands only parse arguments, call ``kszcheck.pipeline`` (``collect`` only
``kszcheck.collection``) and print; each ``commands_*`` module adds the commands of one area to
``cli``.
"""

from __future__ import annotations

from datetime import UTC, datetime

import click
from rich.console import Console

from kszcheck.cli.root import cli, main
from kszcheck.cli.terminal import markup_text, plain_text
from kszcheck.collection import lost_sources
from kszcheck.model.common import LANGS, LocalizedText
from kszcheck.model.site import SiteProfile, SourceSpec
from kszcheck.model.snapshot import Snapshot
from kszcheck.texts import say

__all__ = [
    "HISTORY",
    "LANG",
    "MAIL_TO",
    "NOW",
    "QUIET",
    "STRICT",
    "Ui",
    "cli",
    "main",
    "parse_now",
    "site_language",
    "warn",
    "warn_lost_sources",
]

LANG = click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=None,
    help="Language of the report and the terminal: nl, fr or en (default: the site's "
    "language, else nl).",
)
NOW = click.option(
    "--now",
    "now_text",
    metavar="ISO-TIME",
    default=None,
    help="Evaluation time (default: now), e.g. 2026-11-22T08:00:00+01:00, to re-run an audit.",
)
QUIET = click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors (for cron).")
HISTORY = click.option(
    "--history",
    "history_path",
    metavar="PATH|URL",
    default=None,
    envvar="KSZCHECK_HISTORY",
    help="History: an SQLite file or postgresql://user@host/db (password by reference: "
    "PGPASSWORD, ~/.pgpass or the profile's history: password; TLS verified). Default: the "
    "profile's history:, else the site's own history in the user's data folder "
    "(~/.local/share/kszcheck, %LOCALAPPDATA%\\kszcheck); or $KSZCHECK_HISTORY.",
)
STRICT = click.option(
    "--strict",
    is_flag=True,
    help="Stop at the first malformed source file (one line naming file and line, exit 2, "
    "nothing written) instead of recording that source as failed and going on without it.",
)
MAIL_TO = click.option(
    "--mail-to",
    "mail_to",
    multiple=True,
    metavar="ADDRESS",
    help="E-mail the summary with the report attached (SMTP settings: 'notify:' in site.yaml).",
)


class Ui:
    """Progress and summaries on stderr/stdout; silent with --quiet."""

    def __init__(self, quiet: bool, lang: str = "nl") -> None:
        self.quiet = quiet
        self.lang = lang  # set to the site's language once the site profile is read
        self.out = Console(highlight=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)

    def progress(self, spec: SourceSpec, state: str) -> None:
        if self.quiet:
            return
        if state != "start":
            final = state in ("done", "partial", "failed")
            label = say(f"cli.{state}", self.lang) if final else state
            self.err.print(
                f"  {say('cli.source', self.lang)} [bold]{markup_text(spec.id)}[/] "
                f"({spec.type.value}): {markup_text(label)}",
                markup=True,
            )

    def history_notice(self, text: LocalizedText) -> None:
        colon = say("punct.colon", self.lang)
        self.err.print(
            f"{say('cli.history', self.lang)}{colon} {plain_text(text.get(self.lang))}",
            markup=False,
        )


def parse_now(text: str | None) -> datetime:
    """The --now option: an ISO date-time (UTC when it has no zone), or now."""
    if not text:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"'{text}' is not an ISO date-time", param_hint="--now") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def warn(line: str) -> None:
    """One warning line on stderr, also with --quiet."""
    click.echo(plain_text(f"kszcheck: warning: {line}"), err=True)


def warn_lost_sources(snapshot: Snapshot) -> None:
    """A warning line per source whose facts were lost: the run goes on without them."""
    for line in lost_sources(snapshot):
        warn(line)


def site_language(lang: str | None, site: SiteProfile | None) -> str:
    """The --lang option, else the site's language, else Dutch."""
    return str(lang or (site.language if site else "nl"))
