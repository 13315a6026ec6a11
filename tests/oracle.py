"""Brute-force reference answers, written independently of :class:`SupplyIndex`.

These follow the definitions word for word on the NetworkX graph (a naive
fixed-point iteration, remove-and-recheck for every node and every pair) and
are what the property-based tests compare the fast analyses against. They
are exponential-free but slow (``O(nodes × items × sources)`` per check); use
them on small graphs only.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

import networkx as nx

from graphmodel.nxgraph import qualified_sources, source_country

__all__ = [
    "brute_force_order1",
    "brute_force_order2",
    "brute_force_producible",
    "dominator_order1",
]


def _items(G: nx.MultiDiGraph) -> list[str]:
    return [n for n, d in G.nodes(data=True) if d.get("label") == "Item"]


def brute_force_producible(
    G: nx.MultiDiGraph, lost: Iterable[str] = (), *, data_gaps_unavailable: bool = False
) -> dict[str, bool]:
    """Producibility of every item by naive iteration from "nothing producible".

    Starting from all-false and adding an item only once all its children are
    already producible yields the least fixed point.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({"items": [{"id": "A", "name": "A", "kind": "component"}],
    ...     "bom": [{"parent": "A", "child": "A"}]})
    >>> brute_force_producible(G)
    {'A': False}
    """
    gone = set(lost)
    items = _items(G)
    prod = dict.fromkeys(items, False)
    changed = True
    while changed:
        changed = False
        for i in items:
            if prod[i] or i in gone:
                continue
            has_any = any(d["type"] == "SOURCED_FROM" for _, _, d in G.out_edges(i, data=True))
            if not has_any:
                ok = not data_gaps_unavailable
            else:
                ok = any(
                    o not in gone
                    and (f is None or f not in gone)
                    and source_country(G, o, f) not in gone
                    for o, f, _ in qualified_sources(G, i)
                )
            kids = [v for _, v, d in G.out_edges(i, data=True) if d["type"] == "NEEDS"]
            if ok and all(prod.get(c, False) for c in kids):
                prod[i] = True
                changed = True
    return prod


def brute_force_order1(
    G: nx.MultiDiGraph, platform: str, *, data_gaps_unavailable: bool = False
) -> set[str]:
    """Every node of ``G`` whose loss alone makes ``platform`` unproducible."""
    if not brute_force_producible(G, data_gaps_unavailable=data_gaps_unavailable)[platform]:
        return set()
    return {
        x
        for x in G.nodes
        if not brute_force_producible(G, [x], data_gaps_unavailable=data_gaps_unavailable)[platform]
    }


def brute_force_order2(
    G: nx.MultiDiGraph, platform: str, *, data_gaps_unavailable: bool = False
) -> set[tuple[str, str]]:
    """Every pair of organisations/facilities, neither of order 1, that stops ``platform``."""
    o1 = brute_force_order1(G, platform, data_gaps_unavailable=data_gaps_unavailable)
    if not o1:
        return set()
    cands = sorted(
        n
        for n, d in G.nodes(data=True)
        if d.get("label") in ("Organisation", "Facility") and n not in o1
    )
    return {
        (a, b)
        for a, b in combinations(cands, 2)
        if not brute_force_producible(G, [a, b], data_gaps_unavailable=data_gaps_unavailable)[
            platform
        ]
    }


def dominator_order1(G: nx.MultiDiGraph, item: str) -> set[str]:
    """Order 1 of a single item's any-of sourcing, via :func:`networkx.immediate_dominators`.

    The flow graph runs ``item -> organisation -> facility -> country -> SINK``
    along each qualified source (``organisation -> country`` without a
    facility; straight to ``SINK`` where the country is unknown), so the
    paths from ``item`` to ``SINK`` are exactly the qualified sources and a
    node dominates ``SINK`` iff its loss leaves no available source. The item
    itself (the root) dominates everything. That holds when every facility
    has a country (a facility's only out-edge is then its own country); a
    facility without one would share its out-edges between organisations.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({"items": [{"id": "I", "name": "I", "kind": "component"}],
    ...     "organisations": [{"id": "A", "name": "A", "country": "FR"},
    ...                       {"id": "B", "name": "B", "country": "FR"}],
    ...     "sources": [{"item": "I", "supplier": "A"}, {"item": "I", "supplier": "B"}]})
    >>> sorted(dominator_order1(G, "I"))
    ['FR', 'I']
    """
    sink = ("sink",)
    F = nx.DiGraph()
    F.add_node(item)
    for org, fac, _ in qualified_sources(G, item):
        country = source_country(G, org, fac)
        chain: list[object] = [item, org]
        if fac:
            chain.append(fac)
        if country:
            chain.append(country)
        chain.append(sink)
        nx.add_path(F, chain)
    if sink not in F:
        return set()
    idom = nx.immediate_dominators(F, item)
    out: set[str] = set()
    node: object = sink
    while node != item:
        node = idom[node]
        out.add(str(node))
    return out
