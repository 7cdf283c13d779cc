"""Plans from the ledger: the instance built from the database, stored plans, adoption."""

import datetime as dt
from decimal import Decimal

import pytest

from ramstein.allocation import problem_from_dict
from ramstein.auth.actor import Actor
from ramstein.errors import Forbidden, NotFound
from ramstein.models import Event, Offer, Pledge
from ramstein.money import Money, convert
from ramstein.planning.instance_from_db import build_instance
from ramstein.planning.repository import get_plan_in_force
from ramstein.planning.service import adopt_plan, run_plan
from tests.builders import COORDINATOR

OPERATOR = Actor("cli:test", "operator")


def test_instance_pools_confirmed_disclosed_money_and_converts_prices_traceably(ref_uow):
    s = ref_uow.session
    built = build_instance(s, OPERATOR, start=dt.date(2026, 1, 1))
    problem_from_dict(built.instance)  # valid against the schema
    pooled = [p for p in s.query(Pledge).all() if p.status in ("confirmed", "committed", "disbursed")
              and p.disclosed and p.usd_amount is not None]
    assert sorted(x["pledge"] for x in built.trace["pledges"]) == sorted(p.id for p in pooled)
    assert sum(Decimal(x["amount"]) for x in built.instance["pools"]) == sum(p.usd_amount for p in pooled)
    # one pool per set of categories (all pledged before 2026: one month), whatever the number of pledges
    assert len(built.instance["pools"]) == len({tuple(sorted(p.categories or ())) for p in pooled}) < len(pooled)
    amounts = {p.id: p.usd_amount for p in pooled}
    pools = {x["id"]: x for x in built.instance["pools"]}
    for pool_id, pledges, held in built.members:
        assert held == tuple(amounts[i] for i in pledges)
        assert Decimal(pools[pool_id]["amount"]) == sum(held)
    assert all(x["available_from"] == 0 for x in built.instance["pools"])  # all pledged before 2026
    prices = {x["offer"]: x for x in built.trace["offer_prices"]}
    for offer in s.query(Offer).all():
        conv = convert(Money(offer.unit_price, offer.currency), "USD", offer.price_date)
        assert prices[offer.ref]["usd_rate"] == format(conv.rate.normalize(), "f") or conv.rate == 1
        assert Decimal(prices[offer.ref]["unit_price_usd"]) == conv.converted.amount
    r07 = next(x for x in built.instance["requirements"] if x["id"] == "R07")
    assert r07["need_by"] == 11 and r07["weight"] == 100.0


def test_a_plan_is_stored_with_its_inputs_and_adoption_is_logged(ref_uow):
    s = ref_uow.session
    assert get_plan_in_force(s)[0] is None
    with pytest.raises(Forbidden):
        run_plan(s, Actor("nld", "nation", "NLD"))
    plan = run_plan(s, COORDINATOR, start=dt.date(2026, 1, 1), horizon=18)
    assert plan.status == "optimal" and plan.result["orders"] and plan.requirement_version == 1
    assert plan.total_cost == sum(Decimal(o["cost"]) for o in plan.result["orders"])
    used = plan.result["inputs"]["pledges"]
    assert used
    funded: dict[str, Decimal] = {}
    for row in plan.result["funding"]:
        funded[row["pool"]] = funded.get(row["pool"], Decimal(0)) + Decimal(row["amount"])
    for pool in plan.instance["pools"]:  # each pool's funding attributed to its pledges, exactly
        assert sum(Decimal(x["funded"]) for x in used if x["pool"] == pool["id"]) == funded.get(pool["id"], 0)
    assert get_plan_in_force(s)[0] is plan
    adopt_plan(s, COORDINATOR, plan.id)
    assert plan.adopted_at is not None and plan.adopted_by == "coord"
    actions = [e.action for e in s.query(Event).filter(Event.entity == "plan").order_by(Event.seq)]
    assert actions == ["created", "adopted"]
    with pytest.raises(NotFound):
        adopt_plan(s, COORDINATOR, 999)
    with pytest.raises(Forbidden):
        adopt_plan(s, Actor("ua", "ukraine"), plan.id)


def test_a_what_if_naming_a_pooled_pledge_solves_it_as_a_pool_of_its_own(ref_uow):
    from ramstein.planning.service import solve_plan

    s = ref_uow.session
    built = build_instance(s, OPERATOR, start=dt.date(2026, 1, 1))
    _, pledges, _ = next(m for m in built.members if len(m[1]) > 1)
    scenario = {"changes": [{"op": "scale_pool", "pool": f"pledge-{pledges[0]}", "factor": 2}]}
    solved = solve_plan(s, COORDINATOR, scenario, start=dt.date(2026, 1, 1), horizon=18)
    ids = {p["id"] for p in solved.instance["pools"]}
    assert f"pledge-{pledges[0]}" in ids
    pool_of = {x["pledge"]: x["pool"] for x in solved.result["inputs"]["pledges"]}
    assert pool_of[pledges[0]] == f"pledge-{pledges[0]}"
    assert {pool_of[i] for i in pledges[1:]} <= ids - {pool_of[pledges[0]]}
