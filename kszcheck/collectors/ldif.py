"""An RFC 2849 reader for AD exports (the LDIF collector, ``ldif_collect``, uses it).

Reads what ``ldifde -f`` writes (with ``-u`` UTF-16LE with a BOM; CRLF; ``changetype: add``;
base64 values) and what ``ldapsearch -LLL`` writes (no version line; lines folded at 76
columns; ``dn::`` and ``attr::`` base64; ``#`` comments, folded too). Also accepted: a UTF-8
BOM, ``version: 1``, attribute options (``cn;lang-nl``) and ldapsearch's ``search:``/``result:``
trailer without -LLL.

Decisions:
* Attribute keys are lower-cased. Options stay in the key (``cn;lang-nl``), except the
  ``range=`` option of AD's ranged retrieval, whose values are merged into the plain attribute.
* A value is ``str``; it is ``bytes`` when it was base64 and is either a binary attribute
  (objectSid, objectGUID, nTSecurityDescriptor, ...) or not valid UTF-8.
* Password material (unicodePwd, supplementalCredentials, ...) is dropped while reading.
* Change records other than ``changetype: add`` (delete, modify, modrdn) are refused: a file
  that changes a directory is not a picture of it, and skipping them would report objects
  that may no longer exist.
* ``attr:< file://...`` is refused: an export must be self-contained.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kszcheck.collectors.ad_record import (
    BINARY_ATTRIBUTES,
    LdifRecord,
    Value,
)
from kszcheck.collectors.base import report_count
from kszcheck.collectors.ldif_evidence import Trailer
from kszcheck.model.errors import InputError

__all__ = ["LdifReader", "file_chunks", "parse_export", "parse_ldif"]

#: Never kept, not even in memory: password hashes and secrets.
_SECRET_ATTRIBUTES = frozenset(
    {
        "unicodepwd",
        "userpassword",
        "dbcspwd",
        "ntpwdhistory",
        "lmpwdhistory",
        "supplementalcredentials",
        "msds-managedpassword",
        "currentvalue",
        "priorvalue",
        "initialauthincoming",
        "initialauthoutgoing",
        "trustauthincoming",
        "trustauthoutgoing",
        # LAPS passwords (legacy and Windows LAPS): only their expiration times are read
        "ms-mcs-admpwd",
        "mslaps-password",
        "mslaps-encryptedpassword",
        "mslaps-encryptedpasswordhistory",
        "mslaps-encrypteddsrmpassword",
        "mslaps-encrypteddsrmpasswordhistory",
    }
)
_ATTR_DESC = re.compile(r"^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)*)(?:;[A-Za-z0-9=*-]+)*$")
_BASE64_CHARS = re.compile(r"^[A-Za-z0-9+/]*={0,2}$")


@dataclass
class _Logical:
    """A logical line (continuations joined) and the physical line where it starts."""

    text: str
    line: int


_NUM_ENTRIES = re.compile(r"^# numEntries: (\d+)\r?$", re.MULTILINE)
_RESULT = re.compile(r"^result: (\d+)(?: (.*))?$")
#: Bytes read at a time: the reader holds one chunk and one entry, never the whole file.
_CHUNK = 1 << 22
#: In the cache of attribute names: a name whose lines take the exact (slow) path.
_SPECIAL = "\x00"


def parse_ldif(data: bytes, source: str) -> list[LdifRecord]:
    """Parse LDIF content into records. Raises InputError(source, what, line) on bad input."""
    return parse_export(data, source)[0]


def parse_export(data: bytes, source: str) -> tuple[list[LdifRecord], Trailer]:
    """Parse LDIF content into records and ldapsearch's trailer (empty for ``-LLL``/ldifde)."""
    reader = LdifReader(source)
    records = list(reader.records([data]))
    return records, reader.trailer


class LdifReader:
    """Reads an export from chunks of bytes, one entry at a time (``records``).

    A part of a file (``ldif_parts``) is read with the number of its first line and
    ``at_start=False`` past the file's start.

    The common shape (an entry of ``attr: value`` and ``attr:: base64`` lines, folded or not)
    is read with a few string operations per entry; anything else (comments inside an entry,
    ``version:``, change records, the trailer, bad input) goes through the line-by-line reader,
    which gives the exact error. ``keep``: the attribute keys to keep (all when None); the
    others are checked (name, base64) but not stored.
    """

    def __init__(
        self,
        source: str,
        keep: frozenset[str] | None = None,
        *,
        first_line: int = 1,
        at_start: bool = True,
    ) -> None:
        self.source = source
        self.keep = keep
        self.trailer = Trailer()
        self.count = 0
        self.lines = 0  # the physical lines read (once ``records`` is through)
        self._first = at_start  # only the file's first entry may be a 'version:' line
        self._first_line = first_line
        self._keys: dict[str, str] = {}  # attribute name as written -> key ('' = not kept)

    def records(self, chunks: Iterable[bytes]) -> Iterator[LdifRecord]:
        """The entries of the export whose bytes ``chunks`` gives, in order."""
        # an entry is given once the next one is read: the last one only after the check that
        # the file was not cut in it (a cut entry's values are no use to anyone)
        pending: LdifRecord | None = None
        last: tuple[bytes, int] | None = None
        blocks = _Blocks(self.source, self._first_line)
        for block, line in blocks.split(chunks):
            final = blocks.done and not blocks.newline_at_end
            text = self._text(block, line, blocks.done)
            try:
                record = self._block(text, line)
            except InputError as exc:
                if not final:
                    raise
                if exc.line != line + _last_logical_line(text) - 1:
                    raise
                raise InputError(
                    self.source, f"{exc.message} (the file ends here: truncated export?)", exc.line
                ) from None
            if record is not None:
                self.count += 1
                if pending is not None:
                    yield pending
                pending, last = record, (block, line)
        self.lines = blocks.lines - self._first_line + 1
        if last is not None and not blocks.newline_at_end:
            block, line = last
            whole = _blocks(block.decode("utf-8"), self.source, line)[-1]
            _check_truncation(_record(whole, self.source), self.source, blocks.lines)
        if pending is not None:
            yield pending

    def _text(self, block: bytes, line: int, last: bool) -> str:
        try:
            return block.decode("utf-8")
        except UnicodeDecodeError as exc:
            at = line + block[: exc.start].count(b"\n")
            if last and exc.end >= len(block) and exc.reason == "unexpected end of data":
                raise InputError(
                    self.source, "the file ends in the middle of a character: truncated export", at
                ) from None
            raise InputError(
                self.source,
                "the file is not UTF-8 (an ldifde export without -u must keep non-ASCII values "
                "in base64, or export with -u)",
                at,
            ) from None

    def _block(self, text: str, line: int) -> LdifRecord | None:
        if "# numEntries: " in text:
            for match in _NUM_ENTRIES.finditer(text):  # one per search in appended exports
                self.trailer.num_entries = (self.trailer.num_entries or 0) + int(match.group(1))
                self.trailer.num_entries_line = line + text.count("\n", 0, match.start())
        if not self._first and text.startswith("dn") and "\n#" not in text:
            record = self._fast(text, line)
            if record is not None:
                return record
        return self._exact(text, line)

    def _exact(self, text: str, line: int) -> LdifRecord | None:
        """The line-by-line reader: comments, version, trailer, change records, and errors."""
        record: LdifRecord | None = None
        for block in _blocks(text, self.source, line):
            first, self._first = self._first, False
            record = _block_record(block, self.source, self.trailer, first)
        if record is not None and self.keep is not None:
            keep = self.keep
            record.attributes = {k: v for k, v in record.attributes.items() if k in keep}
            record.lines = {k: v for k, v in record.lines.items() if k in keep}
        return record

    def _fast(self, text: str, line: int) -> LdifRecord | None:
        """One entry in the common shape; None when it needs the exact reader."""
        folded = "\n " in text
        logical = text.replace("\n ", "").split("\n") if folded else text.split("\n")
        starts: list[int] | range = (
            [i for i, p in enumerate(text.split("\n")) if p[:1] != " "]
            if folded
            else range(len(logical))
        )
        dn = _dn(logical[0])
        if dn is None:
            return None
        record = LdifRecord(dn=dn, line=line)
        attributes, lines, keys = record.attributes, record.lines, self._keys
        for index in range(1, len(logical)):
            name, colon, rest = logical[index].partition(":")
            key = keys.get(name)
            if key is None:
                key = self._learn(name)
            if key == _SPECIAL or not colon:
                return None
            value: Value
            if rest[:1] == ":":
                raw = _b64(rest)
                if raw is None:
                    return None
                if not key:
                    continue
                value = raw
                if key not in BINARY_ATTRIBUTES:
                    with contextlib.suppress(UnicodeDecodeError):
                        value = raw.decode("utf-8")
            elif not key:
                continue
            elif rest[:1] == "<":
                return None
            else:
                value = rest.lstrip(" ")
            values = attributes.get(key)
            if values is None:
                attributes[key] = [value]
                lines[key] = line + starts[index]
            else:
                values.append(value)
        return record

    def _learn(self, name: str) -> str:
        """The key of an attribute name: '' when not kept, _SPECIAL for the exact reader."""
        if not _ATTR_DESC.match(name):
            return _SPECIAL  # not cached: the exact reader raises
        key = _key(name)
        if key in ("dn", "changetype", "control"):
            found = _SPECIAL
        elif key in _SECRET_ATTRIBUTES or (self.keep is not None and key not in self.keep):
            found = ""
        else:
            found = key
        self._keys[name] = found
        return found


def _dn(line: str) -> str | None:
    """The DN of a 'dn: ' or 'dn:: ' line; None when it needs the exact reader."""
    name, colon, rest = line.partition(":")
    if name != "dn" or not colon or rest[:1] == "<":
        return None
    if rest[:1] != ":":
        return rest.lstrip(" ")
    raw = _b64(rest)
    try:
        return None if raw is None else raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _b64(rest: str) -> bytes | None:
    """The bytes of ':: base64' (``rest`` starts after the first colon); None when invalid."""
    encoded = rest[1:].strip(" ")
    if len(encoded) % 4:  # strict mode lets 4n+1 characters before '=' through
        return None
    try:
        return binascii.a2b_base64(encoded, strict_mode=True)
    except (binascii.Error, ValueError):
        return None


class _Blocks:
    """Splits chunks of an export into entries (blank-line separated) with their first line."""

    def __init__(self, source: str, first_line: int = 1) -> None:
        self.source = source
        self.first_line = first_line
        self.done = False
        self.newline_at_end = True
        self.lines = 0  # physical lines in the file (for the truncation message)

    def split(self, chunks: Iterable[bytes]) -> Iterator[tuple[bytes, int]]:
        carry, carry_line = b"", self.first_line
        for piece in self._pieces(chunks):
            data = carry + piece if carry else piece
            parts = data.split(b"\n\n")
            carry = parts.pop()
            at = carry_line
            for part in parts:
                if part.strip(b"\n"):
                    stripped = part.lstrip(b"\n")
                    yield stripped, at + len(part) - len(stripped)
                at += part.count(b"\n") + 2
            carry_line = at
        self.done = True
        stripped = carry.lstrip(b"\n")
        if stripped.strip(b"\n"):
            yield stripped.rstrip(b"\n"), carry_line + len(carry) - len(stripped)

    def _pieces(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """Pieces that end with a line break (the last one may not), CRLF made LF, the text
        decoded from UTF-16 (ldifde -u) and without a UTF-8 BOM."""
        rest = b""
        lines = 0
        for chunk in _utf8(chunks, self.source):
            data = rest + chunk if rest else chunk
            cut = data.rfind(b"\n") + 1
            rest = data[cut:]
            if cut:
                piece = data[:cut]
                lines += piece.count(b"\n")
                yield piece.replace(b"\r\n", b"\n") if b"\r" in piece else piece
        self.newline_at_end = not rest
        self.lines = self.first_line - 1 + lines + (1 if rest else 0)
        if rest:
            yield rest[:-1] if rest.endswith(b"\r") else rest


def _utf8(chunks: Iterable[bytes], source: str) -> Iterator[bytes]:
    """The chunks as UTF-8 without a BOM: a UTF-16 export (with its BOM, as ldifde -u writes
    it) is decoded whole and given as UTF-8."""
    iterator = iter(chunks)
    head = b""
    while len(head) < 3 and (chunk := next(iterator, None)) is not None:
        head += chunk  # enough bytes to see a byte-order mark
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        yield _decode(head + b"".join(iterator), source).encode("utf-8")
        return
    head = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    if head:
        yield head
    yield from iterator


def file_chunks(
    path: Path, start: int = 0, end: int | None = None, *, digest: Any = None, report: bool = False
) -> Iterator[bytes]:
    """The bytes ``start:end`` of the file in chunks, each also fed to ``digest`` (if any); with
    ``report``, how far into the file the reading is goes to the progress display (bytes)."""
    with path.open("rb") as handle:
        total = os.fstat(handle.fileno()).st_size
        stop = total if end is None else min(end, total)
        done = handle.seek(start)
        while done < stop and (chunk := handle.read(min(_CHUNK, stop - done))):
            done += len(chunk)
            if digest is not None:
                digest.update(chunk)
            if report:
                report_count("ldif_bytes", done, total)
            yield chunk


def _last_logical_line(text: str) -> int:
    """Number of the physical line where the text's last logical line starts."""
    lines = text.split("\n")
    number = len(lines)
    while number > 1 and lines[number - 1].startswith(" "):
        number -= 1
    return number


def _block_record(
    block: list[_Logical], source: str, trailer: Trailer, first: bool
) -> LdifRecord | None:
    """The entry of one block of logical lines; None for the version line or the trailer."""
    if first and block[0].text.lower().startswith("version:"):
        _check_version(block[0], source)
        block = block[1:]
        if not block:
            return None
    if block[0].text.startswith(("search:", "result:")):
        # ldapsearch's trailer (without -LLL): not an entry, but its result code counts
        for logical in block:
            found = _RESULT.match(logical.text.rstrip("\r"))
            if found:
                code = int(found.group(1))
                trailer.results.append((code, (found.group(2) or "").strip(), logical.line))
        return None
    return _record(block, source)


def _decode(data: bytes, source: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        body = data[2:]
        if len(body) % 2:
            line = body[: len(body) - 1].decode(encoding, "replace").count("\n") + 1
            raise InputError(
                source, "the file ends in the middle of a character: truncated UTF-16 export", line
            )
        try:
            return body.decode(encoding)
        except UnicodeDecodeError as exc:
            line = body[: exc.start].decode(encoding, "replace").count("\n") + 1
            raise InputError(source, f"invalid {encoding.upper()} text", line) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if exc.end >= len(data) and exc.reason == "unexpected end of data":
            raise InputError(
                source, "the file ends in the middle of a character: truncated export", line
            ) from None
        raise InputError(
            source,
            "the file is not UTF-8 (an ldifde export without -u must keep non-ASCII values "
            "in base64, or export with -u)",
            line,
        ) from None


def _blocks(text: str, source: str, first_line: int = 1) -> list[list[_Logical]]:
    """Split into records (blank-line separated) of logical lines; drop comments. Line numbers
    count from ``first_line``."""
    blocks: list[list[_Logical]] = []
    current: list[_Logical] = []
    in_comment = False
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, raw in enumerate(lines, start=first_line):
        line = raw[:-1] if raw.endswith("\r") else raw
        if line.startswith(" "):
            if in_comment:
                continue
            if not current:
                raise InputError(
                    source,
                    "continuation line (starting with a space) with no line to continue",
                    number,
                )
            current[-1].text += line[1:]
            continue
        in_comment = False
        if line == "":
            if current:
                blocks.append(current)
                current = []
            continue
        if line.startswith("#"):
            in_comment = True
            continue
        current.append(_Logical(line, number))
    if current:
        blocks.append(current)
    return blocks


def _check_version(line: _Logical, source: str) -> None:
    value = line.text.split(":", 1)[1].strip()
    if value != "1":
        raise InputError(
            source, f"LDIF version '{value}' is not supported (only version: 1)", line.line
        )


def _record(block: list[_Logical], source: str) -> LdifRecord:
    head = block[0]
    name, value = _attribute(head, source)
    if name.lower() != "dn":
        raise InputError(
            source, f"a record must start with a 'dn:' line, found '{name}:'", head.line
        )
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(source, "the base64 DN is not valid UTF-8", head.line) from None
    record = LdifRecord(dn=value, line=head.line)
    rest = block[1:]
    while rest and rest[0].text.lower().startswith("control:"):
        rest = rest[1:]
    if rest and rest[0].text.lower().startswith("changetype:"):
        kind = rest[0].text.split(":", 1)[1].strip().lower()
        if kind != "add":
            raise InputError(
                source,
                f"'changetype: {kind}' is not supported: kszcheck reads directory exports "
                "(ldifde -f, ldapsearch -LLL), not change files",
                rest[0].line,
            )
        rest = rest[1:]
    for logical in rest:
        key, attr_value = _attribute(logical, source)
        key = _key(key)
        if key == "dn" or key == "changetype":
            raise InputError(
                source, f"'{key}:' inside a record (missing blank line before it?)", logical.line
            )
        if key in _SECRET_ATTRIBUTES:
            continue
        if isinstance(attr_value, bytes) and key not in BINARY_ATTRIBUTES:
            with contextlib.suppress(UnicodeDecodeError):
                attr_value = attr_value.decode("utf-8")
        record.attributes.setdefault(key, []).append(attr_value)
        record.lines.setdefault(key, logical.line)
    return record


def _key(description: str) -> str:
    parts = description.lower().split(";")
    kept = [part for part in parts[1:] if not part.startswith("range=")]
    return ";".join([parts[0], *kept])


def _attribute(logical: _Logical, source: str) -> tuple[str, Value]:
    """Split 'name: value', 'name:: base64' or 'name:< url'."""
    name, colon, rest = logical.text.partition(":")
    if not colon:
        raise InputError(
            source, f"expected 'attribute: value', found '{_clip(logical.text, 30)}'", logical.line
        )
    if not _ATTR_DESC.match(name):
        raise InputError(source, f"'{_clip(name)}' is not a valid attribute name", logical.line)
    if rest.startswith(":"):
        encoded = rest[1:].strip()
        if not _BASE64_CHARS.match(encoded) or len(encoded) % 4:
            raise InputError(
                source,
                f"invalid base64 in the value of '{name}' (truncated or damaged)",
                logical.line,
            )
        try:
            return name, base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise InputError(
                source, f"invalid base64 in the value of '{name}'", logical.line
            ) from None
    if rest.startswith("<"):
        raise InputError(
            source,
            f"'{name}:<' refers to an external file; kszcheck reads self-contained exports only "
            "(export the value inline)",
            logical.line,
        )
    return name, rest.lstrip(" ")


def _check_truncation(last: LdifRecord, source: str, lines: int) -> None:
    """Exports by ldapsearch and ldifde end with a line break (and an empty line): a file that
    stops in the middle of a line was cut, even when what is left still parses. ``last``: the
    last entry with every attribute, ``lines``: the file's physical lines."""
    if not last.attributes:
        raise InputError(
            source, "the file ends right after a 'dn:' line: truncated export", last.line
        )
    raise InputError(
        source,
        "the file ends in the middle of a line, without a final line break: truncated export? "
        "(a complete export ends with an empty line)",
        lines,
    )


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
