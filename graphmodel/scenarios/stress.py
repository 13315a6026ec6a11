"""The stress test: every single-node disruption of a platform's network (each
organisation and facility alone), ranked by impact.

Fast form (``docs/scenarios.md`` has the argument). Losing one organisation or
facility ``x`` leaves an item without an available qualified source exactly
when ``x`` lies in every qualified source triple of it, i.e. ``x`` is in the
item's critical set (:attr:`SupplyIndex.critical`, the term of the order-1
formula of :mod:`graphmodel.analysis.spof`). So the root causes of scenario
``{x}`` are ``hit(x)``, the producible items whose critical set holds ``x``
(one inverted index over the critical sets), and the lost items are the
producible ancestors of ``hit(x)`` along the bill of materials. Nodes with an
empty ``hit(x)`` lose nothing and are not propagated at all; for the rest only
the lost items are visited to get time to survive and time to recover
(:mod:`graphmodel.scenarios.survive`). The result equals running
:func:`graphmodel.scenarios.engine.run_scenario` per node (tested).
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

from graphmodel.analysis.index import FACILITY, ITEM, ORGANISATION, SupplyIndex, pause_gc
from graphmodel.analysis.producibility import bom_closure
from graphmodel.errors import NotFoundError
from graphmodel.scenarios.facts import Facts
from graphmodel.scenarios.model import ScenarioSpec
from graphmodel.scenarios.removal import Removal, producible_flags
from graphmodel.scenarios.survive import Assumptions, timing

__all__ = ["single_node_impacts", "stress_test"]

_NONE: frozenset[int] = frozenset()


def _candidates(G: nx.MultiDiGraph, ix: SupplyIndex, items: list[int]) -> list[int]:
    # Every organisation and facility named by any source (qualified or not) of the items.
    succ = G._succ
    pos = ix.pos
    ids = ix.ids
    seen: dict[int, None] = {}
    for i in items:
        for v, keyed in succ[ids[i]].items():
            for data in keyed.values():
                if data.get("type") == "SOURCED_FROM":
                    seen[pos[v]] = None
                    fac = data.get("facility")
                    if fac in pos:
                        seen[pos[fac]] = None
    return sorted((x for x in seen if ix.kind[x] in (ORGANISATION, FACILITY)), key=ids.__getitem__)


def _base_stock(
    ix: SupplyIndex, facts: Facts
) -> tuple[dict[int, float], dict[int, dict[int, float]]]:
    # Stock days per item with nothing removed, and per holder the days it holds:
    # losing organisation or facility x only takes away the stock x itself holds
    # (a single node is never a holder's country).
    base: dict[int, float] = {}
    held_by: dict[int, dict[int, float]] = {}
    nodes = facts.G._node
    for i, nid in enumerate(ix.ids):
        if ix.kind[i] == ITEM and nodes[nid].get("stockpiles"):
            for s in facts.stocks(i):
                base[i] = base.get(i, 0.0) + s.days
                if s.holder_index >= 0:
                    per = held_by.setdefault(s.holder_index, {})
                    per[i] = per.get(i, 0.0) + s.days
    return base, held_by


def _lost_below(ix: SupplyIndex, roots: list[int], lost: set[int]) -> list[int]:
    seen = set(roots)
    stack = list(roots)
    children = ix.children
    while stack:
        u = stack.pop()
        for c in children[u]:
            if c in lost and c not in seen:
                seen.add(c)
                stack.append(c)
    return list(seen)


def single_node_impacts(
    G: nx.MultiDiGraph,
    ix: SupplyIndex,
    platforms: list[int],
    assume: Assumptions,
    *,
    data_gaps_unavailable: bool = False,
) -> tuple[list[dict[str, Any]], int]:
    """Impact of losing each organisation and facility of the platforms' networks alone.

    Returns the impacts of the nodes that lose anything (unsorted) and the
    number of single-node scenarios considered.
    """
    facts = Facts(G, ix)
    base = producible_flags(ix, Removal(_NONE), data_gaps_unavailable)
    if len(platforms) == len(ix.platforms):
        scope = [i for i in ix.topo if ix.kind[i] == ITEM]
    else:
        scope = list(dict.fromkeys(u for p in platforms for u in bom_closure(ix, p).order))
    in_scope = set(scope)
    rank = {i: r for r, i in enumerate(ix.topo)}
    hit: dict[int, list[int]] = {}
    critical = ix.critical
    # Losses are followed through the whole network, not the scope alone: an item
    # outside the platform's bill of materials may be the substitute that would
    # let it recover, and losing it too makes the recovery unbounded.
    for i in (i for i in ix.topo if ix.kind[i] == ITEM):
        if base[i]:
            for x in critical[i]:
                hit.setdefault(x, []).append(i)
    base_stock, held_by = _base_stock(ix, facts)
    parents = ix.parents
    ids = ix.ids
    scope_platforms = set(platforms)
    candidates = _candidates(G, ix, scope)
    out: list[dict[str, Any]] = []
    for x in candidates:
        direct = hit.get(x)
        if not direct:
            continue
        lost_set = set(direct)
        stack = list(direct)
        while stack:
            u = stack.pop()
            for p in parents[u]:
                if p not in lost_set and base[p]:
                    lost_set.add(p)
                    stack.append(p)
        if in_scope.isdisjoint(lost_set):
            continue
        kind = "organisation" if ix.kind[x] == ORGANISATION else "facility"
        lost_platforms = sorted((p for p in lost_set if p in scope_platforms), key=ids.__getitem__)
        finite_gap = 0.0
        worst = 0.0
        at_risk = unbounded = 0
        if lost_platforms:
            # Time to survive / recover of a platform depends only on the lost
            # items below it: time just those, children first.
            below = _lost_below(ix, lost_platforms, lost_set)
            below.sort(key=rank.__getitem__)
            removal = Removal(frozenset((x,)), why={x: f"removed {kind}"})
            held = held_by.get(x, {})

            def producible(i: int, _lost: set[int] = lost_set) -> bool:
                return bool(base[i]) and i not in _lost

            def stock_of(i: int, _held: dict[int, float] = held) -> float:
                return base_stock.get(i, 0.0) - _held.get(i, 0.0)

            t = timing(ix, facts, removal, below, set(direct), producible, assume, stock_of)
        for p in lost_platforms:
            tts, ttr = t.survive[p], t.recover[p].days
            if ttr > tts:
                at_risk += 1
                if math.isinf(ttr):
                    unbounded += 1
                else:
                    finite_gap += ttr - tts
                    worst = max(worst, ttr - tts)
        out.append(
            {
                "node": ids[x],
                "kind": kind,
                "name": G.nodes[ids[x]].get("name"),
                "platforms_lost": [ids[p] for p in lost_platforms],
                "platforms_lost_count": len(lost_platforms),
                "items_lost": sum(1 for i in lost_set if i in in_scope),
                "root_causes": sorted(ids[i] for i in direct),
                "platforms_at_risk": at_risk,
                "platforms_unbounded": unbounded,
                "days_at_risk": round(finite_gap, 2),
                "max_days_at_risk": round(worst, 2),
            }
        )
    return out, len(candidates)


def _rank_key(e: dict[str, Any]) -> tuple[int, int, int, float, int, str]:
    return (
        -e["platforms_lost_count"],
        -e["platforms_unbounded"],
        -e["platforms_at_risk"],
        -e["days_at_risk"],
        -e["items_lost"],
        e["node"],
    )


def stress_test(
    G: nx.MultiDiGraph,
    platform: str | None = None,
    *,
    top: int = 50,
    index: SupplyIndex | None = None,
    assumptions: ScenarioSpec | None = None,
    data_gaps_unavailable: bool = False,
) -> dict[str, Any]:
    """Run every single-node scenario of a platform's network and rank them by impact.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The supply graph.
    platform : str, optional
        The platform whose network is tested; ``None`` tests every platform's
        (impacts then count every platform and item).
    top : int
        Length of the ranking returned.
    index : SupplyIndex, optional
        A prebuilt index of ``G``.
    assumptions : ScenarioSpec, optional
        Where ``qualification_days`` and ``substitution_days`` are read from
        (defaults of :class:`ScenarioSpec` otherwise). Removed sources recover
        after their own ``recovery_days``.
    data_gaps_unavailable : bool
        Count items without any source as unavailable.

    Returns
    -------
    dict
        ``{"platforms", "scenarios", "with_impact", "ranking": [{"rank", "node",
        "kind", "name", "platforms_lost", "platforms_lost_count", "items_lost",
        "root_causes", "platforms_at_risk", "platforms_unbounded",
        "days_at_risk", "max_days_at_risk"}]}``, ranked by platforms lost,
        then platforms with no known recovery, platforms at risk, days at risk
        (summed over platforms) and items lost.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({
    ...     "items": [{"id": "P", "name": "P", "kind": "platform"},
    ...               {"id": "M", "name": "M", "kind": "material"}],
    ...     "organisations": [{"id": o, "name": o, "country": "FR"} for o in "ABC"],
    ...     "bom": [{"parent": "P", "child": "M"}],
    ...     "sources": [{"item": "P", "supplier": "A", "recovery_days": 10},
    ...                 {"item": "M", "supplier": "B"}, {"item": "M", "supplier": "C"}]})
    >>> r = stress_test(G, "P")
    >>> r["scenarios"], [(e["node"], e["platforms_lost"], e["days_at_risk"]) for e in r["ranking"]]
    (3, [('A', ['P'], 10.0)])
    """
    ix = index or SupplyIndex.from_graph(G)
    spec = assumptions or ScenarioSpec()
    if platform is not None and (platform not in ix.pos or ix.kind[ix.pos[platform]] != ITEM):
        raise NotFoundError(f"{platform!r} is not an item in the graph.")
    platforms = [ix.pos[platform]] if platform is not None else list(ix.platforms)
    with pause_gc():
        impacts, n = single_node_impacts(
            G, ix, platforms, Assumptions.of(spec), data_gaps_unavailable=data_gaps_unavailable
        )
    impacts.sort(key=_rank_key)
    ranking = [{"rank": k, **e} for k, e in enumerate(impacts[:top], 1)]
    return {
        "platforms": [ix.ids[p] for p in platforms],
        "scenarios": n,
        "with_impact": len(impacts),
        "assumptions": {
            "qualification_days": spec.qualification_days,
            "substitution_days": spec.substitution_days,
        },
        "ranking": ranking,
    }
