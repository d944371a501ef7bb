"""SNMP collector: reads switches over SNMPv2c or SNMPv3 (authPriv: SHA-1/SHA-2, AES-128/192/256)
with pysnmp 7.

A thin asyncio reader: one shared SnmpEngine, at most ``concurrency`` devices at a time, per
device a GET of the system group and GETBULK walks of the tables listed in
:mod:`kszcheck.collectors.snmp_decode` (numeric OIDs only, no MIB files), several columns of one
table per request. Decoding is pure and lives in ``snmp_decode``.

Site profile (``type: snmp``): ``targets`` (host, host:port or [IPv6]:port), and either
``community`` (v2c) or ``v3_user`` with ``auth_key`` and ``priv_key``, each a reference
(``{env: VARIABLE}`` or ``{file: path}``), and ``auth_protocol``/``priv_protocol`` (net-snmp's
names: ``SHA``, ``SHA-256``, …, ``AES``, ``AES-256``, …; default SHA and AES). ``options``:
``mac_hosts`` (a ``mac,host`` CSV naming learned MAC addresses), ``timeout`` (seconds per
request, default 2), ``retries`` (default 1), ``concurrency``
(devices at a time, default 10), ``max_repetitions`` (default 25), ``device_timeout``
(seconds for one whole device, default 300).

A device that does not answer is "timeout or wrong credentials" (SNMP cannot tell them apart:
a wrong community or v3 key is silently dropped or refused); its facts are left out and the
source is partial, or failed when no device answered. Secrets never appear in any message.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from kszcheck.collectors.base import Collected, report_count, report_progress, resolve_path
from kszcheck.collectors.machosts import attach_mac_hosts, read_mac_hosts
from kszcheck.collectors.snmp_decode import (
    CISCO_COLUMNS,
    CISCO_TRUNK_ROW,
    COMMON_COLUMNS,
    HOSTS_COLUMNS,
    IF_NUMBER,
    PER_INTERFACE_COLUMNS,
    QBRIDGE_COLUMNS,
    SYSTEM_SCALARS,
    TRUNK_DYNAMIC_STATE,
    TRUNK_VLANS_ENABLED,
    TRUNK_VLANS_ENABLED_2K,
    TRUNK_VLANS_ENABLED_3K,
    TRUNK_VLANS_ENABLED_4K,
    DeviceFacts,
    Oid,
    Value,
    VarBind,
    cisco_trunk_indexes,
    decode_device,
    oid_text,
)
from kszcheck.collectors.targets import split_host_port
from kszcheck.model.errors import InputError
from kszcheck.model.network import Network, SnmpAccess
from kszcheck.model.site import CredentialRef, SourceSpec
from kszcheck.secrets import SecretError, resolve_secret

__all__ = [
    "SNMP_KINDS",
    "DeviceRead",
    "SnmpAuth",
    "SnmpSettings",
    "SnmpSourceError",
    "collect",
    "combine",
    "parse_target",
    "read_devices",
]

#: The kinds of fact an SNMP source provides (no ACLs: no standard MIB has them); it provides
#: ``network.hosts`` too when every device gave its MAC address table or LLDP neighbours.
SNMP_KINDS = ["network.devices", "network.vlans", "network.ports", "network.svis"]
TIMEOUT_TEXT = "timeout or wrong credentials / time-out of verkeerde aanmeldgegevens"
_BITMAPS = frozenset(
    {TRUNK_VLANS_ENABLED, TRUNK_VLANS_ENABLED_2K, TRUNK_VLANS_ENABLED_3K, TRUNK_VLANS_ENABLED_4K}
)
_CISCO_ENTERPRISE = (1, 3, 6, 1, 4, 1, 9)
_SYS_OBJECT_ID = (1, 3, 6, 1, 2, 1, 1, 2, 0)


class SnmpSourceError(OSError):
    """No device of the source could be read, or its credentials could not be resolved: the
    source is failed. The message names the devices and never holds a secret."""


# --- settings and credentials -----------------------------------------------------------------


@dataclass(frozen=True)
class SnmpSettings:
    timeout: float = 2.0
    retries: int = 1
    concurrency: int = 10
    max_repetitions: int = 25
    device_timeout: float = 300.0


_LIMITS: dict[str, tuple[type, float, float]] = {
    "timeout": (float, 0.05, 60.0),
    "retries": (int, 0, 5),
    "concurrency": (int, 1, 200),
    "max_repetitions": (int, 1, 200),
    "device_timeout": (float, 1.0, 3600.0),
}


def read_settings(spec: SourceSpec) -> SnmpSettings:
    """The source's ``options``, checked: unknown names and values out of range are refused."""
    values: dict[str, Any] = {}
    where = f"site profile, source '{spec.id}'"
    for name, raw in spec.options.items():
        if name == "mac_hosts":
            continue  # a file, read by the source (kszcheck.collectors.machosts)
        if name not in _LIMITS:
            known = ", ".join(sorted(_LIMITS))
            raise InputError(where, f"unknown SNMP option '{name}' (known: {known})")
        kind, low, high = _LIMITS[name]
        ok = isinstance(raw, int | float) and not isinstance(raw, bool)
        if not ok or not low <= raw <= high or (kind is int and raw != int(raw)):
            raise InputError(where, f"option '{name}' must be a number from {low:g} to {high:g}")
        values[name] = kind(raw)
    return SnmpSettings(**values)


@dataclass(frozen=True)
class SnmpAuth:
    """Resolved credentials; ``repr`` never shows them."""

    version: str  # v2c, v3
    community: str = field(default="", repr=False)
    user: str = ""
    auth_key: str = field(default="", repr=False)
    priv_key: str = field(default="", repr=False)
    auth_protocol: str = "SHA"
    priv_protocol: str = "AES"

    def secrets(self) -> list[str]:
        return [s for s in (self.community, self.auth_key, self.priv_key) if s]

    def access(self) -> SnmpAccess:
        """How the devices were read, without the secret: v2c with a well-known community is a
        finding in itself."""
        default = self.community in ("public", "private")
        return SnmpAccess(version=self.version, access="ro", default_community=default)


#: The shortest SNMPv3 pass phrase (RFC 3414, 11.2: "at least 8 characters").
V3_KEY_MIN = 8


def resolve_auth(spec: SourceSpec, base_dir: Path) -> SnmpAuth:
    """The source's credentials. A v3 key shorter than 8 characters is a configuration error
    (InputError naming the source and the reference, never the key)."""
    if spec.v3_user:
        assert spec.auth_key is not None and spec.priv_key is not None  # checked by SourceSpec
        keys = {}
        for name, ref in (("auth_key", spec.auth_key), ("priv_key", spec.priv_key)):
            keys[name] = _secret(ref, base_dir, name)
            if len(keys[name]) < V3_KEY_MIN:
                shown = f"env {ref.env}" if ref.env is not None else f"file {ref.file}"
                raise InputError(
                    f"site profile, source '{spec.id}'",
                    f"{name} ({shown}) is shorter than the {V3_KEY_MIN} characters an SNMPv3 "
                    "key needs (RFC 3414) / te kort: een SNMPv3-sleutel heeft minstens "
                    f"{V3_KEY_MIN} tekens",
                )
        return SnmpAuth(
            version="v3",
            user=spec.v3_user,
            auth_protocol=spec.auth_protocol,
            priv_protocol=spec.priv_protocol,
            **keys,
        )
    assert spec.community is not None
    return SnmpAuth(version="v2c", community=_secret(spec.community, base_dir, "community"))


def _secret(ref: CredentialRef, base_dir: Path, name: str) -> str:
    """A secret by reference (``kszcheck.secrets``); a missing one fails the source."""
    try:
        return resolve_secret(ref, base_dir, name)
    except SecretError as exc:
        raise SnmpSourceError(str(exc)) from None


def parse_target(target: str) -> tuple[str, int]:
    """``host``, ``host:port`` or ``[v6]:port`` -> (host, port); the default port is 161."""
    return split_host_port(target, 161)


# --- reading ----------------------------------------------------------------------------------


@dataclass
class DeviceRead:
    """What one target gave: its varbinds, or the one-line reason it could not be read."""

    target: str
    host: str
    varbinds: list[VarBind] = field(default_factory=list)
    error: str = ""


class _DeviceError(Exception):
    pass


async def read_devices(
    targets: Sequence[str],
    auth: SnmpAuth,
    settings: SnmpSettings,
    on_done: Callable[[DeviceRead], None] | None = None,
) -> list[DeviceRead]:
    """Read every target, at most ``settings.concurrency`` at a time, with one SnmpEngine."""
    from pysnmp.hlapi.v3arch.asyncio import SnmpEngine

    engine = SnmpEngine()
    limit = asyncio.Semaphore(settings.concurrency)

    async def one(target: str) -> DeviceRead:
        host, port = parse_target(target)
        result = DeviceRead(target=target, host=host)
        async with limit:
            try:
                reader = _Reader(engine, auth, settings)
                result.varbinds = await asyncio.wait_for(
                    reader.read(host, port), settings.device_timeout
                )
            except TimeoutError:
                result.error = f"no complete answer within {settings.device_timeout:g} s"
            except _DeviceError as exc:
                result.error = str(exc)
        result.error = _scrub(result.error, auth.secrets())
        if on_done is not None:
            on_done(result)
        return result

    try:
        return list(await asyncio.gather(*(one(t) for t in targets)))
    finally:
        engine.close_dispatcher()


def _scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def v3_protocols(auth: str, priv: str) -> tuple[Any, Any]:
    """pysnmp's protocol identifiers for net-snmp's names (``SHA-256``, ``AES-256``). net-snmp's
    ``AES-192``/``AES-256`` extend the key as the Blumenthal draft does (as HPE and Aruba do;
    Cisco's Reeder extension is not offered: no test peer speaks it)."""
    from pysnmp.hlapi.v3arch import asyncio as hlapi

    auths = {
        "SHA": hlapi.usmHMACSHAAuthProtocol,
        "SHA-224": hlapi.usmHMAC128SHA224AuthProtocol,
        "SHA-256": hlapi.usmHMAC192SHA256AuthProtocol,
        "SHA-384": hlapi.usmHMAC256SHA384AuthProtocol,
        "SHA-512": hlapi.usmHMAC384SHA512AuthProtocol,
    }
    privs = {
        "AES": hlapi.usmAesCfb128Protocol,
        "AES-192": hlapi.usmAesBlumenthalCfb192Protocol,
        "AES-256": hlapi.usmAesBlumenthalCfb256Protocol,
    }
    return auths[auth], privs[priv]


class _Reader:
    """Reads one device: the system group, then the tables, a few tables at a time."""

    def __init__(self, engine: Any, auth: SnmpAuth, settings: SnmpSettings) -> None:
        from pysnmp.hlapi.v3arch.asyncio import CommunityData, ContextData, UsmUserData

        self.engine = engine
        self.settings = settings
        self.context = ContextData()
        if auth.version == "v3":
            auth_protocol, priv_protocol = v3_protocols(auth.auth_protocol, auth.priv_protocol)
            self.auth: Any = UsmUserData(
                auth.user,
                authKey=auth.auth_key,
                privKey=auth.priv_key,
                authProtocol=auth_protocol,
                privProtocol=priv_protocol,
            )
        else:
            self.auth = CommunityData(auth.community, mpModel=1)
        self.transport: Any = None
        self.interfaces: int | None = None
        self.address: Any = None

    async def read(self, host: str, port: int) -> list[VarBind]:
        from pysnmp.error import PySnmpError
        from pysnmp.hlapi.v3arch.asyncio import UdpTransportTarget

        try:
            self.transport = await UdpTransportTarget.create(
                (host, port), timeout=self.settings.timeout, retries=self.settings.retries
            )
        except PySnmpError as exc:
            del exc  # its text repeats the address and the resolver's internals
            raise _DeviceError(
                f"cannot reach {host}:{port}: unknown host or bad address / "
                "onbekende host of ongeldig adres"
            ) from None
        varbinds = await self._system()
        object_id = dict(varbinds).get(_SYS_OBJECT_ID)
        cisco = isinstance(object_id, tuple) and object_id[:7] == _CISCO_ENTERPRISE
        interfaces = dict(varbinds).get(IF_NUMBER)
        self.interfaces = interfaces if isinstance(interfaces, int) and interfaces > 0 else None
        groups = COMMON_COLUMNS + (CISCO_COLUMNS if cisco else QBRIDGE_COLUMNS)
        groups += tuple(group for group in HOSTS_COLUMNS if group not in groups)
        varbinds += await self._walk_groups(groups)
        trunks = cisco_trunk_indexes(varbinds) if cisco else []
        if trunks:
            varbinds += await self._get(
                [(*column, index) for index in trunks for column in CISCO_TRUNK_ROW], per=10
            )
        elif cisco and not any(
            oid[: len(TRUNK_DYNAMIC_STATE)] == TRUNK_DYNAMIC_STATE for oid, _ in varbinds
        ):
            varbinds += await self._walk_groups(QBRIDGE_COLUMNS)  # e.g. Cisco small business
        return varbinds

    async def _get(self, oids: list[Oid], per: int) -> list[VarBind]:
        """GET ``oids``, ``per`` at a time (halved when the agent says tooBig)."""
        result: list[VarBind] = []
        at = 0
        while at < len(oids):
            chunk = oids[at : at + per]
            indication, status, answer = await self._send(chunk, None)
            if not indication and int(status) == 1 and per > 1:  # tooBig
                per = max(1, per // 2)
                continue
            self._check(indication, status)
            for name, value in answer:
                converted = _convert(value)
                if converted is not None:
                    result.append((tuple(name), converted))
            at += len(chunk)
        return result

    async def _system(self) -> list[VarBind]:
        from pysnmp.hlapi.v3arch.asyncio import ObjectIdentity, ObjectType, get_cmd

        request = [ObjectType(ObjectIdentity(oid_text(oid))) for oid in SYSTEM_SCALARS]
        indication, status, _, answer = await get_cmd(
            self.engine, self.auth, self.transport, self.context, *request, lookupMib=False
        )
        self._check(indication, status)
        result: list[VarBind] = []
        for name, value in answer:
            converted = _convert(value)
            if converted is not None:
                result.append((tuple(name), converted))
        return result

    async def _walk_groups(self, groups: Sequence[tuple[Oid, ...]]) -> list[VarBind]:
        """One table after the other (a switch answers one request at a time anyway, and the
        devices read in parallel keep the client busy without flooding its socket), after one
        GETNEXT of every table's first column, which skips the tables the agent does not have."""
        present = await self._present(groups)
        result: list[VarBind] = []
        for group in groups:
            if group[0] in present:
                result += await self._walk(group)
        return result

    async def _present(self, groups: Sequence[tuple[Oid, ...]]) -> set[Oid]:
        from pysnmp.hlapi.v3arch.asyncio import ObjectIdentity, ObjectType, next_cmd

        firsts = [group[0] for group in groups]
        request = [ObjectType(ObjectIdentity(oid_text(column))) for column in firsts]
        indication, status, _, answer = await next_cmd(
            self.engine, self.auth, self.transport, self.context, *request, lookupMib=False
        )
        self._check(indication, status)
        present: set[Oid] = set()
        for column, (name, value) in zip(firsts, answer, strict=False):
            if tuple(name)[: len(column)] == column and _convert(value) is not None:
                present.add(column)
        return present

    def _repetitions(self, columns: tuple[Oid, ...], rows: int, step: int) -> int:
        """max-repetitions for the next request: per-interface tables ask for the rows still
        expected (from ifNumber) plus one to see the end, other tables start small and double;
        never more than the option, and 10 for the 128-octet Cisco VLAN bitmaps."""
        cap = self.settings.max_repetitions
        if _BITMAPS.intersection(columns):
            cap = min(cap, 10)
        if self.interfaces is not None and PER_INTERFACE_COLUMNS.issuperset(columns):
            remaining = self.interfaces - rows
            if remaining >= 0:
                return max(1, min(cap, remaining + 1))
        return max(1, min(cap, 8 << min(step, 8)))

    async def _walk(self, columns: tuple[Oid, ...]) -> list[VarBind]:
        """Walk the columns of one table together with GETBULK until each leaves its subtree."""
        position = {column: column for column in columns}
        kept = dict.fromkeys(columns, 0)
        result: list[VarBind] = []
        step = 0
        limit: int | None = None
        while position:
            asked = list(position)
            repetitions = self._repetitions(columns, min(kept[c] for c in asked), step)
            repetitions = min(repetitions, limit) if limit else repetitions
            step += 1
            indication, status, answer = await self._send([position[c] for c in asked], repetitions)
            if not indication and int(status) == 1 and repetitions > 1:  # tooBig
                limit = max(1, repetitions // 2)
                continue
            self._check(indication, status)
            before = len(result)
            finished = _take(asked, answer, position, result)
            for oid, _ in result[before:]:
                kept[next(c for c in asked if oid[: len(c)] == c)] += 1
            for column in finished:
                position.pop(column, None)
            if not answer:
                break
        return result

    async def _send(
        self, oids: list[Oid], repetitions: int | None
    ) -> tuple[Any, Any, Sequence[Any]]:
        """One GETBULK (or GET when ``repetitions`` is None) with numeric OIDs, through pysnmp's
        command generator directly: the high-level bulk_cmd resolves every request OID against
        the MIB tree, which costs more than the request itself here."""
        from pysnmp.entity.rfc3413 import cmdgen
        from pysnmp.hlapi.v3arch.asyncio.cmdgen import LCD
        from pysnmp.proto.rfc1902 import Null, ObjectName

        if self.address is None:
            self.address, _ = LCD.configure(
                self.engine, self.auth, self.transport, self.context.contextName
            )
        future: asyncio.Future[tuple[Any, Any, Sequence[Any]]]
        future = asyncio.get_running_loop().create_future()

        def answered(
            _engine: Any,
            _handle: Any,
            indication: Any,
            status: Any,
            _index: Any,
            varbinds: Any,
            _context: Any,
        ) -> None:
            if not future.done():
                future.set_result((indication, status, varbinds))

        request = [(ObjectName(oid), Null("")) for oid in oids]
        where = (self.engine, self.address, self.context.contextEngineId, self.context.contextName)
        if repetitions is None:
            cmdgen.GetCommandGenerator().send_varbinds(*where, request, answered, None)
        else:
            cmdgen.BulkCommandGenerator().send_varbinds(
                *where, 0, repetitions, request, answered, None
            )
        return await future

    @staticmethod
    def _check(indication: Any, status: Any) -> None:
        from pysnmp.proto import errind

        if indication:
            if isinstance(indication, errind.RequestTimedOut):
                raise _DeviceError(TIMEOUT_TEXT)
            raise _DeviceError(f"{TIMEOUT_TEXT} ({_first_line(indication)})")
        if status and int(status) != 0:
            raise _DeviceError(f"the agent answered with error '{_first_line(status)}'")


def _take(
    asked: list[Oid], answer: Sequence[Any], position: dict[Oid, Oid], result: list[VarBind]
) -> set[Oid]:
    """Keep the varbinds of a GETBULK answer that are still inside their column; return the
    columns that are finished (left the subtree, end of MIB, or not increasing)."""
    finished: set[Oid] = set()
    width = len(asked)
    for at, (name, value) in enumerate(answer):
        column = asked[at % width]
        if column in finished:
            continue
        oid = tuple(name)
        converted = _convert(value)
        if converted is None or oid[: len(column)] != column or oid <= position[column]:
            finished.add(column)
            continue
        position[column] = oid
        result.append((oid, converted))
    return finished


def _convert(value: Any) -> Value | None:
    """pysnmp value -> int, bytes or OID tuple; None for Null, noSuch* and endOfMibView."""
    from pyasn1.type import univ
    from pysnmp.proto import rfc1902

    if isinstance(value, univ.Integer):  # Integer32, Counter, Gauge, TimeTicks, Counter64
        return int(value)
    if isinstance(value, univ.OctetString):  # also IpAddress, Opaque
        return bytes(value)
    if isinstance(value, rfc1902.ObjectIdentifier | univ.ObjectIdentifier):
        return tuple(value)
    return None


def _first_line(value: object) -> str:
    text = str(value).strip()
    return text.splitlines()[0] if text else type(value).__name__


# --- the source -------------------------------------------------------------------------------


def collect(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    """Read every target of an SNMP source; see the module docstring."""
    settings = read_settings(spec)
    auth = resolve_auth(spec, base_dir)

    finished: list[str] = []
    report_count("snmp_agents", 0, len(spec.targets))

    def done(read: DeviceRead) -> None:
        finished.append(read.target)
        report_count("snmp_agents", len(finished), len(spec.targets))
        if read.error:
            report_progress(f"{read.target}: MISLUKT / FAILED: {read.error}")
        else:
            report_progress(f"{read.target}: gelezen / read")

    reads = asyncio.run(read_devices(spec.targets, auth, settings, done))
    collected = combine(reads, auth.access())
    with_mac_hosts(collected, spec, base_dir)
    return collected


def with_mac_hosts(collected: Collected, spec: SourceSpec, base_dir: Path) -> None:
    """Name the learned MAC addresses from the ``mac_hosts`` export, when the source has one."""
    name = spec.options.get("mac_hosts")
    if name is None or collected.network is None:
        return
    if not isinstance(name, str) or not name:
        raise InputError(f"site profile, source '{spec.id}'", "option 'mac_hosts' must be a file")
    path = resolve_path(spec.model_copy(update={"path": name}), base_dir)
    table, closed = read_mac_hosts(path, name)
    attach_mac_hosts(collected.network, table)
    if closed.complete or "network.hosts" not in collected.provides:
        return
    collected.missing += [k for k in closed.missing if k not in collected.missing]
    collected.warnings += closed.warnings
    collected.reason = "; ".join(r for r in (collected.reason, closed.reason) if r)


def combine(reads: Sequence[DeviceRead], access: SnmpAccess | None) -> Collected:
    """Decode each device that answered and merge their facts. Devices that failed are named in
    the reason and the source is partial; when none answered, SnmpSourceError (failed).
    ``access`` says how the devices were read (None for recorded walks: not known)."""
    network = Network()
    warnings: list[str] = []
    missing: list[str] = []
    failures: list[str] = []
    names: dict[str, str] = {}
    hosts = bool(reads)
    for read in reads:
        if read.error:
            failures.append(f"{read.target}: {read.error}")
            continue
        try:
            facts = decode_device(read.varbinds, read.target, read.host, access)
        except ValueError as exc:
            failures.append(f"{read.target}: could not decode the answer ({_first_line(exc)})")
            continue
        name = facts.network.devices[0].name
        if name.casefold() in names:
            renamed = f"{name}@{read.target}"
            warnings.append(
                f"{read.target}: sysName '{name}' is also the name of {names[name.casefold()]}; "
                f"recorded as '{renamed}'"
            )
            _rename(facts, renamed)
            name = renamed
        names[name.casefold()] = read.target
        for part in ("devices", "vlans", "ports", "svis"):
            getattr(network, part).extend(getattr(facts.network, part))
        warnings += facts.warnings
        missing += facts.missing
        hosts = hosts and facts.hosts_read
    if failures and len(failures) == len(reads):
        raise SnmpSourceError(_summary(failures))
    if failures:
        missing = list(SNMP_KINDS)
    blob = json.dumps(network.model_dump(mode="json"), sort_keys=True).encode("utf-8")
    provides = [*SNMP_KINDS, "network.hosts"] if hosts and not failures else list(SNMP_KINDS)
    return Collected(
        provides=provides,
        network=network,
        missing=list(dict.fromkeys(missing)),
        warnings=failures + warnings,
        reason=_summary(failures) if failures else "; ".join(warnings[:3]) if missing else "",
        content_hash=hashlib.sha256(blob).hexdigest(),
    )


def _rename(facts: DeviceFacts, name: str) -> None:
    facts.network.devices[0].name = name
    for part in (facts.network.vlans, facts.network.ports, facts.network.svis):
        for item in part:
            item.device = name


def _summary(failures: list[str], shown: int = 5) -> str:
    text = "; ".join(failures[:shown])
    if len(failures) > shown:
        text += f"; and {len(failures) - shown} more / en nog {len(failures) - shown}"
    return text
