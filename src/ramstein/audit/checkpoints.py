"""Signing the chain's head in the caller's transaction, and the list anyone may copy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ramstein.audit.hashing import GENESIS
from ramstein.audit.signing import load_private_key, sign
from ramstein.errors import ValidationError
from ramstein.models import Checkpoint, Event


def signing_key(path: Path | None) -> Ed25519PrivateKey | None:
    """The private key at RAMSTEIN_SIGNING_KEY's path, or None where none is configured."""
    return load_private_key(path) if path is not None else None


def require_signing_key(path: Path | None) -> Ed25519PrivateKey:
    if path is None:
        raise ValidationError("no signing key: make one with `ramstein keys generate --out FILE` and set "
                              "RAMSTEIN_SIGNING_KEY to its path", field="signing_key")
    return load_private_key(path)


def sign_head(session: Session, key: Ed25519PrivateKey, reason: str) -> Checkpoint:
    """Sign the chain's head as this transaction sees it (its own events appended first), and store it.

    If the transaction rolls back, the checkpoint goes with the events it covered."""
    head = session.execute(select(Event.seq, Event.hash).order_by(Event.seq.desc()).limit(1)).first()
    seq, hash_ = (head.seq, head.hash) if head is not None else (0, GENESIS)
    now = dt.datetime.now(dt.UTC)
    signed = sign(key, seq, hash_, now.isoformat())
    checkpoint = Checkpoint(reason=reason[:100], made_at=now, **signed)
    session.add(checkpoint)
    session.flush()
    return checkpoint


def list_checkpoints(session: Session, limit: int, offset: int) -> tuple[list[Checkpoint], int]:
    """Newest first; public: a checkpoint is a sequence number, a hash, a time and a signature."""
    total = session.execute(select(func.count()).select_from(Checkpoint)).scalar_one()
    rows = session.execute(select(Checkpoint).order_by(Checkpoint.id.desc()).limit(limit).offset(offset)).scalars()
    return list(rows), total
