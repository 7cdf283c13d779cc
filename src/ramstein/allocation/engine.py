"""`solve(problem, options) -> Plan`: the allocation of SPEC section 4, pure and deterministic.

The steps: build the sparse model; solve it (LP directly; a MILP either directly with HiGHS or, when
large, from a rounded-and-repaired LP start); polish the answer on an LP (for a MILP with the integer
choices fixed) that gives the duals and, as a second stage over the optimal face, the cheapest plan
of the same value; then write back orders, funding, fulfilment and reasons.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

from . import explain, extract
from .build import CONTINUOUS, SEMI_CONTINUOUS, LinearProgram, Model, build_model, likely_columns
from .plan import Fulfilment, Plan, SolverInfo
from .problem import Problem
from .repair import round_and_repair
from .solvers import Backend, Solution, get_backend

DEFAULT_MIP_SOLVER = "highs"
SIFTING_COLUMNS = 20_000  # measured (docs/benchmarks.md): below this, plain dual simplex is as fast
VALUE_TOLERANCE = 1e-9  # the second stage may cost at most this share of the value
LEX_TOLERANCE = 1e-6  # a later priority tier may cost an earlier one at most this share of its value (SPEC 4)


@dataclass(frozen=True)
class SolveOptions:
    solver: str | None = None  # None: the measured default for the problem class
    time_limit: float | None = None  # seconds, for the whole solve: building the model, solving, polishing
    mip_gap: float = 1e-4  # relative gap at which a MILP counts as optimal
    tie_break: bool = True  # second stage: cheapest plan among those of optimal value
    warm_start_columns: int = 1_000  # MILPs with more integer columns start from the repaired LP


class _Clock:
    def __init__(self, limit: float | None) -> None:
        self.start, self.limit = time.perf_counter(), limit

    def remaining(self, floor: float = 0.05) -> float | None:
        if self.limit is None:
            return None
        return max(self.limit - (time.perf_counter() - self.start), floor)

    @property
    def expired(self) -> bool:
        return self.limit is not None and time.perf_counter() - self.start >= self.limit


@dataclass
class _Run:
    """What the solve steps accumulate before the plan is written."""

    values: np.ndarray
    status: str
    bound: float | None
    solver: str
    stages: list[str]
    row_dual: np.ndarray | None = None
    col_dual: np.ndarray | None = None
    dual_source: str = "lp"
    notes: list[str] | None = None


def solve(problem: Problem, options: SolveOptions = SolveOptions()) -> Plan:
    """Allocate the pools to the requirement lines; see the module docstring for the steps."""
    clock = _Clock(options.time_limit)
    started = time.perf_counter()
    model = build_model(problem)
    build_seconds = time.perf_counter() - started
    lp = model.lp
    choice = "requested" if options.solver else ("default for MILP" if lp.is_mip else "default for LP")
    name = options.solver or (DEFAULT_MIP_SOLVER if lp.is_mip else default_lp_solver(lp))
    backend = get_backend(name)
    if lp.is_mip and not backend.supports_mip:
        backend, choice = get_backend(DEFAULT_MIP_SOLVER), f"{name} cannot solve MILPs"
    started = time.perf_counter()
    if clock.expired:  # the limit covers building too: a model built too late is not solved at all
        run = _Run(np.zeros(lp.shape[1]), "time_limit", None, backend.name, ["build:time_limit"],
                   notes=["the time limit ran out while the model was being built; nothing is ordered"])
    elif lp.shape[1] == 0:
        run = _Run(np.zeros(0), "optimal", 0.0, backend.name, ["empty"], np.zeros(lp.shape[0]), np.zeros(0))
    elif problem.priority_mode == "lexicographic":
        run = _solve_lexicographic(problem, model, backend, options, clock)
    elif lp.is_mip:
        run = _solve_mip(problem, model, backend, options, clock)
    else:
        run = _solve_lp(problem, model, backend, options, clock)
    solve_seconds = time.perf_counter() - started
    info = SolverInfo(name=run.solver, build_seconds=round(build_seconds, 4), solve_seconds=round(solve_seconds, 4),
                      variables=lp.shape[1], constraints=lp.shape[0], nonzeros=int(lp.matrix.nnz),
                      integer_variables=int((lp.integrality != CONTINUOUS).sum()), money_scale=model.money_scale,
                      stages=tuple(run.stages), choice=choice)
    return _write_plan(problem, model, run, info)


def _solve_lexicographic(problem: Problem, model: Model, backend: Backend, options: SolveOptions,
                         clock: _Clock) -> _Run:
    """Priority 1 first: maximize each tier's value, then keep it while the next is maximized.

    LP: after each tier the model is restricted to that tier's optimal face (read off the duals, as
    the cheapest-plan stage does), so each tier keeps its value exactly and the model only shrinks.
    MILP (no duals): one row per earlier tier, its value at least what it reached less LEX_TOLERANCE
    (or the MIP gap); each MILP tier goes straight to branch and cut, whose answer respects those
    rows (the repaired warm start does not know them). Lines without a priority come last; then the
    cheapest plan that keeps every tier at what it reached.
    """
    lp = model.lp
    priority = problem.requirements.priority[model.x_req]
    ranked = sorted(int(p) for p in np.unique(priority) if p > 0)
    tiers = ranked + ([0] if (priority == 0).any() else [])
    face, rows = lp, []  # face: the LP restricted so far; rows: floors where no face could be read
    statuses: list[str] = []
    stages: list[str] = []
    run: _Run | None = None
    objectives = []
    stage_options = replace(options, warm_start_columns=2**62, tie_break=False)
    solve_stage = _solve_mip if lp.is_mip else _solve_lp
    for tier in tiers:
        objective = np.zeros(lp.shape[1])
        mask = np.flatnonzero(priority == tier)
        objective[mask] = lp.objective[mask]
        stage_lp = _with_floors(face, rows).with_changes(objective=objective)
        attempt = solve_stage(problem, replace(model, lp=stage_lp), backend, stage_options, clock)
        stages.append(f"tier {tier or 'unranked'}: " + ", ".join(attempt.stages))
        statuses.append(attempt.status)
        if attempt.notes:  # no plan from this tier: keep what the earlier tiers reached
            if run is not None:
                run.notes = [f"priority tier {tier or 'unranked'} was not solved ({attempt.status}); "
                             f"the plan is the one reached before it"]
            else:
                run = attempt
            break
        run = attempt
        objectives.append(objective)
        if not lp.is_mip and run.status == "optimal" and run.row_dual is not None and run.col_dual is not None:
            face, rows = _optimal_face(stage_lp, run.values, run.row_dual, run.col_dual), []
            continue
        value = float(objective @ run.values)
        slack = max(LEX_TOLERANCE, options.mip_gap if lp.is_mip else 0.0) * abs(value)
        rows.append((objective, value - slack))
    assert run is not None
    if options.tie_break and not run.notes and not clock.expired:
        # the cheapest plan that keeps every tier at what this plan reached (not merely at its floor)
        kept = [(obj, float(obj @ run.values) * (1 - VALUE_TOLERANCE)) for obj in objectives]
        stage = replace(model, lp=_with_floors(face, kept).with_changes(objective=-model.cost))
        cheapest = solve_stage(problem, stage, backend, stage_options, clock)
        stages.append("cheapest: " + ", ".join(cheapest.stages))
        if not cheapest.notes and cheapest.status in ("optimal", "feasible"):
            run.values = cheapest.values
            run.row_dual, run.col_dual = (None, None) if lp.is_mip else (run.row_dual, run.col_dual)
    run.status = next((s for s in ("time_limit", "infeasible", "feasible") if s in statuses), run.status)
    run.bound, run.stages = None, stages
    if run.row_dual is not None:
        run.row_dual = run.row_dual[:lp.shape[0]]
    run.dual_source = f"{run.dual_source} (for the last priority tier's value)"
    return run


def _tier_values(problem: Problem, line_value: np.ndarray) -> tuple[tuple[int, float], ...]:
    """A lexicographic plan's value per ranked priority, from its lines (0 where nothing could be bought)."""
    if problem.priority_mode != "lexicographic":
        return ()
    priority = problem.requirements.priority
    return tuple((int(p), float(line_value[priority == p].sum())) for p in np.unique(priority) if p > 0)


def _with_floors(lp: LinearProgram, rows: list[tuple[np.ndarray, float]]) -> LinearProgram:
    """`lp` with one row per (objective, floor): objective . v >= floor."""
    if not rows:
        return lp
    extra = sp.csc_matrix(np.vstack([objective for objective, _ in rows]))
    floors = np.array([floor for _, floor in rows])
    return lp.with_changes(matrix=sp.vstack([lp.matrix, extra], format="csc"),
                           row_lower=np.concatenate([lp.row_lower, floors]),
                           row_upper=np.concatenate([lp.row_upper, np.full(len(rows), np.inf)]))


def default_lp_solver(lp: LinearProgram) -> str:
    """Sifting pays off on wide LPs (20-40 order columns per row, few non-zero at the optimum)."""
    return "highs-sift" if lp.shape[1] > SIFTING_COLUMNS else "highs"


def _lp_backend(options: SolveOptions, lp: LinearProgram) -> Backend:
    """The LP solver used inside a MILP run (relaxation, fixed-integer polish)."""
    return get_backend(options.solver or default_lp_solver(lp))


def _solve_lp(problem: Problem, model: Model, backend: Backend, options: SolveOptions, clock: _Clock) -> _Run:
    sol = backend.solve(model.lp, time_limit=clock.remaining(), hint=likely_columns(problem, model))
    if not sol.has_values:
        return _Run(np.zeros(model.lp.shape[1]), sol.status, None, sol.solver, [f"lp:{sol.detail}"],
                    notes=[f"the solver stopped without a plan ({sol.detail}); nothing is ordered"])
    run = _Run(sol.values, sol.status, sol.bound, sol.solver, [f"lp {sol.seconds:.2f}s"], sol.row_dual, sol.col_dual)
    if options.tie_break and sol.status == "optimal":
        _prefer_cheaper(model, model.lp, sol, backend, clock, run)
    return run


def _prefer_cheaper(model: Model, lp: LinearProgram, sol: Solution, backend: Backend, clock: _Clock,
                    run: _Run) -> None:
    """Second stage: the cheapest plan on the optimal face of `lp` (`_optimal_face`); the value is
    checked to move by at most VALUE_TOLERANCE relative."""
    if sol.col_dual is None or sol.row_dual is None or clock.expired:
        return
    v = np.clip(sol.values, lp.col_lower, lp.col_upper)
    stage = _optimal_face(lp, sol.values, sol.row_dual, sol.col_dual).with_changes(objective=-model.cost)
    second = backend.solve(stage, time_limit=clock.remaining())
    value_first = float(lp.objective @ v)
    if second.status != "optimal" or not second.has_values:
        run.stages.append(f"cheapest:{second.status}")
        return
    value_second = float(lp.objective @ second.values)
    if value_second < value_first - VALUE_TOLERANCE * max(abs(value_first), 1e-12):
        run.stages.append("cheapest:rejected")
        return
    run.values = second.values
    run.stages.append(f"cheapest {second.seconds:.2f}s")


def _optimal_face(lp: LinearProgram, values: np.ndarray, row_dual: np.ndarray,
                  col_dual: np.ndarray) -> LinearProgram:
    """`lp` restricted to the optimal face of `values` (known from the duals).

    By complementary slackness a point is optimal exactly when every column with a non-zero reduced
    cost stays where it is and every row with a non-zero dual stays tight; fixing those keeps the value.
    """
    tol = 1e-9 * max(1.0, float(np.abs(lp.objective).max(initial=0.0)))
    v = np.clip(values, lp.col_lower, lp.col_upper)
    fix = np.abs(col_dual) > tol
    row_lower, row_upper = lp.row_lower.copy(), lp.row_upper.copy()
    tight_up, tight_down = row_dual > tol, row_dual < -tol
    row_lower[tight_up], row_upper[tight_down] = row_upper[tight_up], row_lower[tight_down]
    return lp.with_changes(col_lower=np.where(fix, v, lp.col_lower), col_upper=np.where(fix, v, lp.col_upper),
                           row_lower=row_lower, row_upper=row_upper)


def _solve_mip(problem: Problem, model: Model, backend: Backend, options: SolveOptions, clock: _Clock) -> _Run:
    """Branch and cut; when the MILP is large, from the LP relaxation rounded, repaired and polished.

    The polished start (integer choices fixed, continuous orders re-optimized) is returned at once
    when it is within the gap of the LP bound; otherwise branch and cut starts from it, with time
    kept back to polish its answer in turn.
    """
    lp, mip = model.lp, get_backend(DEFAULT_MIP_SOLVER) if not backend.supports_mip else backend
    if int((lp.integrality != CONTINUOUS).sum()) <= options.warm_start_columns:
        return _branch_and_cut(problem, model, mip, options, clock, None, None, [])
    relaxed = _lp_backend(options, lp).solve(lp.relaxed(), time_limit=clock.remaining(),
                                             hint=likely_columns(problem, model))
    if not (relaxed.has_values and relaxed.status == "optimal"):
        return _branch_and_cut(problem, model, mip, options, clock, None, None, [f"lp-bound:{relaxed.status}"])
    stages = [f"lp-bound:{relaxed.solver} {relaxed.seconds:.2f}s", "round-repair"]
    started = time.perf_counter()
    warm = _polish(problem, model, round_and_repair(problem, model, relaxed.values), "feasible",
                   relaxed.objective, mip.name, stages, options, clock)
    if _gap(float(lp.objective @ warm.values), relaxed.objective) <= options.mip_gap:
        warm.status = "optimal"
        return warm
    reserve = 1.5 * (time.perf_counter() - started)
    return _branch_and_cut(problem, model, mip, options, clock, warm, relaxed.objective, warm.stages, reserve)


def _branch_and_cut(problem, model, mip, options, clock, start: _Run | None, lp_bound, stages, reserve=0.0) -> _Run:
    """HiGHS's MILP from an optional polished start; the better of the two, polished, with honest status."""
    lp = model.lp
    limit = clock.remaining()
    limit = None if limit is None else max(limit - reserve, 0.05)
    sol = mip.solve(lp, time_limit=limit, mip_gap=options.mip_gap, start=start.values if start else None)
    stages.append(f"mip:{sol.detail} {sol.seconds:.2f}s")
    bounds = [b for b in (sol.bound, lp_bound) if b is not None and np.isfinite(b)]
    bound = min(bounds) if bounds else None
    start_value = float(lp.objective @ start.values) if start else -np.inf
    if sol.values is None or float(lp.objective @ sol.values) <= start_value:
        if start is None:
            return _Run(np.zeros(lp.shape[1]), sol.status, bound, mip.name, stages,
                        notes=[f"no whole-unit plan found ({sol.detail}); nothing is ordered"])
        start.status, start.bound = ("time_limit" if sol.status == "time_limit" else "feasible"), bound
        if bound is not None and _gap(start_value, bound) <= options.mip_gap:
            start.status = "optimal"
        return start
    status = sol.status
    if bound is not None and _gap(float(lp.objective @ sol.values), bound) <= options.mip_gap:
        status = "optimal"
    return _polish(problem, model, sol.values, status, bound, mip.name, stages, options, clock)


def _gap(value: float, bound: float) -> float:
    return max(bound - value, 0.0) / max(abs(bound), 1e-12)


def _polish(problem, model, values, status, bound, solver, stages, options, clock) -> _Run:
    """The LP with the integer choices fixed: its duals, and the cheapest plan with those choices."""
    lp = model.lp
    integer = (lp.integrality == 1) | (lp.integrality == 3)
    semi = lp.integrality >= SEMI_CONTINUOUS
    v = np.where(integer, np.round(values), values)
    closed = semi & (v <= 1e-9)
    lower = np.where(integer, v, np.where(closed, 0.0, lp.col_lower))
    upper = np.where(integer | closed, np.where(integer, v, 0.0), lp.col_upper)
    fixed = lp.with_changes(col_lower=lower, col_upper=upper, integrality=np.zeros_like(lp.integrality))
    backend = _lp_backend(options, lp)
    sol = backend.solve(fixed, time_limit=clock.remaining(), start=v)
    run = _Run(values, status, bound, solver, stages, dual_source="lp_fixed_integers")
    before = float(lp.objective @ values)
    if sol.status == "optimal" and lp.objective @ sol.values >= before - 1e-9 * abs(before):
        run.values, run.row_dual, run.col_dual = sol.values, sol.row_dual, sol.col_dual
        run.stages.append(f"fixed-lp:{sol.solver} {sol.seconds:.2f}s")
        if options.tie_break:
            _prefer_cheaper(model, fixed, sol, backend, clock, run)
    return run


def _write_plan(problem: Problem, model: Model, run: _Run, info: SolverInfo) -> Plan:
    """Orders, funding and fulfilment from the final column values; value recomputed from them."""
    x = extract.clean_quantities(problem, model, run.values) if model.n_x else np.zeros(0)
    orders, spend = extract.orders(problem, model, x)
    funding = extract.funding(problem, model, run.values, spend) if orders else ()
    value_by_order = extract.order_values(problem, model, x)
    r = problem.requirements
    ordered = np.bincount(model.x_req, x, minlength=len(r))
    line_value = np.bincount(model.x_req, value_by_order, minlength=len(r))
    reasons = explain.reasons(problem, model, x, ordered, run.values)
    words = explain.plain_words(problem, ordered, reasons)
    fulfilment = tuple(Fulfilment(r.ids[i], float(ordered[i]), float(ordered[i] / r.quantity[i]),
                                  float(line_value[i]), reasons[i], words[i]) for i in range(len(r)))
    objective = float(line_value.sum())
    duals = None
    if run.row_dual is not None and run.col_dual is not None:
        duals = extract.duals(problem, model, run.row_dual, run.col_dual, run.dual_source)
    gap = _gap(objective, run.bound) if run.bound is not None else None
    info = SolverInfo(**{**info.__dict__, "gap": gap})
    return Plan(status=run.status, objective=objective, bound=run.bound,
                total_cost=sum((o.cost for o in orders), start=extract.Decimal(0)), currency=problem.currency,
                orders=orders, funding=funding, fulfilment=fulfilment, solver=info, duals=duals,
                notes=tuple(run.notes or ()), priority_mode=problem.priority_mode,
                tiers=_tier_values(problem, line_value))
