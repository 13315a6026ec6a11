"""Stockpile sizing: the least stock per item keeping every platform's time to survive
at least a horizon ``H``, for a scenario or a set of scenarios (``docs/planning.md``).

The linear program is the volume model's own (:mod:`graphmodel.scenarios.volume_lp`,
volume form) with the horizon fixed at ``H``, unmet demand fixed at 0, and one more
column per item: ``z[i] >= 0``, the extra stock of item ``i``, added to the outflow
row of the item's *stock site* (its pool, which ships to every buyer not restricted
by ``qualified_for``; a platform's, or an item without a pool, at its first
stockpile, else its first qualified site). Minimise ``sum w[i] z[i]``:

- ``objective="days"`` (default without unit costs): ``w`` = 1 per day of the item's
  requirement (units / the units per day the demand needs), so items are compared in
  days of demand;
- ``"cost"`` (default with unit costs): ``w`` = the item's unit cost; an item without
  one is not stocked (the result names them);
- ``"units"``: ``w`` = 1.

Every demand met jointly for ``H`` days implies every platform's own TTS >= ``H``.

**A set of scenarios** shares one ``z`` and has one copy of the flows per scenario:
the joint LP. It is solved exactly by constraint generation:

1. each scenario's own sizing LP (in parallel: a process pool or a Dask cluster, like
   the volume stress test): its least cost ``c_s`` and stock ``z_s``; scenarios with
   ``c_s = 0`` need nothing and drop out. ``max c_s`` is a lower bound, and the
   element-wise maximum of the ``z_s`` is a feasible upper bound (more stock never
   shortens survival);
2. the joint LP over an active set (first the costliest scenario; the model is kept
   between rounds and each new scenario's block appended, so HiGHS re-solves from its
   last basis), then a check of every remaining scenario under its ``z`` (its lost
   volume over ``H`` with that stock must be 0; in parallel); violated scenarios join
   the active set, up to ``add`` per round, until none is violated. The last ``z`` is
   then optimal for the whole set (optimal for a relaxation and feasible for every
   constraint).
"""

from __future__ import annotations

import math
import os
import time
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Final

import highspy
import networkx as nx
import numpy as np
import scipy.sparse as sp

from graphmodel.errors import SupplynetError, ValidationFailed
from graphmodel.scenarios.model import ScenarioSpec
from graphmodel.scenarios.removal import Removal, resolve
from graphmodel.scenarios.validate import scenario_problems
from graphmodel.scenarios.volume import Bounds, VolumeAnalysis, num
from graphmodel.scenarios.volume_lp import _new_highs
from graphmodel.scenarios.volume_net import POOL, FloatArray
from graphmodel.scenarios.volume_stress import stress_nodes

__all__ = ["Sizer", "size_stockpiles"]

_INF: Final = highspy.kHighsInf
#: Lost volume (share of the requirement over the horizon) read as zero.
_TOL: Final = 1e-7
_CHUNK: Final = 32
#: HiGHS solver of the joint program: on the 1,700-node benchmark interior point and
#: PDLP were no faster than simplex (docs/benchmarks.md), so simplex it is.
JOINT_SOLVER = "simplex"
_SIZERS: dict[str, Sizer] = {}


@dataclass(frozen=True)
class _Need:
    """One scenario's own sizing result (``z`` in days of each stockable item)."""

    key: int
    cost: float
    z: FloatArray | None  # None: infeasible even with unlimited stock


def _highs(
    mat: sp.csc_array,
    cost: FloatArray,
    bounds: tuple[FloatArray, FloatArray, FloatArray, FloatArray],
) -> highspy.Highs:
    """A silent HiGHS instance holding ``min cost x`` over ``mat`` and ``bounds``."""
    col_lo, col_up, row_lo, row_up = bounds
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = mat.shape[1], mat.shape[0]
    lp.col_cost_ = cost
    lp.col_lower_, lp.col_upper_ = col_lo, col_up
    lp.row_lower_, lp.row_upper_ = row_lo, row_up
    lp.sense_ = highspy.ObjSense.kMinimize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = mat.indptr.astype(np.int32)
    lp.a_matrix_.index_ = mat.indices.astype(np.int32)
    lp.a_matrix_.value_ = mat.data.astype(np.float64)
    h = _new_highs()
    h.setOptionValue("solver", JOINT_SOLVER)
    h.passModel(lp)
    return h


class Sizer:
    """The sizing LP of one graph (module docstring), re-solved per scenario."""

    def __init__(
        self,
        G: nx.MultiDiGraph,
        horizon: float,
        unit_costs: dict[str, float] | None = None,
        objective: str = "auto",
        *,
        analysis: VolumeAnalysis | None = None,
        demand_on: list[str] | None = None,
    ) -> None:
        if not horizon > 0 or math.isinf(horizon):
            raise SupplynetError("The stockpile horizon must be a positive number of days.")
        self.va = va = analysis or VolumeAnalysis(G)
        self.H = float(horizon)
        net, ids = va.net, va.ix.ids
        costs = unit_costs or {}
        if objective == "auto":
            objective = "cost" if costs else "days"
        if objective not in ("days", "cost", "units"):
            raise SupplynetError("objective must be days, cost or units")
        self.objective = objective
        req = net.requirement_rates()
        self.items = items = np.flatnonzero(req > 0)
        self.req = req
        pool = np.full(len(ids), -1, dtype=np.int64)
        pools = np.flatnonzero(net.site_kind == POOL)
        pool[net.site_item[pools]] = pools
        self.site = np.array(
            [int(pool[i]) if pool[i] >= 0 else va._stock_site(int(i)) for i in items],
            dtype=np.int64,
        )
        # z is in days of the item's requirement rate (the model's scaled units).
        if objective == "days":
            w = np.ones(len(items))
        elif objective == "units":
            w = req[items].copy()
        else:
            w = np.array([costs.get(ids[int(i)], math.nan) for i in items]) * req[items]
        self.no_cost = [ids[int(i)] for i, x in zip(items, w, strict=True) if math.isnan(x)]
        self.stockable = ~np.isnan(w)
        self.w = np.where(self.stockable, w, 0.0)
        self.unit_cost = np.array([costs.get(ids[int(i)], math.nan) for i in items])
        m = va.model
        Z = len(items)
        zmat = sp.csc_array((-np.ones(Z), (m.rout + self.site, np.arange(Z))), shape=(m.nrow, Z))
        self.matrix = sp.hstack([m.matrix, zmat], format="csc")
        self.ncol = m.ncol + Z
        #: Demands that must be met (all when None): a per-platform sizing.
        self.platforms = demand_on
        self.demand_on = np.ones(len(net.demand_item), dtype=bool)
        if demand_on is not None:
            wanted = {va.ix.pos[p] for p in demand_on if p in va.ix.pos}
            self.demand_on = np.isin(net.demand_item, list(wanted))
        self._h: highspy.Highs | None = None
        self._state: dict[str, FloatArray] = {}

    # -- one scenario --------------------------------------------------------------------

    def _bounds(
        self, b: Bounds, z_fixed: FloatArray | None = None
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        m, net = self.va.model, self.va.net
        S, K, Z = net.n_sites, len(net.demand_item), len(self.items)
        col_lo = np.zeros(self.ncol)
        col_up = np.full(self.ncol, _INF)
        col_lo[0] = col_up[0] = self.H
        col_up[m.cx : m.cx + S] = np.where(np.isinf(b.x_upper), _INF, b.x_upper)
        col_up[m.cu : m.cu + K] = 0.0
        zs = slice(m.ncol, m.ncol + Z)
        if z_fixed is None:
            col_up[zs] = np.where(self.stockable, _INF, 0.0)
        else:
            col_lo[zs] = col_up[zs] = z_fixed
        row_lo = m.row_lower.copy()
        row_up = m.row_upper.copy()
        row_up[m.rout : m.rout + S] = b.stock_upper / m.sig_site
        row_lo[m.rdem : m.rdem + K] = np.where(self.demand_on, 0.0, -_INF)
        return col_lo, col_up, row_lo, row_up

    def _model(self) -> highspy.Highs:
        if self._h is not None:
            return self._h
        cost = np.zeros(self.ncol)
        cost[self.va.model.ncol :] = self.w
        col_lo, col_up, row_lo, row_up = self._bounds(self.va.undisrupted())
        self._h = _highs(self.matrix, cost, (col_lo, col_up, row_lo, row_up))
        self._state = {"col_lo": col_lo, "col_up": col_up, "row_lo": row_lo, "row_up": row_up}
        return self._h

    def need(self, b: Bounds, z_fixed: FloatArray | None = None) -> tuple[float, FloatArray | None]:
        """This scenario's least weighted stock and its ``z`` (days per stockable item);
        ``(inf, None)`` when no stock of these items meets the demand (with ``z_fixed``:
        when that stock does not)."""
        h = self._model()
        col_lo, col_up, row_lo, row_up = self._bounds(b, z_fixed)
        st = self._state
        # Only the bounds that changed are sent, so HiGHS re-solves from its last basis.
        cd = np.flatnonzero((st["col_lo"] != col_lo) | (st["col_up"] != col_up))
        if len(cd):
            h.changeColsBounds(len(cd), cd.astype(np.int32), col_lo[cd], col_up[cd])
        rd = np.flatnonzero((st["row_lo"] != row_lo) | (st["row_up"] != row_up))
        if len(rd):
            h.changeRowsBounds(len(rd), rd.astype(np.int32), row_lo[rd], row_up[rd])  # type: ignore[attr-defined]
        self._state = {"col_lo": col_lo, "col_up": col_up, "row_lo": row_lo, "row_up": row_up}
        h.run()
        ms = highspy.HighsModelStatus
        status = h.getModelStatus()
        if status not in (ms.kOptimal, ms.kInfeasible):
            h.clearSolver()
            h.run()
            status = h.getModelStatus()
        if status == ms.kInfeasible:
            return math.inf, None
        if status != ms.kOptimal:
            raise SupplynetError(
                f"The stockpile sizing LP was not solved: {h.modelStatusToString(status)}"
            )
        col = np.asarray(h.getSolution().col_value)
        z = np.maximum(col[self.va.model.ncol :], 0.0)
        return float(np.dot(self.w, z)), z

    def violated(self, b: Bounds, z: FloatArray) -> float:
        """The share of the demand over the horizon this scenario still loses with
        stock ``z`` added (0 when ``z`` covers it; 1 when it does not, for a sizing of
        some platforms only)."""
        if not self.demand_on.all():
            return 0.0 if self.need(b, z)[1] is not None else 1.0
        st = b.stock_upper.copy()
        np.add.at(st, self.site, z * self.req[self.items])
        sol = self.va.lost_volume(Bounds(b.x_upper, st, b.disrupted), self.H)
        need = float(np.dot(self.va.net.demand_rate, self.va.net.demand_weight)) * self.H
        return float(sol.objective) / need if need > 0 else 0.0


class _Joint:
    """The joint program kept between rounds of the constraint generation: a new
    scenario's block is appended (columns, then rows linking it to the shared ``z``), so
    HiGHS re-solves from the previous optimal basis instead of from scratch."""

    def __init__(self, sz: Sizer) -> None:
        self.sz = sz
        Z = len(sz.items)
        self.Z = Z
        self.h = _new_highs()
        self.h.setOptionValue("solver", JOINT_SOLVER)
        empty_i, empty_f = np.zeros(0, dtype=np.int32), np.zeros(0)
        self.h.addCols(
            Z,
            sz.w.astype(np.float64),
            np.zeros(Z),
            np.where(sz.stockable, _INF, 0.0),
            0,
            empty_i,
            empty_i,
            empty_f,
        )
        coo = sz.va.model.matrix.tocoo()
        self._rows, self._cols, self._vals = coo.row, coo.col, coo.data
        self._zrow = sz.va.model.rout + sz.site
        self.n = 0

    def add(self, b: Bounds) -> None:
        m, Z = self.sz.va.model, self.Z
        ncol0, nrow = m.ncol, m.nrow
        cl, cu, rl, ru = self.sz._bounds(b)
        empty_i, empty_f = np.zeros(0, dtype=np.int32), np.zeros(0)
        off = Z + self.n * ncol0
        self.h.addCols(ncol0, np.zeros(ncol0), cl[:ncol0], cu[:ncol0], 0, empty_i, empty_i, empty_f)
        rows = np.concatenate([self._rows, self._zrow])
        cols = np.concatenate([self._cols + off, np.arange(Z)])
        vals = np.concatenate([self._vals, -np.ones(Z)])
        R = sp.csr_array((vals, (rows, cols)), shape=(nrow, off + ncol0))
        R.sum_duplicates()
        self.h.addRows(
            nrow,
            rl,
            ru,
            len(R.data),
            R.indptr[:-1].astype(np.int32),
            R.indices.astype(np.int32),
            R.data.astype(np.float64),
        )
        self.n += 1

    def solve(self) -> tuple[float, FloatArray]:
        h = self.h
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            h.clearSolver()
            h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise SupplynetError(
                "The joint stockpile LP was not solved: "
                f"{h.modelStatusToString(h.getModelStatus())}"
            )
        col = np.asarray(h.getSolution().col_value)
        z = np.maximum(col[: self.Z], 0.0)
        return float(np.dot(self.sz.w, z)), z


# -- scenarios ---------------------------------------------------------------------------


def _scenario_bounds(
    va: VolumeAnalysis, scenarios: Sequence[ScenarioSpec] | None, platform: str | None
) -> tuple[list[str], list[Bounds | int]]:
    """Names and bounds (or, for the stress test, node indices) of every scenario."""
    if scenarios is None:
        nodes = stress_nodes(va, platform)
        return [va.ix.ids[x] for x in nodes], list(nodes)
    problems = [p for s in scenarios for p in scenario_problems(va.G, s)]
    if problems:
        raise ValidationFailed(problems, what="scenario")
    out: list[Bounds | int] = []
    for s in scenarios:
        removal = resolve(va.G, va.ix, s)
        out.append(va.disruption(removal, s.stock_ships_when_disrupted))
    return [s.name for s in scenarios], out


def _node_bounds(va: VolumeAnalysis, x: int) -> Bounds:
    return va.disruption(Removal(frozenset((x,))))


def _as_bounds(va: VolumeAnalysis, b: Bounds | int) -> Bounds:
    return b if isinstance(b, Bounds) else _node_bounds(va, b)


def _needs(sz: Sizer, keyed: Sequence[tuple[int, Bounds | int]]) -> list[_Need]:
    out = []
    with sz.va.lock:
        for key, b in keyed:
            cost, z = sz.need(_as_bounds(sz.va, b))
            out.append(_Need(key, cost, z))
    return out


def _checks(sz: Sizer, keyed: Sequence[tuple[int, Bounds | int]], z: FloatArray) -> list[float]:
    with sz.va.lock:
        return [sz.violated(_as_bounds(sz.va, b), z) for _, b in keyed]


def _worker_sizer(
    key: str,
    G: nx.MultiDiGraph,
    H: float,
    costs: dict[str, float],
    objective: str,
    demand_on: list[str] | None = None,
) -> Sizer:
    sz = _SIZERS.get(key)
    if sz is None:
        for old in [k for k in _SIZERS if k != key]:
            del _SIZERS[old]  # a long-lived worker keeps only the latest sizing model
        sz = _SIZERS[key] = Sizer(G, H, costs, objective, demand_on=demand_on)
    return sz


def _task(
    what: str,
    key: str,
    G: nx.MultiDiGraph,
    H: float,
    costs: dict[str, float],
    objective: str,
    demand_on: list[str] | None,
    keyed: list[tuple[int, Bounds | int]],
    z: FloatArray | None,
) -> list[Any]:
    _worker_sizer(key, G, H, costs, objective, demand_on)
    return _pool_task(what, key, keyed, z)


def _pool_init(
    key: str,
    G: nx.MultiDiGraph,
    H: float,
    costs: dict[str, float],
    objective: str,
    demand_on: list[str] | None,
) -> None:
    _worker_sizer(key, G, H, costs, objective, demand_on)


def _pool_task(
    what: str, key: str, keyed: list[tuple[int, Bounds | int]], z: FloatArray | None
) -> list[Any]:
    sz = _SIZERS[key]
    if what == "need":
        return _needs(sz, keyed)
    assert z is not None
    return _checks(sz, keyed, z)


def _chunks(xs: list[Any], n: int) -> Iterator[list[Any]]:
    for k in range(0, len(xs), n):
        yield xs[k : k + n]


class _Runner:
    """Runs sizing and check tasks here, on a process pool or on a Dask cluster."""

    def __init__(
        self,
        G: nx.MultiDiGraph,
        sz: Sizer,
        costs: dict[str, float],
        workers: int,
        cluster: str | None,
    ) -> None:
        self.G, self.sz, self.costs = G, sz, costs
        self.key = f"size-{uuid.uuid4().hex}"
        self.workers, self.cluster = workers, cluster
        self.pool: ProcessPoolExecutor | None = None
        self.client: Any = None
        self.graph: Any = G
        if cluster:
            try:
                from distributed import Client
            except ImportError:
                raise SupplynetError(
                    "Running on a cluster needs the optional extra: "
                    "pip install 'supplynet[cluster]'"
                ) from None
            try:
                self.client = Client(cluster, timeout=30)  # type: ignore[no-untyped-call]
            except OSError as exc:
                raise SupplynetError(
                    f"Cannot reach the Dask scheduler at {cluster}: {exc}"
                ) from None
            self.graph = self.client.scatter(G, broadcast=True)
            n = len(self.client.scheduler_info().get("workers", {}))
            self.engine = f"dask cluster at {cluster} ({n} workers)"
        else:
            self.engine = "in-process"

    def _pool(self) -> ProcessPoolExecutor:
        # Started on first use: a single scenario never pays for worker processes.
        if self.pool is None:
            self.engine = f"process pool of {self.workers}"
            sz = self.sz
            # Each worker builds its model once (the graph is sent once, as the initializer).
            self.pool = ProcessPoolExecutor(
                max_workers=self.workers,
                initializer=_pool_init,
                initargs=(self.key, self.G, sz.H, self.costs, sz.objective, sz.platforms),
            )
        return self.pool

    def run(self, what: str, keyed: list[tuple[int, Bounds | int]], z: FloatArray | None) -> Any:
        if not keyed:
            return []
        sz = self.sz
        args = (sz.H, self.costs, sz.objective, sz.platforms)
        if self.client is not None:
            futs = [
                self.client.submit(_task, what, self.key, self.graph, *args, part, z, pure=False)
                for part in _chunks(keyed, _CHUNK)
            ]
            parts = self.client.gather(futs)
        elif self.workers > 1 and len(keyed) > _CHUNK // 4:
            size = max(1, min(_CHUNK, math.ceil(len(keyed) / (4 * self.workers))))
            pool = self._pool()
            futs = [
                pool.submit(_pool_task, what, self.key, part, z) for part in _chunks(keyed, size)
            ]
            parts = [f.result() for f in futs]
        else:
            parts = [_needs(sz, keyed) if what == "need" else _checks(sz, keyed, z)]  # type: ignore[arg-type]
        return [r for part in parts for r in part]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()
        if self.client is not None:
            self.client.close()


def size_stockpiles(
    G: nx.MultiDiGraph,
    scenarios: Sequence[ScenarioSpec] | None = None,
    *,
    horizon: float,
    platform: str | None = None,
    platforms: list[str] | None = None,
    unit_costs: dict[str, float] | None = None,
    objective: str = "auto",
    workers: int | None = 1,
    cluster: str | None = None,
    add: int = 8,
    analysis: VolumeAnalysis | None = None,
) -> dict[str, Any]:
    """The least stock per item keeping every platform's TTS >= ``horizon`` under every
    scenario (module docstring).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The supply graph.
    scenarios : sequence of ScenarioSpec, optional
        The scenarios; None: the whole single-node stress test (every organisation,
        facility and country of a qualified site of the network, or of ``platform``'s).
    platforms : list of str, optional
        Only these platforms' demand must be met (every demand when None).
    horizon : float
        Days every platform's demand must be met.
    unit_costs : dict, optional
        Cost per unit of stock, by item id.
    objective : str
        ``days``, ``cost``, ``units`` or ``auto`` (cost with unit costs, else days).
    workers : int or None
        1: here; N: a process pool of N; None: one per core.
    cluster : str, optional
        A Dask scheduler address to run the per-scenario programs on.
    add : int
        Most violated scenarios added to the joint program per round.

    Returns
    -------
    dict
        ``computed``, ``horizon_days``, ``objective``, ``scenarios`` (count),
        ``scenarios_needing_stock``, ``infeasible`` (scenarios no stock of these items
        can cover), ``items`` (per item: ``units``, ``days_of_demand``, ``unit_cost``,
        ``cost``, ``held_at``, ``scenarios_needing``, ``worst_scenario``), ``total``
        (weighted objective and cost), ``lower_bound`` and ``upper_bound`` of the
        decomposition, ``binding_scenarios``, ``rounds``, ``engine``, ``seconds`` and
        ``phase_seconds`` (per-scenario programs, joint programs, checks).
    """
    t0 = time.perf_counter()
    va = analysis or VolumeAnalysis(G)
    reason, _ = va.data_status()
    if reason is not None:
        return {"computed": False, "reason": reason}
    costs = dict(unit_costs or {})
    sz = Sizer(G, horizon, costs, objective, analysis=va, demand_on=platforms)
    names, raw = _scenario_bounds(va, scenarios, platform)
    keyed: list[tuple[int, Bounds | int]] = list(enumerate(raw))
    n = workers or os.cpu_count() or 1
    runner = _Runner(G, sz, costs, n, cluster)
    phase = {"scenario_programs": 0.0, "joint_programs": 0.0, "checks": 0.0}
    try:
        t1 = time.perf_counter()
        needs: list[_Need] = sorted(runner.run("need", keyed, None), key=lambda r: r.key)
        phase["scenario_programs"] = time.perf_counter() - t1
        infeasible = [names[r.key] for r in needs if r.z is None]
        positive = [r for r in needs if r.z is not None and r.cost > 1e-9]
        Z = len(sz.items)
        rounds = 0
        if not positive:
            z = np.zeros(Z)
            active: list[int] = []
        else:
            positive.sort(key=lambda r: -r.cost)
            active = [positive[0].key]
            z = positive[0].z if positive[0].z is not None else np.zeros(Z)
            rest = [r.key for r in positive[1:]]
            joint = _Joint(sz)
            joint.add(_as_bounds(va, raw[active[0]]))
            while True:
                rounds += 1
                if len(active) > 1:
                    t1 = time.perf_counter()
                    for k in active[joint.n :]:
                        joint.add(_as_bounds(va, raw[k]))
                    _, z = joint.solve()
                    phase["joint_programs"] += time.perf_counter() - t1
                t1 = time.perf_counter()
                viol = runner.run("check", [(k, raw[k]) for k in rest], z)
                phase["checks"] += time.perf_counter() - t1
                bad = sorted(
                    ((v, k) for v, k in zip(viol, rest, strict=True) if v > _TOL), reverse=True
                )
                if not bad:
                    break
                new = [k for _, k in bad[:add]]
                active += new
                rest = [k for k in rest if k not in new]
    finally:
        runner.close()
    lower = max((r.cost for r in positive), default=0.0)
    zmax = np.zeros(Z)
    for r in positive:
        assert r.z is not None
        zmax = np.maximum(zmax, r.z)
    ids = va.ix.ids
    rows = []
    for j in np.flatnonzero(z > 1e-9):
        i = int(sz.items[j])
        units = float(z[j] * sz.req[i])
        uc = float(sz.unit_cost[j])
        per = [(float(r.z[j]), names[r.key]) for r in positive if r.z is not None]
        needing = [nm for d, nm in per if d > 1e-9]
        worst = max(per, default=(0.0, ""))
        rows.append(
            {
                "item": ids[i],
                "name": va.G.nodes[ids[i]].get("name"),
                "unit": va.G.nodes[ids[i]].get("unit"),
                "units": num(units),
                "days_of_demand": num(float(z[j])),
                "requirement_per_day": num(float(sz.req[i])),
                "unit_cost": num(uc) if not math.isnan(uc) else None,
                "cost": num(units * uc) if not math.isnan(uc) else None,
                "held_at": va.net.site_name(int(sz.site[j])),
                "scenarios_needing": len(needing),
                "worst_scenario": worst[1] if worst[0] > 0 else None,
            }
        )
    rows.sort(key=lambda r: (-(r["cost"] or 0.0), -(r["days_of_demand"] or 0.0), r["item"]))
    costs_known = [r["cost"] for r in rows if r["cost"] is not None]
    objective_value = float(np.dot(sz.w, z))
    return {
        "computed": True,
        "horizon_days": num(sz.H),
        "objective": sz.objective,
        "platform": platform,
        "platforms": platforms,
        "scenarios": len(names),
        "scenarios_needing_stock": len(positive),
        "infeasible": infeasible,
        "items_without_unit_cost": sz.no_cost if sz.objective == "cost" else [],
        "items": rows,
        "total": {
            "objective": num(objective_value),
            "units": num(sum(r["units"] or 0.0 for r in rows)),
            "cost": num(sum(costs_known)) if len(costs_known) == len(rows) else None,
        },
        "lower_bound": num(lower),
        "upper_bound": num(float(np.dot(sz.w, zmax))),
        "binding_scenarios": [names[k] for k in active],
        "rounds": rounds,
        "engine": runner.engine,
        "seconds": round(time.perf_counter() - t0, 3),
        "phase_seconds": {k: round(v, 3) for k, v in phase.items()},
        "stock_units": {
            ids[int(sz.items[j])]: float(z[j] * sz.req[int(sz.items[j])])
            for j in np.flatnonzero(z > 1e-12)
        },
    }
