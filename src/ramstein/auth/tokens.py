"""API tokens: shown once, stored only as a SHA-256 hash (they are random, so no salt is needed)."""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "rst_"


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
