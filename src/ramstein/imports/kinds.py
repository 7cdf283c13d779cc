"""The three importable tables: their columns, how a row becomes a validated record, how records are stored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.catalog.schemas import OfferIn
from ramstein.catalog.service import check_offer, save_offer
from ramstein.imports.fields import (
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_list,
    parse_sources,
)
from ramstein.nations.repository import gdp_by_nation, nation_codes
from ramstein.pledges.schemas import PledgeCreate
from ramstein.pledges.service import prepare_pledge, store_pledges
from ramstein.rates.repository import rate_history
from ramstein.requirements.schemas import RequirementLineIn
from ramstein.requirements.service import publish_list


@dataclass(frozen=True)
class Kind:
    required: frozenset[str]
    optional: frozenset[str]
    # schema field -> column, so a validation error names what the user sees
    columns: dict[str, str]
    context: Callable[[Session], Any]
    prepare: Callable[[dict[str, str], Any], Any]
    store: Callable[[Session, Actor, list[Any]], int]


class PledgeContext:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.known = nation_codes(session)
        self.rates = rate_history(session)
        self._gdp: dict[int, Any] = {}

    def gdp(self, year: int) -> Any:
        if year not in self._gdp:
            self._gdp[year] = gdp_by_nation(self.session, year)
        return self._gdp[year]


def _prepare_pledge(v: dict[str, str], ctx: PledgeContext) -> list[Any]:
    data = PledgeCreate(
        nation=v["nation"], date=parse_date(v["date"], "date"), amount=parse_decimal(v["amount"], "amount"),
        currency=v["currency"], status=v["status"], confidence=v["confidence"],
        sources=parse_sources(v.get("source_title", ""), v["source_url"]),
        disclosed=parse_bool(v.get("disclosed", ""), "disclosed", default=bool(v["amount"].strip())),
        categories=parse_list(v.get("categories", "")), package_ref=v.get("package") or None,
        note=v.get("note", ""), usd_rate=parse_decimal(v.get("usd_rate", ""), "usd_rate"),
        rate_source=v.get("rate_source") or None, source_confidence=v.get("source_confidence") or None,
    )
    return prepare_pledge(data, ctx.known, ctx.gdp(data.date.year), ctx.rates)


def _store_pledges(session: Session, actor: Actor, prepared: list[Any]) -> int:
    parts = [part for rows in prepared for part in rows]
    store_pledges(session, actor, parts, keep=False)
    return len(parts)


def _prepare_requirement(v: dict[str, str], _ctx: None) -> RequirementLineIn:
    return RequirementLineIn(
        ref=v["ref"], item=v["item"], category=v["category"],
        quantity=parse_decimal(v["quantity"], "quantity"), priority=parse_int(v["priority"], "priority"),
        weight=parse_decimal(v.get("weight", ""), "weight"), need_by=v["need_by"],
        illustrative=parse_bool(v.get("illustrative", ""), "illustrative", default=False),
        note=v.get("note", ""),
    )


def _store_requirements(session: Session, actor: Actor, lines: list[Any]) -> int:
    publish_list(session, actor, lines, note="imported")
    return len(lines)


def _prepare_offer(v: dict[str, str], _ctx: None) -> OfferIn:
    return check_offer(OfferIn(
        ref=v["id"], item=v["item"], category=v["category"], supplier=v["supplier"], origin=v["origin"],
        region=v["region"], site=v.get("site", ""), unit_price=parse_decimal(v["unit_price"], "unit_price"),
        currency=v["currency"], price_date=parse_date(v["price_date"], "price_date"),
        lead_time_months=parse_int(v["lead_time_months"], "lead_time_months"),
        capacity_per_month=parse_decimal(v["capacity_per_month"], "capacity_per_month"),
        min_order=parse_decimal(v.get("min_order", ""), "min_order") or 0,
        integer=parse_bool(v.get("integer", ""), "integer", default=True), confidence=v["confidence"],
        source=v.get("source") or "production",
        available_quantity=parse_decimal(v.get("available_quantity", ""), "available_quantity"),
        illustrative=parse_bool(v.get("illustrative", ""), "illustrative", default=False),
        sources=parse_sources(v.get("source_title", ""), v["source_url"]), note=v.get("note", ""),
    ))


def _store_offers(session: Session, actor: Actor, offers: list[Any]) -> int:
    for offer in offers:
        save_offer(session, actor, offer)
    return len(offers)


KINDS: dict[str, Kind] = {
    "pledges": Kind(
        required=frozenset({"nation", "date", "amount", "currency", "status", "confidence", "source_url"}),
        optional=frozenset({"source_title", "categories", "disclosed", "note", "package", "usd_rate",
                            "rate_source", "source_confidence"}),
        columns={"package_ref": "package", "sources": "source_url"},
        context=PledgeContext, prepare=_prepare_pledge, store=_store_pledges),
    "requirements": Kind(
        required=frozenset({"ref", "item", "category", "quantity", "priority", "need_by"}),
        optional=frozenset({"weight", "illustrative", "note"}),
        columns={}, context=lambda _s: None, prepare=_prepare_requirement, store=_store_requirements),
    "offers": Kind(
        required=frozenset({"id", "item", "category", "supplier", "origin", "region", "unit_price", "currency",
                            "price_date", "lead_time_months", "capacity_per_month", "confidence",
                            "source_url"}),
        optional=frozenset({"site", "min_order", "integer", "illustrative", "source_title", "note", "source",
                            "available_quantity"}),
        columns={"ref": "id", "sources": "source_url"},
        context=lambda _s: None, prepare=_prepare_offer, store=_store_offers),
}
