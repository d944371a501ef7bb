"""The network inventory from NetBox (source type ``netbox``), over its REST API.

Plain HTTPS with the standard library (urllib): ``GET /api/dcim/devices/``, ``/api/dcim/
interfaces/`` and ``/api/ipam/vlans/`` (NetBox 3.x and 4.x: ``{"count", "next", "results"}``
pages of ``limit`` items, ``Authorization: Token <token>``). The token is given by reference
(``password: {env|file|keyring}``), sent only to the NetBox address of the profile (a ``next``
link to another address is refused) and never shown; TLS is verified (``ca_file`` for a private
CA); plain ``http://`` only with ``options: {allow_plain_http: true}``.

What NetBox documents becomes facts:

- every device (name, manufacturer, model, primary IP, site) as a network device, without the
  management settings a configuration or SNMP shows (SNMP, VTY): the fact kind
  ``network.devices`` is therefore not provided, and the rule that judges them waits for a
  switch configuration or SNMP source;
- the switch ports (interfaces with an 802.1Q mode: access, tagged, tagged-all; physical or
  LAG), with their VLANs, LAG, description and enabled state: ``network.ports``;
- the VLANs used on each device's ports, named as in NetBox: ``network.vlans``.

Interfaces without an 802.1Q mode (routed, virtual, unconfigured) are not ports; NetBox holds
no ACLs nor SVI filtering, so ``network.svis`` and ``network.acls`` come from other sources.
Options: ``site`` (a NetBox site slug: only that site's objects), ``role`` (device role slugs,
e.g. ``[access-switch, core-switch]``), ``page_size`` (default 1000), ``timeout`` (seconds,
default 30). A count that does not match the items read leaves the source partial.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urljoin, urlsplit

from kszcheck.collectors.base import Collected, SourceFailed, report_count
from kszcheck.collectors.interface_names import normalise
from kszcheck.model.errors import InputError
from kszcheck.model.network import ALL_VLANS, Device, Network, Port, PortMode, Vlan
from kszcheck.model.site import SourceSpec
from kszcheck.secrets import SecretError, resolve_secret

if TYPE_CHECKING:
    import ssl

# ssl and urllib.request are imported where NetBox is read: every collect imports this module
# (for ``PROVIDES``), most sites without a NetBox source.

__all__ = ["PROVIDES", "collect", "network_from"]

#: What a NetBox source provides (see the module docstring for what it does not).
PROVIDES = ("network.ports", "network.vlans")

_OPTIONS = {"site", "role", "page_size", "timeout", "allow_plain_http"}


@dataclass(frozen=True)
class _Settings:
    base: str  # scheme://host[:port][/path], without a final '/'
    token: str
    context: ssl.SSLContext | None
    filters: dict[str, Any]
    page_size: int
    timeout: float


@dataclass
class _Read:
    """Everything read, and what could not be proven complete."""

    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    short: list[str] = field(default_factory=list)


def collect(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    """Read devices, interfaces and VLANs from NetBox; see the module docstring."""
    settings = _settings(spec, base_dir)
    read = _Read()
    for what, path in (
        ("devices", "/api/dcim/devices/"),
        ("interfaces", "/api/dcim/interfaces/"),
        ("vlans", "/api/ipam/vlans/"),
    ):
        read.items[what] = _all_pages(settings, what, path, read)
    network, warnings = network_from(read.items, spec.url)
    reason = "; ".join(read.short)
    return Collected(
        provides=list(PROVIDES),
        network=network,
        missing=list(PROVIDES) if read.short else [],
        reason=reason,
        warnings=warnings,
    )


def _settings(spec: SourceSpec, base_dir: Path) -> _Settings:
    unknown = sorted(set(spec.options) - _OPTIONS)
    if unknown:
        raise InputError(f"source '{spec.id}'", f"unknown options: {', '.join(unknown)}")
    parts = urlsplit(spec.url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InputError(f"source '{spec.id}'", f"'{spec.url}' is not a NetBox https:// address")
    if parts.scheme == "http" and not spec.options.get("allow_plain_http"):
        raise InputError(
            f"source '{spec.id}'",
            "NetBox over plain http sends the token readable; use https:// (or "
            "options: {allow_plain_http: true})",
        )
    assert spec.password is not None  # the profile's validation requires it
    try:
        token = resolve_secret(spec.password, base_dir, "token")
    except SecretError as exc:
        raise SourceFailed(f"source '{spec.id}': {exc}") from None
    context = None
    if parts.scheme == "https":
        import ssl

        ca = Path(spec.ca_file).expanduser() if spec.ca_file else None
        if ca is not None and not ca.is_absolute():
            ca = base_dir / ca
        if ca is not None and not ca.is_file():
            raise SourceFailed(f"source '{spec.id}': the CA file {ca} does not exist")
        context = ssl.create_default_context(cafile=str(ca) if ca else None)
    filters: dict[str, Any] = {}
    if spec.options.get("site"):
        filters["site"] = str(spec.options["site"])
    roles = spec.options.get("role")
    if roles:
        filters["role"] = [str(r) for r in (roles if isinstance(roles, list) else [roles])]
    return _Settings(
        base=spec.url.rstrip("/"),
        token=token,
        context=context,
        filters=filters,
        page_size=int(spec.options.get("page_size", 1000)),
        timeout=float(spec.options.get("timeout", 30)),
    )


def _all_pages(settings: _Settings, what: str, path: str, read: _Read) -> list[dict[str, Any]]:
    """Every item of one list endpoint, following ``next`` on the same address only."""
    filters = dict(settings.filters)
    if what != "devices":
        filters.pop("role", None)  # the ports of devices not read are left out afterwards
    query = urlencode({"limit": settings.page_size, **filters}, doseq=True)
    url = f"{settings.base}{path}?{query}"
    items: list[dict[str, Any]] = []
    count: int | None = None
    for page in _pages(settings, url):
        results = page.get("results")
        if not isinstance(results, list) or not isinstance(page.get("count"), int):
            raise SourceFailed(f"{settings.base}{path}: not a NetBox list (no count/results)")
        count = page["count"]
        items += [item for item in results if isinstance(item, dict)]
        report_count("netbox_items", len(items), count)
    if count is not None and count != len(items):
        read.short.append(
            f"{settings.base}{path}: NetBox counted {count} {what}, {len(items)} read"
        )
    return items


def _pages(settings: _Settings, first: str) -> Iterator[dict[str, Any]]:
    url: str | None = first
    origin = urlsplit(settings.base)
    while url:
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            raise SourceFailed(
                f"{settings.base}: NetBox's next page is at another address "
                f"({parts.scheme}://{parts.netloc}); the token is not sent there"
            )
        page = _get(settings, url)
        yield page
        following = page.get("next")
        url = urljoin(url, following) if isinstance(following, str) and following else None


def _get(settings: _Settings, url: str) -> dict[str, Any]:
    import ssl
    import urllib.error
    import urllib.request

    shown = urlsplit(url).path
    request = urllib.request.Request(
        url,
        headers={"Authorization": f"Token {settings.token}", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(
            request, timeout=settings.timeout, context=settings.context
        ) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        why = "the token was refused" if exc.code in (401, 403) else exc.reason
        raise SourceFailed(f"{settings.base}{shown}: HTTP {exc.code} ({why})") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        text = (
            f"certificate not trusted ({reason.verify_message})"
            if isinstance(reason, ssl.SSLCertVerificationError)
            else str(reason)
        )
        raise SourceFailed(f"{settings.base}{shown}: {text}") from None
    except (TimeoutError, OSError) as exc:
        raise SourceFailed(f"{settings.base}{shown}: {exc.strerror or exc}") from None
    try:
        data = json.loads(body)
    except ValueError:
        raise SourceFailed(f"{settings.base}{shown}: the answer is not JSON") from None
    if not isinstance(data, dict):
        raise SourceFailed(f"{settings.base}{shown}: the answer is not a NetBox list")
    return data


# ----------------------------------------------------------------------------- NetBox -> facts


def _name(value: Any) -> str:
    return str(value.get("name") or "") if isinstance(value, dict) else ""


def _vid(value: Any) -> int | None:
    vid = value.get("vid") if isinstance(value, dict) else None
    return vid if isinstance(vid, int) and 1 <= vid <= 4094 else None


def _choice(value: Any) -> str:
    """A NetBox choice field: ``{"value": "access", "label": "Access"}`` (or a plain string)."""
    if isinstance(value, dict):
        return str(value.get("value") or "")
    return str(value or "")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _device(item: dict[str, Any], source: str) -> Device:
    device_type, primary = _dict(item.get("device_type")), _dict(item.get("primary_ip"))
    return Device(
        name=str(item.get("name") or ""),
        vendor=_name(device_type.get("manufacturer")),
        model=str(device_type.get("model") or ""),
        mgmt_ip=str(primary.get("address") or "").split("/")[0],
        location=_name(item.get("site")),
        platform=_name(item.get("platform")) or "netbox",
        source=source,
    )


def _port(item: dict[str, Any]) -> Port | None:
    """A switch port, or None for an interface without an 802.1Q mode."""
    mode = _choice(item.get("mode"))
    device = _name(item.get("device"))
    if mode not in ("access", "tagged", "tagged-all") or not device:
        return None
    untagged = _vid(item.get("untagged_vlan"))
    tagged = [v for v in (_vid(t) for t in item.get("tagged_vlans") or []) if v is not None]
    port = Port(
        device=device,
        name=normalise(str(item.get("name") or "")),
        description=str(item.get("description") or ""),
        shutdown=item.get("enabled") is False,
        trunk_group=_name(item.get("lag")),
    )
    if mode == "access":
        port.mode, port.access_vlan = PortMode.access, untagged
    else:
        port.mode, port.native_vlan = PortMode.trunk, untagged
        carried = list(ALL_VLANS) if mode == "tagged-all" else tagged
        port.allowed_vlans = sorted({*carried, *([untagged] if untagged else [])})
    return port


def network_from(items: dict[str, list[dict[str, Any]]], source: str) -> tuple[Network, list[str]]:
    """The network facts of what NetBox gave (pure), and warnings for what was left out."""
    network = Network()
    warnings: list[str] = []
    for item in items.get("devices", []):
        if not item.get("name"):
            warnings.append(f"{source}: device {item.get('id')} has no name; left out")
            continue
        network.devices.append(_device(item, source))
    known = {d.name for d in network.devices}
    left_out = 0
    for item in items.get("interfaces", []):
        port = _port(item)
        if port is None:
            continue
        if port.device not in known:
            left_out += 1
            continue
        network.ports.append(port)
    if left_out:
        warnings.append(f"{source}: {left_out} switch ports of devices not read were left out")
    names = {v: _name(n) for n in items.get("vlans", []) if (v := _vid(n)) is not None}
    used: dict[str, set[int]] = {}
    for port in network.ports:
        vids: set[int | None] = {port.access_vlan}
        if port.mode is PortMode.trunk:
            vids = {*(set(port.allowed_vlans) & set(names)), port.native_vlan}
        used.setdefault(port.device, set()).update(v for v in vids if v is not None)
    for device in network.devices:
        for vid in sorted(used.get(device.name, ())):
            network.vlans.append(Vlan(device=device.name, vlan_id=vid, name=names.get(vid, "")))
    return network, warnings
