"""Releasing records to the public: a numbered Release lists what it made visible; nothing is un-released.

The public, and totals computed for the public, only ever see records with `released_at` set.
"""

from __future__ import annotations

import datetime as dt

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from ramstein.audit.checkpoints import sign_head
from ramstein.audit.log import record
from ramstein.auth.actor import Actor
from ramstein.auth.policy import CREATE, Target, require
from ramstein.errors import ValidationError
from ramstein.models import Offer, Package, Pledge, Release, RequirementList


class ReleaseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pledges: list[int] = Field(default_factory=list)
    offers: list[str] = Field(default_factory=list)
    requirement_versions: list[int] = Field(default_factory=list)
    packages: list[str] = Field(default_factory=list)
    note: str = ""


def _pick(session: Session, model: type, column: object, wanted: list, field: str) -> list:
    if not wanted:
        return []
    found = session.execute(select(model).where(column.in_(wanted))).scalars().all()  # type: ignore[attr-defined]
    missing = sorted(set(wanted) - {getattr(r, column.key) for r in found})  # type: ignore[attr-defined]
    if missing:
        raise ValidationError(f"unknown {field}: {', '.join(map(str, missing))}", field=field)
    return list(found)


def release(session: Session, actor: Actor, data: ReleaseCreate,
            key: Ed25519PrivateKey | None = None) -> Release:
    """Release the records; with the operator's signing key, sign the chain's head with it (the
    release's own event included), so each release leaves a checkpoint anyone may copy."""
    require(actor, CREATE, Target("release"))
    chosen = {
        "pledges": _pick(session, Pledge, Pledge.id, data.pledges, "pledges"),
        "offers": _pick(session, Offer, Offer.ref, data.offers, "offers"),
        "requirement_versions": _pick(session, RequirementList, RequirementList.version,
                                      data.requirement_versions, "requirement_versions"),
        "packages": _pick(session, Package, Package.ref, data.packages, "packages"),
    }
    if not any(chosen.values()):
        raise ValidationError("a release needs at least one record", field="pledges")
    now = dt.datetime.now(dt.UTC)
    for rows in chosen.values():
        for row in rows:
            row.released_at = row.released_at or now
    contents = {"pledges": sorted(data.pledges), "offers": sorted(data.offers),
                "requirement_versions": sorted(data.requirement_versions), "packages": sorted(data.packages)}
    found = Release(at=now, released_by=actor.name, note=data.note, contents=contents)
    session.add(found)
    session.flush()
    record(session, actor, "released", "release", found.id, None, {"note": data.note, **contents})
    if key is not None:
        sign_head(session, key, f"release {found.id}")
    return found


def release_everything(session: Session, actor: Actor, note: str) -> Release:
    """Release every record (the reference dataset, compiled from public reporting, is public already)."""
    return release(session, actor, ReleaseCreate(
        pledges=list(session.execute(select(Pledge.id)).scalars()),
        offers=list(session.execute(select(Offer.ref)).scalars()),
        requirement_versions=list(session.execute(select(RequirementList.version)).scalars()),
        packages=list(session.execute(select(Package.ref)).scalars()), note=note))
