"""Single points of failure: the nodes whose loss alone (order 1) or in pairs (order 2)
makes a platform unproducible, with the bill-of-materials path that explains each.

Order 1 (exact). Write ``Q(i)`` for the qualified source triples ``{org,
facility, country}`` of item ``i`` and ``C(p)`` for the bill-of-materials
closure of platform ``p``. For a producible platform::

    order1(p) = C(p)  ∪  ⋃_{i ∈ C(p)}  ⋂_{s ∈ Q(i)} s

Proof sketch: a producible platform's closure is acyclic and every item in it
is locally available (see :mod:`graphmodel.analysis.producibility`), so the
platform stays producible after losing ``x`` iff every item in the closure
stays locally available: ``x`` is not that item, and some qualified source of
the item avoids ``x``. The platform therefore fails iff ``x`` is an item of the
closure or ``x`` lies in every qualified source triple of some closure item,
which is the formula. This is the issue's recursion ``crit(i) = {i} ∪ ⋃
crit(child) ∪ ⋂ crit_source(s)`` unrolled: sources lead to organisations,
facilities and countries, which never lead back to items, so no intersection
ever spans a cycle, and a platform whose closure holds a cycle is unproducible
(least fixed point) and has no order-1 node at all. Cost: one breadth-first
walk of the closure plus one pass over its qualified sources, ``O(|C(p)| +
sources)``, against ``O(nodes × closure)`` for remove-and-recheck
(:func:`order1_naive`, kept as the oracle and the benchmark baseline).

Order 2 (exact for its candidate class). The minimal pairs ``{a, b}`` of
organisations and facilities, neither of order 1, whose joint loss stops the
platform. Such a pair stops the platform iff it hits every qualified source
of one closure item (items fail independently). For one item with source
sets ``S_1..S_k`` (organisation and facility of each source): every hitting
pair holds some ``a ∈ S_1`` (at most two choices) and then ``b`` must lie in
every ``S_j`` that misses ``a`` (at most two choices), so each item yields at
most four pairs in ``O(k)``. The result is capped at ``max_pairs`` pairs and
flagged ``truncated`` when the cap cuts it short.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import networkx as nx

from graphmodel.analysis.index import (
    COUNTRY,
    FACILITY,
    ITEM,
    KIND_NAMES,
    NO_NODE,
    ORGANISATION,
    SupplyIndex,
)
from graphmodel.analysis.producibility import Closure, bom_closure, closure_producible

__all__ = [
    "DEFAULT_MAX_PAIRS",
    "ORDER2_REASON",
    "Order1",
    "Order2",
    "compute_order1",
    "compute_order2",
    "local_critical",
    "order1",
    "order1_naive",
    "order2",
    "single_country_items",
    "sole_source_items",
]

#: Order-2 pairs reported per platform before the list is cut and flagged truncated.
DEFAULT_MAX_PAIRS = 10_000

#: Why an order-2 pair stops its platform: the same for every pair (the pair's
#: evidence names the item), so findings and the write-back state it once.
ORDER2_REASON: Final = "losing both stops every qualified source of the item"

_GROUP_OF_KIND = {
    ITEM: "items",
    ORGANISATION: "organisations",
    FACILITY: "facilities",
    COUNTRY: "countries",
}


@dataclass(eq=False)
class Order1:
    """Order-1 nodes of one platform: node index -> the item whose failure it causes."""

    producible: bool
    culprit: dict[int, int] = field(default_factory=dict)


@dataclass(eq=False)
class Order2:
    """Order-2 pairs of one platform: (a, b) -> the item the pair stops."""

    pairs: dict[tuple[int, int], int] = field(default_factory=dict)
    truncated: bool = False


def local_critical(ix: SupplyIndex, i: int) -> tuple[int, ...]:
    """Nodes lying in every qualified source triple of item ``i`` (empty without sources)."""
    return ix.critical[i]


def compute_order1(ix: SupplyIndex, cl: Closure, *, data_gaps_unavailable: bool = False) -> Order1:
    """Order-1 nodes of ``cl.root`` by the closure formula (module docstring)."""
    if not closure_producible(ix, cl, data_gaps_unavailable=data_gaps_unavailable):
        return Order1(False)
    culprit = {u: u for u in cl.order}
    critical = ix.critical
    for u in cl.order:
        crit = critical[u]
        if crit:
            for x in crit:
                if x not in culprit:
                    culprit[x] = u
    return Order1(True, culprit)


def compute_order2(
    ix: SupplyIndex, cl: Closure, o1: Order1, *, max_pairs: int = DEFAULT_MAX_PAIRS
) -> Order2:
    """Minimal organisation/facility pairs stopping ``cl.root`` (module docstring)."""
    out = Order2()
    if not o1.producible:
        return out
    critical = o1.culprit
    ids = ix.ids
    candidates = ix.pair_candidates
    pairs = out.pairs
    for u in cl.order:
        found = candidates[u]
        if not found:
            continue
        for a, b in found:
            if a in critical or b in critical:
                continue
            pair = (a, b) if ids[a] < ids[b] else (b, a)
            if pair not in pairs:
                if len(pairs) >= max_pairs:
                    out.truncated = True
                    return out
                pairs[pair] = u
    return out


def sole_source_items(ix: SupplyIndex, cl: Closure) -> list[str]:
    """Items in the closure with exactly one qualified source, in tier order."""
    q = ix.qualified
    ids = ix.ids
    return [ids[u] for u in cl.order if len(q[u]) == 3]


def single_country_items(ix: SupplyIndex, cl: Closure) -> dict[str, str]:
    """Items whose qualified sources all lie in one known country: item id -> code (tier order)."""
    one = ix.single_country
    ids = ix.ids
    return {ids[u]: ids[one[u]] for u in cl.order if one[u] != NO_NODE}


def order1_report(
    ix: SupplyIndex, cl: Closure, o1: Order1, paths: Mapping[int, list[str]] | None = None
) -> dict[str, Any]:
    """The order-1 result as JSON-ready data: ids grouped by kind plus evidence.

    Lists are in tier order (nearest the platform first). Evidence is given
    for organisations, facilities and countries; an order-1 item is explained
    by its own bill-of-materials path (``paths`` in the report). ``paths``
    (from :meth:`Closure.id_paths`) is reused when given, so the evidence
    shares its path lists with the report's.
    """
    groups: dict[str, list[str]] = {g: [] for g in _GROUP_OF_KIND.values()}
    evidence: dict[str, dict[str, Any]] = {}
    ids = ix.ids
    kind = ix.kind
    culprit = o1.culprit
    # A producible platform's whole closure is order 1 (all-of), in BFS order.
    if culprit:
        groups["items"] = [ids[u] for u in cl.order]
    for x, u in culprit.items():
        if x == u:
            continue
        k = kind[x]
        groups[_GROUP_OF_KIND.get(k, "items")].append(ids[x])
        path = paths[u] if paths is not None else [ids[i] for i in cl.path(u)]
        evidence[ids[x]] = {
            "path": path,
            "item": ids[u],
            "reason": f"every qualified source of {ids[u]} depends on this {KIND_NAMES[k]}",
        }
    return {"order1": groups, "order1_evidence": evidence}


def order2_report(
    ix: SupplyIndex, cl: Closure, o2: Order2, paths: Mapping[int, list[str]] | None = None
) -> dict[str, Any]:
    """The order-2 result as JSON-ready data."""
    ids = ix.ids
    pairs = sorted((ids[a], ids[b]) for a, b in o2.pairs)

    def path(u: int) -> list[str]:
        return paths[u] if paths is not None else [ids[i] for i in cl.path(u)]

    ordered = sorted(o2.pairs.items(), key=lambda kv: (ids[kv[0][0]], ids[kv[0][1]]))
    evidence = [
        {"pair": [ids[a], ids[b]], "item": ids[u], "path": path(u)} for (a, b), u in ordered
    ]
    return {
        "order2": [list(p) for p in pairs],
        "order2_evidence": evidence,
        "order2_truncated": o2.truncated,
    }


def order1(
    G: nx.MultiDiGraph,
    platform: str,
    *,
    data_gaps_unavailable: bool = False,
    index: SupplyIndex | None = None,
) -> dict[str, Any]:
    """The exact set of nodes whose loss alone makes ``platform`` unproducible.

    Returns
    -------
    dict
        ``{"producible": bool, "order1": {"organisations": [...], "facilities":
        [...], "countries": [...], "items": [...]}, "order1_evidence": {id:
        {"path": [item ids], "item": id, "reason": str}}}``. An unproducible
        platform has no order-1 node.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({
    ...     "items": [{"id": "P", "name": "P", "kind": "platform"},
    ...               {"id": "M", "name": "M", "kind": "material"}],
    ...     "organisations": [{"id": "A", "name": "A", "country": "FR"},
    ...                       {"id": "B", "name": "B", "country": "FR"}],
    ...     "bom": [{"parent": "P", "child": "M"}],
    ...     "sources": [{"item": "M", "supplier": "A"}, {"item": "M", "supplier": "B"}]})
    >>> r = order1(G, "P")
    >>> r["order1"]
    {'items': ['P', 'M'], 'organisations': [], 'facilities': [], 'countries': ['FR']}
    >>> r["order1_evidence"]["FR"]["path"]
    ['P', 'M']
    """
    ix = index or SupplyIndex.from_graph(G)
    cl = bom_closure(ix, ix.item(platform))
    o1 = compute_order1(ix, cl, data_gaps_unavailable=data_gaps_unavailable)
    return {"producible": o1.producible, **order1_report(ix, cl, o1)}


def order2(
    G: nx.MultiDiGraph,
    platform: str,
    *,
    max_pairs: int = DEFAULT_MAX_PAIRS,
    data_gaps_unavailable: bool = False,
    index: SupplyIndex | None = None,
) -> dict[str, Any]:
    """Minimal pairs of organisations/facilities (not order 1) that jointly stop ``platform``.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({
    ...     "items": [{"id": "P", "name": "P", "kind": "platform"}],
    ...     "organisations": [{"id": o, "name": o, "country": "FR"} for o in "ABC"],
    ...     "sources": [{"item": "P", "supplier": "A"}, {"item": "P", "supplier": "B"}]})
    >>> order2(G, "P")["order2"]
    [['A', 'B']]
    """
    ix = index or SupplyIndex.from_graph(G)
    cl = bom_closure(ix, ix.item(platform))
    o1 = compute_order1(ix, cl, data_gaps_unavailable=data_gaps_unavailable)
    return order2_report(ix, cl, compute_order2(ix, cl, o1, max_pairs=max_pairs))


def order1_naive(
    G: nx.MultiDiGraph,
    platform: str,
    *,
    data_gaps_unavailable: bool = False,
    index: SupplyIndex | None = None,
) -> set[str]:
    """Order-1 nodes by remove-and-recheck: the baseline the fast method is measured against.

    Every item of the closure and every node in its qualified sources (no
    other node can matter) is removed in turn and the platform rechecked from
    scratch, ``O(candidates × closure)``.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({
    ...     "items": [{"id": "P", "name": "P", "kind": "platform"}],
    ...     "organisations": [{"id": "A", "name": "A", "country": "FR"}],
    ...     "sources": [{"item": "P", "supplier": "A"}]})
    >>> sorted(order1_naive(G, "P"))
    ['A', 'FR', 'P']
    """
    ix = index or SupplyIndex.from_graph(G)
    root = ix.item(platform)
    cl = bom_closure(ix, root)
    if not closure_producible(ix, cl, data_gaps_unavailable=data_gaps_unavailable):
        return set()
    candidates = set(cl.order)
    for u in cl.order:
        candidates.update(x for x in ix.qualified[u] if x != NO_NODE)
    out = set()
    for x in candidates:
        fresh = bom_closure(ix, root)
        if not closure_producible(ix, fresh, {x}, data_gaps_unavailable=data_gaps_unavailable):
            out.add(ix.ids[x])
    return out
