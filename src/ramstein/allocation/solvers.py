"""One small interface over the LP/MILP solvers, each handed the whole matrix in one call.

Conventions every backend honours, so the engine never looks at which one ran:
- the problem is a maximization;
- `row_dual[i]` is d(objective)/d(bound of row i) and `col_dual[j]` is the reduced cost
  c_j - a_j' row_dual, i.e. d(objective)/d(bound of column j) when the column sits at a bound;
- `status` is one of optimal, feasible, time_limit, infeasible, error; `time_limit` is never
  reported as `optimal`, and `values` is None when the solver has no feasible point.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .build import LinearProgram


@dataclass(frozen=True, eq=False)
class Solution:
    status: str
    values: np.ndarray | None
    objective: float
    bound: float | None
    row_dual: np.ndarray | None
    col_dual: np.ndarray | None
    seconds: float
    solver: str
    detail: str = ""

    @property
    def has_values(self) -> bool:
        return self.values is not None


class Backend(Protocol):
    name: str
    supports_mip: bool

    def solve(self, lp: LinearProgram, *, time_limit: float | None = None, mip_gap: float = 1e-4,
              start: np.ndarray | None = None, hint: np.ndarray | None = None) -> Solution:
        """`start`: a feasible point (MILP warm start); `hint`: columns likely non-zero (sifting)."""


class HighsBackend:
    """HiGHS through `highspy`: dual simplex, interior point (with crossover) or branch and cut."""

    supports_mip = True

    def __init__(self, method: str = "choose") -> None:
        self.method = method
        self.name = "highs" if method == "choose" else f"highs-{method}"

    def solve(self, lp, *, time_limit=None, mip_gap=1e-4, start=None, hint=None) -> Solution:
        import highspy

        started = time.perf_counter()
        h = _new_highs(highspy)
        h.setOptionValue("solver", self.method)
        if self.method == "ipm":
            h.setOptionValue("run_crossover", "on")
        if time_limit is not None:
            h.setOptionValue("time_limit", max(float(time_limit), 0.01))
        h.setOptionValue("mip_rel_gap", float(mip_gap))
        a = lp.matrix
        n_rows, n_cols = a.shape
        h.passModel(n_cols, n_rows, a.nnz, 1, -1, 0.0, lp.objective, lp.col_lower, lp.col_upper,
                    lp.row_lower, lp.row_upper, a.indptr.astype(np.int32), a.indices.astype(np.int32),
                    a.data, lp.integrality.astype(np.int32))
        if start is not None and lp.is_mip:
            h.setSolution(n_cols, np.arange(n_cols, dtype=np.int32), np.asarray(start, np.float64))
        h.run()
        return self._result(h, lp, time.perf_counter() - started)

    def _result(self, h, lp, seconds) -> Solution:
        import highspy

        ms, info, sol = h.getModelStatus(), h.getInfo(), h.getSolution()
        S = highspy.HighsModelStatus
        feasible = info.primal_solution_status == 2  # kSolutionStatusFeasible
        values = np.asarray(sol.col_value) if feasible else None
        if ms == S.kOptimal:
            status = "optimal"
        elif ms in (S.kTimeLimit, S.kIterationLimit, S.kSolutionLimit, S.kInterrupt):
            status = "time_limit"
        elif ms == S.kInfeasible:
            status = "infeasible"
        else:
            status = "feasible" if feasible else "error"
        duals = not lp.is_mip and info.dual_solution_status == 2
        bound = info.mip_dual_bound if lp.is_mip else (info.objective_function_value if status == "optimal"
                                                        else None)
        return Solution(status, values, info.objective_function_value if feasible else float("nan"),
                        bound, np.asarray(sol.row_dual) if duals else None,
                        np.asarray(sol.col_dual) if duals else None, seconds, self.name, h.modelStatusToString(ms))


def _new_highs(highspy):
    """A silent HiGHS. The core class, when present, skips the banner the Python wrapper prints."""
    core = getattr(getattr(highspy, "_core", None), "_Highs", None)
    h = core() if core is not None else highspy.Highs()
    h.setOptionValue("output_flag", False)
    return h


class GlopBackend:
    """OR-Tools GLOP through `model_builder`, loaded with `fill_model_from_sparse_data` (LP only)."""

    name = "glop"
    supports_mip = False

    def __init__(self, parameters: str = "") -> None:
        self.parameters = parameters

    def solve(self, lp, *, time_limit=None, mip_gap=1e-4, start=None, hint=None) -> Solution:
        from ortools.linear_solver.python import model_builder_helper as mbh

        if lp.is_mip:
            raise ValueError("GLOP solves LPs only; use HiGHS for whole units and minimum orders")
        started = time.perf_counter()
        model = mbh.ModelBuilderHelper()
        model.fill_model_from_sparse_data(lp.col_lower, lp.col_upper, lp.objective, lp.row_lower,
                                          lp.row_upper, lp.matrix.tocsr())
        model.set_maximize(True)
        solver = mbh.ModelSolverHelper("glop")
        if time_limit is not None:
            solver.set_time_limit_in_seconds(max(float(time_limit), 0.01))
        if self.parameters:
            solver.set_solver_specific_parameters(self.parameters)
        solver.solve(model)
        seconds = time.perf_counter() - started
        st = solver.status()
        if st == mbh.SolveStatus.OPTIMAL:
            objective = solver.objective_value()
            return Solution("optimal", solver.variable_values(), objective, objective, solver.dual_values(),
                            solver.reduced_costs(), seconds, self.name, "optimal")
        status = {mbh.SolveStatus.INFEASIBLE: "infeasible"}.get(st, "error")
        if time_limit is not None and seconds >= 0.95 * time_limit:
            status = "time_limit"
        return Solution(status, None, float("nan"), None, None, None, seconds, self.name, str(st))


def _sifting() -> Backend:
    from .sifting import SiftingBackend

    return SiftingBackend()


SOLVERS: dict[str, Backend] = {
    "highs-sift": _sifting(),
    "highs": HighsBackend("choose"),
    "highs-simplex": HighsBackend("simplex"),
    "highs-ipm": HighsBackend("ipm"),
    "highs-pdlp": HighsBackend("pdlp"),
    "glop": GlopBackend(),
}


def get_backend(name: str) -> Backend:
    try:
        return SOLVERS[name]
    except KeyError:
        raise ValueError(f"unknown solver {name!r}; choose one of {', '.join(SOLVERS)}") from None
