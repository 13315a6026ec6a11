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
        R, K = len(net.row_site), len(net.demand_item)
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
        cs = self.cap_sites
        arcs = np.arange(A)
        rows = np.concatenate(
            [
                self.rcap + np.arange(C),  # capacity: x
                self.rcap + np.arange(C),  # capacity: -cap t
                self.rrec + np.arange(R),  # recipe: qty x[b]
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
                -net.cap[cs],
                net.row_qty,
                -np.ones(A),
                np.ones(A),
                np.ones(D),
                -np.ones(S),
                np.ones(D),
                np.ones(K),
                -net.demand_rate,
            ]
        )
        self.matrix = sp.csc_array((vals, (rows, cols)), shape=(nrow, ncol))
        self.matrix.sum_duplicates()
        self.row_lower = np.concatenate([np.full(C + R + S, -_INF), np.zeros(K)]).astype(np.float64)
        self.row_upper = np.concatenate(
            [np.zeros(C + R), net.stock.copy(), np.full(K, _INF)]
        ).astype(np.float64)
        self._models: dict[str, tuple[highspy.Highs, dict[str, npt.NDArray[Any]]]] = {}

    # -- building ---------------------------------------------------------------------------

    def _model(self, mode: str) -> tuple[highspy.Highs, dict[str, npt.NDArray[Any]]]:
        got = self._models.get(mode)
        if got is not None:
            return got
        net = self.net
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.ncol, self.nrow
        cost = np.zeros(self.ncol)
        col_lower = np.zeros(self.ncol)
        col_upper = np.full(self.ncol, _INF)
        if mode == "tts":
            cost[0] = 1.0
            lp.sense_ = highspy.ObjSense.kMaximize
            col_upper[self.cu :] = 0.0
        else:
            cost[self.cu :] = net.demand_weight
            lp.sense_ = highspy.ObjSense.kMinimize
        lp.col_cost_ = cost
        lp.col_lower_ = col_lower
        lp.col_upper_ = col_upper
        lp.row_lower_ = self.row_lower.copy()
        lp.row_upper_ = self.row_upper.copy()
        m = self.matrix
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = m.indptr.astype(np.int32)
        lp.a_matrix_.index_ = m.indices.astype(np.int32)
        lp.a_matrix_.value_ = m.data.astype(np.float64)
        h = _new_highs()
        h.passModel(lp)
        state = {
            "col_lower": col_lower,
            "col_upper": col_upper,
            "row_lower": self.row_lower.copy(),
            "row_upper": self.row_upper.copy(),
        }
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
        h, state = self._model(mode)
        S, K = self.net.n_sites, len(self.net.demand_item)
        xs = np.arange(self.cx, self.cx + S)
        self._set(h, state, "col", xs, np.zeros(S), x_upper)
        outs = np.arange(self.rout, self.rout + S)
        self._set(h, state, "row", outs, np.full(S, -_INF), stock_upper)
        if mode == "tts":
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
        cap_dual = np.zeros(S)
        cap_dual[self.cap_sites] = dual[self.rcap : self.rcap + C]
        info = h.getInfo()
        t = float(col[0])
        if mode == "tts" and t >= T_MAX * (1 - 1e-9) and (horizon is None or horizon > T_MAX):
            t = math.inf
        return LPSolution(
            "optimal" if math.isfinite(t) else "unbounded",
            float(info.objective_function_value),
            t,
            col[self.cx : self.cx + S],
            col[self.cu : self.cu + K],
            cap_dual,
            dual[self.rout : self.rout + S],
            int(info.simplex_iteration_count),
        )
