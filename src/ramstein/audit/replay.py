"""Replay the event log and compare the ledger's tables with the state it implies.

Every change to a ledger record is an event holding the record's after-image (its columns; a
pledge's also its source ids). The last image of each record is what the table must hold: a row
changed, added or removed behind the application's back (`update pledges set amount=...`) is
named by table, key and field. `released_at` is checked against the releases' contents (a release
event lists what it made public) and `updated_at` is the database's own bookkeeping, not compared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from ramstein.audit.log import jsonable
from ramstein.models import Delivery, Offer, Package, Pledge, User
from ramstein.models.package import PackageFunding
from ramstein.models.pledge import pledge_sources

NOT_COMPARED = frozenset({"updated_at", "released_at"})


@dataclass(frozen=True)
class Ledger:
    """A table whose every row is the last after-image its events hold for its `key`."""

    table: Table
    entity: str
    key: str
    released_as: str | None = None  # the release contents' list that names its rows

    def id_of(self, entity_id: str) -> Any:
        return int(entity_id) if self.key == "id" else entity_id


LEDGERS = [
    Ledger(Pledge.__table__, "pledge", "id", "pledges"),  # type: ignore[arg-type]
    Ledger(Offer.__table__, "offer", "ref", "offers"),  # type: ignore[arg-type]
    Ledger(Package.__table__, "package", "ref", "packages"),  # type: ignore[arg-type]
    Ledger(Delivery.__table__, "delivery", "id"),  # type: ignore[arg-type]
    Ledger(User.__table__, "user", "name"),  # type: ignore[arg-type]
]
BY_ENTITY = {ledger.entity: ledger for ledger in LEDGERS}


class Replay:
    """Fed every event in order (`add`), then `compare(session)` lists what differs."""

    def __init__(self) -> None:
        self.images: dict[str, dict[Any, dict[str, Any]]] = {ledger.entity: {} for ledger in LEDGERS}
        self.released: dict[str, set[Any]] = {ledger.released_as: set() for ledger in LEDGERS if ledger.released_as}
        self.funding: dict[str, list[int]] = {}  # package ref -> the pledges its last image with links named

    def add(self, event: Mapping[str, Any]) -> None:
        entity, after = event["entity"], event["after"]
        if entity == "release" and isinstance(after, dict):
            for name, found in self.released.items():
                found.update(after.get(name) or ())
            return
        ledger = BY_ENTITY.get(entity)
        # only a whole after-image holds the record's key column ("token_issued" holds a token id)
        if ledger is not None and isinstance(after, dict) and ledger.key in after:
            self.images[entity][ledger.id_of(event["entity_id"])] = after
            if entity == "package" and "funding_pledges" in after:
                self.funding[after["ref"]] = sorted(after["funding_pledges"] or [])

    def compare(self, session: Session) -> list[str]:
        found: list[str] = []
        for ledger in LEDGERS:
            found += self._compare(session, ledger)
        found += self._pledge_sources(session)
        found += self._package_funding(session)
        return found

    def _compare(self, session: Session, ledger: Ledger) -> list[str]:
        images = self.images[ledger.entity]
        released = self.released.get(ledger.released_as or "", set())
        columns = [c.key for c in ledger.table.c if c.key not in NOT_COMPARED]
        name, seen, found = ledger.table.name, set(), []
        for row in session.execute(select(ledger.table)).mappings():
            key = row[ledger.key]
            seen.add(key)
            image = images.get(key)
            if image is None:
                found.append(f"{name} {ledger.key}={key}: a row no event recorded (added behind the log)")
                continue
            for column in columns:
                if column in image and jsonable(row[column]) != image[column]:
                    found.append(f"{name} {ledger.key}={key} field {column}: the table holds "
                                 f"{jsonable(row[column])!r}, the log {image[column]!r}")
            if ledger.released_as and (row["released_at"] is not None) != (key in released):
                state = "released" if row["released_at"] is not None else "not released"
                found.append(f"{name} {ledger.key}={key} field released_at: {state} in the table, "
                             f"{'released' if key in released else 'never released'} in the log")
        found += [f"{name} {ledger.key}={key}: recorded in the log but missing from the table (removed)"
                  for key in sorted(set(images) - seen, key=str)]
        return found

    def _pledge_sources(self, session: Session) -> list[str]:
        linked: dict[int, list[int]] = {}
        for pledge_id, source_id in session.execute(select(pledge_sources.c.pledge_id, pledge_sources.c.source_id)):
            linked.setdefault(pledge_id, []).append(source_id)
        found = []
        for pledge_id, image in self.images["pledge"].items():
            links = sorted(linked.get(pledge_id, []))
            if "sources" in image and links != sorted(image["sources"]):
                found.append(f"pledges id={pledge_id} field sources: the table links {links}, "
                             f"the log {sorted(image['sources'])}")
        return found

    def _package_funding(self, session: Session) -> list[str]:
        """Which pledges fund each package (they decide what the public may see): a package whose
        images never named any has none."""
        linked: dict[str, list[int]] = {}
        query = select(Package.ref, PackageFunding.pledge_id).join(Package, Package.id == PackageFunding.package_id)
        for ref, pledge_id in session.execute(query):
            linked.setdefault(ref, []).append(pledge_id)
        found = []
        for ref in sorted(set(self.funding) | set(linked)):
            logged, links = self.funding.get(ref, []), sorted(linked.get(ref, []))
            if links != logged:
                found.append(f"packages ref={ref} field funding_pledges: the table links {links}, the log {logged}")
        return found
