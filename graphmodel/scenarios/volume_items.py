"""The TTS and lost-volume programs of a :class:`SiteNetwork` aggregated to items, for the
stress test.

Where no source is restricted to some buyers (``qualified_for``) and no bill-of-
materials line is scoped to some buyer sites, every site of an item ships into the
same pool and every site of a parent draws on the same lines, so the sites of one
item are interchangeable: only their summed capacity ``C[i]`` (of the sites that
may produce) and summed stock ``Q[i]`` (that may ship) matter. The site program
of :mod:`graphmodel.scenarios.volume_lp` then reduces exactly to one balance row
per item (``docs/scenarios.md``, "The volume stress test")::

    X[i] + Q[i] s - sum over lines (p, i, q) of q X[p] + e[i] >= rate[i]   (rate form)
    0 <= X[i] <= C[i]

with ``X`` production per day, ``s = 1/t``, ``e`` the elastic unmet demand rate
and ``rate`` the demand per day (0 for items no platform demands). Any split of
``X[i]`` over the item's sites within their capacities is a site solution: the
pools pass every unit on to every buyer. For the 1,700-node benchmark network
that is 912 rows instead of 7,350, and a re-solve takes a few ms instead of a few
hundred. The site program stays the reference (the stress-test tests compare the
two on random networks) and gives the per-site duals a scenario report needs.
"""

from __future__ import annotations

import math
from typing import Final

import highspy
import numpy as np
import scipy.sparse as sp

from graphmodel.analysis.index import ITEM
from graphmodel.errors import SupplynetError
from graphmodel.scenarios.volume_lp import T_MAX, _new_highs
from graphmodel.scenarios.volume_net import POOL, FloatArray, SiteNetwork

__all__ = ["ItemModel"]

_INF: Final = highspy.kHighsInf
#: Cost of a unit of elastic unmet demand rate in the TTS rate form (it must never pay).
_ELASTIC: Final = 1e6


class ItemModel:
    """The item-level TTS and lost-volume programs of one aggregable site network.

    Parameters
    ----------
    net : SiteNetwork
        The site network; :meth:`aggregable` must hold.
    """

    def __init__(self, net: SiteNetwork) -> None:
        if not self.aggregable(net):
            raise SupplynetError("the item-level volume model needs unrestricted, unscoped sites")
        self.net = net
        K = len(net.demand_item)
        #: The items (rows and X columns, in index order) and each node's row (-1: none).
        self.items = np.flatnonzero(np.asarray(net.ix.kind) == ITEM)
        self.n = n = len(self.items)
        self.row_of = np.full(len(net.ix.ids), -1, dtype=np.int64)
        self.row_of[self.items] = np.arange(n)
        self.real = net.site_kind != POOL
        req = net.requirement_rates()[self.items]
        self.sig = sig = np.where(req > 0, req, 1.0)
        dem = self.row_of[net.demand_item]
        rate = np.zeros(n)
        rate[dem] = net.demand_rate
        self.rate = rate / sig
        self.sig_dem = sig[dem]
        # Columns: s (or t), X[0..n), e[0..K). Rows: one balance row per item.
        self.cx, self.ce = 1, 1 + n
        self.ncol = 1 + n + K
        lp_, lc_ = self.row_of[net.line_parent], self.row_of[net.line_child]
        rows = np.concatenate([np.arange(n), lc_, dem])
        cols = np.concatenate([self.cx + np.arange(n), self.cx + lp_, self.ce + np.arange(K)])
        vals = np.concatenate([np.ones(n), -net.line_qty * sig[lp_] / sig[lc_], np.ones(K)])
        self.balance = sp.csc_array((vals, (rows, cols)), shape=(n, self.ncol))
        self.balance.sum_duplicates()
        self._rate: highspy.Highs | None = None
        self._lv: highspy.Highs | None = None
        self._state: dict[int, dict[str, FloatArray]] = {}
        #: Results by scenario (the stress test's: its capacities, stocks and horizons).
        self.memo: dict[bytes, tuple[float, FloatArray]] = {}
        #: The baseline (:meth:`set_baseline`): TTS, stock, production and basis.
        self.base_tts: float | None = None
        self._base_stock = np.zeros(n)
        self._base_x: FloatArray | None = None
        self._base_basis: highspy.HighsBasis | None = None

    @staticmethod
    def aggregable(net: SiteNetwork) -> bool:
        """Whether the item-level programs are exact for ``net`` (module docstring)."""
        if net.line_scoped is None or net.site_restricted is None:
            return False
        return not bool(net.line_scoped.any()) and not bool(net.site_restricted.any())

    # -- bounds ---------------------------------------------------------------------------

    def capacity(self, x_upper: FloatArray) -> FloatArray:
        """Per item (row order): the summed capacity per day of its sites that may produce."""
        net = self.net
        on = self.real & (x_upper > 0)
        rows = self.row_of[net.site_item[on]]
        got: FloatArray = np.bincount(rows, weights=net.cap[on], minlength=self.n).astype(
            np.float64
        )
        return got

    def stock(self, stock_upper: FloatArray) -> FloatArray:
        """Per item (row order): the summed stock of its sites that may ship."""
        net = self.net
        rows = self.row_of[net.site_item[self.real]]
        got: FloatArray = np.bincount(
            rows, weights=stock_upper[self.real], minlength=self.n
        ).astype(np.float64)
        return got

    # -- the rate form ----------------------------------------------------------------------

    def _model(self, lv: bool) -> highspy.Highs:
        got = self._lv if lv else self._rate
        if got is not None:
            return got
        # The stock column (s) starts empty; each solve sets the stocks that changed.
        a = self.balance
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.ncol, self.n
        cost = np.zeros(self.ncol)
        if lv:
            cost[self.ce :] = self.net.demand_weight * self.sig_dem
        else:
            cost[0] = 1.0
            cost[self.ce :] = _ELASTIC
        lp.sense_ = highspy.ObjSense.kMinimize
        lp.col_cost_ = cost
        lp.col_lower_ = np.zeros(self.ncol)
        lp.col_upper_ = np.full(self.ncol, _INF)
        lp.row_lower_ = self.rate.copy()
        lp.row_upper_ = np.full(self.n, _INF)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = a.indptr.astype(np.int32)
        lp.a_matrix_.index_ = a.indices.astype(np.int32)
        lp.a_matrix_.value_ = a.data.astype(np.float64)
        h = _new_highs()
        h.passModel(lp)
        self._state[id(h)] = {
            "ub": np.full(self.n, np.inf),
            "q": np.zeros(self.n),
            "s": np.array([0.0, np.inf]),
        }
        if lv:
            self._lv = h
        else:
            self._rate = h
        return h

    def _run(
        self,
        h: highspy.Highs,
        cap: FloatArray,
        stock: FloatArray,
        s_lo: float,
        s_up: float,
        basis: highspy.HighsBasis | None = None,
    ) -> bool:
        """Send the bounds that changed since the last solve, and solve from its basis (or
        from ``basis``)."""
        st = self._state[id(h)]
        ub = np.where(np.isfinite(cap), cap / self.sig, _INF)
        old = st["ub"]
        diff = np.flatnonzero(old != ub)
        if len(diff):
            old[diff] = ub[diff]
            h.changeColsBounds(
                len(diff), (self.cx + diff).astype(np.int32), np.zeros(len(diff)), ub[diff].copy()
            )
        q = stock / self.sig
        for i in np.flatnonzero(st["q"] != q):
            h.changeCoeff(int(i), 0, float(q[i]))
        st["q"][:] = q
        if st["s"][0] != s_lo or st["s"][1] != s_up:
            h.changeColBounds(0, s_lo, s_up)
            st["s"][:] = (s_lo, s_up)
        if basis is not None:
            h.setBasis(basis)
        h.run()
        if "warm" not in st:
            h.setOptionValue("presolve", "off")  # later solves start from this basis
            st["warm"] = np.ones(1)
        ms = highspy.HighsModelStatus
        if h.getModelStatus() != ms.kOptimal:
            # A warm start can stall on a badly scaled basis: solve once more from scratch.
            h.clearSolver()
            h.setOptionValue("presolve", "on")
            h.run()
            h.setOptionValue("presolve", "off")
        return bool(h.getModelStatus() == ms.kOptimal)

    def survive(self, cap: FloatArray, stock: FloatArray, from_baseline: bool = False) -> float:
        """The network TTS (days; ``inf`` unbounded) under per-item ``cap`` and ``stock``;
        ``from_baseline`` starts from the baseline's optimal basis (:meth:`set_baseline`)
        rather than the last solve's: a single-node disruption is one change away from it."""
        h = self._model(lv=False)
        basis = self._base_basis if from_baseline else None
        if self._run(h, cap, stock, 0.0, _INF, basis):
            col = np.asarray(h.getSolution().col_value)
            if not np.any(col[self.ce :] > 1e-6):  # above solver noise (scaled units)
                s_val = float(col[0])
                return math.inf if s_val <= 1e-12 else 1.0 / s_val
        return self._survive_volume(cap, stock)

    def set_baseline(self, cap: FloatArray, stock: FloatArray) -> float:
        """Solve the undisrupted TTS and keep its solution and basis; returns the TTS."""
        h = self._model(lv=False)
        tts = self.survive(cap, stock)
        self.base_tts = tts
        self._base_stock = stock.copy()
        if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            col = np.asarray(h.getSolution().col_value)
            if not np.any(col[self.ce :] > 1e-6):
                self._base_x = col[self.cx : self.ce].copy()
                self._base_basis = h.getBasis()
        return tts

    def baseline_holds(self, cap: FloatArray, stock: FloatArray) -> bool:
        """Whether the baseline's optimal TTS solution is still feasible: no less stock, and
        every item's baseline production within its capacity. Then it is still optimal (a
        disruption only shrinks the feasible set), so the TTS is the baseline's, exactly."""
        if self._base_x is None or np.any(stock < self._base_stock):
            return False
        ub = np.where(np.isfinite(cap), cap / self.sig, np.inf)
        return bool(np.all(self._base_x <= ub + 1e-9 * np.maximum(1.0, ub)))

    def lost(self, cap: FloatArray, stock: FloatArray, horizon: float) -> FloatArray:
        """Per demanded item: unmet demand over ``horizon`` days, every demand competing,
        least weighted total (``s`` fixed at ``1/horizon``, lost = unmet rate x horizon)."""
        h = self._model(lv=True)
        s = 1.0 / horizon
        if not self._run(h, cap, stock, s, s):
            raise SupplynetError("the item-level lost-volume LP was not solved")
        col = np.asarray(h.getSolution().col_value)
        u: FloatArray = col[self.ce :] * self.sig_dem * horizon
        return u

    # -- the volume form (when the rate form cannot decide) ---------------------------------

    def _survive_volume(self, cap: FloatArray, stock: FloatArray) -> float:
        """Maximise ``t`` with production ``X[i] <= C[i] t`` and stock as constants: the
        exact answer where the rate form needs its elastic demand (TTS 0 or about 0).
        Built afresh (rare), with ``t`` capped at :data:`T_MAX`."""
        n = self.n
        fin = np.flatnonzero(np.isfinite(cap))
        dem = np.flatnonzero(self.rate > 0)
        # Balance: X[i] - sum q X[p] - rate[i] t >= -Q[i] (no elastic columns: u = 0).
        bal = self.balance[:, : self.ce] + sp.csc_array(
            (-self.rate[dem], (dem, np.zeros(len(dem), dtype=np.int64))), shape=(n, self.ce)
        )
        capm = sp.csc_array(
            (
                np.concatenate([np.ones(len(fin)), -cap[fin] / self.sig[fin]]),
                (
                    np.concatenate([np.arange(len(fin)), np.arange(len(fin))]),
                    np.concatenate([self.cx + fin, np.zeros(len(fin), dtype=np.int64)]),
                ),
            ),
            shape=(len(fin), self.ce),
        )
        a = sp.vstack([bal, capm]).tocsc()
        a.sort_indices()
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.ce, n + len(fin)
        cost = np.zeros(self.ce)
        cost[0] = 1.0
        lp.sense_ = highspy.ObjSense.kMaximize
        lp.col_cost_ = cost
        lp.col_lower_ = np.zeros(self.ce)
        up = np.full(self.ce, _INF)
        up[0] = T_MAX
        lp.col_upper_ = up
        lp.row_lower_ = np.concatenate([-stock / self.sig, np.full(len(fin), -_INF)])
        lp.row_upper_ = np.concatenate([np.full(n, _INF), np.zeros(len(fin))])
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = a.indptr.astype(np.int32)
        lp.a_matrix_.index_ = a.indices.astype(np.int32)
        lp.a_matrix_.value_ = a.data.astype(np.float64)
        h = _new_highs()
        h.passModel(lp)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise SupplynetError("the item-level TTS LP was not solved")
        t = float(np.asarray(h.getSolution().col_value)[0])
        return math.inf if t >= T_MAX * (1 - 1e-9) else t
