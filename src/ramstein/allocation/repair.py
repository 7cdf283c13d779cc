"""Feasible points built by hand: rounding an LP point down and repairing it, and greedy filling.

Used for the MILP warm start (round the LP, repair, fill what money is left) and by the greedy
baseline. Everything here keeps an explicit ledger of pool money, capacity and demand, so the point
it returns satisfies every constraint of the model by construction.
"""

from __future__ import annotations

import numpy as np

from .build import Model
from .problem import Problem

EPS = 1e-9


class Ledger:
    """Running totals of one candidate plan over the model's columns."""

    def __init__(self, problem: Problem, model: Model) -> None:
        self.problem, self.model = problem, model
        o = problem.offers
        self.x_cap = model.y_cap[model.x_link]  # offer-month of each order column
        self.x_price = model.cost[model.y_start + model.x_link]  # scaled money per unit
        self.cap_upper = model.lp.col_upper[model.cap_col]
        self.min_order = o.min_order[model.cap_off]
        self.x = np.zeros(model.n_x)
        self.z = np.zeros(len(model.z_pool))
        self.demand_left = problem.requirements.quantity.astype(float).copy()
        self.cap_used = np.zeros(len(model.cap_col))
        self.stock_left = o.available.astype(float).copy()  # inf for production offers
        self.pool_left = problem.pools.amount / model.money_scale
        regions = np.array(o.regions, dtype=object)
        self.x_region = regions[model.x_off] if model.n_x else np.zeros(0, object)
        self.spend_by_region: dict[str, float] = {}
        self.pools_of_fund = _pools_by_restriction(problem, model)

    @property
    def total_spend(self) -> float:
        return sum(self.spend_by_region.values())

    def policy_room(self, region: str) -> float:
        """Most money that can still go to `region` without breaking a share policy."""
        room, spend, total = np.inf, self.spend_by_region.get, self.total_spend
        for g, share in self.problem.policy.max_share:
            if g == region and share < 1:
                room = min(room, (share * total - spend(g, 0.0)) / (1 - share))
        for g, share in self.problem.policy.min_share:
            if g != region and share > 0:
                room = min(room, spend(g, 0.0) / share - total)
        return max(room, 0.0)

    def room(self, j: int) -> float:
        """Units order column j can still take: demand, capacity, money and policy permitting."""
        r, k = self.model.x_req[j], self.x_cap[j]
        units = min(self.demand_left[r], self.cap_upper[k] - self.cap_used[k],
                    self.stock_left[self.model.x_off[j]])
        price = self.x_price[j]
        if price > 0:
            money = self.pool_left[self.pools_of_fund[self.model.y_fund[self.model.x_link[j]]][0]].sum()
            units = min(units, money / price, self.policy_room(self.x_region[j]) / price)
        if self.problem.offers.integer[self.model.x_off[j]]:
            units = np.floor(units + EPS)
        if self.cap_used[k] < self.min_order[k] - EPS and units < self.min_order[k] - self.cap_used[k] - EPS:
            return 0.0
        return max(float(units), 0.0)

    def add(self, j: int, units: float) -> None:
        """Order `units` more on column j and pay for them, most restricted pools first."""
        if units <= 0:
            return
        self.x[j] += units
        self.demand_left[self.model.x_req[j]] -= units
        self.cap_used[self.x_cap[j]] += units
        self.stock_left[self.model.x_off[j]] -= units
        need = units * self.x_price[j]
        region = self.x_region[j]
        self.spend_by_region[region] = self.spend_by_region.get(region, 0.0) + need
        pools, zs = self.pools_of_fund[self.model.y_fund[self.model.x_link[j]]]
        for p, zk in zip(pools, zs, strict=True):
            take = min(need, self.pool_left[p])
            self.pool_left[p] -= take
            self.z[zk] += take
            need -= take
            if need <= EPS * max(1.0, units * self.x_price[j]):
                break

    def load(self, x: np.ndarray, z: np.ndarray) -> None:
        """Start from a known feasible point (x orders, z pool money), e.g. a rounded LP solution."""
        m = self.model
        self.x, self.z = x.astype(float).copy(), z.astype(float).copy()
        self.demand_left = self.problem.requirements.quantity - np.bincount(m.x_req, x, minlength=len(self.demand_left))
        self.cap_used = np.bincount(self.x_cap, x, minlength=len(self.cap_used))
        offers = self.problem.offers
        self.stock_left = offers.available - np.bincount(m.x_off, x, minlength=len(offers))
        self.pool_left = np.maximum(self.pool_left - np.bincount(m.z_pool, z, minlength=len(self.pool_left)), 0.0)
        spend = x * self.x_price
        self.spend_by_region = {g: float(spend[self.x_region == g].sum()) for g in set(self.x_region)}

    def fill(self, order: np.ndarray) -> None:
        """Give each order column, in turn, as much as it can take."""
        for j in order:
            units = self.room(int(j))
            if units > EPS:
                self.add(int(j), units)

    def column_values(self) -> np.ndarray:
        """The full column vector (x, y, u, z) of the ledger's plan."""
        m = self.model
        v = np.zeros(m.lp.shape[1])
        v[: m.n_x] = self.x
        v[m.y_start: m.y_start + len(m.y_off)] = np.bincount(m.x_link, self.x, minlength=len(m.y_off))
        v[m.cap_col] = np.bincount(m.y_cap, v[m.y_start: m.y_start + len(m.y_off)], minlength=len(m.cap_col))
        v[m.z_start:] = self.z
        return v


def _pools_by_restriction(problem: Problem, model: Model) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each funding row: its pools and z columns, the pools naming fewest categories first.

    Spending earmarked money before general money keeps the general money for where only it can go.
    """
    n_cats = np.array([len(c) if c is not None else 10**6 for c in problem.pools.categories])
    out = []
    for row in range(len(model.fund_cat)):
        zs = np.flatnonzero(model.z_fund == row)
        pools = model.z_pool[zs]
        order = np.lexsort((-problem.pools.available_from[pools], n_cats[pools]))
        out.append((pools[order], zs[order]))
    return out


def round_and_repair(problem: Problem, model: Model, values: np.ndarray) -> np.ndarray:
    """A MILP-feasible point near an LP point: round down, drop what breaks a rule, refill.

    Rounding down keeps demand, capacity and budget (the LP's pool split is scaled down with the
    spend); offer-months below their minimum order are dropped, then offer-months whose spending
    breaks a regional share; finally the money left is spent again, best value per money first.
    """
    ledger = Ledger(problem, model)
    x = np.clip(values[: model.n_x], 0.0, None)
    x = np.where(problem.offers.integer[model.x_off], np.floor(x + 1e-6), x)
    total = np.bincount(ledger.x_cap, x, minlength=len(model.cap_col))
    x[total[ledger.x_cap] < ledger.min_order[ledger.x_cap] - 1e-9] = 0.0
    density = model.lp.objective[: model.n_x] / np.maximum(ledger.x_price, 1e-12)
    x = enforce_policy(problem, ledger, x, density)
    ledger.load(x, _scaled_funding(model, ledger, values, x))
    ledger.fill(np.argsort(-density, kind="stable"))
    return ledger.column_values()


def _scaled_funding(model: Model, ledger: Ledger, values: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The LP's pool split, scaled per category-month to the (smaller) spend of x."""
    y_fund = model.y_fund[model.x_link]
    new = np.bincount(y_fund, x * ledger.x_price, minlength=len(model.fund_cat))
    z = np.clip(values[model.z_start:], 0.0, None)
    old = np.bincount(model.z_fund, z, minlength=len(model.fund_cat))
    ratio = np.divide(new, old, out=np.zeros_like(new), where=old > 0)
    if (ratio > 1 + 1e-6).any():  # rounding never adds spend; fall back to a fresh split if it did
        ratio = np.minimum(ratio, 1.0)
    return z * ratio[model.z_fund]


def enforce_policy(problem: Problem, ledger: Ledger, x: np.ndarray, density: np.ndarray) -> np.ndarray:
    """Drop whole offer-months, least valuable per money first, until every share policy holds."""
    x = x.copy()
    for _ in range(2 * (len(problem.policy.min_share) + len(problem.policy.max_share)) + 1):
        broken = _broken_share(problem, ledger, x)
        if broken is None:
            return x
        region, inside, excess = broken
        spend = np.bincount(ledger.x_cap, x * ledger.x_price, minlength=len(ledger.cap_upper))
        value = np.bincount(ledger.x_cap, x * ledger.model.lp.objective[: len(x)], minlength=len(spend))
        in_region = np.zeros(len(spend), bool)
        in_region[ledger.x_cap] = (ledger.x_region == region) == inside
        months = np.flatnonzero(in_region & (spend > 0))
        months = months[np.argsort(value[months] / spend[months], kind="stable")]
        cut = np.searchsorted(np.cumsum(spend[months]), excess * (1 + 1e-9)) + 1
        x[np.isin(ledger.x_cap, months[:cut])] = 0.0
    return x if _broken_share(problem, ledger, x) is None else np.zeros_like(x)


def _broken_share(problem: Problem, ledger: Ledger, x: np.ndarray):
    """(region, drop inside the region?, money to drop) for the first broken share, or None."""
    spend = x * ledger.x_price
    total = spend.sum()
    tol = 1e-9 * max(total, 1.0)
    for region, share in problem.policy.min_share:
        inside = spend[ledger.x_region == region].sum()
        if inside < share * total - tol:
            return region, False, total - inside / share if share > 0 else 0.0
    for region, share in problem.policy.max_share:
        inside = spend[ledger.x_region == region].sum()
        if inside > share * total + tol:
            return region, True, (inside - share * total) / (1 - share)
    return None
