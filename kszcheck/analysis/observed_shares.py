"""Observed share rights (``smb.shares`` + ``smb.acls``) joined into what a principal can do
with a share's data, and the shares the access analysis uses: observed where collected,
declared (shares.yaml) where not.

What reaches the data over the network is the *lesser* of the share permission and the NTFS
right. A share permission admits a principal when it names that principal, Everyone or
Authenticated Users (every domain account), or the server's local Users group (which holds
Domain Users on a member server). A deny for the principal or for Everyone takes it away.
Inherit-only NTFS entries (IO) do not apply to the folder itself; entries a sub folder inherits
(ID) from a folder that was read are the parent's, not a new grant.

A share counts as observed only when its share permissions *and* its root folder were read;
otherwise the declared share (if any) is used, so a partial collection never hides a declared
grant.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kszcheck.analysis.hosts import host_of
from kszcheck.analysis.wellknown import BROAD_SIDS
from kszcheck.model.fileshares import FileRights, FolderAcl, ObservedShare, SmbAce, SmbFacts
from kszcheck.model.inventory import Share, ShareAce

__all__ = [
    "ObservedGrant",
    "ObservedShares",
    "host_key",
    "observed_share_key",
    "unc_key",
]

_ORDER = {FileRights.other: 0, FileRights.read: 1, FileRights.change: 2, FileRights.full: 3}
_EVERYONE = "S-1-1-0"
_AUTHENTICATED = "S-1-5-11"
_LOCAL_USERS = "S-1-5-32-545"
#: Share entries that admit every domain account.
_ADMIT_ALL = (_EVERYONE, _AUTHENTICATED, _LOCAL_USERS)


def host_key(server: str) -> str:
    """A server name for matching: lower case, without port and DNS domain (an address stays)."""
    host = server.strip().lstrip("\\").lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    if host.replace(".", "").isdigit():
        return host
    return host_of(host)


def observed_share_key(server: str, share: str) -> str:
    return f"{host_key(server)}\\{share.lower()}"


def unc_key(unc: str) -> str:
    server, _, share = unc.strip().lstrip("\\").replace("/", "\\").partition("\\")
    return observed_share_key(server, share.split("\\", 1)[0])


@dataclass(frozen=True)
class ObservedGrant:
    """What one principal can do with the data of one folder of a share, as observed."""

    unc: str  # the folder: \\server\share or \\server\share\path
    trustee_sid: str
    local_to: str
    rights: FileRights  # effective: the lesser of share and NTFS
    share_rights: FileRights
    ntfs_rights: FileRights
    path: str = ""  # relative to the share root


def _max(values: Iterable[FileRights]) -> FileRights:
    return max(values, key=_ORDER.__getitem__, default=FileRights.other)


def _min(a: FileRights, b: FileRights) -> FileRights:
    return a if _ORDER[a] <= _ORDER[b] else b


def share_admits(acl: list[SmbAce], sid: str) -> FileRights:
    """What the share permissions let ``sid`` do (before NTFS)."""
    upper = sid.upper()
    denied = [
        a for a in acl if a.ace_type == "deny" and a.trustee_sid.upper() in (upper, _EVERYONE)
    ]
    if any(a.rights is not FileRights.other for a in denied):
        return FileRights.other
    allowed = [
        a.rights
        for a in acl
        if a.ace_type == "allow" and a.trustee_sid.upper() in (upper, *_ADMIT_ALL)
    ]
    return _max(allowed)


class ObservedShares:
    """The observed shares, by server and name, and the grants on their folders."""

    def __init__(self, smb: SmbFacts) -> None:
        self.facts = smb
        # the same share observed by two sources (the SMB collector and the Windows pack): the
        # first source's share and folders count, once
        self._shares: dict[str, ObservedShare] = {}
        for share in smb.shares:
            self._shares.setdefault(observed_share_key(share.server, share.name), share)
        self._folders: dict[str, list[FolderAcl]] = {}
        for folder in smb.folders:
            found = self._folders.setdefault(observed_share_key(folder.server, folder.share), [])
            if all(f.path.lower() != folder.path.lower() for f in found):
                found.append(folder)
        self.servers_read = {host_key(s.name) for s in smb.servers if s.reached}

    def share(self, unc: str) -> ObservedShare | None:
        """The observed share behind a UNC, when its permissions and root folder were read."""
        key = unc_key(unc)
        share = self._shares.get(key)
        if share is None or share.acl is None:
            return None
        root = [f for f in self._folders.get(key, []) if f.path == "" and not f.error]
        return share if root else None

    def server_read(self, server: str) -> bool:
        return host_key(server) in self.servers_read

    def listed(self, unc: str) -> bool:
        """The share exists on a server that was read (whatever else could be read of it)."""
        return unc_key(unc) in self._shares

    def folders(self, share: ObservedShare) -> list[FolderAcl]:
        key = observed_share_key(share.server, share.name)
        return sorted(
            (f for f in self._folders.get(key, []) if not f.error),
            key=lambda f: (f.depth, f.path.lower()),
        )

    def grants(self, share: ObservedShare, *, below: bool = True) -> list[ObservedGrant]:
        """Effective allow grants on the root folder and (``below``) the folders read under it.
        A folder with no DACL at all grants Everyone full control."""
        acl = share.acl or []
        grants: list[ObservedGrant] = []
        for folder in self.folders(share):
            if folder.depth and not below:
                continue
            if not folder.dacl_present:
                aces = [
                    SmbAce(
                        ace_type="allow",
                        mask=0x1F01FF,
                        rights=FileRights.full,
                        trustee_sid=_EVERYONE,
                    )
                ]
            else:
                aces = [
                    a
                    for a in folder.dacl
                    if a.ace_type == "allow"
                    and "IO" not in a.flags
                    and not (folder.depth and a.inherited)
                ]
            denied = {
                a.trustee_sid.upper()
                for a in folder.dacl
                if a.ace_type == "deny" and "IO" not in a.flags and a.rights is not FileRights.other
            }
            for ace in aces:
                if ace.trustee_sid.upper() in denied or ace.rights is FileRights.other:
                    continue
                through_share = share_admits(acl, ace.trustee_sid)
                rights = _min(through_share, ace.rights)
                if rights is FileRights.other:
                    continue
                grants.append(
                    ObservedGrant(
                        unc=folder.unc,
                        trustee_sid=ace.trustee_sid,
                        local_to=ace.local_to,
                        rights=rights,
                        share_rights=through_share,
                        ntfs_rights=ace.rights,
                        path=folder.path,
                    )
                )
        return grants

    def effective(self, share: Share) -> Share:
        """The share the access analysis should use: the declared one with its entries
        replaced by what was observed on the root folder, when the share was observed."""
        observed = self.share(share.unc)
        if observed is None:
            return share
        return share.model_copy(update={"acl": self.root_entries(observed)})

    def root_entries(self, observed: ObservedShare) -> list[ShareAce]:
        best: dict[str, tuple[FileRights, str]] = {}
        for grant in self.grants(observed, below=False):
            current = best.get(grant.trustee_sid)
            if current is None or _ORDER[grant.rights] > _ORDER[current[0]]:
                best[grant.trustee_sid] = (grant.rights, grant.local_to)
        return [
            ShareAce(
                principal=BROAD_SIDS.get(sid.upper(), sid), rights=rights.value, local_to=local_to
            )
            for sid, (rights, local_to) in best.items()
        ]

    def unlisted(self, declared: Iterable[Share]) -> list[Share]:
        """Every observed (readable) share that no declaration covers, as a share."""
        known = {unc_key(s.unc) for s in declared}
        return [
            Share(name=s.name, server=s.server, path=s.path, acl=self.root_entries(s))
            for key, s in self._shares.items()
            if key not in known and self.share(s.unc) is not None
        ]

    def undeclared(self, declared: Iterable[Share], zone_uncs: Iterable[str]) -> list[Share]:
        """Shares of the zone that no declaration covers but that were observed, named as the
        site profile names them, for the access analysis."""
        known = {unc_key(s.unc) for s in declared}
        out: list[Share] = []
        for unc in zone_uncs:
            if unc_key(unc) in known:
                continue
            observed = self.share(unc)
            if observed is None:
                continue
            server, _, name = unc.strip().lstrip("\\").replace("/", "\\").partition("\\")
            out.append(
                Share(
                    name=name,
                    server=server,
                    path=observed.path,
                    contains_social_data=True,
                    acl=self.root_entries(observed),
                )
            )
            known.add(unc_key(unc))
        return out
