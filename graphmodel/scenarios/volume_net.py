"""The site network of the volume (TTS/TTR) model, as flat numpy arrays.

A *site* is where units of an item come from (``docs/scenarios.md``, "The
volume model"):

- ``SOURCE``: a qualified row of ``sources.csv`` (an organisation, optionally at
  a facility) with its ``capacity`` per day (absent: unlimited) and ``stock``;
- ``CANDIDATE``: an unqualified row; in the model but switched off until a
  mitigation qualifies it;
- ``STOCKPILE``: a stockpile of the item (``stockpiles.csv``) with a quantity; it
  produces nothing and ships its stock to any buyer;
- ``GAP``: an item with no source at all (a data gap) gets one unnamed site of
  unlimited capacity, as the reachability analysis counts a data gap available;
- ``POOL``: not a place but a modelling device: one per child item, collecting what
  its unrestricted sites ship and passing it on to every buyer (see the arcs below).
  Pools come after every other site, outside the per-item ranges.

Sites are sorted by item, producing sites (``SOURCE``, ``CANDIDATE``, ``GAP``)
before stock-only ones, so each item's sites are one contiguous range. A
bill-of-materials *row* is one (line, buyer site) pair: the buyer site makes
the parent and uses the line (its ``sites`` scope, if any, names the buyer's
organisation or facility). An *arc* is one (row, supplier site) pair: a site of
the child that may serve that buyer (its ``qualified_for``, if any, names the
parent item or the buyer's organisation or facility); unrestricted sites reach
their buyers through the child's pool. Rows and arcs are generated with numpy
over the per-item ranges; only scoped lines and restricted sources are handled
in Python.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import networkx as nx
import numpy as np
import numpy.typing as npt

from graphmodel.analysis.index import ITEM, NO_NODE, SupplyIndex
from graphmodel.scenarios.facts import Facts

__all__ = ["CANDIDATE", "GAP", "POOL", "SOURCE", "STOCKPILE", "SiteNetwork", "build_network"]

SOURCE: Final = 0
CANDIDATE: Final = 1
STOCKPILE: Final = 2
GAP: Final = 3
POOL: Final = 4

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(eq=False)
class SiteNetwork:
    """Sites, bill-of-materials rows, arcs and demand of one graph (module docstring).

    Index arrays hold :class:`SupplyIndex` indices (``NO_NODE`` where absent).
    ``cap`` is ``inf`` where a site states no capacity; ``recovery`` is ``nan``
    where a source states no ``recovery_days``.
    """

    ix: SupplyIndex
    site_item: IntArray
    site_org: IntArray
    site_fac: IntArray
    site_country: IntArray
    site_kind: npt.NDArray[np.int8]
    cap: FloatArray
    stock: FloatArray
    recovery: FloatArray
    #: Stockpile holder index per site (``NO_NODE`` for other kinds).
    holder: IntArray
    #: Per item: first site, end of producing sites, end of all sites.
    start: IntArray
    pend: IntArray
    end: IntArray
    row_site: IntArray
    row_qty: FloatArray
    row_child: IntArray
    #: The program row of each recipe row (rows of one line through a pool share one).
    row_group: IntArray
    n_groups: int
    #: The program row (a ``row_group`` value) each arc feeds.
    arc_row: IntArray
    arc_from: IntArray
    demand_item: IntArray
    demand_rate: FloatArray
    demand_weight: FloatArray
    #: BOM lines as (parent, child, quantity) index arrays (for requirements).
    line_parent: IntArray
    line_child: IntArray
    line_qty: FloatArray
    #: Per BOM line: scoped to some buyer sites (``None``: not recorded).
    line_scoped: npt.NDArray[np.bool_] | None = None
    #: Per site: a source restricted to some buyers by ``qualified_for`` (``None``: not
    #: recorded).
    site_restricted: npt.NDArray[np.bool_] | None = None

    @property
    def n_sites(self) -> int:
        return len(self.site_item)

    def requirement_rates(self) -> FloatArray:
        """Units of each item the demand needs per day: the demand exploded down every
        bill-of-materials line (scoped or not); 0 for items no demand needs."""
        ix = self.ix
        req = np.zeros(len(ix.ids))
        req[self.demand_item] = self.demand_rate
        by_parent: dict[int, list[tuple[int, float]]] = {}
        for p, c, q in zip(self.line_parent, self.line_child, self.line_qty, strict=True):
            by_parent.setdefault(int(p), []).append((int(c), float(q)))
        for i in reversed(ix.topo):  # parents before children
            if req[i] > 0:
                for c, q in by_parent.get(i, ()):
                    req[c] += req[i] * q
        return req

    def site_name(self, s: int) -> str:
        """A readable name of site ``s``: ``organisation at facility``, or what stands in."""
        ids = self.ix.ids
        k = int(self.site_kind[s])
        item = ids[int(self.site_item[s])]
        if k == GAP:
            return f"unnamed source of {item} (data gap)"
        if k == POOL:
            return f"pool of {item}"
        if k == STOCKPILE:
            h = int(self.holder[s])
            return f"stockpile of {item} held by {ids[h] if h != NO_NODE else '?'}"
        org, fac = int(self.site_org[s]), int(self.site_fac[s])
        return f"{ids[org]} at {ids[fac]}" if fac != NO_NODE else ids[org]


def _ranges(counts: IntArray) -> tuple[IntArray, IntArray]:
    """Group id and position within the group for ``sum(counts)`` elements."""
    total = int(counts.sum())
    group = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    offsets = np.cumsum(counts) - counts
    within = np.arange(total, dtype=np.int64) - np.repeat(offsets, counts)
    return group, within


def build_network(
    G: nx.MultiDiGraph, ix: SupplyIndex, facts: Facts, gaps_unavailable: bool = False
) -> SiteNetwork:
    """Read the site network of ``G`` (see the module docstring)."""
    ids, pos, kind = ix.ids, ix.pos, ix.kind
    nodes = G.nodes
    n = len(ids)
    s_item: list[int] = []
    s_org: list[int] = []
    s_fac: list[int] = []
    s_country: list[int] = []
    s_kind: list[int] = []
    s_cap: list[float] = []
    s_stock: list[float] = []
    s_rec: list[float] = []
    s_holder: list[int] = []
    restricted: dict[int, frozenset[int]] = {}
    start = np.zeros(n, dtype=np.int64)
    pend = np.zeros(n, dtype=np.int64)
    end = np.zeros(n, dtype=np.int64)
    inf, nan = math.inf, math.nan
    for i in range(n):
        if kind[i] != ITEM:
            continue
        start[i] = len(s_item)
        srcs = facts.sources(i)
        for src in srcs:
            if src.qualified_for:
                restricted[len(s_item)] = frozenset(pos[x] for x in src.qualified_for if x in pos)
            s_item.append(i)
            s_org.append(src.organisation)
            s_fac.append(src.facility)
            s_country.append(src.country)
            s_kind.append(SOURCE if src.qualified else CANDIDATE)
            s_cap.append(inf if src.capacity is None else src.capacity)
            s_stock.append(src.stock)
            s_rec.append(nan if src.recovery_days is None else src.recovery_days)
            s_holder.append(NO_NODE)
        if not srcs:
            s_item.append(i)
            s_org.append(NO_NODE)
            s_fac.append(NO_NODE)
            s_country.append(NO_NODE)
            s_kind.append(GAP)
            s_cap.append(0.0 if gaps_unavailable else inf)
            s_stock.append(0.0)
            s_rec.append(nan)
            s_holder.append(NO_NODE)
        pend[i] = len(s_item)
        for st in facts.stocks(i):
            if not st.quantity:
                continue
            s_item.append(i)
            s_org.append(NO_NODE)
            s_fac.append(NO_NODE)
            s_country.append(st.holder_country)
            s_kind.append(STOCKPILE)
            s_cap.append(0.0)
            s_stock.append(st.quantity)
            s_rec.append(nan)
            s_holder.append(st.holder_index)
        end[i] = len(s_item)
    site_item = np.asarray(s_item, dtype=np.int64)
    site_org = np.asarray(s_org, dtype=np.int64)
    site_fac = np.asarray(s_fac, dtype=np.int64)

    # Bill-of-materials lines (quantity 0 constrains no volume and is left out).
    lp_, lc_, lq_, scope_ = [], [], [], []
    for i in range(n):
        if kind[i] != ITEM or not ix.children[i]:
            continue
        for _, child, key, data in G.out_edges(ids[i], keys=True, data=True):
            if key != "NEEDS":
                continue
            q = float(data.get("quantity", 1.0) or 0.0)
            if q <= 0:
                continue
            lp_.append(i)
            lc_.append(pos[child])
            lq_.append(q)
            scope_.append(data.get("sites") or ())
    line_parent = np.asarray(lp_, dtype=np.int64)
    line_child = np.asarray(lc_, dtype=np.int64)
    line_qty = np.asarray(lq_, dtype=np.float64)

    # Rows: every (line, producing site of the parent).
    nb = pend[line_parent] - start[line_parent]
    row_line, within = _ranges(nb)
    row_site = start[line_parent][row_line] + within
    keep = np.ones(len(row_site), dtype=bool)
    for line_no in (k for k, sc in enumerate(scope_) if sc):
        allowed = {pos[x] for x in scope_[line_no] if x in pos}
        for r in np.flatnonzero(row_line == line_no):
            b = row_site[r]
            keep[r] = int(site_org[b]) in allowed or int(site_fac[b]) in allowed
    row_line, row_site = row_line[keep], row_site[keep]
    row_child = line_child[row_line]
    row_qty = line_qty[row_line]

    # Arcs. A child's unrestricted sites all serve every buyer, so rather than one arc
    # per (row, site) they ship into one pool site of the child, and each row draws
    # from the pool: arcs |sites| + |rows| instead of |sites| x |rows|, and the same
    # program (a pooled flow always splits into pairwise flows). Restricted sources
    # (qualified_for) keep one arc per row they may serve.
    S = len(site_item)
    free = np.ones(S, dtype=bool)
    free[list(restricted)] = False
    free_count = np.zeros(n, dtype=np.int64)
    np.add.at(free_count, site_item, free.astype(np.int64))
    pooled = np.unique(row_child[free_count[row_child] > 0])
    pool_of = np.full(n, NO_NODE, dtype=np.int64)
    pool_of[pooled] = S + np.arange(len(pooled))
    n_real_rows = len(row_site)
    # Pool rows: the pool of c "makes" c from one unit of c.
    row_site = np.concatenate([row_site, pool_of[pooled]])
    row_child = np.concatenate([row_child, pooled])
    row_qty = np.concatenate([row_qty, np.ones(len(pooled))])
    pool_row = np.full(n, NO_NODE, dtype=np.int64)
    pool_row[pooled] = n_real_rows + np.arange(len(pooled))
    real = np.arange(n_real_rows)
    has_pool = pool_of[row_child[:n_real_rows]] != NO_NODE
    arc_row_parts = [real[has_pool]]
    arc_from_parts = [pool_of[row_child[real[has_pool]]]]
    # Free sites of each pooled item into its pool row.
    into = np.flatnonzero(free & (pool_row[site_item] != NO_NODE))
    arc_row_parts.append(pool_row[site_item[into]])
    arc_from_parts.append(into)
    if restricted:
        rows_of: dict[int, list[int]] = {}
        for row_no in range(n_real_rows):
            rows_of.setdefault(int(row_child[row_no]), []).append(row_no)
        ra: list[int] = []
        rf: list[int] = []
        for sup, ok in restricted.items():
            for row_no in rows_of.get(int(site_item[sup]), ()):
                buyer = int(row_site[row_no])
                if (
                    int(site_item[buyer]) in ok
                    or int(site_org[buyer]) in ok
                    or int(site_fac[buyer]) in ok
                ):
                    ra.append(row_no)
                    rf.append(sup)
        arc_row_parts.append(np.asarray(ra, dtype=np.int64))
        arc_from_parts.append(np.asarray(rf, dtype=np.int64))
    arc_row = np.concatenate(arc_row_parts)
    arc_from = np.concatenate(arc_from_parts)
    # Rows of one unscoped line whose child is only reached through its pool take the
    # same draw, so they merge into one row: qty * sum of the buyers' production <= the
    # draw (the pool's units are shared freely among the buyers anyway).
    n_rows = len(row_site)
    line_scoped = np.array([bool(sc) for sc in scope_], dtype=bool)
    restricted_items = np.zeros(n, dtype=bool)
    restricted_items[site_item[list(restricted)]] = True
    mergeable = np.zeros(n_rows, dtype=bool)
    mergeable[:n_real_rows] = (
        has_pool & ~line_scoped[row_line] & ~restricted_items[row_child[:n_real_rows]]
    )
    keys = np.where(
        mergeable,
        np.concatenate([row_line, np.zeros(n_rows - n_real_rows, dtype=np.int64)]),
        -1 - np.arange(n_rows),
    )
    _, row_group = np.unique(keys, return_inverse=True)
    row_group = row_group.astype(np.int64)
    pairs = np.unique(np.stack([row_group[arc_row], arc_from]), axis=1)
    arc_row, arc_from = pairs[0], pairs[1]
    # The pool sites themselves (after every real site, outside the per-item ranges).
    P = len(pooled)
    site_item = np.concatenate([site_item, pooled])
    site_org = np.concatenate([site_org, np.full(P, NO_NODE, dtype=np.int64)])
    site_fac = np.concatenate([site_fac, np.full(P, NO_NODE, dtype=np.int64)])
    s_country += [NO_NODE] * P
    s_kind += [POOL] * P
    s_cap += [inf] * P
    s_stock += [0.0] * P
    s_rec += [nan] * P
    s_holder += [NO_NODE] * P

    d_item, d_rate, d_w = [], [], []
    for i in range(n):
        if kind[i] != ITEM:
            continue
        rate = nodes[ids[i]].get("demand_per_day")
        if rate is not None and float(rate) > 0:
            d_item.append(i)
            d_rate.append(float(rate))
            w = nodes[ids[i]].get("priority")
            d_w.append(1.0 if w is None else float(w))
    return SiteNetwork(
        ix=ix,
        site_item=site_item,
        site_org=site_org,
        site_fac=site_fac,
        site_country=np.asarray(s_country, dtype=np.int64),
        site_kind=np.asarray(s_kind, dtype=np.int8),
        cap=np.asarray(s_cap, dtype=np.float64),
        stock=np.asarray(s_stock, dtype=np.float64),
        recovery=np.asarray(s_rec, dtype=np.float64),
        holder=np.asarray(s_holder, dtype=np.int64),
        start=start,
        pend=pend,
        end=end,
        row_site=row_site,
        row_qty=row_qty,
        row_child=row_child,
        row_group=row_group,
        n_groups=int(row_group.max(initial=-1)) + 1,
        arc_row=arc_row,
        arc_from=arc_from,
        demand_item=np.asarray(d_item, dtype=np.int64),
        demand_rate=np.asarray(d_rate, dtype=np.float64),
        demand_weight=np.asarray(d_w, dtype=np.float64),
        line_parent=line_parent,
        line_child=line_child,
        line_qty=line_qty,
        line_scoped=line_scoped,
        site_restricted=~np.concatenate([free, np.ones(P, dtype=bool)]),
    )
