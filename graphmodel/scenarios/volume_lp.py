"""The TTS and lost-volume linear programs of a :class:`SiteNetwork`, solved with HiGHS.

Columns (all >= 0): ``t`` (the horizon, days), ``x[s]`` (units site ``s``
produces over the horizon), ``y[a]`` (units shipped on arc ``a``), ``d[s]``
(units a site of a demanded item delivers to demand) and ``u[k]`` (unmet
demand of demanded item ``k``). Rows::

    capacity   x[s] - cap[s] * t                  <= 0        sites with a finite capacity
    recipe     qty[r] * x[b(r)] - sum y[a in r]   <= 0        one per (BOM line, buyer site)
    outflow    sum y[a from s] + d[s] - x[s]      <= stock[s] one per site
    demand     sum d[s of k] + u[k] - rate[k] * t >= 0        one per demanded item

A scenario is only bounds: a disrupted or switched-off site has ``x[s] <= 0``,
stock that cannot ship makes its outflow row's bound 0, a demand left out of a
per-platform TTS gets a lower bound of -inf. TTS maximises ``t`` (``u`` fixed
at 0); lost volume fixes ``t`` at the horizon and minimises ``sum w[k] u[k]``.
The matrix is built once, vectorised (numpy, then a SciPy CSC array), and each
of the two HiGHS models is built once and re-solved after bound changes, so
every solve after the first starts from the previous optimal basis.
"""

from __future__ import annotations

import math
import os
import sys
import threading
from dataclasses import dataclass
from typing import Any, Final

import highspy
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from graphmodel.errors import SupplynetError
from graphmodel.scenarios.volume_net import FloatArray, SiteNetwork

__all__ = ["T_MAX", "LPSolution", "VolumeModel"]

_INF: Final = highspy.kHighsInf
#: Cost of a unit of elastic unmet demand rate in the rate form (it must never pay).
_ELASTIC: Final = 1e6
#: Largest time to survive solved for (days, about 274 years); reaching it means unbounded.
T_MAX: Final = 1e5
_TOL: Final = 1e-9
_quiet_lock = threading.Lock()
_banner_done = False


def _new_highs() -> highspy.Highs:
    """A silent HiGHS instance.

    HiGHS prints its banner on the first instance of a process, before any
    option can be set; stdout (file descriptor 1) is sent to /dev/null for
    that one construction so command output stays clean JSON.
    """
    global _banner_done
    with _quiet_lock:
        if _banner_done:
            h = highspy.Highs()  # type: ignore[no-untyped-call]
        else:
            sys.stdout.flush()
            saved = os.dup(1)
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, 1)
                h = highspy.Highs()  # type: ignore[no-untyped-call]
            finally:
                os.dup2(saved, 1)
                os.close(saved)
                os.close(null)
            _banner_done = True
    h.setOptionValue("output_flag", False)
    return h


@dataclass(frozen=True)
class LPSolution:
    """One solve: the objective, the columns and row duals it needs, its status."""

    status: str
    objective: float
    t: float
    x: FloatArray
    u: FloatArray
    cap_dual: FloatArray
    out_dual: FloatArray
    iterations: int


class VolumeModel:
    """The two LPs of one site network, built once and re-solved with new bounds."""

    def __init__(self, net: SiteNetwork) -> None:
        self.net = net
        S, A = net.n_sites, len(net.arc_row)
        R, K = net.n_groups, len(net.demand_item)
        item = net.site_item
        dem_of_item = np.full(len(net.ix.ids), -1, dtype=np.int64)
        dem_of_item[net.demand_item] = np.arange(K)
        dk = dem_of_item[item]
        self.d_sites = np.flatnonzero(dk >= 0)
        D = len(self.d_sites)
        self.cap_sites = np.flatnonzero(np.isfinite(net.cap) & (net.cap > 0))
        C = len(self.cap_sites)
        # Column and row offsets.
        self.cx, self.cy, self.cd, self.cu = 1, 1 + S, 1 + S + A, 1 + S + A + D
        ncol = self.cu + K
        self.rcap, self.rrec, self.rout, self.rdem = 0, C, C + R, C + R + S
        nrow = self.rdem + K
        self.ncol, self.nrow = ncol, nrow
        # Each item is counted in units of its requirement per day (1 where no demand
        # needs it): volumes down a deep bill of materials span many orders of magnitude
        # (1,024 modules per antenna, 12 parts per part ...), and unscaled the solver's
        # tolerances fail. x, y, d of a site of item i are in units of req[i]; u[k] in
        # units of req[k]; t stays in days.
        req = net.requirement_rates()
        sig_item = np.where(req > 0, req, 1.0)
        self.sig_site = sig = sig_item[item]
        self.sig_dem = sig_item[net.demand_item]
        cs = self.cap_sites
        arcs = np.arange(A)
        # An arc carries units of its supplier's item into a row of the line's child: 1 for
        # 1 (a substitute, :meth:`VolumeAnalysis.with_substitute`, is the one other item),
        # in scaled units sigma(supplier) / sigma(child), exactly 1 for the child's own sites.
        g_child = np.zeros(R, dtype=np.int64)
        g_child[net.row_group] = net.row_child
        self.arc_coef = sig[net.arc_from] / sig_item[g_child[net.arc_row]]
        rows = np.concatenate(
            [
                self.rcap + np.arange(C),  # capacity: x
                self.rcap + np.arange(C),  # capacity: -cap t
                self.rrec + net.row_group,  # recipe: qty x[b]
                self.rrec + net.arc_row,  # recipe: -y
                self.rout + net.arc_from,  # outflow: +y
                self.rout + self.d_sites,  # outflow: +d
                self.rout + np.arange(S),  # outflow: -x
                self.rdem + dk[self.d_sites],  # demand: +d
                self.rdem + np.arange(K),  # demand: +u
                self.rdem + np.arange(K),  # demand: -rate t
            ]
        )
        cols = np.concatenate(
            [
                self.cx + cs,
                np.zeros(C, dtype=np.int64),
                self.cx + net.row_site,
                self.cy + arcs,
                self.cy + arcs,
                self.cd + np.arange(D),
                self.cx + np.arange(S),
                self.cd + np.arange(D),
                self.cu + np.arange(K),
                np.zeros(K, dtype=np.int64),
            ]
        )
        vals = np.concatenate(
            [
                np.ones(C),
                -net.cap[cs] / sig[cs],
                net.row_qty * sig[net.row_site] / sig_item[net.row_child],
                -self.arc_coef,
                np.ones(A),
                np.ones(D),
                -np.ones(S),
                np.ones(D),
                np.ones(K),
                -net.demand_rate / self.sig_dem,
            ]
        )
        self.matrix = sp.csc_array((vals, (rows, cols)), shape=(nrow, ncol))
        self.matrix.sum_duplicates()
        self.row_lower = np.concatenate([np.full(C + R + S, -_INF), np.zeros(K)]).astype(np.float64)
        self.row_upper = np.concatenate(
            [np.zeros(C + R), net.stock / sig, np.full(K, _INF)]
        ).astype(np.float64)
        self._models: dict[str, tuple[highspy.Highs, dict[str, npt.NDArray[Any]]]] = {}
        self._build_rate(dk, sig_item)

    def _build_rate(self, dk: npt.NDArray[np.int64], sig_item: FloatArray) -> None:
        """The rate form of the TTS program (see :meth:`solve`): columns ``s`` (1/t),
        ``xr`` (production per day), ``yr``, ``dr``, ``e`` (elastic unmet demand rate);
        rows recipe, outflow (stock enters as ``-stock * s``) and demand."""
        net = self.net
        S, A = net.n_sites, len(net.arc_row)
        R, K, D = net.n_groups, len(net.demand_item), len(self.d_sites)
        sig = self.sig_site
        self.qrow, self.qdem = R, R + S
        arcs = np.arange(A)
        q = net.stock / sig
        qs = np.flatnonzero(q > 0)
        rows = np.concatenate(
            [
                net.row_group,
                net.arc_row,
                R + net.arc_from,
                R + self.d_sites,
                R + np.arange(S),
                R + qs,
                R + S + dk[self.d_sites],
                R + S + np.arange(K),
            ]
        )
        cols = np.concatenate(
            [
                self.cx + net.row_site,
                self.cy + arcs,
                self.cy + arcs,
                self.cd + np.arange(D),
                self.cx + np.arange(S),
                np.zeros(len(qs), dtype=np.int64),
                self.cd + np.arange(D),
                self.cu + np.arange(K),
            ]
        )
        vals = np.concatenate(
            [
                net.row_qty * sig[net.row_site] / sig_item[net.row_child],
                -self.arc_coef,
                np.ones(A),
                np.ones(D),
                -np.ones(S),
                -q[qs],
                np.ones(D),
                np.ones(K),
            ]
        )
        self.rate_matrix = sp.csc_array((vals, (rows, cols)), shape=(R + S + K, self.ncol))
        self.rate_matrix.sum_duplicates()
        self.rate_q = q.copy()
        self.rate_demand = net.demand_rate / self.sig_dem
        self.rate_cap = np.where(np.isfinite(net.cap), net.cap / sig, _INF)

    # -- building ---------------------------------------------------------------------------

    def _model(self, mode: str) -> tuple[highspy.Highs, dict[str, npt.NDArray[Any]]]:
        got = self._models.get(mode)
        if got is not None:
            return got
        net = self.net
        lp = highspy.HighsLp()
        nrow = self.nrow if mode not in ("rate", "rate_lv") else self.rate_matrix.shape[0]
        lp.num_col_, lp.num_row_ = self.ncol, nrow
        cost = np.zeros(self.ncol)
        col_lower = np.zeros(self.ncol)
        col_upper = np.full(self.ncol, _INF)
        row_lower, row_upper = self.row_lower.copy(), self.row_upper.copy()
        m = self.matrix
        if mode in ("rate", "rate_lv"):
            if mode == "rate":
                cost[0] = 1.0
                cost[self.cu :] = _ELASTIC
            else:
                cost[self.cu :] = net.demand_weight * self.sig_dem
            lp.sense_ = highspy.ObjSense.kMinimize
            col_upper[self.cx : self.cx + net.n_sites] = 0.0
            row_lower = np.concatenate([np.full(self.qdem, -_INF), self.rate_demand]).astype(
                np.float64
            )
            row_upper = np.concatenate(
                [np.zeros(self.qdem), np.full(len(self.rate_demand), _INF)]
            ).astype(np.float64)
            m = self.rate_matrix
        elif mode == "tts_t":
            cost[0] = 1.0
            lp.sense_ = highspy.ObjSense.kMaximize
            col_upper[self.cu :] = 0.0
        else:
            cost[self.cu :] = net.demand_weight * self.sig_dem
            lp.sense_ = highspy.ObjSense.kMinimize
        lp.col_cost_ = cost
        lp.col_lower_ = col_lower
        lp.col_upper_ = col_upper
        lp.row_lower_ = row_lower.copy()
        lp.row_upper_ = row_upper.copy()
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = m.indptr.astype(np.int32)
        lp.a_matrix_.index_ = m.indices.astype(np.int32)
        lp.a_matrix_.value_ = m.data.astype(np.float64)
        h = _new_highs()
        h.passModel(lp)
        state = {
            "col_lower": col_lower,
            "col_upper": col_upper,
            "row_lower": row_lower,
            "row_upper": row_upper,
        }
        if mode in ("rate", "rate_lv"):
            state["q"] = self.rate_q.copy()
        self._models[mode] = (h, state)
        return h, state

    @staticmethod
    def _set(
        h: highspy.Highs,
        state: dict[str, npt.NDArray[Any]],
        what: str,
        idx: npt.NDArray[np.int64],
        lower: FloatArray,
        upper: FloatArray,
    ) -> None:
        # Only the bounds that differ are sent, so HiGHS keeps its basis.
        lo, up = state[f"{what}_lower"], state[f"{what}_upper"]
        diff = idx[(lo[idx] != lower) | (up[idx] != upper)]
        if len(diff) == 0:
            return
        pick = np.searchsorted(idx, diff)
        lo[diff], up[diff] = lower[pick], upper[pick]
        fn = h.changeColsBounds if what == "col" else h.changeRowsBounds  # type: ignore[attr-defined]
        fn(len(diff), diff.astype(np.int32), lo[diff].copy(), up[diff].copy())

    # -- solving ----------------------------------------------------------------------------

    def _run_rate(
        self,
        h: highspy.Highs,
        state: dict[str, npt.NDArray[Any]],
        ub: FloatArray,
        stock_upper: FloatArray,
        s_lower: float,
        s_upper: float,
        on: npt.NDArray[np.bool_],
    ) -> bool:
        """Set a rate-form model's bounds (only those that changed) and solve it."""
        net = self.net
        S, K = net.n_sites, len(net.demand_item)
        xs = np.arange(self.cx, self.cx + S)
        self._set(h, state, "col", xs, np.zeros(S), ub)
        q = stock_upper / self.sig_site
        old_q = state["q"]
        for site in np.flatnonzero(q != old_q):
            h.changeCoeff(int(self.qrow + site), 0, float(-q[site]))
        old_q[:] = q
        self._set(h, state, "col", np.array([0]), np.array([s_lower]), np.array([s_upper]))
        dems = np.arange(self.qdem, self.qdem + K)
        self._set(h, state, "row", dems, np.where(on, self.rate_demand, -_INF), np.full(K, _INF))
        h.run()
        if "warm" not in state:
            h.setOptionValue("presolve", "off")
            state["warm"] = np.ones(1)
        ms = highspy.HighsModelStatus
        if h.getModelStatus() != ms.kOptimal:
            h.clearSolver()
            h.setOptionValue("presolve", "on")
            h.run()
            h.setOptionValue("presolve", "off")
            if h.getModelStatus() != ms.kOptimal:
                return False
        return True

    def _solve_rate_lv(
        self, x_upper: FloatArray, stock_upper: FloatArray, horizon: float
    ) -> LPSolution | None:
        """Lost volume in rate form: ``s`` fixed at ``1/horizon``, minimise the weighted
        unmet demand rate ``e``; lost volume = ``e x horizon``. The same optimum as the
        volume form (divide every row by the horizon), with capacities as bounds."""
        h, state = self._model("rate_lv")
        net = self.net
        S, K = net.n_sites, len(net.demand_item)
        xs = np.arange(self.cx, self.cx + S)
        ub = np.where(x_upper > 0, self.rate_cap, 0.0)
        s = 1.0 / horizon
        if not self._run_rate(h, state, ub, stock_upper, s, s, np.ones(K, dtype=bool)):
            return None
        sol = h.getSolution()
        col = np.asarray(sol.col_value)
        u = col[self.cu : self.cu + K] * self.sig_dem * horizon
        # Duals in the volume form's terms: 0.01 * cap_dual * cap * horizon and
        # 0.01 * out_dual * stock are the weighted lost volume saved by 1% more.
        rc = np.abs(np.asarray(sol.col_dual)[xs])
        at_cap = (ub > 0) & np.isfinite(ub) & (col[xs] >= ub * (1 - 1e-9))
        cap_dual = np.where(at_cap, rc / self.sig_site, 0.0)
        pi = np.abs(np.asarray(sol.row_dual)[self.qrow : self.qrow + S])
        info = h.getInfo()
        return LPSolution(
            "optimal",
            float(np.dot(u, net.demand_weight)),
            horizon,
            col[xs] * self.sig_site * horizon,
            u,
            cap_dual,
            pi / self.sig_site,
            int(info.simplex_iteration_count),
        )

    def _solve_rate(
        self,
        x_upper: FloatArray,
        stock_upper: FloatArray,
        horizon: float | None,
        demand_on: npt.NDArray[np.bool_] | None,
    ) -> LPSolution | None:
        """TTS in rate form: with ``s = 1/t`` and every volume divided by ``t``, "meet
        ``demand x t`` from capacity x t plus stock" becomes "meet the demand rate from
        capacity plus stock x s": minimise ``s``. The production rates barely move from
        one single-node scenario to the next, so warm starts pay (in the volume form every
        flow scales with ``t``). ``s = 0`` is an unbounded TTS. The elastic ``e`` keeps
        the program feasible; a solution that needs it (no positive TTS, or one the rate
        form cannot tell from 0) returns None and the exact volume form decides."""
        h, state = self._model("rate")
        net = self.net
        S, K = net.n_sites, len(net.demand_item)
        xs = np.arange(self.cx, self.cx + S)
        ub = np.where(x_upper > 0, self.rate_cap, 0.0)
        lo = 0.0 if horizon is None or math.isinf(horizon) else 1.0 / float(horizon)
        on = np.ones(K, dtype=bool) if demand_on is None else demand_on
        if not self._run_rate(h, state, ub, stock_upper, lo, _INF, on):
            return None
        sol = h.getSolution()
        col = np.asarray(sol.col_value)
        if np.any(col[self.cu : self.cu + K] > 1e-6):  # above solver noise (scaled units)
            return None
        s_val = float(col[0])
        t = math.inf if s_val <= 1e-12 else 1.0 / s_val
        info = h.getInfo()
        empty = np.zeros(S)
        if math.isinf(t):
            return LPSolution("unbounded", 0.0, t, empty, np.zeros(K), empty, empty, 0)
        # Duals in the volume form's terms (docs/scenarios.md, bottlenecks): a capacity
        # bound's reduced cost r gives dt/dcap = t^2 r / sigma; an outflow row's dual p
        # gives dt/dstock = t p / sigma. Stored so that 0.01 * cap_dual * cap * t and
        # 0.01 * out_dual * stock are the gains of 1% more.
        rc = np.abs(np.asarray(sol.col_dual)[xs])
        at_cap = (ub > 0) & np.isfinite(ub) & (col[xs] >= ub * (1 - 1e-9))
        cap_dual = np.where(at_cap, t * rc / self.sig_site, 0.0)
        pi = np.abs(np.asarray(sol.row_dual)[self.qrow : self.qrow + S])
        out_dual = t * pi / self.sig_site
        return LPSolution(
            "optimal",
            t,
            t,
            col[xs] * self.sig_site * t,
            np.zeros(K),
            cap_dual,
            out_dual,
            int(info.simplex_iteration_count),
        )

    def solve(
        self,
        mode: str,
        x_upper: FloatArray,
        stock_upper: FloatArray,
        *,
        horizon: float | None = None,
        demand_on: npt.NDArray[np.bool_] | None = None,
    ) -> LPSolution:
        """Solve TTS (``mode="tts"``) or lost volume (``"lv"``) under the given bounds.

        ``x_upper`` is each site's production bound (0 or inf), ``stock_upper``
        each site's stock that may ship. For ``"tts"``, ``horizon`` caps ``t``
        and ``demand_on`` selects the demands that must be met; for ``"lv"``,
        ``horizon`` is the fixed horizon.
        """
        if mode == "tts":
            got = self._solve_rate(x_upper, stock_upper, horizon, demand_on)
            if got is not None:
                return got
            mode = "tts_t"  # the exact form, for the rare case the rate form cannot decide
        if mode == "lv" and horizon is not None and 0 < horizon < math.inf:
            got = self._solve_rate_lv(x_upper, stock_upper, float(horizon))
            if got is not None:
                return got
        h, state = self._model(mode)
        S, K = self.net.n_sites, len(self.net.demand_item)
        xs = np.arange(self.cx, self.cx + S)
        self._set(h, state, "col", xs, np.zeros(S), x_upper)
        outs = np.arange(self.rout, self.rout + S)
        self._set(h, state, "row", outs, np.full(S, -_INF), stock_upper / self.sig_site)
        if mode == "tts_t":
            # An unbounded LP leaves no basis to warm-start from, so t is capped at
            # T_MAX and reaching it reads as unbounded (docs/scenarios.md).
            hz = T_MAX if horizon is None or math.isinf(horizon) else min(float(horizon), T_MAX)
            self._set(h, state, "col", np.array([0]), np.zeros(1), np.array([hz]))
            on = np.ones(K, dtype=bool) if demand_on is None else demand_on
            dems = np.arange(self.rdem, self.rdem + K)
            self._set(h, state, "row", dems, np.where(on, 0.0, -_INF), np.full(K, _INF))
        else:
            if horizon is None or math.isinf(horizon):
                raise SupplynetError("the lost-volume LP needs a finite horizon")
            hz = float(horizon)
            self._set(h, state, "col", np.array([0]), np.array([hz]), np.array([hz]))
        h.run()
        if "warm" not in state:
            # Later solves start from this basis; presolve would only throw it away.
            h.setOptionValue("presolve", "off")
            state["warm"] = np.ones(1)
        status = h.getModelStatus()
        ms = highspy.HighsModelStatus
        if status not in (ms.kOptimal, ms.kUnbounded, ms.kUnboundedOrInfeasible):
            # A warm start can stall on a badly scaled basis: solve once more from scratch.
            h.clearSolver()
            h.setOptionValue("presolve", "on")
            h.run()
            h.setOptionValue("presolve", "off")
            status = h.getModelStatus()
        if status in (ms.kUnbounded, ms.kUnboundedOrInfeasible):
            # Every LP here is feasible (all zeros), so this means unbounded.
            empty = np.zeros(0)
            return LPSolution("unbounded", math.inf, math.inf, empty, empty, empty, empty, 0)
        if status != ms.kOptimal:
            raise SupplynetError(f"the volume LP was not solved: {h.modelStatusToString(status)}")
        sol = h.getSolution()
        col = np.asarray(sol.col_value)
        dual = np.abs(np.asarray(sol.row_dual))
        C = len(self.cap_sites)
        # Back to the data's units: a scaled row is the original row divided by sigma,
        # so its dual is sigma times the original's.
        cap_dual = np.zeros(S)
        cap_dual[self.cap_sites] = dual[self.rcap : self.rcap + C] / self.sig_site[self.cap_sites]
        info = h.getInfo()
        t = float(col[0])
        if mode == "tts_t" and t >= T_MAX * (1 - 1e-9) and (horizon is None or horizon > T_MAX):
            t = math.inf
        return LPSolution(
            "optimal" if math.isfinite(t) else "unbounded",
            float(info.objective_function_value),
            t,
            col[self.cx : self.cx + S] * self.sig_site,
            col[self.cu : self.cu + K] * self.sig_dem,
            cap_dual,
            dual[self.rout : self.rout + S] / self.sig_site,
            int(info.simplex_iteration_count),
        )
