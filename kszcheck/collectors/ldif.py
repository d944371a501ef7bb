"""The LDIF collector: an RFC 2849 reader for AD exports, and the collector that uses it.

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
import gc
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kszcheck.collectors.ad_normalise import normalise
from kszcheck.collectors.ad_record import BINARY_ATTRIBUTES, LdifRecord, Value
from kszcheck.collectors.ad_topology import parse_trusts
from kszcheck.collectors.base import Collected, resolve_path
from kszcheck.collectors.ldif_evidence import Trailer, export_problems
from kszcheck.model.common import norm_dn
from kszcheck.model.errors import InputError
from kszcheck.model.site import SourceSpec

__all__ = ["collect", "parse_export", "parse_ldif"]

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


def parse_ldif(data: bytes, source: str) -> list[LdifRecord]:
    """Parse LDIF content into records. Raises InputError(source, what, line) on bad input."""
    return parse_export(data, source)[0]


def parse_export(data: bytes, source: str) -> tuple[list[LdifRecord], Trailer]:
    """Parse LDIF content into records and ldapsearch's trailer (empty for ``-LLL``/ldifde)."""
    text = _decode(data, source)
    trailer = Trailer()
    for match in _NUM_ENTRIES.finditer(text):  # one per search when exports are appended
        trailer.num_entries = (trailer.num_entries or 0) + int(match.group(1))
        trailer.num_entries_line = text.count("\n", 0, match.start()) + 1
    try:
        records = _records(_blocks(text, source), source, trailer)
    except InputError as exc:
        if text.endswith("\n") or exc.line != _last_logical_line(text):
            raise
        raise InputError(
            source, f"{exc.message} (the file ends here: truncated export?)", exc.line
        ) from None
    _check_truncation(text, records, source)
    return records, trailer


def _last_logical_line(text: str) -> int:
    """Number of the physical line where the file's last logical line starts."""
    lines = text.split("\n")
    number = len(lines)
    while number > 1 and lines[number - 1].startswith(" "):
        number -= 1
    return number


def _records(
    blocks: list[list[_Logical]], source: str, trailer: Trailer | None = None
) -> list[LdifRecord]:
    records: list[LdifRecord] = []
    for number, block in enumerate(blocks):
        if number == 0 and block[0].text.lower().startswith("version:"):
            _check_version(block[0], source)
            block = block[1:]
            if not block:
                continue
        if block[0].text.startswith(("search:", "result:")):
            # ldapsearch's trailer (without -LLL): not an entry, but its result code counts
            for logical in block:
                found = _RESULT.match(logical.text.rstrip("\r"))
                if found and trailer is not None:
                    code = int(found.group(1))
                    trailer.results.append((code, (found.group(2) or "").strip(), logical.line))
            continue
        records.append(_record(block, source))
    return records


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


def _blocks(text: str, source: str) -> list[list[_Logical]]:
    """Split into records (blank-line separated) of logical lines; drop comments."""
    blocks: list[list[_Logical]] = []
    current: list[_Logical] = []
    in_comment = False
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, raw in enumerate(lines, start=1):
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


def _check_truncation(text: str, records: list[LdifRecord], source: str) -> None:
    """Exports by ldapsearch and ldifde end with a line break (and an empty line): a file that
    stops in the middle of a line was cut, even when what is left still parses."""
    if not records or text.endswith("\n"):
        return
    last = records[-1]
    if not last.attributes:
        raise InputError(
            source, "the file ends right after a 'dn:' line: truncated export", last.line
        )
    raise InputError(
        source,
        "the file ends in the middle of a line, without a final line break: truncated export? "
        "(a complete export ends with an empty line)",
        text.count("\n") + 1,
    )


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@contextlib.contextmanager
def _bulk_allocation() -> Iterator[None]:
    """Pause the cyclic garbage collector while hundreds of thousands of small objects (ACEs)
    are made: none of them form cycles, and the collector's passes would double the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _classes(record: LdifRecord) -> set[str]:
    return {v.lower() for v in record.get("objectclass") if isinstance(v, str)}


def collect(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    """Read an LDIF export of Active Directory (ldifde or ldapsearch) into directory facts."""
    path = resolve_path(spec, base_dir)
    data = path.read_bytes()
    source = str(path)
    with _bulk_allocation():
        records, trailer = parse_export(data, source)
        directory = normalise(records, source)
    trusts = [r for r in records if "trusteddomain" in _classes(r)]
    directory.trusts = parse_trusts(trusts)
    provides = [
        "directory.domain",
        "directory.ous",
        "directory.users",
        "directory.groups",
        "directory.computers",
        "directory.gpos",
    ]
    system = {f"cn=system,{norm_dn(d.dn)}" for d in directory.domains}
    if trusts or any(norm_dn(r.dn) in system for r in records):
        # trustedDomain objects live in CN=System: an export holding that container holds them
        provides.append("directory.trusts")
    missing: list[str] = []
    warnings: list[str] = []
    if not directory.domains:
        missing.append("directory.domain")
        warnings.append(
            "de export bevat geen domeinobject (objectClass domainDNS) / "
            "the export holds no domain object (objectClass domainDNS)"
        )
    containers = [d.dn for d in directory.domains] + [ou.dn for ou in directory.ous]
    if directory.acls:
        provides.append("directory.acls")
        without = [dn for dn in containers if dn not in directory.acls]
        if without:
            missing.append("directory.acls")
            warnings.append(
                f"{len(without)} domein/OU-objecten zonder nTSecurityDescriptor in de export / "
                f"{len(without)} domain/OU objects without nTSecurityDescriptor in the export "
                f"(first: {without[0]})"
            )
    else:
        warnings.append(
            "de export bevat geen beveiligingsdescriptoren (nTSecurityDescriptor), dus geen "
            "gedelegeerde rechten / the export carries no security descriptors "
            "(nTSecurityDescriptor), so delegated rights were not collected"
        )
    problems = export_problems(records, trailer, directory, path.name)
    if problems:
        missing = list(dict.fromkeys([*missing, *provides]))
        warnings = problems + warnings
    return Collected(
        provides=provides,
        directory=directory,
        missing=missing,
        warnings=warnings,
        reason="; ".join(problems),
        content_hash=hashlib.sha256(data).hexdigest(),
    )
