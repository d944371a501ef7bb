"""Which file servers an smb source reads when it names no ``targets``: the servers of the
social-data zone (its ``servers`` and the servers of its ``shares``), and with
``options: {all_servers: true}`` every server of the server inventory collected before it.
A server of the inventory is reached by its FQDN when one is given, else by its name."""

from __future__ import annotations

from kszcheck.model.site import SiteProfile, SourceSpec
from kszcheck.model.snapshot import Snapshot

__all__ = ["smb_default_targets"]


def smb_default_targets(site: SiteProfile, snapshot: Snapshot, spec: SourceSpec) -> list[str]:
    names: list[str] = [str(s) for s in site.sdz_values("servers")]
    for unc in site.sdz_values("shares"):
        names.append(str(unc).strip().lstrip("\\").replace("/", "\\").split("\\", 1)[0])
    inventory = snapshot.inventory.servers
    if spec.options.get("all_servers") is True:
        names += [s.name for s in inventory]
    by_name = {s.name.lower(): s for s in inventory}
    targets: list[str] = []
    for name in names:
        known = by_name.get(name.lower())
        address = known.fqdn if known is not None and known.fqdn else name
        if address and address.lower() not in {t.lower() for t in targets}:
            targets.append(address)
    return targets
