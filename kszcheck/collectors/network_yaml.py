"""Network collector for a hand-written or exported network inventory (network.yaml)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kszcheck.collectors.base import Collected, resolve_path
from kszcheck.collectors.tabular import (
    file_format,
    load_yaml_container,
    read_source,
)
from kszcheck.model.errors import InputError
from kszcheck.model.network import Network
from kszcheck.model.site import SourceSpec
from kszcheck.model.yamlsource import LineMap

__all__ = ["NETWORK_COLLECTIONS", "collect", "dangling_devices"]

NETWORK_COLLECTIONS = ("devices", "vlans", "ports", "svis", "acls")


def collect(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    source = read_source(resolve_path(spec, base_dir))
    file_format(source, ("yaml",))
    network, lines = load_yaml_container(source, Network, NETWORK_COLLECTIONS)
    _refuse_duplicate_devices(network, lines, source.name)
    return Collected(
        provides=[f"network.{name}" for name in NETWORK_COLLECTIONS],
        network=network,
        content_hash=source.content_hash,
        warnings=dangling_devices(network, lines, source.name),
    )


def _refuse_duplicate_devices(network: Network, lines: LineMap, source: str) -> None:
    seen: dict[str, int | None] = {}
    for index, device in enumerate(network.devices):
        key = device.name.casefold()
        line = lines.get(("devices", index))
        if key in seen:
            raise InputError(
                source, f"device '{device.name}' is listed twice (first on line {seen[key]})", line
            )
        seen[key] = line


def dangling_devices(network: Network, lines: LineMap, source: str) -> list[str]:
    """Warnings for VLANs, ports, SVIs and ACLs that name a device not listed under devices."""
    known = {device.name.casefold() for device in network.devices}
    warnings: list[str] = []
    for collection in ("vlans", "ports", "svis", "acls"):
        for index, item in enumerate(getattr(network, collection)):
            if item.device.casefold() not in known:
                line = lines.get((collection, index))
                warnings.append(
                    f"{source}:{line}: {collection} entry names device '{item.device}', "
                    "which is not listed under devices"
                )
    return warnings
