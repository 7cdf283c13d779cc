"""Pledge use cases: record (single or joint), update, transition. Services flush; the caller commits."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from decimal import ROUND_DOWN, Decimal
from typing import Any

import pycountry
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from ramstein.audit.log import record, snapshot
from ramstein.auth.actor import Actor
from ramstein.auth.policy import CREATE, READ, TRANSITION, UPDATE, Target, can, require
from ramstein.concurrency import check_version
from ramstein.db.base import MONEY_PLACES, RATE_PLACES
from ramstein.db.statements import Prepared
from ramstein.errors import Conflict, CurrencyError, NotFound, ValidationError
from ramstein.models import Pledge
from ramstein.models.pledge import pledge_sources
from ramstein.money import Money, RateHistory, check_currency, check_kept, convert, ecb_rate
from ramstein.nations.repository import gdp_by_nation, nation_codes
from ramstein.pledges.repository import pledge_record
from ramstein.pledges.schemas import PledgeCreate, PledgeUpdate
from ramstein.rates.repository import rate_history
from ramstein.sources.repository import get_or_create_source
from ramstein.states import CONFIDENCES, PLEDGE_MOVES, PLEDGE_STATUSES, check_move, statuses_reached

CENT = Decimal("0.01")
CONVERTED = ("usd_amount", "usd_rate", "usd_rate_date", "eur_amount", "eur_rate", "eur_rate_date", "rate_provisional")


@dataclass
class PreparedPledge:
    """A validated pledge part, ready to store: columns, sources and the statuses to walk through."""

    columns: dict[str, Any]
    sources: list[tuple[str, str]]
    path: list[str] = field(default_factory=list)
    # the sources' own standing when the part is an estimate derived from them
    source_confidence: str | None = None


def check_nations(text: str, known: AbstractSet[str]) -> list[str]:
    codes = [c.strip().upper() for c in text.split(";") if c.strip()]
    if not codes:
        raise ValidationError("nation is required (ISO 3166-1 alpha-3, e.g. NLD)", field="nation")
    for code in codes:
        if code not in known:
            iso = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
            reason = (f"{code} ({iso.name}) is not a nation in this coalition's database" if iso
                      else f"unknown nation {code!r} (use ISO 3166-1 alpha-3, e.g. NLD)")
            raise ValidationError(reason, field="nation")
    if len(set(codes)) != len(codes):
        raise ValidationError("a nation is listed twice in a joint pledge", field="nation")
    return codes


def check_amount(amount: Decimal | None, disclosed: bool) -> None:
    if amount is None:
        if disclosed:
            raise ValidationError("amount is required unless disclosed is false", field="amount")
        return
    if not amount.is_finite() or amount <= 0:
        raise ValidationError(f"amount must be a positive number, not {amount}", field="amount")
    if -amount.as_tuple().exponent > MONEY_PLACES:  # type: ignore[operator]
        raise ValidationError(f"amount has more than {MONEY_PLACES} decimal places: {amount}", field="amount")
    check_kept(amount, MONEY_PLACES, "amount")


def conversions(amount: Decimal, currency: str, on: dt.date, usd_rate: Decimal | None,
                history: RateHistory) -> dict[str, Any]:
    """USD and EUR figures at the ECB rate of the date (or a supplied USD rate), with rates and dates."""
    money = Money(amount, currency)
    if usd_rate is None:
        usd = convert(money, "USD", on, history=history)
    else:
        usd = convert(money, "USD", on, rate=usd_rate, rate_date=on)
    if currency == "EUR" or usd_rate is None:
        eur = convert(money, "EUR", on, history=history)
    else:
        quote = ecb_rate("USD", "EUR", on, history)
        eur = convert(money, "EUR", on, rate=(usd_rate * quote.rate).quantize(Decimal("1e-12")),
                      rate_date=quote.day)
        eur = replace(eur, provisional=quote.provisional)
    return {
        "usd_amount": usd.converted.amount, "usd_rate": usd.rate, "usd_rate_date": usd.rate_date,
        "eur_amount": eur.converted.amount, "eur_rate": eur.rate, "eur_rate_date": eur.rate_date,
        "rate_provisional": usd.provisional or eur.provisional,
    }


def split_by_gdp(total: Decimal, gdp: dict[str, Decimal]) -> dict[str, Decimal]:
    """Shares in proportion to GDP, to the cent, summing exactly to `total` (remainder to the largest)."""
    weight = sum(gdp.values())
    parts = {c: (total * g / weight).quantize(CENT, rounding=ROUND_DOWN) for c, g in gdp.items()}
    largest = max(gdp, key=lambda c: (gdp[c], c))
    parts[largest] += total - sum(parts.values())
    return parts


def prepare_pledge(data: PledgeCreate, known: AbstractSet[str], gdp: dict[str, Decimal],
                   history: RateHistory) -> list[PreparedPledge]:
    """Validate a pledge and split a joint one by GDP; raises ValidationError naming the field."""
    codes = check_nations(data.nation, known)
    currency = check_currency(data.currency)
    check_amount(data.amount, data.disclosed)
    if data.status not in PLEDGE_STATUSES:
        raise ValidationError(f"unknown status {data.status!r}; one of {', '.join(PLEDGE_STATUSES)}",
                              field="status")
    if data.confidence not in CONFIDENCES:
        raise ValidationError(f"confidence must be one of {', '.join(CONFIDENCES)}", field="confidence")
    if data.source_confidence is not None and data.source_confidence not in CONFIDENCES:
        raise ValidationError(f"source_confidence must be one of {', '.join(CONFIDENCES)}",
                              field="source_confidence")
    if data.usd_rate is not None and (data.usd_rate <= 0 or not data.rate_source):
        raise CurrencyError("a supplied usd_rate must be positive and name its rate_source", field="usd_rate")
    if data.usd_rate is not None:
        check_kept(data.usd_rate, RATE_PLACES, "usd_rate")
    for cat in data.categories or []:
        if not cat or not cat.replace("_", "").isalpha() or cat != cat.lower():
            raise ValidationError(f"category {cat!r} must be lower_snake_case, e.g. air_defense",
                                  field="categories")
    sources = [(s.title, s.url) for s in data.sources]
    if not any(t.strip() or u.strip() for t, u in sources):
        raise ValidationError("a pledge needs a source with a title or URL", field="source_url")
    path = statuses_reached(PLEDGE_MOVES, "announced", data.status)
    amounts: dict[str, Decimal | None] = {codes[0]: data.amount}
    if len(codes) > 1:
        missing = [c for c in codes if c not in gdp]
        if missing:
            raise ValidationError(f"no GDP figure to split a joint pledge for {', '.join(missing)}",
                                  field="nation")
        shares = {c: gdp[c] for c in codes}
        amounts = split_by_gdp(data.amount, shares) if data.amount is not None else dict.fromkeys(codes)
    group = f"joint-{uuid.uuid4().hex[:12]}" if len(codes) > 1 else None
    # a GDP split is our estimate: its parts never carry the joint total's confidence (GUIDE rule 12)
    confidence = "estimated" if group else data.confidence
    source_confidence = data.source_confidence or data.confidence
    parts = []
    for code, amount in amounts.items():
        columns: dict[str, Any] = {
            "nation_iso3": code, "date": data.date, "amount": amount, "currency": currency,
            "disclosed": data.disclosed, "status": "announced", "confidence": confidence,
            "categories": data.categories, "package_ref": data.package_ref, "note": data.note,
            "estimated": group is not None or confidence == "estimated", "joint_group": group,
            "joint_total": data.amount if group else None, "rate_source": data.rate_source,
        }
        if amount is not None:
            columns.update(conversions(amount, currency, data.date, data.usd_rate, history))
        parts.append(PreparedPledge(columns, sources, path, source_confidence))
    return parts


PLEDGES = Pledge.__table__
# the ledger's hottest writes, run on the driver (db/statements.Prepared)
_INSERT_PLEDGE = Prepared(insert(PLEDGES).returning(*PLEDGES.c))
_LINK_SOURCE = Prepared(insert(pledge_sources))
_SET_STATUS = Prepared(update(PLEDGES).where(PLEDGES.c.id == bindparam("pledge_id")).values(
    status=bindparam("status"), version=bindparam("version"), updated_at=bindparam("updated_at"),
    withdrawn_at=bindparam("withdrawn_at")))


def store_pledges(session: Session, actor: Actor, parts: list[PreparedPledge], *,
                  keep: bool = True) -> list[Any]:
    """Write prepared parts, each creation and status step an event in this transaction.

    A new pledge is written with Core inserts run on the driver and answered as its inserted row
    (with `.sources`): this is the ledger's hottest write, and the ORM's flush and load cost several
    times the inserts. A part that starts beyond `announced` walks its statuses on that row, each
    step an event as a later move would make, and is stored at its last status with one update.
    A bulk import passes keep=False and gets nothing back, so nothing accumulates in the session.
    """
    stored: list[Any] = []
    for part in parts:
        require(actor, CREATE, Target("pledge", part.columns["nation_iso3"]))
        standing = part.source_confidence or part.columns["confidence"]
        sources = [get_or_create_source(session, t, u, standing) for t, u in part.sources]
        row = _INSERT_PLEDGE.run(session, {**part.columns, "created_by": actor.name}).one()._asdict()
        for source_id in sorted({s.id for s in sources}):
            _LINK_SOURCE.run(session, {"pledge_id": row["id"], "source_id": source_id})
        linked = {"sources": sorted({s.id for s in sources})}  # the after-image holds the sources too
        record(session, actor, "created", "pledge", row["id"], None, {**row, **linked})
        for status in part.path:
            moved = {**row, **_moved(row["status"], row["version"], status),
                     "updated_at": dt.datetime.now(dt.UTC)}
            record(session, actor, status, "pledge", row["id"], {**row, **linked}, {**moved, **linked})
            row = moved
        if part.path:
            _SET_STATUS.run(session, {"pledge_id": row["id"], "status": row["status"], "version": row["version"],
                                      "updated_at": row["updated_at"], "withdrawn_at": row["withdrawn_at"]})
        if keep:
            stored.append(pledge_record(row, sources))
    return stored


def record_pledge(session: Session, actor: Actor, data: PledgeCreate) -> list[Any]:
    joint = ";" in data.nation
    gdp = gdp_by_nation(session, data.date.year) if joint else {}  # only a joint pledge is split by GDP
    parts = prepare_pledge(data, nation_codes(session), gdp, rate_history(session))
    return store_pledges(session, actor, parts)


def target(pledge: Pledge) -> Target:
    return Target("pledge", pledge.nation_iso3, released=pledge.released_at is not None)


def get_pledge(session: Session, actor: Actor, pledge_id: int) -> Pledge:
    """The pledge if `actor` may see it; one it may not see does not exist for it."""
    pledge = session.get(Pledge, pledge_id)
    if pledge is None or not can(actor, READ, target(pledge)):
        raise NotFound(f"no pledge {pledge_id}", field="id")
    return pledge


def sees_in_full(actor: Actor, pledge: Pledge) -> bool:
    """Own nation, coordinators and auditors read the record; others its public, redacted view."""
    return can(actor, READ, Target("pledge", pledge.nation_iso3, released=False))


def pledge_image(pledge: Pledge) -> dict[str, Any]:
    """What a pledge's event holds: its columns and its source ids (`audit verify` replays them)."""
    return {**snapshot(pledge), "sources": sorted(s.id for s in pledge.sources)}


def _moved(status: str, version: int, target: str) -> dict[str, Any]:
    """What a move to `target` changes: a new pledge's walk to its status and a later move alike."""
    check_move("pledge", PLEDGE_MOVES, status, target)
    changes: dict[str, Any] = {"status": target, "version": version + 1}
    if target == "withdrawn":
        changes["withdrawn_at"] = dt.datetime.now(dt.UTC)
    return changes


def _move(session: Session, actor: Actor, pledge: Pledge, target: str) -> None:
    changes = _moved(pledge.status, pledge.version, target)
    before = pledge_image(pledge)
    for key, value in changes.items():
        setattr(pledge, key, value)
    session.flush()
    record(session, actor, target, "pledge", pledge.id, before, pledge_image(pledge))


def transition_pledge(session: Session, actor: Actor, pledge_id: int, status: str,
                      expected_version: int | None = None) -> Pledge:
    pledge = get_pledge(session, actor, pledge_id)
    require(actor, TRANSITION, target(pledge))
    check_version("pledge", pledge.version, expected_version)
    _move(session, actor, pledge, status)
    return pledge


def update_pledge(session: Session, actor: Actor, pledge_id: int, data: PledgeUpdate,
                  expected_version: int | None) -> Pledge:
    """Correct a pledge: re-validated as a whole and re-converted at its (possibly new) date."""
    pledge = get_pledge(session, actor, pledge_id)
    require(actor, UPDATE, target(pledge))
    check_version("pledge", pledge.version, expected_version)
    if pledge.status in ("withdrawn", "disbursed") or pledge.joint_group:
        reason = "part of a joint pledge" if pledge.joint_group else pledge.status
        raise Conflict(f"pledge {pledge.id} is {reason} and cannot be edited", field="id")
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    merged = PledgeCreate.model_validate({
        "nation": pledge.nation_iso3, "date": pledge.date, "amount": pledge.amount, "currency": pledge.currency,
        "status": "announced", "confidence": pledge.confidence, "disclosed": pledge.disclosed,
        "sources": [{"title": s.title, "url": s.url} for s in pledge.sources], "categories": pledge.categories,
        "package_ref": pledge.package_ref, "note": pledge.note, "rate_source": pledge.rate_source,
        "usd_rate": pledge.usd_rate if pledge.rate_source else None,
        **changes})
    [part] = prepare_pledge(merged, {pledge.nation_iso3}, {}, rate_history(session))
    before = pledge_image(pledge)
    columns = {k: v for k, v in part.columns.items() if k not in ("status", "nation_iso3")}
    for key in CONVERTED:
        columns.setdefault(key, None)
    columns["rate_provisional"] = columns["rate_provisional"] or False
    for key, value in columns.items():
        setattr(pledge, key, value)
    pledge.sources = [get_or_create_source(session, t, u, pledge.confidence) for t, u in part.sources]
    pledge.version += 1
    session.flush()
    record(session, actor, "updated", "pledge", pledge.id, before, pledge_image(pledge))
    return pledge


def reconvert_provisional(session: Session, actor: Actor) -> list[int]:
    """Convert again every pledge recorded at a provisional rate, now that more rates may be loaded.

    Each pledge whose figures change (or whose rate stops being provisional) gets a new version and
    a `reconverted` event with before and after; the rest are left alone.
    """
    history = rate_history(session)
    changed = []
    for pledge in session.execute(select(Pledge).where(Pledge.rate_provisional.is_(True))
                                  .order_by(Pledge.id)).scalars().all():
        if pledge.amount is None:
            continue
        usd_rate = pledge.usd_rate if pledge.rate_source else None
        fresh = conversions(pledge.amount, pledge.currency, pledge.date, usd_rate, history)
        if all(getattr(pledge, key) == value for key, value in fresh.items()):
            continue
        before = pledge_image(pledge)
        for key, value in fresh.items():
            setattr(pledge, key, value)
        pledge.version += 1
        session.flush()
        record(session, actor, "reconverted", "pledge", pledge.id, before, pledge_image(pledge))
        changed.append(pledge.id)
    return changed
