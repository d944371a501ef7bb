"""Progress bars for long work, on stderr, in the terminal's language: reading a large LDIF
export (bytes), LDAP entries, SNMP agents, SMB file servers, evaluating the rules, scanning many
sites. Only on a terminal and without --quiet: in a log, a pipe or cron nothing is drawn (the
one line per source stays, as before). The bars are transient: gone once the work is done.
"""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from kszcheck.cli.terminal import markup_text
from kszcheck.collectors.base import Count
from kszcheck.model.site import SourceSpec
from kszcheck.texts import say

__all__ = ["Bars"]

_MB = 1_000_000


class Bars:
    """A set of progress bars; every method does nothing when the bars are off."""

    def __init__(self, console: Console, lang: str, *, quiet: bool) -> None:
        self.lang = lang
        self.enabled = not quiet and console.is_terminal
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[amount]}"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=not self.enabled,
        )
        self._tasks: dict[tuple[str, str], TaskID] = {}

    def __enter__(self) -> Bars:
        self._progress.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._progress.__exit__(kind, value, traceback)

    def _update(
        self, key: tuple[str, str], label: str, done: int, total: int | None, amount: str
    ) -> None:
        if not self.enabled:
            return
        task = self._tasks.get(key)
        if task is None:
            task = self._progress.add_task(label, total=total, amount=amount)
            self._tasks[key] = task
        self._progress.update(task, completed=done, total=total, amount=amount)

    def count(self, spec: SourceSpec, count: Count) -> None:
        """A collector's count (``Count.what``: a key ``cli.progress_<what>``)."""
        label = f"{say(f'cli.progress_{count.what}', self.lang)} ({markup_text(spec.id)})"
        if count.what.endswith("_bytes"):
            total_text = f"{count.total / _MB:.1f}" if count.total is not None else "?"
            amount = f"{count.done / _MB:.1f}/{total_text} MB"
        elif count.total is not None:
            amount = f"{count.done}/{count.total}"
        else:
            amount = str(count.done)
        self._update((spec.id, count.what), label, count.done, count.total, amount)

    def rules(self, done: int, total: int) -> None:
        """Rules evaluated."""
        label = say("cli.progress_rules", self.lang)
        self._update(("", "rules"), label, done, total, f"{done}/{total}")

    def sites(self, done: int, total: int) -> None:
        """Sites scanned."""
        label = say("cli.progress_sites", self.lang)
        self._update(("", "sites"), label, done, total, f"{done}/{total}")
