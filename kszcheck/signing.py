"""Ed25519 keys and signatures for evidence bundles (``cryptography``).

``kszcheck keys new`` writes a key pair: the private key as PKCS#8 PEM, file mode 0600, encrypted
when a passphrase is given (by reference: an environment variable or a file, never on the command
line); the public key as SubjectPublicKeyInfo PEM (what ``openssl pkey -pubin`` reads). A key is
named by its fingerprint, ``sha256:`` and the SHA-256 of the 32 raw public-key bytes.

What is signed is the bundle's manifest (which holds the SHA-256 of every file), prefixed with a
context string so that a signature over a manifest can never be replayed as anything else.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kszcheck.model.errors import InputError

__all__ = [
    "SIGNATURE_FORMAT",
    "KeyPair",
    "Signature",
    "fingerprint",
    "load_private_key",
    "load_public_key",
    "new_key_pair",
    "parse_signature",
    "sign_manifest",
    "verify_signature",
]

SIGNATURE_FORMAT = "kszcheck-signature/1"
_CONTEXT = b"kszcheck-evidence/1 manifest\n"


@dataclass(frozen=True)
class KeyPair:
    private: Path
    public: Path
    fingerprint: str


@dataclass(frozen=True)
class Signature:
    """A parsed ``manifest.sig``: the signer's public key and the signature."""

    public_key: Ed25519PublicKey
    signature: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


def fingerprint(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Create ``path`` (never over an existing file or through a symlink) with ``mode``."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, mode)
    except FileExistsError:
        raise InputError(path, "exists already; a key is never overwritten") from None
    except OSError as exc:
        raise InputError(path, f"cannot be created: {exc.strerror}") from None
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), mode)
        handle.write(data)


def new_key_pair(prefix: Path, passphrase: str | None) -> KeyPair:
    """Write ``PREFIX.key`` (0600) and ``PREFIX.pub``; return their paths and the fingerprint."""
    key = Ed25519PrivateKey.generate()
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
        if passphrase
        else serialization.NoEncryption()
    )
    private = prefix.with_name(prefix.name + ".key")
    public = prefix.with_name(prefix.name + ".pub")
    _write_new(
        private,
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        ),
        0o600,
    )
    _write_new(
        public,
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
        0o644,
    )
    return KeyPair(private, public, fingerprint(key.public_key()))


def load_private_key(path: Path, passphrase: str | None) -> Ed25519PrivateKey:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the private key: {exc.strerror}") from None
    try:
        key = serialization.load_pem_private_key(
            data, passphrase.encode("utf-8") if passphrase else None
        )
    except TypeError:
        raise InputError(
            path,
            "the private key is protected by a passphrase: give --passphrase-env or "
            "--passphrase-file"
            if not passphrase
            else "the private key is not protected by a passphrase; leave out --passphrase-*",
        ) from None
    except ValueError:
        raise InputError(
            path, "not a readable private key (wrong passphrase, or not a PEM key)"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(path, "not an Ed25519 private key (use 'kszcheck keys new')")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the public key: {exc.strerror}") from None
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        raise InputError(path, "not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InputError(path, "not an Ed25519 public key")
    return key


def sign_manifest(key: Ed25519PrivateKey, manifest: bytes) -> bytes:
    """The ``manifest.sig`` member for ``manifest``."""
    public = key.public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    document = {
        "format": SIGNATURE_FORMAT,
        "algorithm": "Ed25519",
        "public_key": base64.b64encode(raw).decode("ascii"),
        "fingerprint": fingerprint(public),
        "signature": base64.b64encode(key.sign(_CONTEXT + manifest)).decode("ascii"),
    }
    return (json.dumps(document, indent=2) + "\n").encode("utf-8")


def parse_signature(data: bytes) -> Signature:
    """Parse ``manifest.sig``; ValueError with what is wrong."""
    document = json.loads(data.decode("utf-8"))
    if not isinstance(document, dict) or document.get("format") != SIGNATURE_FORMAT:
        raise ValueError(f"not a {SIGNATURE_FORMAT} document")
    if document.get("algorithm") != "Ed25519":
        raise ValueError(f"algorithm {document.get('algorithm')!r}, expected Ed25519")
    raw = base64.b64decode(str(document.get("public_key")), validate=True)
    signature = base64.b64decode(str(document.get("signature")), validate=True)
    if len(raw) != 32 or len(signature) != 64:
        raise ValueError("a public key of 32 bytes and a signature of 64 bytes expected")
    return Signature(Ed25519PublicKey.from_public_bytes(raw), signature)


def verify_signature(signature: Signature, manifest: bytes) -> bool:
    try:
        signature.public_key.verify(signature.signature, _CONTEXT + manifest)
    except InvalidSignature:
        return False
    return True
