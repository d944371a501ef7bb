"""SMB collector (source type ``smb``): the shares of the file servers, their share permissions
and the NTFS rights of each share's root folder (and, by default, one level below).

Thin reader + pure parts: ``smb_client.py`` talks SMB 2/3 (smbprotocol; why that library and
not impacket is in its docstring), ``srvsvc.py`` and ``lsarpc.py`` encode and decode the RPC
calls, ``smb_normalise.py`` turns descriptors into facts. This module only walks the servers.

Per server: connect (signing required unless ``allow_unsigned``; what was negotiated is recorded
in ``SmbServer``), read the server's own account-domain SID over LSA (to mark its local SIDs),
list the shares over SRVSVC (NetrShareEnum level 1), read each disk share's path and share
permissions (NetrShareGetInfo level 502, which needs local administrator or Server Operator
rights on the server), and the security descriptor of its root folder and of the folders
``depth`` levels below (READ_CONTROL on each folder, which Backup Operators and administrators
have). Administrative shares (C$, ADMIN$, IPC$) and printers are skipped; hidden shares such as
``Scan$`` are read.

Completeness: a server that cannot be reached or listed makes both ``smb.shares`` and
``smb.acls`` missing (source partial; failed when no server was read); a share whose
permissions cannot be read makes ``smb.shares`` missing; a folder whose descriptor cannot be
read makes ``smb.acls`` missing. Each names the server, share or folder in the reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from kszcheck.collectors import dcerpc, lsarpc, srvsvc
from kszcheck.collectors.base import (
    Collected,
    SourceFailed,
    report_count,
    report_progress,
    resolve_path,
)
from kszcheck.collectors.smb_normalise import folder_acl, share_aces
from kszcheck.collectors.targets import split_host_port
from kszcheck.model.errors import InputError
from kszcheck.model.fileshares import (
    FolderAcl,
    ObservedShare,
    SmbCollection,
    SmbFacts,
    SmbServer,
)
from kszcheck.model.site import SourceSpec
from kszcheck.secrets import SecretError, resolve_secret

if TYPE_CHECKING:
    from kszcheck.collectors.smb_client import SmbClient

# ``smb_client`` (smbprotocol, pyspnego, cryptography: about 0.15 s to import) is imported by the
# functions that read a server, so that a site with only an ``smb_recorded`` source, collected by
# ``collect_recorded`` here, does not load it.

__all__ = ["OPTIONS", "SmbSettings", "collect", "read_server", "read_settings"]

#: Options an smb source accepts, with their types.
OPTIONS: dict[str, type | tuple[type, ...]] = {
    "all_servers": bool,
    "depth": int,
    "require_encryption": bool,
    "allow_unsigned": bool,
    "shares": list,
    "max_folders": int,
    "timeout": (int, float),
    "record": str,
}
SMB_PROVIDES = ["smb.shares", "smb.acls"]
_SKIP_TYPES = ("ipc", "printer", "device")


@dataclass
class SmbSettings:
    depth: int = 1
    require_encryption: bool = False
    allow_unsigned: bool = False
    shares: list[str] = field(default_factory=list)
    max_folders: int = 500
    timeout: int = 15
    record: str = ""


def read_settings(spec: SourceSpec) -> SmbSettings:
    """Check the options of an smb source; InputError names the source and the option."""
    unknown = sorted(set(spec.options) - set(OPTIONS))
    if unknown:
        raise InputError(
            f"source '{spec.id}'",
            f"unknown option(s) {', '.join(unknown)} (known: {', '.join(sorted(OPTIONS))})",
        )
    for name, value in spec.options.items():
        kind = OPTIONS[name]
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
            raise InputError(
                f"source '{spec.id}'", f"option '{name}' has the wrong type ({value!r})"
            )
    options = spec.options
    depth = int(options.get("depth", 1))
    if not 0 <= depth <= 3:
        raise InputError(f"source '{spec.id}'", f"option 'depth' must be 0 to 3, not {depth}")
    return SmbSettings(
        depth=depth,
        require_encryption=bool(options.get("require_encryption", False)),
        allow_unsigned=bool(options.get("allow_unsigned", False)),
        shares=[str(s) for s in options.get("shares", [])],
        max_folders=max(1, int(options.get("max_folders", 500))),
        timeout=max(1, round(options.get("timeout", 15))),
        record=str(options.get("record", "")),
    )


@dataclass
class ServerRead:
    """What one server gave, and what it did not."""

    server: SmbServer
    shares: list[ObservedShare] = field(default_factory=list)
    folders: list[FolderAcl] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def read_server(target: str, username: str, password: str, settings: SmbSettings) -> ServerRead:
    from kszcheck.collectors.smb_client import SmbClient, SmbError, SmbTarget

    host, port = split_host_port(target, 445)
    name = host
    smb_target = SmbTarget(
        host=host,
        port=port,
        username=username,
        require_signing=not settings.allow_unsigned,
        require_encryption=settings.require_encryption,
        timeout=settings.timeout,
    )
    read = ServerRead(SmbServer(name=name, address=smb_target.label))
    try:
        with SmbClient(smb_target, password) as client:
            info = client.info
            read.server = SmbServer(
                name=name,
                address=smb_target.label,
                reached=True,
                dialect=info.dialect,
                signing=info.signing,
                encryption=info.encryption,
            )
            read.server.machine_sid = _machine_sid(client, read)
            listed = _list_shares(client, host)
            wanted = {s.lower() for s in settings.shares}
            for entry in listed:
                kind = srvsvc.share_type_name(entry.share_type)
                if kind.startswith(_SKIP_TYPES) or kind.endswith("(special)"):
                    continue
                if wanted and entry.name.lower() not in wanted:
                    continue
                _read_share(client, host, name, entry, settings, read)
    except SmbError as exc:
        read.server.error = str(exc)
        read.missing.update(SMB_PROVIDES)
        read.problems.append(str(exc))
    return read


def _machine_sid(client: SmbClient, read: ServerRead) -> str:
    """The server's own account-domain SID, or '' (then only BUILTIN SIDs are marked local)."""
    from kszcheck.collectors.smb_client import SmbError

    try:
        with client.pipe("lsarpc") as pipe:
            dcerpc.check_bind_ack(pipe.call(dcerpc.bind_pdu(*lsarpc.LSARPC)))
            handle = lsarpc.decode_open_policy2(
                dcerpc.response_stub(
                    pipe.call(_one(lsarpc.OPNUM_OPEN_POLICY2, lsarpc.encode_open_policy2(), 2))
                )
            )
            stub = dcerpc.response_stub(
                pipe.call(
                    _one(
                        lsarpc.OPNUM_QUERY_INFORMATION_POLICY,
                        lsarpc.encode_query_account_domain(handle),
                        3,
                    )
                )
            )
            pipe.call(_one(lsarpc.OPNUM_CLOSE, lsarpc.encode_close(handle), 4))
        return lsarpc.decode_account_domain(stub)[1]
    except (SmbError, ValueError) as exc:
        read.server.error = f"{read.server.address}: machine SID not read ({exc})"
        return ""


def _one(opnum: int, stub: bytes, call_id: int) -> bytes:
    pdus = dcerpc.request_pdu(opnum, stub, call_id)
    if len(pdus) != 1:
        raise ValueError("request larger than one fragment")
    return pdus[0]


def _list_shares(client: SmbClient, host: str) -> list[srvsvc.ShareInfo]:
    from kszcheck.collectors.smb_client import SmbError

    try:
        with client.pipe("srvsvc") as pipe:
            dcerpc.check_bind_ack(pipe.call(dcerpc.bind_pdu(*srvsvc.SRVSVC)))
            answer = pipe.call(_one(srvsvc.OPNUM_SHARE_ENUM, srvsvc.encode_share_enum(host), 2))
            return srvsvc.decode_share_enum(dcerpc.response_stub(answer))
    except ValueError as exc:
        raise SmbError(f"{client.target.label}: shares not listed ({exc})") from None


def _share_info(client: SmbClient, host: str, share: str) -> srvsvc.ShareInfo:
    with client.pipe("srvsvc") as pipe:
        dcerpc.check_bind_ack(pipe.call(dcerpc.bind_pdu(*srvsvc.SRVSVC)))
        stub = srvsvc.encode_share_info_502(host, share)
        answer = pipe.call(_one(srvsvc.OPNUM_SHARE_GET_INFO, stub, 2))
        return srvsvc.decode_share_info_502(dcerpc.response_stub(answer))


def _read_share(
    client: SmbClient,
    host: str,
    name: str,
    entry: srvsvc.ShareInfo,
    settings: SmbSettings,
    read: ServerRead,
) -> None:
    from kszcheck.collectors.smb_client import SmbError

    machine_sid = read.server.machine_sid
    share = ObservedShare(
        server=name,
        name=entry.name,
        share_type=srvsvc.share_type_name(entry.share_type),
        remark=entry.remark,
    )
    unc = f"\\\\{name}\\{entry.name}"
    try:
        info = _share_info(client, host, entry.name)
        share.path = info.path
        share.acl = share_aces(info.security_descriptor, name, machine_sid)
    except (SmbError, ValueError) as exc:
        share.acl_error = f"{unc}: share permissions not read ({exc})"
        read.missing.add("smb.shares")
        read.problems.append(share.acl_error)
    read.shares.append(share)
    try:
        share.encrypted = client.share_encrypted(entry.name)
    except SmbError as exc:
        read.folders.append(FolderAcl(server=name, share=entry.name, error=str(exc)))
        read.missing.add("smb.acls")
        read.problems.append(str(exc))
        return
    _read_folders(client, name, entry.name, settings, read)


def _read_folders(
    client: SmbClient, server: str, share: str, settings: SmbSettings, read: ServerRead
) -> None:
    """Root folder first, then breadth-first down to ``depth``, at most ``max_folders``."""
    from kszcheck.collectors.smb_client import SmbError

    level: list[str] = [""]
    count = 0
    for depth in range(settings.depth + 1):
        below: list[str] = []
        for path in level:
            if count >= settings.max_folders:
                problem = f"\\\\{server}\\{share}: more than {settings.max_folders} folders"
                read.missing.add("smb.acls")
                read.problems.append(problem)
                return
            count += 1
            try:
                blob = client.security_descriptor(share, path)
                read.folders.append(
                    folder_acl(blob, server, share, path, depth, read.server.machine_sid)
                )
            except (SmbError, ValueError) as exc:
                unc = f"\\\\{server}\\{share}" + (f"\\{path}" if path else "")
                error = str(exc) if isinstance(exc, SmbError) else f"{unc}: {exc}"
                read.folders.append(
                    FolderAcl(server=server, share=share, path=path, depth=depth, error=error)
                )
                read.missing.add("smb.acls")
                read.problems.append(error)
                continue
            if depth < settings.depth:
                try:
                    entries = client.list_directory(share, path)
                except SmbError as exc:
                    read.missing.add("smb.acls")
                    read.problems.append(str(exc))
                    continue
                below += [f"{path}\\{e.name}" if path else e.name for e in entries if e.is_dir]
        level = below


def collect(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    """Read every target of an smb source; see the module docstring."""
    settings = read_settings(spec)
    if not spec.targets:
        raise InputError(
            f"source '{spec.id}'",
            "no file servers to read: give 'targets', or name servers in the social-data zone",
        )
    if not spec.username:
        raise InputError(f"source '{spec.id}'", "username is missing (DOMAIN\\user or user)")
    if spec.password is None:
        raise InputError(
            f"source '{spec.id}'", "password is missing: give 'password: {env: VARIABLE}'"
        )
    try:
        password = resolve_secret(spec.password, base_dir, "password")
    except SecretError as exc:
        raise SourceFailed(f"source '{spec.id}': {exc}") from None
    reads: list[ServerRead] = []
    report_count("smb_servers", 0, len(spec.targets))
    for target in spec.targets:
        read = read_server(target, spec.username, password, settings)
        state = "MISLUKT / FAILED: " + read.problems[0] if read.problems else "gelezen / read"
        report_progress(f"{target}: {state}")
        reads.append(read)
        report_count("smb_servers", len(reads), len(spec.targets))
    collection = combine(reads, now)
    if settings.record:
        record_path = resolve_path(spec.model_copy(update={"path": settings.record}), base_dir)
        record_path.write_text(collection.model_dump_json(indent=1) + "\n", encoding="utf-8")
    return collected_from(collection)


def combine(reads: list[ServerRead], now: datetime) -> SmbCollection:
    """One collection of all servers; failed when no server was reached."""
    facts = SmbFacts()
    missing: set[str] = set()
    problems: list[str] = []
    for read in reads:
        facts.servers.append(read.server)
        facts.shares.extend(read.shares)
        facts.folders.extend(read.folders)
        missing |= read.missing
        problems += read.problems
    if reads and not any(r.server.reached for r in reads):
        raise SourceFailed("; ".join(problems[:3]) or "no file server reached")
    warnings = [
        f"{r.server.address}: SMB zonder ondertekening (allow_unsigned) / SMB without signing "
        "(allow_unsigned): the traffic can be altered on the way"
        for r in reads
        if r.server.reached and not r.server.signing
    ]
    return SmbCollection(
        warnings=warnings,
        collected_at=now,
        facts=facts,
        missing=sorted(missing),
        reason=_reason(problems),
    )


def _reason(problems: list[str]) -> str:
    if not problems:
        return ""
    more = f" (+{len(problems) - 3} more)" if len(problems) > 3 else ""
    return "; ".join(problems[:3]) + more


def collected_from(collection: SmbCollection) -> Collected:
    return Collected(
        provides=list(SMB_PROVIDES),
        smb=collection.facts,
        missing=list(collection.missing),
        reason=collection.reason,
        warnings=list(collection.warnings),
    )


def load_recorded(path: Path) -> SmbCollection:
    """A recorded collection (what ``options: {record: file}`` wrote); InputError names the file."""
    source = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(source, f"not valid JSON: {exc.msg}", exc.lineno) from None
    try:
        return SmbCollection.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "top level"
        raise InputError(source, f"not a recorded SMB collection ({where}: {err['msg']})") from None


def collect_recorded(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    """Source type ``smb_recorded``: facts read earlier (on site) by the smb collector."""
    path = resolve_path(spec, base_dir)
    collection = load_recorded(path)
    collected = collected_from(collection)
    when = collection.collected_at.date().isoformat()
    collected.warnings.append(
        f"SMB-gegevens opgenomen op {when} / SMB facts recorded on {when} ({path.name})"
    )
    return collected
