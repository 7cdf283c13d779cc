"""Sifting (column generation over a fixed column set) with HiGHS, for LPs far wider than tall.

Our LPs have 20-40 order columns per row and few of them are non-zero at the optimum. Sifting
solves the LP on a working set of columns, prices every other column at once from the duals
(one sparse matrix-vector product), adds the most attractive ones, and re-solves from the previous
basis, until no column outside the set can improve the objective: then the working-set optimum is
optimal for the whole LP, and its duals are the whole LP's duals.
"""

from __future__ import annotations

import time

import numpy as np

from .build import LinearProgram
from .solvers import HighsBackend, Solution, _new_highs

PRICE_TOLERANCE = 1e-9


class SiftingBackend:
    """LP only. `hint` (a boolean mask) names the columns to start with; all others are priced in.

    Each round adds up to `batch_per_row` x rows columns, the most attractive first (3 measured best
    on the benchmark instances together with the `likely_columns` start).
    """

    name = "highs-sift"
    supports_mip = False

    def __init__(self, batch_per_row: float = 3.0, max_rounds: int = 200) -> None:
        self.batch_per_row, self.max_rounds = batch_per_row, max_rounds

    def solve(self, lp: LinearProgram, *, time_limit=None, mip_gap=1e-4, start=None, hint=None) -> Solution:
        import highspy

        if lp.is_mip:
            raise ValueError("sifting solves LPs only")
        started = time.perf_counter()
        n_rows, n_cols = lp.shape
        working = np.zeros(n_cols, bool) if hint is None else hint.copy()
        working |= lp.objective <= 0  # money, totals: few, and needed to make anything feasible
        working |= (lp.col_lower > 0) | (lp.col_upper < 0)  # a column left out sits at 0: it must be allowed to
        if start is not None:
            working |= start > 0
        h = _new_highs(highspy)
        h.setOptionValue("time_limit", float(time_limit) if time_limit is not None else float("inf"))
        self._pass(h, lp, np.flatnonzero(working))
        cols = np.flatnonzero(working)
        matrix_t = lp.matrix.T.tocsr()
        for rounds in range(1, self.max_rounds + 1):
            h.run()
            status = h.getModelStatus()
            if status == highspy.HighsModelStatus.kInfeasible:
                # the columns left out cannot be at 0 here (e.g. a minimum share with nothing bought):
                # no sifting then, the whole LP at once
                return HighsBackend("choose").solve(lp, time_limit=time_limit)
            if status != highspy.HighsModelStatus.kOptimal:
                return self._stopped(h, lp, cols, status, time.perf_counter() - started)
            row_dual = np.asarray(h.getSolution().row_dual)
            reduced = lp.objective - matrix_t @ row_dual
            reduced[cols] = -np.inf
            entering = np.flatnonzero(reduced > PRICE_TOLERANCE)
            if len(entering) == 0:
                return self._optimal(h, lp, cols, row_dual, reduced, time.perf_counter() - started, rounds)
            batch = max(1000, int(self.batch_per_row * n_rows))
            if len(entering) > batch:
                entering = entering[np.argpartition(-reduced[entering], batch)[:batch]]
            self._add(h, lp, entering)
            h.setOptionValue("presolve", "off")  # keep the basis: re-solve from where we were
            cols = np.concatenate([cols, entering])
            if time_limit is not None:
                h.setOptionValue("time_limit", max(time_limit - (time.perf_counter() - started), 0.01))
        return self._stopped(h, lp, cols, "round limit", time.perf_counter() - started)

    @staticmethod
    def _pass(h, lp: LinearProgram, cols: np.ndarray) -> None:
        sub = lp.matrix[:, cols]
        h.passModel(len(cols), lp.shape[0], sub.nnz, 1, -1, 0.0, lp.objective[cols], lp.col_lower[cols],
                    lp.col_upper[cols], lp.row_lower, lp.row_upper, sub.indptr.astype(np.int32),
                    sub.indices.astype(np.int32), sub.data, np.zeros(len(cols), np.int32))

    @staticmethod
    def _add(h, lp: LinearProgram, cols: np.ndarray) -> None:
        sub = lp.matrix[:, cols]
        h.addCols(len(cols), lp.objective[cols], lp.col_lower[cols], lp.col_upper[cols], sub.nnz,
                  sub.indptr[:-1].astype(np.int32), sub.indices.astype(np.int32), sub.data)

    def _optimal(self, h, lp, cols, row_dual, reduced, seconds, rounds) -> Solution:
        values = np.zeros(lp.shape[1])
        sol = h.getSolution()
        values[cols] = np.asarray(sol.col_value)
        col_dual = reduced.copy()
        col_dual[cols] = np.asarray(sol.col_dual)
        objective = h.getInfo().objective_function_value
        return Solution("optimal", values, objective, objective, row_dual, col_dual, seconds, self.name,
                        f"optimal after {rounds} rounds on {len(cols)} of {lp.shape[1]} columns")

    def _stopped(self, h, lp, cols, status, seconds) -> Solution:
        # any feasible working-set point is feasible for the whole LP, but not proven optimal
        info = h.getInfo()
        if info.primal_solution_status == 2:
            values = np.zeros(lp.shape[1])
            values[cols] = np.asarray(h.getSolution().col_value)
            return Solution("time_limit", values, info.objective_function_value, None, None, None, seconds,
                            self.name, str(status))
        return Solution("time_limit", None, float("nan"), None, None, None, seconds, self.name, str(status))

