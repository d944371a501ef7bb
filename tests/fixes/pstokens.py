"""A small PowerShell tokenizer, for the quoting rules the snippets rely on (tests only).

It reads one script as PowerShell does where it matters here: a single-quoted string starts and
ends at any of the five single-quote characters (U+0027, U+2018, U+2019, U+201A, U+201B) and two
of them in a row stand for one; a double-quoted string (U+0022, U+201C, U+201D, U+201E) ends at any
double quote that is not doubled or escaped with a backtick; ``#`` at the start of a token begins a
comment; line breaks (CR, LF and the other line terminators) and ``;`` end a statement. Every
other run of characters is a bare word, a variable or a punctuation mark.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Token", "tokenize"]

SINGLE = "'\u2018\u2019\u201a\u201b"
DOUBLE = '"\u201c\u201d\u201e'
NEWLINES = "\r\n\x0b\x0c\x85\u2028\u2029"
PUNCTUATION = "(){}[],;|@=&"
SPACE = " \t\u00a0"


@dataclass(frozen=True)
class Token:
    kind: str  # literal (single-quoted), expandable (double-quoted), comment, newline, word, punct
    text: str  # the source text of the token
    value: str = ""  # a literal's value


def _single(script: str, at: int) -> tuple[Token, int]:
    value: list[str] = []
    i = at + 1
    while i < len(script):
        char = script[i]
        if char in SINGLE:
            if i + 1 < len(script) and script[i + 1] in SINGLE:
                value.append(char)
                i += 2
                continue
            return Token("literal", script[at : i + 1], "".join(value)), i + 1
        value.append(char)
        i += 1
    raise ValueError(f"unterminated single-quoted string at {at}")


def _double(script: str, at: int) -> tuple[Token, int]:
    i = at + 1
    while i < len(script):
        char = script[i]
        if char == "`":
            i += 2
            continue
        if char in DOUBLE:
            if i + 1 < len(script) and script[i + 1] in DOUBLE:
                i += 2
                continue
            return Token("expandable", script[at : i + 1]), i + 1
        i += 1
    raise ValueError(f"unterminated double-quoted string at {at}")


def tokenize(script: str) -> list[Token]:
    tokens: list[Token] = []
    i = 0
    while i < len(script):
        char = script[i]
        if char in SPACE:
            i += 1
        elif char in NEWLINES:
            tokens.append(Token("newline", char))
            i += 1
        elif char in SINGLE:
            token, i = _single(script, i)
            tokens.append(token)
        elif char in DOUBLE:
            token, i = _double(script, i)
            tokens.append(token)
        elif char == "#":
            end = min((script.find(n, i) for n in NEWLINES if n in script[i:]), default=len(script))
            tokens.append(Token("comment", script[i:end]))
            i = end
        elif char in PUNCTUATION:
            tokens.append(Token("punct", char))
            i += 1
        else:
            start = i
            while (
                i < len(script)
                and script[i] not in SPACE + NEWLINES + SINGLE + DOUBLE + PUNCTUATION
                and not (script[i] == "#" and i == start)
            ):
                i += 1
            tokens.append(Token("word", script[start:i]))
    return tokens
