"""The command group and the entry point, light enough to start at once.

``kszcheck --help`` and ``--version`` import click and this module only: the commands are listed
from ``COMMANDS`` (their module and the first paragraph of their help), and a command's module,
with the engine, collectors or reports it needs, is imported when that command runs
(``LazyGroup.get_command``). Each ``commands_*`` module adds its commands to ``cli``;
tests/test_cli_start.py keeps ``COMMANDS`` and the commands in step.
"""

from __future__ import annotations

import importlib
import sys
from typing import NoReturn

import click

from kszcheck import __version__
from kszcheck.model.errors import KszError

__all__ = ["COMMANDS", "EXIT_UNEXPECTED", "EXIT_USAGE", "LazyGroup", "cli", "main"]

EXIT_USAGE = 2
EXIT_UNEXPECTED = 1

#: Command name -> (its module in kszcheck.cli, the first paragraph of its help).
COMMANDS: dict[str, tuple[str, str]] = {
    "annual-report": (
        "commands_documents",
        "The security consultant's annual report for a site, from the history, as Word.",
    ),
    "bundle": (
        "commands_bundle",
        "Bundle the snapshot, assessment and reports of RUN_DIR with a SHA-256 manifest.",
    ),
    "collect": (
        "commands_collect",
        "Collect the facts of SITE into a snapshot, to evaluate later.",
    ),
    "demo": ("commands_run", "Scan the example administration (Gemeente en OCMW Voorbeeld)."),
    "diff": (
        "commands_history",
        "Show new, resolved and unchanged findings from RUN_A to RUN_B.",
    ),
    "docs": (
        "commands_catalogue",
        "Generate the rule documentation (Dutch and English) from rules/ into docs/rules/.",
    ),
    "evaluate": (
        "commands_run",
        "Evaluate a saved SNAPSHOT against the catalogue; exit code as for scan.",
    ),
    "history": (
        "commands_history",
        "List the stored scans (newest last); 'history push' sends the runs that waited.",
    ),
    "init": (
        "commands_init",
        "Write a new site profile (site.yaml) and empty inventory templates into DIR (default: "
        "the current folder); never overwrites a file.",
    ),
    "keys": ("commands_bundle", "Signing keys for evidence bundles (Ed25519)."),
    "norms": (
        "commands_norms",
        "The norms (KSZ, VTC, CyFun, ISO 27001): requirements, rules and coverage.",
    ),
    "overview": (
        "commands_overview",
        "Every site in the history: latest score, coverage, trend, critical problems, waivers, "
        "last scan (stale ones flagged), report link, and the problems that recur across sites.",
    ),
    "questionnaire": (
        "commands_documents",
        "The KSZ/BCSS self-assessment questionnaire pre-filled from a saved ASSESSMENT.",
    ),
    "report": ("commands_run", "Render a saved ASSESSMENT as a report."),
    "rules": ("commands_catalogue", "List, explain and scaffold the rules of the catalogue."),
    "scan": (
        "commands_run",
        "Collect, evaluate and report on SITE (a site.yaml or its folder); several sites at "
        "once, at most --jobs at a time, each in its own run folder, with one summary.",
    ),
    "verify": (
        "commands_bundle",
        "Check an evidence bundle (exit 0 ok, 3 changed or not signed as required, 2 unreadable).",
    ),
    "waivers": ("commands_waivers", "Accepted risks (waivers): check their expiry."),
    "windows-script": (
        "commands_windows",
        "Print the PowerShell script of the Windows pack, or write it with -o.",
    ),
}


class LazyGroup(click.Group):
    """A group whose commands are imported when one is run, not to list them."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"kszcheck.cli.{COMMANDS[cmd_name][0]}")
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            command = self.commands.get(name)
            if command is not None and command.hidden:
                continue
            # a command not imported yet: its help as the command will have it
            shown = command or click.Command(name, help=COMMANDS[name][1])
            rows.append((name, shown.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kszcheck")
def cli() -> None:
    """kszcheck: KSZ- en VTC-controle van gedeelde ICT van gemeente en OCMW.

    Checks ICT shared by a gemeente and its OCMW against the KSZ minimum security norms and
    the VTC guidance. Exit codes: 0 compliant and complete, 3 gaps found, 4 no gaps but some
    rules not assessed, 5 gaps and some rules not assessed, 2 usage or configuration error
    (with --strict also a malformed source file), 6 outputs not written (disk full: nothing
    of the run written or recorded), 1 unexpected error. Without --strict a
    malformed source file fails that source: a warning, and its rules are not assessed.
    """


def main(argv: list[str] | None = None) -> None:
    """Entry point: expected failures are one line on stderr, never a traceback."""
    try:
        cli.main(args=argv, prog_name="kszcheck", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("kszcheck: afgebroken / aborted", err=True)
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except KszError as exc:
        from kszcheck.cli.terminal import plain_text

        prefix = _said("cli.error_prefix", argv) or "kszcheck: error"
        colon = _said("punct.colon", argv) or ":"
        click.echo(plain_text(f"{prefix}{colon} {exc}"), err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo(_said("cli.interrupted", argv) or "kszcheck: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last resort: one line, then the details on request
        _unexpected(exc)
    sys.exit(0)


def _said(key: str, argv: list[str] | None) -> str:
    """The text ``key`` in the language the command line asked for with --lang, or "" when it
    asked for none (the line then stays as scripts and logs know it)."""
    args = sys.argv[1:] if argv is None else argv
    lang = next(
        (
            value
            for i, arg in enumerate(args)
            for value in (
                args[i + 1] if arg == "--lang" and i + 1 < len(args) else "",
                arg.partition("=")[2] if arg.startswith("--lang=") else "",
            )
            if value
        ),
        "",
    )
    from kszcheck.texts import LANGS, say

    return say(key, lang) if lang in LANGS else ""


def _unexpected(exc: BaseException) -> NoReturn:
    import os
    import traceback

    from kszcheck.cli.redact import redact
    from kszcheck.cli.terminal import plain_text

    if os.environ.get("KSZCHECK_DEBUG"):  # the traceback, without any resolved credential
        click.echo(redact("".join(traceback.format_exception(exc))), err=True, nl=False)
    click.echo(
        plain_text(
            redact(
                f"kszcheck: unexpected error: {type(exc).__name__}: {exc} "
                "(set KSZCHECK_DEBUG=1 for the traceback, and please report it)"
            )
        ),
        err=True,
    )
    sys.exit(EXIT_UNEXPECTED)
