"""A small NetBox stand-in for the tests: an HTTPS server on 127.0.0.1 that answers the list
endpoints kszcheck reads in the format of NetBox's REST API as documented for NetBox 4.1
(``/api/docs/``): ``{"count", "next", "previous", "results"}`` pages of ``limit`` items from
``offset``, nested objects as NetBox nests them (``device_type.manufacturer``, ``mode``
``{value, label}``, ``untagged_vlan``/``tagged_vlans`` with ``vid``), ``Authorization: Token
…`` checked (401 ``{"detail": "Invalid token"}``), filters ``site`` and ``role`` (slugs).

The objects are written by hand after that documentation for these tests; no NetBox ran to
record them (NetBox needs PostgreSQL and Redis and does not run offline here).
"""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.peers.postgres import certificates

TOKEN = "0123456789abcdef0123456789abcdef01234567"


def _ref(kind: str, ident: int, **fields: Any) -> dict[str, Any]:
    return {"id": ident, "url": f"https://netbox.invalid/api/{kind}/{ident}/", **fields}


SITES = {
    "voorbeeld": _ref("dcim/sites", 1, display="Voorbeeld", name="Voorbeeld", slug="voorbeeld"),
    "elders": _ref("dcim/sites", 2, display="Elders", name="Elders", slug="elders"),
}
ROLES = {
    "access-switch": _ref("dcim/device-roles", 1, name="Access switch", slug="access-switch"),
    "server": _ref("dcim/device-roles", 2, name="Server", slug="server"),
}
CISCO = _ref("dcim/manufacturers", 1, display="Cisco", name="Cisco", slug="cisco")


def _vlan(ident: int, vid: int, name: str) -> dict[str, Any]:
    return _ref("ipam/vlans", ident, display=name, vid=vid, name=name)


def _device(ident: int, name: str, site: str, role: str, ip: str | None) -> dict[str, Any]:
    return _ref(
        "dcim/devices",
        ident,
        display=name,
        name=name,
        device_type=_ref(
            "dcim/device-types",
            1,
            display="C9300-48P",
            manufacturer=CISCO,
            model="C9300-48P",
            slug="c9300-48p",
        ),
        role=ROLES[role],
        site=SITES[site],
        platform=None,
        status={"value": "active", "label": "Active"},
        primary_ip=_ref("ipam/ip-addresses", ident, display=ip, family=4, address=ip)
        if ip
        else None,
    )


def _interface(
    ident: int, device: dict[str, Any], name: str, mode: str | None, **extra: Any
) -> dict[str, Any]:
    return _ref(
        "dcim/interfaces",
        ident,
        display=name,
        device={k: device[k] for k in ("id", "url", "display", "name")},
        name=name,
        type={"value": "1000base-t", "label": "1000BASE-T (1GE)"},
        enabled=extra.pop("enabled", True),
        mode={"value": mode, "label": mode.title()} if mode else None,
        untagged_vlan=extra.pop("untagged_vlan", None),
        tagged_vlans=extra.pop("tagged_vlans", []),
        lag=extra.pop("lag", None),
        description=extra.pop("description", ""),
        mgmt_only=False,
        **extra,
    )


V10, V30, V31, V99 = (
    _vlan(1, 10, "gemeente-users"),
    _vlan(2, 30, "sd-users"),
    _vlan(3, 31, "sd-app"),
    _vlan(4, 99, "beheer"),
)
ACC = _device(1, "ACC-SW01", "voorbeeld", "access-switch", "10.99.0.11/24")
CORE = _device(2, "CORE-SW01", "voorbeeld", "access-switch", "10.99.0.2/24")
SRV = _device(3, "SRV-SOC01", "voorbeeld", "server", None)
FAR = _device(4, "ELDERS-SW01", "elders", "access-switch", "10.199.0.2/24")


def standard_objects() -> dict[str, list[dict[str, Any]]]:
    lag = {"id": 90, "url": "https://netbox.invalid/api/dcim/interfaces/90/", "name": "Po1"}
    return {
        "dcim/devices": [ACC, CORE, SRV, FAR],
        "dcim/interfaces": [
            _interface(11, ACC, "Gi1/0/1", "access", untagged_vlan=V10, description="GEM-PC01"),
            _interface(12, ACC, "GigabitEthernet1/0/2", "access", untagged_vlan=V30),
            _interface(13, ACC, "Gi1/0/3", "access", untagged_vlan=V30, enabled=False),
            _interface(
                14, ACC, "Te1/1/1", "tagged", untagged_vlan=V99, tagged_vlans=[V10, V30], lag=lag
            ),
            _interface(21, CORE, "Te1/0/1", "tagged-all", untagged_vlan=V99),
            _interface(22, CORE, "Vlan31", None),  # an SVI: no 802.1Q mode, not a port
            _interface(31, SRV, "eth0", None),
            _interface(41, FAR, "Gi1/0/1", "access", untagged_vlan=V10),
        ],
        "ipam/vlans": [V10, V30, V31, V99],
    }


def _site_of(kind: str, item: dict[str, Any], devices: dict[int, dict[str, Any]]) -> str | None:
    if kind == "dcim/devices":
        return str(item["site"]["slug"])
    if kind == "dcim/interfaces":
        return str(devices[item["device"]["id"]]["site"]["slug"])
    return None  # VLANs here are global: every site sees them


@dataclass
class NetBox:
    """The server's objects (by endpoint) and what it was asked."""

    objects: dict[str, list[dict[str, Any]]] = field(default_factory=standard_objects)
    base: str = ""
    ca_file: Path = Path()
    requests: list[tuple[str, str | None]] = field(default_factory=list)  # (path?query, auth)
    #: endpoint -> a count to report instead of the true one (a NetBox changing under us)
    wrong_count: dict[str, int] = field(default_factory=dict)
    #: a host to put in the ``next`` links instead of the server's own
    next_host: str = ""

    def page(self, path: str, query: dict[str, list[str]]) -> dict[str, Any] | None:
        kind = path.removeprefix("/api/").strip("/")
        if kind not in self.objects:
            return None
        devices = {d["id"]: d for d in self.objects["dcim/devices"]}
        items = self.objects[kind]
        if "site" in query:
            items = [i for i in items if _site_of(kind, i, devices) in (None, *query["site"])]
        if "role" in query and kind == "dcim/devices":
            items = [i for i in items if i["role"]["slug"] in query["role"]]
        limit, offset = int(query.get("limit", ["50"])[0]), int(query.get("offset", ["0"])[0])
        chunk = items[offset : offset + limit]
        following = None
        if offset + limit < len(items):
            rest = {k: v for k, v in query.items() if k != "offset"}
            rest["offset"] = [str(offset + limit)]
            text = "&".join(f"{k}={v}" for k, values in rest.items() for v in values)
            host = self.next_host or self.base
            following = f"{host}{path}?{text}"
        return {
            "count": self.wrong_count.get(kind, len(items)),
            "next": following,
            "previous": None,
            "results": chunk,
        }


def _handler(state: NetBox) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            auth = self.headers.get("Authorization")
            state.requests.append((self.path, auth))
            if auth != f"Token {TOKEN}":
                self._send(401, {"detail": "Invalid token"})
                return
            page = state.page(parts.path, parse_qs(parts.query))
            if page is None:
                self._send(404, {"detail": "Not found."})
            else:
                self._send(200, page)

    return Handler


@contextmanager
def netbox(folder: Path, state: NetBox | None = None) -> Iterator[NetBox]:
    """A NetBox stand-in over HTTPS on 127.0.0.1, its certificate signed by a test CA."""
    state = state or NetBox()
    ca_file, cert_file, key_file = certificates(folder)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    state.base = f"https://127.0.0.1:{server.server_address[1]}"
    state.ca_file = ca_file
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
