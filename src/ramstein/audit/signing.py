"""Ed25519 keys and signed checkpoints of the event log's head (no database).

A checkpoint says "event `seq` of this ledger's log has hash `hash`", signed at `at` with the
operator's private key. Anyone holding a copy of it and the public key can later check a log (in
the database or exported) against it: a log cut short, or rewritten and re-hashed, no longer holds
that hash at that event. The signed text is one line of canonical JSON behind a fixed prefix, so a
verifier needs only the standard library and `cryptography` (docs/audit.md).
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ramstein.audit.hashing import Anchor
from ramstein.errors import NotFound, ValidationError

PREFIX = b"ramstein-checkpoint-v1\n"


def generate_key() -> tuple[bytes, bytes]:
    """A new key pair as PEM: (private, public)."""
    private = Ed25519PrivateKey.generate()
    private_pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
    return private_pem, public_pem(private.public_key())


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def key_id(key: Ed25519PublicKey) -> str:
    """A short fingerprint: the first 16 hex digits of the SHA-256 of the raw public key."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"no {what} at {path}", field=what.replace(" ", "_")) from None
    except OSError as exc:
        raise ValidationError(f"cannot read the {what} {path}: {exc.strerror}", field=what.replace(" ", "_")) from None


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(_read(path, "signing key"), password=None)
    except (ValueError, TypeError):
        raise ValidationError(f"{path} is not an unencrypted PEM private key "
                              "(make one with `ramstein keys generate`)", field="signing_key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ValidationError(f"{path} is not an Ed25519 key", field="signing_key")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(_read(path, "public key"))
    except (ValueError, TypeError):
        raise ValidationError(f"{path} is not a PEM public key", field="public_key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ValidationError(f"{path} is not an Ed25519 public key", field="public_key")
    return key


def signed_text(seq: int, hash_: str, at: str) -> bytes:
    return PREFIX + json.dumps({"at": at, "hash": hash_, "seq": seq}, sort_keys=True,
                               separators=(",", ":")).encode()


def sign(key: Ed25519PrivateKey, seq: int, hash_: str, at: str) -> dict[str, Any]:
    """A checkpoint as stored and published: seq, hash, at, key_id and the base64 signature."""
    signature = key.sign(signed_text(seq, hash_, at))
    return {"seq": seq, "hash": hash_, "at": at, "key_id": key_id(key.public_key()),
            "signature": base64.b64encode(signature).decode()}


def check(key: Ed25519PublicKey, checkpoint: dict[str, Any]) -> Anchor:
    """The checkpoint's claim, once its signature verifies with `key`; a ValidationError otherwise."""
    try:
        seq, hash_, at = int(checkpoint["seq"]), str(checkpoint["hash"]), str(checkpoint["at"])
        key.verify(base64.b64decode(checkpoint["signature"], validate=True), signed_text(seq, hash_, at))
    except (KeyError, TypeError, ValueError):
        raise ValidationError(f"not a checkpoint: {checkpoint!r:.120}", field="checkpoint") from None
    except InvalidSignature:
        raise ValidationError(f"the checkpoint of event {checkpoint.get('seq')} signed {checkpoint.get('at')} "
                              "does not verify with this public key (forged, altered, or another key)",
                              field="checkpoint") from None
    return Anchor(seq, hash_, at)


def read_checkpoints(path: Path, key: Ed25519PublicKey) -> list[Anchor]:
    """A saved checkpoint file: one checkpoint, a list of them, or the API's page ({"items": [...]})."""
    try:
        data = json.loads(_read(path, "checkpoint file"))
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{path} is not JSON: {exc}", field="checkpoint") from None
    items = data.get("items", [data]) if isinstance(data, dict) else data
    if not isinstance(items, list) or not items:
        raise ValidationError(f"{path} holds no checkpoint", field="checkpoint")
    return [check(key, item if isinstance(item, dict) else {}) for item in items]
