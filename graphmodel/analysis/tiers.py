"""Tiers: how far upstream of a platform each item, organisation, facility and country is.

- The platform item is tier 0, and so are its own qualified sources (their
  organisations and facilities).
- A direct bill-of-materials child is tier 1, with its sources; and so on.
- Where several paths exist the minimum depth counts (breadth-first search).
- A country's tier is the minimum tier of an organisation or facility exposing
  it (the organisation's registration country and the facility's location).
- Only **qualified** sources count: an unqualified source is a candidate, not a
  supplier the platform depends on.

The reverse question, :func:`where_used`, walks NEEDS upwards from every item
that exposes a node and reports each platform reached with the minimum depth.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from graphmodel.analysis.index import (
    COUNTRY,
    FACILITY,
    ITEM,
    NO_NODE,
    ORGANISATION,
    SupplyIndex,
)
from graphmodel.analysis.producibility import Closure, bom_closure
from graphmodel.errors import NotFoundError

__all__ = ["PlatformTiers", "paths_of", "platform_tiers", "tiers", "where_used"]


@dataclass(eq=False)
class PlatformTiers:
    """Tiers of one platform's upstream nodes, by index.

    Attributes
    ----------
    closure : Closure
        The platform's bill-of-materials closure (item tiers and paths).
    upstream : dict[int, int]
        Organisation, facility or country -> tier.
    via : dict[int, int]
        Organisation, facility or country -> the item (at that tier) exposing it.
    """

    closure: Closure
    upstream: dict[int, int]
    via: dict[int, int]

    def tier(self, i: int) -> int | None:
        """The tier of any node index, or None when the node is not upstream."""
        d = self.closure.depth.get(i)
        return d if d is not None else self.upstream.get(i)

    def ids_by_tier(self, ix: SupplyIndex) -> tuple[dict[str, int], dict[str, int]]:
        """``(tiers of items, organisations and facilities, tiers of countries)`` by id."""
        ids = ix.ids
        kind = ix.kind
        tiers = {ids[i]: d for i, d in self.closure.depth.items()}
        countries: dict[str, int] = {}
        for i, d in self.upstream.items():
            if kind[i] == COUNTRY:
                countries[ids[i]] = d
            else:
                tiers[ids[i]] = d
        return tiers, countries


def platform_tiers(ix: SupplyIndex, cl: Closure) -> PlatformTiers:
    """Tiers of every node upstream of ``cl.root`` (see the module docstring)."""
    upstream: dict[int, int] = {}
    via: dict[int, int] = {}
    depth = cl.depth
    exposure = ix.exposure
    # Closure order is by non-decreasing depth, so the first sighting is the minimum.
    for u in cl.order:
        ex = exposure[u]
        if ex:
            d = depth[u]
            for s in ex:
                if s not in upstream:
                    upstream[s] = d
                    via[s] = u
    return PlatformTiers(cl, upstream, via)


def tiers(G: nx.MultiDiGraph, platform: str, *, index: SupplyIndex | None = None) -> dict[str, Any]:
    """Tiers and connecting item paths of everything upstream of ``platform``.

    Returns
    -------
    dict
        ``{"tiers": {item, organisation or facility id: tier},
        "country_tiers": {code: tier}, "paths": {id or code: [item ids]}}``;
        a path runs from the platform to the item at which the node appears.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({
    ...     "items": [{"id": "P", "name": "P", "kind": "platform"},
    ...               {"id": "A", "name": "A", "kind": "assembly"},
    ...               {"id": "M", "name": "M", "kind": "material"}],
    ...     "organisations": [{"id": "Prime", "name": "Prime", "country": "FR"},
    ...                       {"id": "Mine", "name": "Mine", "country": "CL"}],
    ...     "bom": [{"parent": "P", "child": "A"}, {"parent": "A", "child": "M"},
    ...             {"parent": "P", "child": "M"}],
    ...     "sources": [{"item": "P", "supplier": "Prime"}, {"item": "M", "supplier": "Mine"}]})
    >>> t = tiers(G, "P")
    >>> sorted(t["tiers"].items())
    [('A', 1), ('M', 1), ('Mine', 1), ('P', 0), ('Prime', 0)]
    >>> t["country_tiers"], t["paths"]["Mine"]
    ({'FR': 0, 'CL': 1}, ['P', 'M'])
    """
    ix = index or SupplyIndex.from_graph(G)
    if platform not in ix.pos or ix.kind[ix.pos[platform]] != ITEM:
        raise NotFoundError(f"No item called {platform!r} in the graph.")
    pt = platform_tiers(ix, bom_closure(ix, ix.pos[platform]))
    out_tiers, country_tiers = pt.ids_by_tier(ix)
    return {"tiers": out_tiers, "country_tiers": country_tiers, "paths": paths_of(ix, pt)}


def paths_of(ix: SupplyIndex, pt: PlatformTiers) -> dict[str, list[str]]:
    """Item path from the platform for every upstream node (shared lists per item)."""
    ids = ix.ids
    item_paths = pt.closure.id_paths(ids)
    paths = {ids[i]: item_paths[i] for i in pt.closure.order}
    paths.update((ids[s], item_paths[u]) for s, u in pt.via.items())
    return paths


def where_used(
    G: nx.MultiDiGraph,
    node: str,
    *,
    platforms: list[str] | None = None,
    index: SupplyIndex | None = None,
) -> dict[str, int]:
    """Which platforms depend on ``node`` (item, organisation, facility or country), at which tier.

    A platform depends on an organisation, facility or country when one of
    its upstream items has a qualified source through it (see the module
    docstring); the tier is the minimum over every such item.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({
    ...     "items": [{"id": "P1", "name": "P1", "kind": "platform"},
    ...               {"id": "P2", "name": "P2", "kind": "platform"},
    ...               {"id": "C", "name": "C", "kind": "component"}],
    ...     "organisations": [{"id": "O", "name": "O", "country": "DE"}],
    ...     "bom": [{"parent": "P1", "child": "C"}],
    ...     "sources": [{"item": "C", "supplier": "O"}, {"item": "P2", "supplier": "O"}]})
    >>> where_used(G, "O"), where_used(G, "DE"), where_used(G, "C")
    ({'P1': 1, 'P2': 0}, {'P1': 1, 'P2': 0}, {'P1': 1})
    """
    ix = index or SupplyIndex.from_graph(G)
    if node not in ix.pos:
        raise NotFoundError(f"No node called {node!r} in the graph.")
    target = ix.pos[node]
    kind = ix.kind[target]
    if kind == ITEM:
        frontier = [target]
    else:
        frontier = [
            i for i in range(len(ix.ids)) if ix.kind[i] == ITEM and _exposes(ix, i, target, kind)
        ]
    dist = {i: 0 for i in frontier}
    parents = ix.parents
    for u in frontier:
        d = dist[u] + 1
        for p in parents[u]:
            if p not in dist:
                dist[p] = d
                frontier.append(p)
    wanted = ix.platforms if platforms is None else [ix.item(p) for p in platforms]
    return {ix.ids[p]: dist[p] for p in wanted if p in dist}


def _exposes(ix: SupplyIndex, item: int, target: int, kind: int) -> bool:
    q = ix.qualified[item]
    home = ix.home
    for k in range(0, len(q), 3):
        if kind in (ORGANISATION, FACILITY):
            if q[k] == target or q[k + 1] == target:
                return True
        elif kind == COUNTRY and (
            q[k + 2] == target
            or home[q[k]] == target
            or (q[k + 1] != NO_NODE and home[q[k + 1]] == target)
        ):
            return True
    return False
