"""The Monte Carlo itself, vectorized over runs: per run one delay and one capacity factor per offer.

A batch's production finishes at C_k = max(C_{k-1}, month_k) + quantity_k / (capacity_k x factor), the
fluid queue of its offer; it arrives floor(C_k) + lead time + delay. A line completes when its last
batch arrives, a category when its last ordered line does. Runs go in fixed chunks, each with its own
seed spawned from `seed`, and only integer histograms leave a chunk: the same seed gives the same
result whatever the number of threads.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from ramstein.forecast.model import ForecastInput

CHUNK = 500  # runs per chunk: bounds memory (chunk x batches floats) and is the unit of parallel work
MIN_FACTOR = 0.05  # a shortfall never takes an offer below 5% of its capacity
SLACK_MONTHS = 600  # months beyond the last planned delivery kept in the histograms (later ones are clipped)


@dataclass(frozen=True, eq=False)
class ForecastResult:
    runs: int
    seed: int
    line_hist: np.ndarray  # (lines with orders, months): runs completing in each month
    line_rows: np.ndarray  # line index of each line_hist row
    category_hist: np.ndarray
    categories: tuple[str, ...]
    delay_sum: np.ndarray  # per line_hist row: summed months late against the plan's delivery
    horizon: int  # number of month columns


def _draws(rng: np.random.Generator, inputs: ForecastInput, runs: int) -> tuple[np.ndarray, np.ndarray]:
    """(offers, runs) delay months and capacity factors; offer-major so each offer's row is contiguous."""
    risks = inputs.risks
    p_delay = np.array([r.delay_probability for r in risks])[:, None]
    mean = np.array([r.delay_mean_months for r in risks])[:, None]
    p_short = np.array([r.shortfall_probability for r in risks])[:, None]
    s_mean = np.array([r.shortfall_mean for r in risks])[:, None]
    shape = (len(risks), runs)
    delayed = rng.random(shape) < p_delay
    delay = np.where(delayed, np.maximum(1, np.ceil(rng.exponential(1.0, shape) * mean)), 0).astype(np.int64)
    short = rng.random(shape) < p_short
    lost = rng.beta(2.0, np.broadcast_to(2.0 * (1 - s_mean) / s_mean, shape))
    factor = np.maximum(MIN_FACTOR, 1.0 - np.where(short, lost, 0.0))
    return delay, factor


def _arrivals(inputs: ForecastInput, delay: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """(batches, runs) arrival month of every batch: one step per queue position, all offers and runs at once."""
    runs = delay.shape[1]
    finish = np.empty((len(inputs.batch_qty), runs))
    done = np.zeros((len(inputs.offer_ids), runs))
    months = inputs.batch_month.astype(np.float64)
    work = inputs.batch_qty / inputs.batch_capacity  # months of full capacity each batch needs
    for k in range(inputs.queue.shape[1]):
        idx = inputs.queue[:, k]
        live = np.nonzero(idx >= 0)[0]
        b = idx[live]
        step = np.maximum(done[live], months[b][:, None]) + work[b][:, None] / factor[live]
        done[live] = step
        finish[b] = step
    month = np.floor(finish - 1e-9).astype(np.int64)
    return month + inputs.offer_lead[inputs.batch_offer][:, None] + delay[inputs.batch_offer]


def _groups(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Order that sorts `keys`, the start of each group in it, and each group's key."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.concatenate([[0], np.nonzero(np.diff(sorted_keys))[0] + 1]) if len(keys) else np.zeros(0, int)
    return order, starts, sorted_keys[starts]


def _hist(values: np.ndarray, horizon: int) -> np.ndarray:
    """(groups, runs) months -> (groups, horizon) counts."""
    groups = values.shape[0]
    flat = (np.arange(groups)[:, None] * horizon + np.minimum(values, horizon - 1)).ravel()
    return np.bincount(flat, minlength=groups * horizon).reshape(groups, horizon)


def simulate(inputs: ForecastInput, runs: int = 10_000, seed: int = 0, workers: int | None = None) -> ForecastResult:
    """Histograms of line and category completion months over `runs` runs drawn from `seed`."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    order, starts, line_rows = _groups(inputs.batch_line)
    categories = sorted({inputs.line_category[i] for i in line_rows})
    cat_of_row = np.array([categories.index(inputs.line_category[i]) for i in line_rows], dtype=np.int64)
    cat_order, cat_starts, _ = _groups(cat_of_row)
    planned = inputs.planned
    planned_line = np.maximum.reduceat(planned[order], starts) if len(order) else np.zeros(0, np.int64)
    horizon = int(planned.max(initial=0)) + SLACK_MONTHS
    chunks = [(i, min(CHUNK, runs - i * CHUNK)) for i in range((runs + CHUNK - 1) // CHUNK)]
    seeds = np.random.SeedSequence(seed).spawn(len(chunks))

    def one(chunk: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        index, size = chunk
        delay, factor = _draws(np.random.default_rng(seeds[index]), inputs, size)
        arrive = _arrivals(inputs, delay, factor)
        lines = np.maximum.reduceat(arrive[order], starts, axis=0)
        cats = np.maximum.reduceat(lines[cat_order], cat_starts, axis=0)
        late = np.maximum(lines - planned_line[:, None], 0).sum(axis=1)
        return _hist(lines, horizon), _hist(cats, horizon), late

    if not len(order):
        empty = np.zeros((0, horizon), np.int64)
        return ForecastResult(runs, seed, empty, line_rows, empty, (), np.zeros(0, np.int64), horizon)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(one, chunks))
    return ForecastResult(
        runs=runs, seed=seed, line_hist=sum(p[0] for p in parts), line_rows=line_rows,
        category_hist=sum(p[1] for p in parts), categories=tuple(categories),
        delay_sum=sum(p[2] for p in parts), horizon=horizon)
