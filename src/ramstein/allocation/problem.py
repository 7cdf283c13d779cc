"""The allocation instance as an immutable, columnar snapshot.

Columnar (one NumPy array per numeric field) so that the model builder can work on whole arrays at
once; money is kept twice: exact `Decimal`s for what we write back, floats for the solver.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np


def frozen_array(values, dtype) -> np.ndarray:
    """A read-only array, so a frozen dataclass holding it is immutable in practice too."""
    arr = np.array(values, dtype=dtype)
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class Pools:
    ids: tuple[str, ...]
    donors: tuple[str, ...]
    amounts: tuple[Decimal, ...]
    categories: tuple[tuple[str, ...] | None, ...]
    available_from: np.ndarray  # int64, month index
    amount: np.ndarray = field(init=False)  # float64 copy of `amounts` for the solver

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", frozen_array([float(a) for a in self.amounts], np.float64))

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, eq=False)
class Requirements:
    ids: tuple[str, ...]
    items: tuple[str, ...]
    categories: tuple[str, ...]
    quantity: np.ndarray  # float64 > 0
    priority: np.ndarray  # int64, 0 when the line gives none
    weight: np.ndarray  # float64 > 0, value of meeting the line in full
    need_by: np.ndarray  # int64 month index

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, eq=False)
class Offers:
    ids: tuple[str, ...]
    items: tuple[str, ...]
    suppliers: tuple[str, ...]
    origins: tuple[str | None, ...]
    regions: tuple[str, ...]
    sites: tuple[str | None, ...]
    unit_prices: tuple[Decimal, ...]
    lead_time: np.ndarray  # int64 months
    capacity: np.ndarray  # float64, shape (offers, horizon): units per month
    capacity_is_profile: tuple[bool, ...]  # how the instance gave it, so it round-trips
    min_order: np.ndarray  # float64, 0 when none
    integer: np.ndarray  # bool
    # drawn from existing stocks (most PURL deliveries): at most `available` units over the horizon
    stock: np.ndarray  # bool
    available: np.ndarray  # float64, units in all; inf for production offers
    price: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "price", frozen_array([float(p) for p in self.unit_prices], np.float64))

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Policy:
    """Regional spending shares: region -> share of total spending (min: at least, max: at most)."""

    min_share: tuple[tuple[str, float], ...] = ()
    max_share: tuple[tuple[str, float], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.min_share or self.max_share)


@dataclass(frozen=True, eq=False)
class Problem:
    currency: str
    start: str
    horizon: int
    discount: float
    pools: Pools
    requirements: Requirements
    offers: Offers
    policy: Policy = Policy()
    name: str | None = None
    priority_mode: str = "weighted"  # or "lexicographic": priority 1 first, then 2, ...

    @property
    def categories(self) -> tuple[str, ...]:
        """Every category a line or a pool names, sorted, so category codes are stable."""
        named = set(self.requirements.categories)
        for cats in self.pools.categories:
            named.update(cats or ())
        return tuple(sorted(named))

    @property
    def is_mip(self) -> bool:
        return bool(self.offers.integer.any() or (self.offers.min_order > 0).any())
