"""Network targets as the site profile writes them: ``host``, ``host:port`` or ``[v6]:port``."""

from __future__ import annotations


def split_host_port(target: str, default_port: int) -> tuple[str, int]:
    """``host``, ``host:port`` or ``[v6]:port`` -> (host, port); else the default port."""
    if target.startswith("["):
        host, _, rest = target[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") else default_port
    host, _, port = target.partition(":")
    return host, int(port) if port else default_port
