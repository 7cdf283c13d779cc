"""The greedy baseline: lines in priority order, each from its cheapest feasible offer first.

It is what a careful person would do by hand, and it is kept only to measure what the optimizer
adds (the "value gap" in the benchmarks); nothing uses its plans.
"""

from __future__ import annotations

import time

import numpy as np

from .build import build_model
from .engine import _Run, _write_plan
from .plan import Plan, SolverInfo
from .problem import Problem
from .repair import Ledger


def greedy_order(problem: Problem, model) -> np.ndarray:
    """Order columns sorted by line priority (then weight per unit), offer price, delivery month."""
    r = problem.requirements
    priority = np.where(r.priority > 0, r.priority, np.iinfo(np.int64).max)[model.x_req]
    per_unit = (r.weight / r.quantity)[model.x_req]
    price = problem.offers.price[model.x_off]
    delivery = model.x_month + problem.offers.lead_time[model.x_off]
    return np.lexsort((delivery, price, -per_unit, priority))


def solve_greedy(problem: Problem) -> Plan:
    """A feasible plan by the greedy rule, written like any other plan (status `feasible`)."""
    started = time.perf_counter()
    model = build_model(problem)
    ledger = Ledger(problem, model)
    ledger.fill(greedy_order(problem, model))
    seconds = time.perf_counter() - started
    lp = model.lp
    info = SolverInfo(name="greedy", build_seconds=0.0, solve_seconds=round(seconds, 4), variables=lp.shape[1],
                      constraints=lp.shape[0], nonzeros=int(lp.matrix.nnz), money_scale=model.money_scale,
                      stages=("greedy",), choice="baseline")
    run = _Run(ledger.column_values(), "feasible", None, "greedy", ["greedy"])
    return _write_plan(problem, model, run, info)
