"""The LDIF collector: an export of Active Directory (ldifde or ldapsearch) into directory facts,
with the evidence that the export is whole (``ldif_evidence``) deciding complete or partial."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from kszcheck.collectors.ad_topology import parse_trusts
from kszcheck.collectors.base import Collected, resolve_path
from kszcheck.collectors.ldif_parts import read_export
from kszcheck.model.common import norm_dn
from kszcheck.model.provenance import DIRECTORY_OBJECT_KINDS
from kszcheck.model.site import SourceSpec

__all__ = ["collect"]


def collect(spec: SourceSpec, base_dir: Path, now: datetime) -> Collected:
    """Read an LDIF export of Active Directory (ldifde or ldapsearch) into directory facts.

    The file is read in chunks (in parts on several processors when it is large: ldif_parts)
    and each entry becomes facts as it is read: what is kept is the facts, the evidence of
    completeness (ldif_evidence) and the trust entries."""
    path = resolve_path(spec, base_dir)
    digest = hashlib.sha256()
    export = read_export(path, digest)
    directory = export.normaliser.finish()
    directory.trusts = parse_trusts(export.trusts)
    evidence, trailer = export.evidence, export.trailer
    provides = list(DIRECTORY_OBJECT_KINDS)
    system = {f"cn=system,{norm_dn(d.dn)}" for d in directory.domains}
    if export.trusts or system & evidence.exported:
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
    problems = evidence.problems(trailer, directory, path.name)
    if problems:
        missing = list(dict.fromkeys([*missing, *provides]))
        warnings = problems + warnings
    return Collected(
        provides=provides,
        directory=directory,
        missing=missing,
        warnings=warnings,
        reason="; ".join(problems),
        content_hash=digest.hexdigest(),
    )
