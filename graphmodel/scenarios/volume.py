"""Volume-aware disruption analysis: time to survive, time to recover and lost volume
from the linear programs of :mod:`graphmodel.scenarios.volume_lp` (Simchi-Levi et
al. 2015; ``docs/scenarios.md``, "The volume model").

:class:`VolumeAnalysis` holds one graph's site network and its two LP models;
:meth:`VolumeAnalysis.disruption` turns a scenario's :class:`Removal` into
bounds, :meth:`VolumeAnalysis.survive` and :meth:`VolumeAnalysis.lost_volume`
solve, and :meth:`VolumeAnalysis.report` assembles the JSON-ready result.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, replace
from typing import Any, Final

import networkx as nx
import numpy as np
import numpy.typing as npt

from graphmodel.analysis.index import NO_NODE, SupplyIndex
from graphmodel.analysis.policy import Policy
from graphmodel.analysis.producibility import bom_closure
from graphmodel.scenarios.facts import Facts
from graphmodel.scenarios.model import ScenarioSpec
from graphmodel.scenarios.removal import Removal
from graphmodel.scenarios.volume_items import ItemModel
from graphmodel.scenarios.volume_lp import LPSolution, VolumeModel
from graphmodel.scenarios.volume_net import (
    CANDIDATE,
    GAP,
    POOL,
    SOURCE,
    STOCKPILE,
    FloatArray,
    SiteNetwork,
    build_network,
)

__all__ = ["UNBOUNDED_HORIZON_DAYS", "Bounds", "Survival", "VolumeAnalysis", "num"]

_REL: Final = 1e-7
_LISTED: Final = 20
#: Lost-volume horizon (days) for a recovery that never comes, unless ``horizon_days``.
UNBOUNDED_HORIZON_DAYS: Final = 365.0


def num(x: float) -> float | None:
    """A figure for JSON: 6 significant digits, ``None`` for infinite.

    Examples
    --------
    >>> num(1 / 3), num(math.inf), num(123456789.0)
    (0.333333, None, 123457000.0)
    """
    if math.isinf(x) or math.isnan(x):
        return None
    return float(f"{x:.6g}") + 0.0  # + 0.0 turns -0.0 into 0.0


def _same(a: float, b: float) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= _REL * max(1.0, abs(a), abs(b))


@dataclass(frozen=True)
class Bounds:
    """A disruption as LP bounds, plus which sites it disrupts."""

    x_upper: FloatArray
    stock_upper: FloatArray
    disrupted: npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Survival:
    """Time to survive, network-wide and per demanded item (index order of the network)."""

    network: float
    per_item: FloatArray
    solution: LPSolution
    #: Each demanded item's own TTS solution (empty unless asked for).
    per_item_solutions: tuple[LPSolution, ...] = ()


class VolumeAnalysis:
    """The volume model of one graph (see the module docstring)."""

    def __init__(
        self,
        G: nx.MultiDiGraph,
        ix: SupplyIndex | None = None,
        facts: Facts | None = None,
        *,
        data_gaps_unavailable: bool = False,
    ) -> None:
        self.G = G
        self.ix = ix or SupplyIndex.from_graph(G)
        self.facts = facts or Facts(G, self.ix)
        self.net: SiteNetwork = build_network(G, self.ix, self.facts, data_gaps_unavailable)
        self.model = VolumeModel(self.net)
        net = self.net
        producing = (net.site_kind == SOURCE) | (net.site_kind == GAP) | (net.site_kind == POOL)
        cyclic = np.frombuffer(bytes(self.ix.cyclic), dtype=np.uint8).astype(bool)
        producing &= ~cyclic[net.site_item] & (net.cap > 0)
        self.base_x = np.where(producing, np.inf, 0.0)
        self.base_stock = np.where(net.site_kind == CANDIDATE, 0.0, net.stock)
        self._closures: dict[int, npt.NDArray[np.int64]] = {}
        self._baseline: Survival | None = None
        self._items: ItemModel | bool | None = False
        #: The LP models change state on every solve: one report at a time.
        self.lock = threading.RLock()

    def item_model(self) -> ItemModel | None:
        """The item-level programs of :mod:`graphmodel.scenarios.volume_items`, built on
        first use, where they are exact (no restricted sources, no scoped lines); else None."""
        if self._items is False:
            self._items = ItemModel(self.net) if ItemModel.aggregable(self.net) else None
        return self._items if isinstance(self._items, ItemModel) else None

    # -- data --------------------------------------------------------------------------------

    def closure(self, item: int) -> npt.NDArray[np.int64]:
        """The items in ``item``'s bill-of-materials closure (itself included)."""
        got = self._closures.get(item)
        if got is None:
            got = np.asarray(bom_closure(self.ix, item).order, dtype=np.int64)
            self._closures[item] = got
        return got

    def demanded_closure(self) -> npt.NDArray[np.int64]:
        """Every item below a demanded item."""
        parts = [self.closure(int(k)) for k in self.net.demand_item]
        return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)

    def data_status(self) -> tuple[str | None, list[str]]:
        """Why the volume results cannot be computed (or None), and the items
        whose capacity is assumed unlimited (some producing site states none)."""
        net, ids = self.net, self.ix.ids
        if len(net.demand_item) == 0:
            return "not computed: no item states demand_per_day", []
        items = self.demanded_closure()
        in_cl = np.zeros(len(ids), dtype=bool)
        in_cl[items] = True
        producing = (net.site_kind == SOURCE) | (net.site_kind == GAP)
        live = in_cl[net.site_item] & producing
        unlimited = sorted({ids[int(i)] for i in net.site_item[live & np.isinf(net.cap)]})
        if not np.any(live & np.isfinite(net.cap)):
            shown = ", ".join(unlimited[:_LISTED])
            more = f" and {len(unlimited) - _LISTED} more" if len(unlimited) > _LISTED else ""
            return f"not computed: no capacity data for items {shown}{more}", unlimited
        return None, unlimited

    # -- disruptions -------------------------------------------------------------------------

    def disruption(self, removal: Removal, stock_ships: bool = True) -> Bounds:
        """The bounds of ``removal``: its disrupted sites produce nothing; their stock ships
        unless ``stock_ships`` is false; a removed item has neither production nor stock."""
        net = self.net
        lost = np.fromiter(removal.lost, dtype=np.int64, count=len(removal.lost))
        hit = (
            np.isin(net.site_org, lost)
            | np.isin(net.site_fac, lost)
            | np.isin(net.site_country, lost)
        )
        for item, countries in removal.scoped.items():
            cs = np.fromiter(countries, dtype=np.int64, count=len(countries))
            hit |= (net.site_item == item) & np.isin(net.site_country, cs)
        removed_item = np.isin(net.site_item, lost)
        kind = net.site_kind
        disrupted = ((hit & (kind != STOCKPILE)) | removed_item) & (kind != CANDIDATE)
        # A data-gap site stands for no named node: only removing its item disrupts it.
        disrupted &= (kind != GAP) | removed_item
        x_upper = np.where(disrupted, 0.0, self.base_x)
        stock = self.base_stock.copy()
        stock[removed_item] = 0.0
        if not stock_ships:
            stock[disrupted | (hit & (kind == STOCKPILE))] = 0.0
        # Candidates in the removed set can never be qualified; keep them marked.
        return Bounds(x_upper, stock, disrupted | (hit & (kind == CANDIDATE)))

    def undisrupted(self) -> Bounds:
        return Bounds(self.base_x, self.base_stock, np.zeros(self.net.n_sites, dtype=bool))

    # -- solving -----------------------------------------------------------------------------

    def survive(self, b: Bounds, horizon: float | None = None, per_item: bool = True) -> Survival:
        """Network TTS (every demand jointly) and, if asked, each demand's own TTS."""
        m = self.model
        K = len(self.net.demand_item)
        joint = m.solve("tts", b.x_upper, b.stock_upper, horizon=horizon)
        own = np.full(K, np.nan)
        sols: list[LPSolution] = []
        if per_item:
            for k in range(K):
                on = np.zeros(K, dtype=bool)
                on[k] = True
                sol = m.solve("tts", b.x_upper, b.stock_upper, horizon=horizon, demand_on=on)
                own[k] = sol.t
                sols.append(sol)
        return Survival(joint.t, own, joint, tuple(sols))

    def baseline(self, horizon: float | None = None) -> Survival:
        if horizon is not None:
            return self.survive(self.undisrupted(), horizon)
        if self._baseline is None:
            self._baseline = self.survive(self.undisrupted())
        return self._baseline

    def lost_volume(self, b: Bounds, horizon: float) -> LPSolution:
        """Least weighted unmet demand over ``horizon`` days under ``b``."""
        return self.model.solve("lv", b.x_upper, b.stock_upper, horizon=horizon)

    # -- recovery ----------------------------------------------------------------------------

    def item_recovery(self, b: Bounds, removal: Removal, qualification_days: float) -> FloatArray:
        """Per item: days until its disrupted sites are back or a candidate is qualified
        (0 where no site of the item is disrupted)."""
        net = self.net
        n = len(self.ix.ids)
        if removal.restore_days is None:
            r = np.where(np.isnan(net.recovery), np.inf, net.recovery)
        else:
            r = np.full(net.n_sites, float(removal.restore_days))
        hit = b.disrupted & ((net.site_kind == SOURCE) | (net.site_kind == GAP))
        restore = np.zeros(n)
        np.maximum.at(restore, net.site_item[hit], r[hit])
        cand = (net.site_kind == CANDIDATE) & ~b.disrupted
        alt = np.full(n, np.inf)
        q = np.where(np.isnan(net.recovery), qualification_days, net.recovery)
        np.minimum.at(alt, net.site_item[cand], q[cand])
        out = np.zeros(n)
        touched = np.zeros(n, dtype=bool)
        touched[net.site_item[hit]] = True
        out[touched] = np.minimum(restore[touched], alt[touched])
        return out

    def time_to_recover(self, rec: FloatArray) -> FloatArray:
        """Per demanded item: the longest item recovery in its closure."""
        return np.array(
            [float(rec[self.closure(int(k))].max(initial=0.0)) for k in self.net.demand_item]
        )

    # -- reporting ---------------------------------------------------------------------------

    def requirements(self, horizon: float) -> FloatArray:
        """Units of each item the demand needs over ``horizon`` days (BOM explosion over
        every line, scoped or not)."""
        return self.net.requirement_rates() * horizon

    def item_shares(self, b: Bounds, horizon: float) -> list[dict[str, Any]]:
        """Each item's share of its required volume its remaining sites cannot supply."""
        net, ids = self.net, self.ix.ids
        req = self.requirements(horizon)
        prod = np.where((b.x_upper > 0) & (net.site_kind != POOL), net.cap * horizon, 0.0)
        avail = np.zeros(len(ids))
        np.add.at(avail, net.site_item, prod + b.stock_upper)
        out = []
        for i in np.flatnonzero(req > 0):
            if not np.isfinite(avail[i]) or avail[i] >= req[i] * (1 - _REL):
                continue
            share = 1.0 - avail[i] / req[i]
            out.append(
                {
                    "item": ids[i],
                    "name": self.G.nodes[ids[i]].get("name"),
                    "required": num(req[i]),
                    "available": num(avail[i]),
                    "lost_share": num(share),
                    "status": "lost" if avail[i] <= 0 else "degraded",
                }
            )
        out.sort(key=lambda r: (-(r["lost_share"] or 0), r["item"]))
        return out

    def bottlenecks(self, sol: LPSolution, horizon: float) -> dict[str, Any]:
        """Binding capacity and stock constraints, ranked by the first-order gain of 1% more
        (of a site's capacity and stock; of an item's, summed over its sites)."""
        net, ids = self.net, self.ix.ids
        if sol.status != "optimal":
            return {"items": [], "sites": []}
        cap = np.where(np.isfinite(net.cap), net.cap, 0.0)
        g_cap = 0.01 * sol.cap_dual * cap * horizon
        g_stock = 0.01 * sol.out_dual * net.stock
        gain = g_cap + g_stock
        sites = np.flatnonzero(gain > 1e-9 * max(1.0, float(gain.max(initial=0.0))))
        sites = sites[np.argsort(-gain[sites], kind="stable")]
        by_item: dict[int, float] = {}
        rows = []
        for s in sites:
            i = int(net.site_item[s])
            by_item[i] = by_item.get(i, 0.0) + float(gain[s])
            binding = []
            if g_cap[s] > 0:
                binding.append("capacity")
            if g_stock[s] > 0:
                binding.append("stock")
            rows.append(
                {
                    "site": net.site_name(int(s)),
                    "item": ids[i],
                    "organisation": ids[int(net.site_org[s])]
                    if net.site_org[s] != NO_NODE
                    else None,
                    "facility": ids[int(net.site_fac[s])] if net.site_fac[s] != NO_NODE else None,
                    "binding": binding,
                    "gain_per_percent": num(float(gain[s])),
                }
            )
        items = [
            {"item": ids[i], "name": self.G.nodes[ids[i]].get("name"), "gain_per_percent": num(g)}
            for i, g in sorted(by_item.items(), key=lambda x: (-x[1], ids[x[0]]))
        ]
        return {"items": items[:_LISTED], "sites": rows[:_LISTED]}

    def ban_sources(
        self, removal: Removal, b: Bounds, policy: Policy | None
    ) -> list[dict[str, Any]]:
        """For export-ban items: the remaining qualified sources, adversary-linked or unallied
        (the adversary analysis of :mod:`graphmodel.analysis.adversary`)."""
        if not removal.scoped:
            return []
        from graphmodel.analysis.adversary import adversary_links

        links = adversary_links(self.G, policy)
        net, ids = self.net, self.ix.ids
        out = []
        for item in sorted(removal.scoped, key=ids.__getitem__):
            for s in range(int(net.start[item]), int(net.pend[item])):
                if net.site_kind[s] != SOURCE or b.disrupted[s]:
                    continue
                org, fac, c = int(net.site_org[s]), int(net.site_fac[s]), int(net.site_country[s])
                reasons = links.get(ids[org], []) + (links.get(ids[fac], []) if fac >= 0 else [])
                groups = self.facts.allied_groups(c)
                out.append(
                    {
                        "item": ids[item],
                        "site": net.site_name(s),
                        "organisation": ids[org],
                        "facility": ids[fac] if fac >= 0 else None,
                        "country": ids[c] if c >= 0 else None,
                        "capacity_per_day": num(float(net.cap[s])),
                        "adversary_linked": bool(reasons),
                        "adversary_reasons": reasons,
                        "allied_groups": groups,
                        "unallied": not groups,
                    }
                )
        return out

    def report(
        self,
        spec: ScenarioSpec,
        removal: Removal,
        policy: Policy | None = None,
        *,
        mitigation_limit: int = 10,
    ) -> dict[str, Any]:
        """The volume result of one scenario (``docs/scenarios.md``)."""
        with self.lock:
            return self._report(spec, removal, policy, mitigation_limit)

    def _report(
        self, spec: ScenarioSpec, removal: Removal, policy: Policy | None, mitigation_limit: int
    ) -> dict[str, Any]:
        reason, unlimited = self.data_status()
        hz = spec.horizon_days
        assumptions = {
            "unlimited_capacity_items": unlimited,
            "stock_ships_when_disrupted": spec.stock_ships_when_disrupted,
            "horizon_days": hz,
            "unbounded_recovery_horizon_days": hz if hz is not None else UNBOUNDED_HORIZON_DAYS,
            "lp": "continuous (HiGHS); an integer version differs by rounding only",
        }
        if reason is not None:
            return {"computed": False, "reason": reason, "assumptions": assumptions}
        net, ids = self.net, self.ix.ids
        b = self.disruption(removal, spec.stock_ships_when_disrupted)
        base = self.baseline(hz)
        surv = self.survive(b, hz)
        rec = self.item_recovery(b, removal, spec.qualification_days)
        ttr = self.time_to_recover(rec)
        horizons = self.horizons(ttr, hz)
        lost, weighted, solutions = self.lost_by_horizon(b, horizons)
        platforms = []
        for k, item in enumerate(net.demand_item):
            i = int(item)
            rate, w = float(net.demand_rate[k]), float(net.demand_weight[k])
            tts, btts = float(surv.per_item[k]), float(base.per_item[k])
            unaffected = _same(tts, btts)
            at_risk = bool(not unaffected and ttr[k] > tts)
            need = rate * horizons[k]
            own = surv.per_item_solutions[k]
            platforms.append(
                {
                    "platform": ids[i],
                    "name": self.G.nodes[ids[i]].get("name"),
                    "demand_per_day": num(rate),
                    "priority": num(w),
                    "time_to_survive_days": num(tts),
                    "baseline_time_to_survive_days": num(btts),
                    "unaffected": unaffected,
                    "time_to_recover_days": num(float(ttr[k])),
                    "recovery_unbounded": bool(math.isinf(ttr[k])),
                    "at_risk": at_risk,
                    "days_at_risk": num(float(ttr[k]) - tts) if at_risk else 0.0,
                    "horizon_days": num(horizons[k]),
                    "lost_volume": num(float(lost[k])),
                    "lost_share": num(float(lost[k]) / need) if need > 0 else 0.0,
                    "weighted_lost_volume": num(float(lost[k]) * w),
                    "bottleneck_items": [r["item"] for r in self.bottlenecks(own, tts)["items"][:3]]
                    if not unaffected and math.isfinite(tts)
                    else [],
                }
            )
        unaffected_net = _same(surv.network, base.network)
        t_net = float(ttr.max(initial=0.0))
        H = float(horizons.max(initial=0.0))
        lv = solutions.get(H)
        total_w = float(weighted.sum())
        empty: dict[str, Any] = {"items": [], "sites": []}
        result: dict[str, Any] = {
            "computed": True,
            "network": {
                "time_to_survive_days": num(surv.network),
                "baseline_time_to_survive_days": num(base.network),
                "unaffected": unaffected_net,
                "time_to_recover_days": num(t_net),
                "recovery_unbounded": math.isinf(t_net),
                "horizon_days": num(H),
                "lost_volume": num(float(lost.sum())),
                "weighted_lost_volume": num(total_w),
                "sentence": self._sentence(surv.network, base.network, t_net, total_w, H),
            },
            "platforms": platforms,
            "items": self.item_shares(b, H) if H > 0 else [],
            "bottlenecks": {
                "survive": self.bottlenecks(surv.solution, surv.network)
                if math.isfinite(surv.network)
                else empty,
                "recover": self.bottlenecks(lv, H) if lv is not None else empty,
            },
            "export_ban_sources": self.ban_sources(removal, b, policy),
            "assumptions": assumptions,
            "mitigations": self.mitigations(b, horizons, total_w, spec, mitigation_limit)
            if total_w > 0
            else [],
        }
        return result

    @staticmethod
    def horizons(ttr: FloatArray, horizon_days: float | None) -> FloatArray:
        """Each demanded item's lost-volume horizon: its TTR, capped by ``horizon_days``;
        where the TTR is never, ``horizon_days`` or :data:`UNBOUNDED_HORIZON_DAYS`."""
        cap = horizon_days if horizon_days is not None else UNBOUNDED_HORIZON_DAYS
        out = np.where(np.isinf(ttr), cap, ttr)
        if horizon_days is not None:
            out = np.minimum(out, horizon_days)
        return out

    def lost_by_horizon(
        self, b: Bounds, horizons: FloatArray
    ) -> tuple[FloatArray, FloatArray, dict[float, LPSolution]]:
        """Unmet demand of each demanded item over its own horizon: one lost-volume LP per
        distinct horizon (every demand competing), read for the items with that horizon."""
        net = self.net
        lost = np.zeros(len(net.demand_item))
        sols: dict[float, LPSolution] = {}
        for h in sorted({float(h) for h in horizons if h > 0}):
            sol = self.lost_volume(b, h)
            sols[h] = sol
            mask = horizons == h
            lost[mask] = sol.u[mask]
        return lost, lost * net.demand_weight, sols

    @staticmethod
    def _sentence(tts: float, base: float, ttr: float, weighted: float, horizon: float) -> str:
        if _same(tts, base):
            return "unaffected: the network's time to survive stays at its baseline"
        t = "indefinitely" if math.isinf(tts) else f"for {num(tts)} days"
        b = "indefinitely" if math.isinf(base) else f"{num(base)} days"
        r = (
            f"no way back in view (lost volume counted over {num(horizon)} days)"
            if math.isinf(ttr)
            else f"recovery takes {num(ttr)} days"
        )
        return f"demand is met {t} (baseline {b}); {r}; weighted lost volume {num(weighted)}"

    def mitigations(
        self,
        b: Bounds,
        horizons: FloatArray,
        weighted_lost: float,
        spec: ScenarioSpec,
        limit: int,
    ) -> list[dict[str, Any]]:
        """Options re-solved one at a time (every horizon) and ranked by the weighted lost
        volume they restore: qualifying a candidate source of a disrupted item (as if
        qualified from day 0: an upper bound when its qualification takes time), a
        substitute of a disrupted or short item allowed in its place (:meth:`with_substitute`,
        also from day 0), or stock covering an item's shortfall over the longest horizon."""
        net, ids = self.net, self.ix.ids
        H = float(horizons.max(initial=0.0))
        items = self.demanded_closure()
        in_cl = np.zeros(len(ids), dtype=bool)
        in_cl[items] = True
        options: list[dict[str, Any]] = []
        hit_items = set(net.site_item[b.disrupted & in_cl[net.site_item]].tolist())
        for s in np.flatnonzero((net.site_kind == CANDIDATE) & ~b.disrupted):
            i = int(net.site_item[s])
            if i not in hit_items:
                continue
            x, st = b.x_upper.copy(), b.stock_upper.copy()
            x[s] = np.inf if net.cap[s] > 0 else 0.0
            st[s] = net.stock[s]
            days = net.recovery[s] if not np.isnan(net.recovery[s]) else spec.qualification_days
            options.append(
                self._option(
                    "qualify_candidate",
                    i,
                    Bounds(x, st, b.disrupted),
                    horizons,
                    weighted_lost,
                    f"qualify {net.site_name(int(s))} for {ids[i]} "
                    f"(capacity {num(float(net.cap[s]))}/day, ready in {num(float(days))} days)",
                    {"site": net.site_name(int(s)), "days": num(float(days))},
                )
            )
        shares = self.item_shares(b, H)
        for i in sorted(hit_items | {self.ix.pos[r["item"]] for r in shares}, key=ids.__getitem__):
            for sub, qualified in self.facts.substitutes(i):
                model = self.with_substitute(i, sub)
                if model is None:
                    continue
                days = spec.substitution_days if qualified else spec.qualification_days
                kind = "qualified_substitute" if qualified else "substitute_to_qualify"
                verb = "switch to the qualified substitute" if qualified else "qualify substitute"
                options.append(
                    self._option(
                        kind,
                        i,
                        b,
                        horizons,
                        weighted_lost,
                        f"{verb} {ids[sub]} for {ids[i]} (unit for unit, ready in "
                        f"{num(float(days))} days)",
                        {"substitute": ids[sub], "days": num(float(days))},
                        model,
                    )
                )
        for row in shares[:limit]:
            i = self.ix.pos[row["item"]]
            short = float(row["required"] or 0) - float(row["available"] or 0)
            if short <= 0:
                continue
            at = self._stock_site(i)
            st = b.stock_upper.copy()
            st[at] += short
            options.append(
                self._option(
                    "stockpile",
                    i,
                    Bounds(b.x_upper, st, b.disrupted),
                    horizons,
                    weighted_lost,
                    f"hold {num(short)} more units of {ids[i]} (its shortfall over "
                    f"{num(H)} days) at {net.site_name(at)}",
                    {"quantity": num(short), "site": net.site_name(at)},
                )
            )
        options.sort(key=lambda o: (-(o["volume_restored"] or 0), o["explanation"]))
        return options[:limit]

    def with_substitute(self, item: int, sub: int) -> VolumeModel | None:
        """The site programs with ``sub`` allowed for ``item``, unit for unit, in every bill-
        of-materials line that needs ``item``: what ``sub`` ships (its pool, else its
        unrestricted sites) may also enter ``item``'s pool (else every row drawing on
        ``item``). None when no line needs ``item`` or ``sub`` has no site."""
        net = self.net
        kind = net.site_kind
        pool = np.flatnonzero((kind == POOL) & (net.site_item == item))
        if len(pool):
            rows = net.row_group[(net.row_site == pool[0]) & (net.row_child == item)]
        else:
            rows = np.unique(net.row_group[net.row_child == item])
        restricted = (
            net.site_restricted
            if net.site_restricted is not None
            else np.zeros(net.n_sites, dtype=bool)
        )
        sub_pool = np.flatnonzero((kind == POOL) & (net.site_item == sub))
        if len(sub_pool):
            supply = sub_pool[:1]
        else:
            own = np.arange(int(net.start[sub]), int(net.end[sub]))
            supply = own[~restricted[own]]
        if len(rows) == 0 or len(supply) == 0:
            return None
        arc_row = np.concatenate([net.arc_row, np.repeat(rows, len(supply))])
        arc_from = np.concatenate([net.arc_from, np.tile(supply, len(rows))])
        return VolumeModel(replace(net, arc_row=arc_row, arc_from=arc_from))

    def _stock_site(self, i: int) -> int:
        """Where extra stock of item ``i`` goes: its first stockpile, else its first
        qualified site, else its first site."""
        net = self.net
        rng = range(int(net.start[i]), int(net.end[i]))
        for want in (STOCKPILE, SOURCE):
            for s in rng:
                if net.site_kind[s] == want:
                    return s
        return int(net.start[i])

    def _option(
        self,
        kind: str,
        item: int,
        b: Bounds,
        horizons: FloatArray,
        weighted_lost: float,
        text: str,
        extra: dict[str, Any],
        model: VolumeModel | None = None,
    ) -> dict[str, Any]:
        if model is None:
            _, weighted, _ = self.lost_by_horizon(b, horizons)
        else:
            weighted = np.zeros(len(self.net.demand_item))
            for h in sorted({float(h) for h in horizons if h > 0}):
                mask = horizons == h
                u = model.solve("lv", b.x_upper, b.stock_upper, horizon=h).u
                weighted[mask] = u[mask] * self.net.demand_weight[mask]
        after = float(weighted.sum())
        restored = max(0.0, weighted_lost - after)
        return {
            "kind": kind,
            "item": self.ix.ids[item],
            **extra,
            "volume_restored": num(restored),
            "weighted_lost_volume_after": num(after),
            "explanation": f"{text}: restores {num(restored)} of "
            f"{num(weighted_lost)} weighted lost volume",
        }
