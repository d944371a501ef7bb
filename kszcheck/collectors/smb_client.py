"""A small SMB 2/3 reading client: connect, list a folder, read a file, read a security
descriptor, talk DCE/RPC over a named pipe. The SMB collector and the SYSVOL reader share it.

Library: ``smbprotocol`` (MIT, pure Python, with ``pyspnego`` for NTLM/Kerberos). It implements
only SMB 2.0.2 to 3.1.1 and has no SMB1 code at all, so "SMB1 is never used" holds by
construction, not by a setting. It signs and encrypts (AES-CCM/GCM) as the dialect allows.
``impacket`` was the other candidate: it would have brought the SRVSVC/LSA RPC stubs, but it is
an offensive-security toolkit of about 14 MB that drags in Flask, pyOpenSSL, ldapdomaindump and
its own ldap3 pin (+64 MB in a venv), speaks SMB1 unless told not to, and carries a modified
Apache 1.1 licence; the two SRVSVC calls kszcheck needs are written in ``srvsvc.py`` instead.

Rules of the road (the same for every user of this client):
- **Signing is required** unless the source says ``allow_unsigned: true``; encryption is used
  when the server or the share asks for it, and required with ``require_encryption: true``.
  What was negotiated (dialect, signing, encryption) is reported in :class:`SessionInfo`.
- The password is given by the caller (read from a reference) and never appears in a message:
  every failure becomes :class:`SmbError` with a one-line text naming the server, the share or
  path and the NT status name, built from our own words.
- Reads are read-only opens (``FILE_OPEN``, read access); nothing is created or changed.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from smbprotocol import exceptions as smb_exceptions
from smbprotocol.connection import Connection, Dialects
from smbprotocol.file_info import FileAttributes, FileInformationClass
from smbprotocol.open import (
    CreateDisposition,
    CreateOptions,
    DirectoryAccessMask,
    FilePipePrinterAccessMask,
    ImpersonationLevel,
    Open,
    ShareAccess,
    SMB2QueryInfoRequest,
    SMB2QueryInfoResponse,
)
from smbprotocol.session import Session
from smbprotocol.tree import TreeConnect

__all__ = [
    "DirEntry",
    "SessionInfo",
    "SmbClient",
    "SmbError",
    "SmbTarget",
]

_DIALECT_NAMES = {
    Dialects.SMB_2_0_2: "2.0.2",
    Dialects.SMB_2_1_0: "2.1",
    Dialects.SMB_3_0_0: "3.0",
    Dialects.SMB_3_0_2: "3.0.2",
    Dialects.SMB_3_1_1: "3.1.1",
}
_INFO_SECURITY = 0x03
#: OWNER | GROUP | DACL: no SACL (that would need SeSecurityPrivilege).
_SECURITY_INFO = 0x00000001 | 0x00000002 | 0x00000004
_READ_CONTROL = 0x00020000
_MAX_READ = 65536
_MAX_ANSWER = 16 * 1024 * 1024
_REFUSED = {"STATUS_LOGON_FAILURE", "STATUS_ACCOUNT_DISABLED", "STATUS_PASSWORD_EXPIRED"}


class SmbError(OSError):
    """One SMB operation failed; ``str()`` is one line without secrets. ``status`` is the NT
    status name (e.g. STATUS_ACCESS_DENIED) when the server gave one."""

    def __init__(self, reason: str, status: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True)
class SmbTarget:
    """Where and as whom to connect (the password comes separately)."""

    host: str
    port: int = 445
    username: str = ""  # user, DOMAIN\\user or user@domain
    require_signing: bool = True
    require_encryption: bool = False
    timeout: int = 15

    @property
    def label(self) -> str:
        return self.host if self.port == 445 else f"{self.host}:{self.port}"


@dataclass(frozen=True)
class SessionInfo:
    """What the server and kszcheck agreed on."""

    dialect: str
    signing: bool
    encryption: bool


@dataclass(frozen=True)
class DirEntry:
    name: str
    is_dir: bool
    size: int


def _status_name(code: int) -> str:
    for name, value in vars(smb_exceptions.NtStatus).items():
        if value == code and name.startswith("STATUS_"):
            return str(name)
    return f"0x{code:08X}"


class SmbClient:
    """One authenticated SMB session to one server; use as a context manager."""

    def __init__(self, target: SmbTarget, password: str) -> None:
        self.target = target
        self._password = password
        self._connection: Any = None
        self._session: Any = None
        self._trees: dict[str, Any] = {}

    # --- session ---------------------------------------------------------------------------

    def __enter__(self) -> SmbClient:
        self.connect()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def connect(self) -> SessionInfo:
        target = self.target
        connection = Connection(
            uuid.uuid4(), target.host, target.port, require_signing=target.require_signing
        )
        try:
            connection.connect(timeout=target.timeout)
        except (OSError, ValueError, smb_exceptions.SMBException) as exc:
            raise SmbError(f"{target.label}: no SMB 2/3 connection ({_why(exc)})") from None
        self._connection = connection
        session = Session(
            connection,
            username=target.username or None,
            password=self._password or None,
            require_encryption=target.require_encryption,
            auth_protocol="ntlm",
        )
        try:
            session.connect()
        except (OSError, ValueError, smb_exceptions.SMBException) as exc:
            self.close()
            code = _code(exc)
            if isinstance(exc, smb_exceptions.SMBAuthenticationError) or code in _REFUSED:
                raise SmbError(
                    f"{target.label}: logon as '{target.username}' refused", code
                ) from None
            raise SmbError(f"{target.label}: logon failed ({_why(exc)})", code) from None
        self._session = session
        return self.info

    @property
    def info(self) -> SessionInfo:
        if self._session is None:
            raise SmbError(f"{self.target.label}: not connected")
        return SessionInfo(
            dialect=_DIALECT_NAMES.get(self._connection.dialect, hex(self._connection.dialect)),
            signing=bool(self._session.signing_required or self._session.encrypt_data),
            encryption=bool(self._session.encrypt_data),
        )

    def close(self) -> None:
        for tree in self._trees.values():
            with contextlib.suppress(Exception):
                tree.disconnect()
        self._trees.clear()
        if self._session is not None:
            with contextlib.suppress(Exception):
                self._session.disconnect()
            self._session = None
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.disconnect()
            self._connection = None

    def share_encrypted(self, share: str) -> bool:
        """True when the share's traffic is encrypted (session- or share-wide)."""
        tree = self._tree(share)
        return bool(self._session.encrypt_data or tree.encrypt_data)

    # --- trees and opens ---------------------------------------------------------------------

    def _tree(self, share: str) -> Any:
        key = share.lower()
        if key not in self._trees:
            if self._session is None:
                raise SmbError(f"{self.target.label}: not connected")
            tree = TreeConnect(self._session, rf"\\{self.target.host}\{share}")
            try:
                tree.connect()
            except (OSError, ValueError, smb_exceptions.SMBException) as exc:
                raise SmbError(
                    f"{self._unc(share)}: share not opened ({_why(exc)})", _code(exc)
                ) from None
            self._trees[key] = tree
        return self._trees[key]

    def _unc(self, share: str, path: str = "") -> str:
        tail = f"\\{path}" if path else ""
        return rf"\\{self.target.label}\{share}{tail}"

    @contextlib.contextmanager
    def _open(self, share: str, path: str, *, directory: bool, access: int) -> Iterator[Any]:
        tree = self._tree(share)
        handle = Open(tree, path.replace("/", "\\").strip("\\"))
        options = (
            CreateOptions.FILE_DIRECTORY_FILE
            if directory
            else CreateOptions.FILE_NON_DIRECTORY_FILE
        )
        try:
            handle.create(
                ImpersonationLevel.Impersonation,
                access,
                FileAttributes.FILE_ATTRIBUTE_NORMAL,
                ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE,
                CreateDisposition.FILE_OPEN,
                options,
            )
        except (OSError, ValueError, smb_exceptions.SMBException) as exc:
            raise SmbError(
                f"{self._unc(share, path)}: not opened ({_why(exc)})", _code(exc)
            ) from None
        try:
            yield handle
        finally:
            with contextlib.suppress(Exception):
                handle.close()

    # --- reading -----------------------------------------------------------------------------

    def list_directory(self, share: str, path: str = "") -> list[DirEntry]:
        """The entries of a folder (without '.' and '..'), sorted by name."""
        access = DirectoryAccessMask.FILE_LIST_DIRECTORY | DirectoryAccessMask.FILE_READ_ATTRIBUTES
        entries: list[DirEntry] = []
        with self._open(share, path, directory=True, access=access) as handle:
            try:
                found = handle.query_directory(
                    "*", FileInformationClass.FILE_ID_FULL_DIRECTORY_INFORMATION
                )
                while found:
                    for item in found:
                        name = item["file_name"].get_value().decode("utf-16-le")
                        if name in (".", ".."):
                            continue
                        attributes = item["file_attributes"].get_value()
                        entries.append(
                            DirEntry(
                                name=name,
                                is_dir=bool(attributes & FileAttributes.FILE_ATTRIBUTE_DIRECTORY),
                                size=int(item["end_of_file"].get_value()),
                            )
                        )
                    found = handle.query_directory(
                        "*", FileInformationClass.FILE_ID_FULL_DIRECTORY_INFORMATION, flags=0
                    )
            except smb_exceptions.NoMoreFiles:
                pass
            except (OSError, ValueError, smb_exceptions.SMBException) as exc:
                raise SmbError(
                    f"{self._unc(share, path)}: not listed ({_why(exc)})", _code(exc)
                ) from None
        return sorted(entries, key=lambda e: e.name.lower())

    def read_file(self, share: str, path: str, max_bytes: int = 64 * 1024 * 1024) -> bytes:
        """The whole file; SmbError when it is larger than ``max_bytes``."""
        access = (
            FilePipePrinterAccessMask.FILE_READ_DATA
            | FilePipePrinterAccessMask.FILE_READ_ATTRIBUTES
        )
        with self._open(share, path, directory=False, access=access) as handle:
            size = int(handle.end_of_file)
            if size > max_bytes:
                raise SmbError(f"{self._unc(share, path)}: {size} bytes, more than {max_bytes}")
            chunks: list[bytes] = []
            offset = 0
            step = min(_MAX_READ, self._connection.max_read_size)
            try:
                while offset < size:
                    data = handle.read(offset, min(step, size - offset))
                    if not data:
                        break
                    chunks.append(data)
                    offset += len(data)
            except (OSError, ValueError, smb_exceptions.SMBException) as exc:
                raise SmbError(
                    f"{self._unc(share, path)}: not read ({_why(exc)})", _code(exc)
                ) from None
        return b"".join(chunks)

    def security_descriptor(self, share: str, path: str = "") -> bytes:
        """The self-relative security descriptor (owner, group, DACL) of a file or folder."""
        with self._open(share, path, directory=True, access=_READ_CONTROL) as handle:
            request = SMB2QueryInfoRequest()
            request["info_type"] = _INFO_SECURITY
            request["file_info_class"] = 0
            request["output_buffer_length"] = 65536
            request["additional_information"] = _SECURITY_INFO
            request["file_id"] = handle.file_id
            tree = handle.tree_connect
            try:
                sent = self._connection.send(request, tree.session.session_id, tree.tree_connect_id)
                answer = self._connection.receive(sent)
            except (OSError, ValueError, smb_exceptions.SMBException) as exc:
                raise SmbError(
                    f"{self._unc(share, path)}: security descriptor not read ({_why(exc)})",
                    _code(exc),
                ) from None
            response = SMB2QueryInfoResponse()
            response.unpack(answer["data"].get_value())
            return bytes(response["buffer"].get_value())

    @contextlib.contextmanager
    def pipe(self, pipe: str) -> Iterator[RpcPipe]:
        """An open named pipe for a conversation where each call depends on the last."""
        access = (
            FilePipePrinterAccessMask.FILE_READ_DATA | FilePipePrinterAccessMask.FILE_WRITE_DATA
        )
        with self._open("IPC$", pipe, directory=False, access=access) as handle:
            yield RpcPipe(handle, self._unc("IPC$", pipe))


class RpcPipe:
    """One open named pipe: ``call`` writes a request and returns the whole answer."""

    def __init__(self, handle: Any, label: str) -> None:
        self._handle = handle
        self._label = label

    def call(self, message: bytes) -> bytes:
        try:
            self._handle.write(message, 0)
            return _read_rpc_answer(self._handle)
        except (OSError, ValueError, smb_exceptions.SMBException) as exc:
            raise SmbError(f"{self._label}: RPC failed ({_why(exc)})", _code(exc)) from None


def _read_rpc_answer(handle: Any) -> bytes:
    """Read DCE/RPC fragments until one carries the 'last fragment' flag; returns the
    fragments as they came, one after the other (dcerpc.py splits them)."""
    data = b""
    at = 0  # where the current fragment starts
    while True:
        while len(data) - at < 10 or len(data) - at < _fragment_length(data, at):
            chunk = handle.read(0, 65536)
            if not chunk:
                raise ValueError("pipe closed inside a DCE/RPC answer")
            data += chunk
            if len(data) > _MAX_ANSWER:
                raise ValueError("DCE/RPC answer larger than 16 MiB")
        length = _fragment_length(data, at)
        if data[at + 3] & 0x02:  # PFC_LAST_FRAG
            return data[: at + length]
        at += length


def _fragment_length(data: bytes, at: int) -> int:
    length = int.from_bytes(data[at + 8 : at + 10], "little")
    if length < 16:
        raise ValueError(f"DCE/RPC fragment of {length} bytes")
    return length


def _code(exc: BaseException) -> str:
    status = getattr(exc, "status", None)
    return _status_name(status) if isinstance(status, int) else ""


def _why(exc: BaseException) -> str:
    """A short reason from the exception's class and NT status, never its free text (which
    could echo request fields)."""
    code = _code(exc)
    if code:
        return code
    if isinstance(exc, TimeoutError):
        return "timeout"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return type(exc).__name__
