"""Pledges the allocation model cannot tell apart become one pool; a plan's funding goes back to each pledge.

Two pledges whose money may pay for the same categories from the same month are interchangeable
to the model (SPEC section 4: a pool is its categories, its first month and its amount; the donor
plays no part), so they are one pool holding their sum: the model's size depends on categories and
months, not on the number of pledges. A pool of one pledge keeps the pledge's own id
(`pledge-<id>`, which a what-if can name); a pledge a what-if names is kept apart.

After the solve, each pool's funding (the sum of its rows in the plan) is attributed to its pledges
pro rata to their USD amounts, exactly: in Decimal, each share cut to the cent, the cents left
handed to the largest remainders, and what is left below a cent to the next of them, so a pool's
pledges add up exactly to its funding. Pure: no database, no framework.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Context, Decimal, localcontext
from typing import Any

from ramstein.allocation.plan import money_text

CENT = Decimal("0.01")
# wide enough that total x amount / sum is exact for every figure a Numeric(30, 6) column holds
_PRECISION = Context(prec=80)


@dataclass
class Pool:
    """Pledges interchangeable to the model: the same categories (None: any) from the same month."""

    categories: tuple[str, ...] | None
    available_from: int
    pledges: list[int] = field(default_factory=list)
    amounts: list[Decimal] = field(default_factory=list)
    donors: set[str] = field(default_factory=set)

    def id(self, start: dt.date) -> str:
        if len(self.pledges) == 1:
            return f"pledge-{self.pledges[0]}"
        month = start.year * 12 + start.month - 1 + self.available_from
        return f"pool-{month // 12}-{month % 12 + 1:02d}-{'+'.join(self.categories) if self.categories else 'any'}"

    @property
    def amount(self) -> Decimal:
        return sum(self.amounts, Decimal(0))


def pool_key(categories: Sequence[str] | None, available_from: int) -> tuple[tuple[str, ...] | None, int]:
    """What the model sees of a pledge besides its amount: its categories as a set, and its first month."""
    return (tuple(sorted(set(categories))) if categories else None), available_from


def group_pledges(pledges: Iterable[tuple[int, str, Decimal, Sequence[str] | None, int]],
                  keep_apart: frozenset[int] = frozenset()) -> list[Pool]:
    """Pools of (id, donor, amount, categories, available_from) pledges, in order of first pledge;
    a pledge in `keep_apart` gets a pool of its own."""
    pools: dict[Any, Pool] = {}
    for pledge_id, donor, amount, categories, month in pledges:
        cats, first = pool_key(categories, month)
        key: Any = ("apart", pledge_id) if pledge_id in keep_apart else (cats, first)
        pool = pools.get(key)
        if pool is None:
            pool = pools[key] = Pool(cats, first)
        pool.pledges.append(pledge_id)
        pool.amounts.append(amount)
        pool.donors.add(donor)
    return list(pools.values())


def pool_documents(pledges: Iterable[tuple[int, str, Decimal, Sequence[str] | None, int]], start: dt.date,
                   keep_apart: frozenset[int] = frozenset()
                   ) -> tuple[list[dict[str, Any]], tuple[tuple[str, tuple[int, ...], tuple[Decimal, ...]], ...]]:
    """The instance's pools (instance.schema.json) for (id, donor, USD amount, categories, available_from)
    pledges, month 0 being `start`'s month, and each pool's members as (pool id, pledge ids, amounts)."""
    documents, members = [], []
    for pool in group_pledges(pledges, keep_apart):
        pool_id = pool.id(start)
        documents.append({"id": pool_id, "donor": next(iter(pool.donors)) if len(pool.donors) == 1 else "several",
                          "amount": money_text(pool.amount), "categories": list(pool.categories or []) or None,
                          "available_from": pool.available_from})
        members.append((pool_id, tuple(pool.pledges), tuple(pool.amounts)))
    return documents, tuple(members)


def pro_rata(total: Decimal, amounts: Sequence[Decimal]) -> list[Decimal]:
    """`total` split in proportion to `amounts`, to the cent, summing exactly to `total`.

    Largest remainders: each share cut down to the cent, one cent more to each of the largest
    remainders (ties: the earlier) while whole cents are left, and what is left below a cent to the
    next one in that order. No part differs from its exact share by a cent or more.
    """
    if not amounts:
        if total:
            raise ValueError(f"{total} to split over no pledges")
        return []
    weight = sum(amounts, Decimal(0))
    if weight <= 0:
        raise ValueError("pledge amounts must add up to more than zero")
    with localcontext(_PRECISION):
        exact = [total * a / weight for a in amounts]
        parts = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
        left = total - sum(parts, Decimal(0))
        cents = int((left / CENT).to_integral_value(rounding=ROUND_DOWN))
        order = sorted(range(len(parts)), key=lambda i: (parts[i] - exact[i], i))  # largest remainder first
        for i in order[:cents]:
            parts[i] += CENT
        parts[order[cents % len(order)]] += left - cents * CENT
    return parts


def funded_by_pool(funding: Iterable[dict[str, Any]]) -> dict[str, Decimal]:
    """Each pool's funding in a plan document: the exact sum of its rows."""
    found: dict[str, Decimal] = {}
    for row in funding:
        found[row["pool"]] = found.get(row["pool"], Decimal(0)) + Decimal(row["amount"])
    return found


def attribute(pools: Sequence[tuple[str, Sequence[int], Sequence[Decimal]]],
              funded: dict[str, Decimal]) -> dict[int, Decimal]:
    """Each pledge's share of its pool's funding: pools as (id, pledge ids, pledge amounts)."""
    out: dict[int, Decimal] = {}
    for pool_id, pledges, amounts in pools:
        out.update(zip(pledges, pro_rata(funded.get(pool_id, Decimal(0)), amounts), strict=True))
    return out


def named_pledges(scenario: dict[str, Any] | None) -> frozenset[int]:
    """The pledges a what-if names as pools (`"pool": "pledge-<id>"`): they keep pools of their own."""
    found = set()
    for change in (scenario or {}).get("changes", []):
        pool = change.get("pool") if isinstance(change, dict) else None
        if isinstance(pool, str) and pool.startswith("pledge-") and pool[len("pledge-"):].isdigit():
            found.add(int(pool[len("pledge-"):]))
    return frozenset(found)
