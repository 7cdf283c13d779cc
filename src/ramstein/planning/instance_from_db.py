"""The allocation instance (instance.schema.json) built from the ledger, with a trace of every conversion.

Pools: disclosed pledges confirmed or later (any confidence: the coordinators allocate the money they
hold), in USD as stored at the ECB rate of the pledge date, spendable from the pledge's month; pledges
with the same categories spendable from the same month are one pool (pooling.py), so the model's size
does not grow with the number of pledges.
Lines: the current requirement list. Offers: the catalog, prices converted to USD at the ECB rate of
their price date. Month 0 is `start`; earlier dates count as month 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.catalog.repository import list_offers
from ramstein.errors import CurrencyError, ValidationError
from ramstein.money import Money, convert
from ramstein.planning.pooling import attribute, funded_by_pool, pool_documents
from ramstein.pledges.repository import iter_pooled_money
from ramstein.requirements.repository import get_current_list, list_lines
from ramstein.requirements.weights import effective_weight
from ramstein.states import POOLED_PLEDGE_STATUSES

DEFAULT_HORIZON = 48  # months: a Patriot battery's 36-month lead time must fit
DEFAULT_DISCOUNT = 0.95  # a unit a month late is worth 95% of one on time


@dataclass(frozen=True)
class BuiltInstance:
    instance: dict[str, Any]
    requirement_version: int | None
    trace: dict[str, Any]  # pledges used, offer conversions (rate, rate date), what was left out and why
    # each pool's pledges: (pool id, pledge ids, their USD amounts), to attribute the plan's funding back
    members: tuple[tuple[str, tuple[int, ...], tuple[Decimal, ...]], ...] = field(default=())


def month_index(start: dt.date, day: dt.date) -> int:
    return max(0, (day.year - start.year) * 12 + day.month - start.month)


def decimal_text(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _pools(session: Session, actor: Actor, start: dt.date, keep_apart: frozenset[int]
           ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], tuple[Any, ...]]:
    used, keys = [], []
    for p in iter_pooled_money(session, actor, POOLED_PLEDGE_STATUSES):
        keys.append((p.id, p.nation_iso3, p.usd_amount, p.categories, month_index(start, p.date)))
        used.append({"pledge": p.id, "nation": p.nation_iso3, "usd_amount": decimal_text(p.usd_amount),
                     "usd_rate": decimal_text(p.usd_rate), "usd_rate_date": p.usd_rate_date.isoformat(),
                     "estimated": p.estimated})
    pools, members = pool_documents(keys, start, keep_apart)
    del keys
    pool_of = {pledge: pool_id for pool_id, pledges, _ in members for pledge in pledges}
    for entry in used:
        entry["pool"] = pool_of[entry["pledge"]]
    return pools, used, members


def _offers(session: Session, actor: Actor, horizon: int
            ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    offers, trace, skipped = [], [], []
    for o in list_offers(session, actor)[0]:
        try:
            usd = convert(Money(o.unit_price, o.currency), "USD", o.price_date)
        except CurrencyError as exc:
            skipped.append(f"offer {o.ref}: {exc.message}")
            continue
        profile = [float(c) for c in (o.capacity_profile or [])][:horizon]
        capacity: float | list[float] = float(o.capacity_per_month)
        if profile:
            capacity = profile + [profile[-1]] * (horizon - len(profile))
        offers.append({"id": o.ref, "item": o.item, "supplier": o.supplier, "origin": o.origin,
                       "region": o.region, "site": o.site, "unit_price": decimal_text(usd.converted.amount),
                       "lead_time": o.lead_time_months, "capacity": capacity, "min_order": float(o.min_order),
                       "integer": o.integer,
                       **({"source": "stock", "available_quantity": float(o.available_quantity or 0)}
                          if o.source == "stock" else {})})
        trace.append({"offer": o.ref, "unit_price": decimal_text(o.unit_price), "currency": o.currency,
                      "usd_rate": decimal_text(usd.rate), "usd_rate_date": usd.rate_date.isoformat(),
                      "unit_price_usd": decimal_text(usd.converted.amount)})
    return offers, trace, skipped


def build_instance(session: Session, actor: Actor, *, start: dt.date | None = None,
                   horizon: int = DEFAULT_HORIZON, discount: float = DEFAULT_DISCOUNT,
                   keep_apart: frozenset[int] = frozenset()) -> BuiltInstance:
    """The instance for the ledger as `actor` sees it, month 0 being `start`'s month (default: this month);
    the pledges in `keep_apart` (ids) get pools of their own, under their own ids."""
    first = (start or dt.date.today()).replace(day=1)
    current = get_current_list(session)
    if current is None:
        raise ValidationError("there is no requirement list to allocate to; import one first", field="requirements")
    lines, _ = list_lines(session, current.id)
    requirements = [{"id": x.ref, "item": x.item, "category": x.category, "quantity": _number(x.quantity),
                     "priority": x.priority, "weight": float(effective_weight(x.priority, x.weight)),
                     "need_by": month_index(first, x.need_by)} for x in lines]
    pools, used, members = _pools(session, actor, first, keep_apart)
    offers, conversions, skipped = _offers(session, actor, horizon)
    instance: dict[str, Any] = {
        "version": 1, "name": f"ledger, requirement list v{current.version}", "currency": "USD",
        "start": first.strftime("%Y-%m"), "horizon_months": horizon, "discount": discount,
        # Ukraine's list is ranked: priority 1 first (SPEC section 4); a what-if may ask for weighted
        "priority_mode": "lexicographic",
        "pools": pools, "requirements": requirements, "offers": offers,
    }
    trace = {"pledges": used, "offer_prices": conversions, "left_out": skipped}
    return BuiltInstance(instance, current.version, trace, members)


def attribute_funding(built: BuiltInstance, funding: list[dict[str, Any]]) -> None:
    """Write each pledge's share of its pool's funding in `funding` (a plan's rows) into the trace as
    `funded`: exact, and a pool's pledges add up to its funding (pooling.pro_rata)."""
    shares = attribute(built.members, funded_by_pool(funding))
    for entry in built.trace["pledges"]:
        entry["funded"] = decimal_text(shares[entry["pledge"]])
