"""Encryption of backup files (issue 17 item 14): a stolen backup reveals nothing.

A backup is encrypted as it is written, never stored in plaintext, with a fresh random
256-bit data key per file and AES-256-GCM in 1 MiB chunks. The data key is wrapped either

* with ``NSP_BACKUP_KEY`` (a 32-byte url-safe base64 key, e.g. from
  ``Fernet.generate_key()``): AES-256-GCM; the same key restores; or
* with ``NSP_BACKUP_PUBLIC_KEY`` (a PEM RSA public key, or the path of one): RSA-OAEP
  with SHA-256; only ``NSP_BACKUP_PRIVATE_KEY`` (PEM or path) restores, so the server
  that writes backups cannot read them.

File layout: ``NSPBAK1`` + mode byte (``S`` or ``P``) + 2-byte length + wrapped key +
8-byte nonce prefix, then chunks (4-byte length + ciphertext). Each chunk's nonce is the
prefix and its number; its associated data are the header, the number and whether it is
the last chunk, so a reordered, truncated or spliced file fails to decrypt.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.management.base import CommandError

MAGIC = b"NSPBAK1"
CHUNK = 1024 * 1024
_OAEP = padding.OAEP(
    mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None
)


class BackupKeyError(CommandError):
    pass


def _pem(value: str) -> bytes:
    if "-----BEGIN" in value:
        return value.encode("ascii")
    return Path(value).read_bytes()


def _symmetric_key(value: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(value.encode("ascii"))
    except (binascii.Error, ValueError) as exc:
        raise BackupKeyError("NSP_BACKUP_KEY must be 32 bytes in url-safe base64.") from exc
    if len(key) != 32:
        raise BackupKeyError("NSP_BACKUP_KEY must be 32 bytes in url-safe base64.")
    return key


def _header(mode: bytes, wrapped: bytes, nonce_prefix: bytes) -> bytes:
    return MAGIC + mode + struct.pack(">H", len(wrapped)) + wrapped + nonce_prefix


def _aad(header: bytes, number: int, last: bool) -> bytes:
    return header + struct.pack(">Q?", number, last)


def _nonce(prefix: bytes, number: int) -> bytes:
    return prefix + struct.pack(">I", number)


def new_header() -> tuple[bytes, bytes]:
    """A header for a new file and its data key, wrapped as the settings say."""
    data_key = AESGCM.generate_key(bit_length=256)
    nonce_prefix = os.urandom(8)
    public = getattr(settings, "NSP_BACKUP_PUBLIC_KEY", "")
    if public:
        key = serialization.load_pem_public_key(_pem(public))
        if not isinstance(key, rsa.RSAPublicKey):
            raise BackupKeyError("NSP_BACKUP_PUBLIC_KEY must be an RSA public key.")
        return _header(b"P", key.encrypt(data_key, _OAEP), nonce_prefix), data_key
    symmetric = getattr(settings, "NSP_BACKUP_KEY", "")
    if not symmetric:
        raise BackupKeyError("Set NSP_BACKUP_KEY or NSP_BACKUP_PUBLIC_KEY to write a backup.")
    kek = _symmetric_key(symmetric)
    wrap_nonce = os.urandom(12)
    wrapped = wrap_nonce + AESGCM(kek).encrypt(wrap_nonce, data_key, MAGIC + b"S")
    return _header(b"S", wrapped, nonce_prefix), data_key


def encrypt_stream(source: BinaryIO, target: BinaryIO) -> None:
    """Read ``source`` to its end and write it to ``target`` encrypted."""
    header, data_key = new_header()
    nonce_prefix = header[-8:]
    aes = AESGCM(data_key)
    target.write(header)
    number = 0
    chunk = source.read(CHUNK)
    while True:
        following = source.read(CHUNK) if chunk else b""
        last = not following
        sealed = aes.encrypt(_nonce(nonce_prefix, number), chunk, _aad(header, number, last))
        target.write(struct.pack(">I", len(sealed)) + sealed)
        if last:
            return
        chunk, number = following, number + 1


def _read_exact(source: BinaryIO, size: int) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise BackupKeyError("The backup file is truncated or not an NSP backup.")
    return data


def _unwrap(mode: bytes, wrapped: bytes) -> bytes:
    try:
        if mode == b"P":
            private = getattr(settings, "NSP_BACKUP_PRIVATE_KEY", "")
            if not private:
                raise BackupKeyError("This backup needs NSP_BACKUP_PRIVATE_KEY to be restored.")
            key = serialization.load_pem_private_key(_pem(private), password=None)
            if not isinstance(key, rsa.RSAPrivateKey):
                raise BackupKeyError("NSP_BACKUP_PRIVATE_KEY must be an RSA private key.")
            return key.decrypt(wrapped, _OAEP)
        if mode == b"S":
            symmetric = getattr(settings, "NSP_BACKUP_KEY", "")
            if not symmetric:
                raise BackupKeyError("This backup needs NSP_BACKUP_KEY to be restored.")
            kek = _symmetric_key(symmetric)
            return AESGCM(kek).decrypt(wrapped[:12], wrapped[12:], MAGIC + b"S")
    except (InvalidTag, ValueError) as exc:
        raise BackupKeyError("The backup was encrypted under another key.") from exc
    raise BackupKeyError("Unknown backup encryption mode.")


def decrypt_chunks(source: BinaryIO) -> Iterator[bytes]:
    """The plaintext of an encrypted backup, chunk by chunk (each authenticated)."""
    if _read_exact(source, len(MAGIC)) != MAGIC:
        raise BackupKeyError("Not an encrypted NSP backup (made before encryption?).")
    mode = _read_exact(source, 1)
    (length,) = struct.unpack(">H", _read_exact(source, 2))
    wrapped = _read_exact(source, length)
    nonce_prefix = _read_exact(source, 8)
    header = MAGIC + mode + struct.pack(">H", length) + wrapped + nonce_prefix
    aes = AESGCM(_unwrap(mode, wrapped))
    number = 0
    while True:
        (size,) = struct.unpack(">I", _read_exact(source, 4))
        sealed = _read_exact(source, size)
        last = _at_end(source)
        try:
            yield aes.decrypt(_nonce(nonce_prefix, number), sealed, _aad(header, number, last))
        except InvalidTag as exc:
            raise BackupKeyError("The backup file was altered or truncated.") from exc
        if last:
            return
        number += 1


def _at_end(source: BinaryIO) -> bool:
    position = source.tell()
    at_end = source.read(1) == b""
    source.seek(position)
    return at_end


def write_all(chunks: Iterable[bytes], target: BinaryIO) -> None:
    for chunk in chunks:
        target.write(chunk)
