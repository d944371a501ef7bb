"""Text from input (AD names, switch descriptions, failure reasons, site names) on the terminal.

Everything that did not come from kszcheck itself passes through one of these two before it is
printed: control characters are escaped (no CR/LF forging a line, no ESC sequence reaching the
terminal), invisible format characters are shown as ``<U+202E>``, and in rich's markup the
brackets of the text are escaped so that ``[/bold]`` in a name is printed, not interpreted.
"""

from __future__ import annotations

from rich.markup import escape

from kszcheck.model.text import one_line

__all__ = ["markup_text", "plain_text"]


def plain_text(value: object) -> str:
    """For click.echo and rich output with markup off: one line, every hidden character shown."""
    return one_line(str(value))


def markup_text(value: object) -> str:
    """For rich output with markup on: as plain_text, and its brackets escaped."""
    return escape(plain_text(value))
