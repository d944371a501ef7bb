"""Host names as the rules compare them.

    host_of(name)   ``SRV-BCK01.x.local`` -> ``srv-bck01``; ``SRV-BCK01$`` (a computer
                    account) -> ``srv-bck01``: the host part, lower case

Servers in the inventory, computer accounts in AD, backup jobs, log targets and remote-support
tools name the same machine in different ways; they are joined on ``host_of``.
"""

from __future__ import annotations

__all__ = ["host_of"]


def host_of(name: str) -> str:
    """The host part of a name or FQDN, lower case, without a computer account's ``$``."""
    return name.strip().lower().split(".", 1)[0].rstrip("$")
