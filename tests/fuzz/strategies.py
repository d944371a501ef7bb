"""Input strategies for the fuzz tests: mutations of valid samples, and the property they check.

A mutation starts from a file kszcheck reads correctly and damages it the way files get damaged
in practice (cut off, a byte flipped, a line lost or doubled, a value replaced by a huge number,
foreign text pasted in, nesting gone wild), one to four times. Raw bytes cover the rest.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import settings
from hypothesis import strategies as st

from kszcheck.model.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")

#: Values that break parsers which trust numbers: huge, negative, out of every range.
HUGE_NUMBERS = (
    "0",
    "-1",
    "-0",
    "4095",
    "65536",
    "2147483648",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "18446744073709551616",
    "1" + "0" * 40,
    "9" * 5000,
    "-" + "9" * 60,
    "1e308",
    "NaN",
    "٣",  # an Arabic-Indic digit: str.isdigit() says yes, int() agrees
    "²",  # a superscript two: str.isdigit() says yes, int() says no
)
#: Text that has broken parsers elsewhere: control characters, other scripts, markup.
NASTY_TEXT = (
    "\x00",
    "\r",
    "\x1b[31m",
    "\ufeff",
    "\u2028",
    "ß",
    "İ",
    "Ωmega",
    "<script>alert(1)</script>",
    "'\"",
    "\\",
    "{{ 7*7 }}",
    "&amp;",
    "😀",
    "\t",
)


def budget(ci_examples: int) -> settings:
    """Fewer examples in CI for a test that writes files; KSZCHECK_FUZZ_EXAMPLES sets them all."""
    wanted = os.environ.get("KSZCHECK_FUZZ_EXAMPLES", "").strip()
    return settings(max_examples=int(wanted) if wanted.isdigit() else ci_examples)


def sample(relative: str) -> bytes:
    return (ROOT / relative).read_bytes()


def _line_spans(data: bytes) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(rb"\n", data):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(data):
        spans.append((start, len(data)))
    return spans


@st.composite
def _mutation(draw: st.DrawFn, data: bytes, nesting: Callable[[int], bytes] | None) -> bytes:
    kinds = [
        "truncate",
        "flip",
        "delete_line",
        "duplicate_line",
        "swap_lines",
        "insert_text",
        "insert_bytes",
        "number",
        "replace_value",
        "delete_range",
    ]
    if nesting is not None:
        kinds.append("nesting")
    kind = draw(st.sampled_from(kinds))
    size = len(data)
    spans = _line_spans(data) or [(0, size)]
    if kind == "truncate":
        return data[: draw(st.integers(0, size))]
    if kind == "flip":
        if not size:
            return data
        at = draw(st.integers(0, size - 1))
        return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    if kind == "delete_range":
        start = draw(st.integers(0, size))
        return data[:start] + data[start + draw(st.integers(0, 64)) :]
    start, end = spans[draw(st.integers(0, len(spans) - 1))]
    if kind == "delete_line":
        return data[:start] + data[end:]
    if kind == "duplicate_line":
        return data[:end] + data[start:end] * draw(st.integers(1, 3)) + data[end:]
    if kind == "swap_lines":
        other_start, other_end = spans[draw(st.integers(0, len(spans) - 1))]
        lines = [data[s:e] for s, e in spans]
        a, b = spans.index((start, end)), spans.index((other_start, other_end))
        lines[a], lines[b] = lines[b], lines[a]
        return b"".join(lines)
    at = draw(st.integers(start, end))
    if kind == "insert_text":
        text = draw(st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=40)))
        return data[:at] + text.encode("utf-8", "surrogatepass") + data[at:]
    if kind == "insert_bytes":
        return data[:at] + draw(st.binary(max_size=24)) + data[at:]
    if kind == "nesting":
        assert nesting is not None
        return data[:start] + nesting(draw(st.integers(50, 1200))) + data[start:]
    line = data[start:end]
    if kind == "number":
        numbers = list(re.finditer(rb"-?\d+", line))
        if not numbers:
            return data
        match = numbers[draw(st.integers(0, len(numbers) - 1))]
        new = draw(st.sampled_from(HUGE_NUMBERS)).encode()
        line = line[: match.start()] + new + line[match.end() :]
        return data[:start] + line + data[end:]
    # replace_value: what follows the first ':', '=' , ',' or space gets random text
    cut = re.search(rb"[:=, ]", line)
    keep = line[: cut.end()] if cut else b""
    text = draw(
        st.one_of(st.sampled_from(NASTY_TEXT + HUGE_NUMBERS), st.text(max_size=30), st.just(""))
    )
    newline = b"\n" if line.endswith(b"\n") else b""
    return data[:start] + keep + text.encode("utf-8", "surrogatepass") + newline + data[end:]


def mutations(
    samples: list[bytes], nesting: Callable[[int], bytes] | None = None, rounds: int = 4
) -> st.SearchStrategy[bytes]:
    """A sample, damaged one to ``rounds`` times."""

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        data = draw(st.sampled_from(samples))
        for _ in range(draw(st.integers(1, rounds))):
            data = draw(_mutation(data, nesting))
        return data

    return build()


def fuzz_bytes(
    samples: list[bytes], nesting: Callable[[int], bytes] | None = None
) -> st.SearchStrategy[bytes]:
    """Mostly mutated samples, some raw bytes and random text."""
    return st.one_of(
        mutations(samples, nesting),
        mutations(samples, nesting),
        mutations(samples, nesting),
        st.binary(max_size=2048),
        st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    )


def yaml_nesting(depth: int) -> bytes:
    """A YAML value nested ``depth`` deep, in flow and in block style."""
    if depth % 2:
        return b"deep: " + b"[" * depth + b"]" * depth + b"\n"
    return b"deep:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, min(depth, 400)))


def check_documented(
    call: Callable[[], T], allowed: tuple[type[BaseException], ...] = (InputError,)
) -> T | None:
    """Run ``call``: it returns, or raises one of ``allowed`` with a one-line message.

    Any other exception propagates, so hypothesis reports (and shrinks) it."""
    try:
        return call()
    except allowed as exc:
        assert_one_line(exc)
        return None


def assert_one_line(exc: BaseException) -> None:
    """An InputError is printed as is: one line, without terminal escapes, naming its file."""
    message = str(exc)
    assert message.strip(), f"{type(exc).__name__} without a message"
    if not isinstance(exc, InputError):
        return  # a pure parser's ValueError: its caller wraps it in a (one-line) InputError
    assert message.splitlines() == [message], f"message is not one line: {message!r}"
    assert "\x1b" not in message, f"message holds a terminal escape: {message!r}"
    if isinstance(exc, InputError):
        assert exc.source, "an InputError names its file or source"


def ignore(_: Any) -> None:
    """For results the property does not inspect."""
