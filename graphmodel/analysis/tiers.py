"""Tiers, tree, paths and where-used: the one definition of every "what depends on what".

The dependency relationships everything here walks (and nothing else does):

- an item needs each bill-of-materials child (``NEEDS``, one tier deeper);
- an item depends on the organisation and the facility of each of its
  **qualified** sources (``SOURCED_FROM``, ``MADE_AT``, the item's tier); an
  unqualified source is a candidate, not a supplier the platform depends on;
- an organisation depends on its registration country and a facility on its
  location country (``REGISTERED_IN``, ``LOCATED_IN``, the same tier).

Tiers follow from them: the platform item is tier 0, and so are its own
qualified sources; a direct child is tier 1, with its sources; and so on,
taking the minimum over paths (breadth-first search). A country's tier is the
minimum tier of an organisation or facility exposing it (the source country of
:func:`graphmodel.nxgraph.pick_source_country` is always one of those).

Where-used has two kinds, named apart:

- :func:`where_used_platforms` (and :func:`where_used` on a NetworkX graph):
  which **platforms** depend on a node, at which tier;
- :func:`dependants`: **every item** that depends on a node, with the tier the
  node has below that item. Exactly: ``X`` is in the tier listing of item ``I`` at
  tier ``t`` if and only if ``I`` is in ``dependants(X)`` with ``t``.

The API (:mod:`api.routers.dependencies`), the CLI and the platform view all
answer from these functions, over the same :class:`SupplyIndex`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import islice, pairwise
from typing import Any, Final

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
from graphmodel.analysis.traverse import breadth_first, breadth_first_distances
from graphmodel.errors import NotFoundError

__all__ = [
    "KIND_ORDER",
    "DependantsPage",
    "PlatformTiers",
    "dependants",
    "dependants_page",
    "dependency_edges",
    "dependency_paths",
    "dependency_tree",
    "paths_of",
    "platform_tiers",
    "tiers",
    "tiers_of",
    "where_used",
    "where_used_platforms",
]

#: Relationship type from an organisation or facility to its own country.
_HOME_EDGE: Final = {ORGANISATION: "REGISTERED_IN", FACILITY: "LOCATED_IN"}
#: Listing order of kinds within one tier.
KIND_ORDER: Final = (ITEM, ORGANISATION, FACILITY, COUNTRY)


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
    _listing: list[int] | None = field(default=None, repr=False)
    _listing_tiers: list[int] = field(default_factory=list, repr=False)
    _by_kind: dict[int, tuple[list[int], list[int]]] = field(default_factory=dict, repr=False)
    _by_country: dict[str, tuple[list[int], list[int]]] | None = field(default=None, repr=False)

    @property
    def root(self) -> int:
        return self.closure.root

    def listing(self, ix: SupplyIndex) -> tuple[list[int], list[int]]:
        """Every upstream node but the root, by (tier, kind, id), and their tiers (cached)."""
        if self._listing is None:
            ids, kind = ix.ids, ix.kind
            rank = {k: r for r, k in enumerate(KIND_ORDER)}
            rows = [(d, rank.get(kind[i], 9), ids[i], i) for i, d in self.closure.depth.items()]
            rows += [(d, rank.get(kind[i], 9), ids[i], i) for i, d in self.upstream.items()]
            rows.sort()
            rows = [r for r in rows if r[3] != self.root]
            for k in KIND_ORDER:
                of_kind = [r for r in rows if kind[r[3]] == k]
                self._by_kind[k] = ([r[3] for r in of_kind], [r[0] for r in of_kind])
            self._listing_tiers = [r[0] for r in rows]
            self._listing = [r[3] for r in rows]
        return self._listing, self._listing_tiers

    def page(
        self,
        ix: SupplyIndex,
        offset: int,
        limit: int,
        *,
        max_tier: int | None = None,
        kind: int | None = None,
        country: str | None = None,
        only: set[str] | None = None,
    ) -> tuple[int, list[tuple[int, int]]]:
        """``(total, rows)``: how many listing rows match (as :meth:`select`), and the
        ``limit`` of them from ``offset``. Without a country or id filter this is two
        binary searches and a slice, whatever the size of the listing."""
        if country is not None or only is not None:
            rows = self.select(ix, max_tier=max_tier, kind=kind, country=country, only=only)
            return len(rows), rows[offset : offset + limit]
        self.listing(ix)
        nodes, tiers = (
            (self._listing or [], self._listing_tiers)
            if kind is None
            else (self._by_kind.get(kind, ([], [])))
        )
        end = len(nodes) if max_tier is None else bisect_right(tiers, max_tier)
        stop = min(end, offset + limit)
        return end, list(zip(nodes[offset:stop], tiers[offset:stop], strict=True))

    def select(
        self,
        ix: SupplyIndex,
        *,
        max_tier: int | None = None,
        kind: int | None = None,
        country: str | None = None,
        only: set[str] | None = None,
    ) -> list[tuple[int, int]]:
        """``(node, tier)`` of the listing matching every filter given, in listing order.

        ``country`` keeps the nodes whose ``country`` property it is, and the
        country node itself; ``only`` keeps the nodes with those ids.
        """
        if country is None:
            nodes, tiers = self.listing(ix)
        else:
            # Only that country's share of the listing is scanned, not all of it.
            nodes, tiers = self._country_groups(ix).get(country, ([], []))
        # Sorted by tier, so the tier cut is a binary search, not a scan.
        end = len(nodes) if max_tier is None else bisect_right(tiers, max_tier)
        ids, kinds = ix.ids, ix.kind
        out = []
        for k in range(end):
            i = nodes[k]
            if kind is not None and kinds[i] != kind:
                continue
            if only is not None and ids[i] not in only:
                continue
            out.append((i, tiers[k]))
        return out

    def _country_groups(self, ix: SupplyIndex) -> dict[str, tuple[list[int], list[int]]]:
        """Country code -> the listing rows (in listing order) a ``country`` filter keeps:
        the nodes whose ``country`` property it is, and the country node itself.
        Built once per platform, at its first country filter."""
        if self._by_country is None:
            nodes, tiers = self.listing(ix)
            ids, kinds, countries = ix.ids, ix.kind, ix.country
            groups: dict[str, tuple[list[int], list[int]]] = {}
            for i, t in zip(nodes, tiers, strict=True):
                key = ids[i] if kinds[i] == COUNTRY else countries[i]
                if key is not None:
                    group = groups.setdefault(key, ([], []))
                    group[0].append(i)
                    group[1].append(t)
            self._by_country = groups
        return self._by_country

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


def tiers_of(ix: SupplyIndex, platform: str) -> PlatformTiers:
    """The tiers of item ``platform`` (:class:`NotFoundError` if there is no such item)."""
    return platform_tiers(ix, bom_closure(ix, ix.item(platform)))


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

    The NetworkX form of :func:`where_used_platforms` (see the module docstring).

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
    wanted = None if platforms is None else [ix.item(p) for p in platforms]
    found = where_used_platforms(ix, node, platforms=wanted)
    return {ix.ids[p]: d for p, d in found.items()}


def _node(ix: SupplyIndex, node: str) -> int:
    i = ix.pos.get(node)
    if i is None or ix.kind[i] not in KIND_ORDER:
        raise NotFoundError(f"No item, organisation, facility or country with id {node!r}.")
    return i


def dependants(ix: SupplyIndex, node: str) -> dict[int, int]:
    """Every item that depends on ``node``, with the tier ``node`` has below it, nearest first.

    An item ``node`` itself is not listed; an organisation, facility or country
    is at tier 0 below every item one of whose qualified sources exposes it.
    """
    target = _node(ix, node)
    starts = [target] if ix.kind[target] == ITEM else ix.exposed_by.get(target, [])
    dist = breadth_first(starts, ix.parents.__getitem__)
    dist.pop(target, None)
    return dist


@dataclass(frozen=True)
class DependantsPage:
    """A page of :func:`dependants`, nearest first, then by id.

    Attributes
    ----------
    total : int
        How many items depend on the node.
    rows : list[tuple[int, int]]
        ``(item, tier of the node below it)`` of the page.
    platforms : list[int]
        Every platform among the dependants, by id.
    """

    total: int
    rows: list[tuple[int, int]]
    platforms: list[int]


def dependants_page(
    ix: SupplyIndex, node: str, offset: int = 0, limit: int | None = None
) -> DependantsPage:
    """:func:`dependants` ordered by (tier, id), the ``limit`` rows from ``offset``.

    The walk is :func:`~graphmodel.analysis.traverse.breadth_first_distances` (in C)
    and the order a numpy sort: a where-used request walks up from a random node,
    often through tens of thousands of items, and the Python walk and sort were
    most of the API's time on a varied mix of requests.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> ix = SupplyIndex.from_graph(graph_from_tables({
    ...     "items": [{"id": i, "name": i, "kind": "platform" if i < "C" else "component"}
    ...               for i in ("A", "B", "C", "D", "E")],
    ...     "bom": [{"parent": "A", "child": "C"}, {"parent": "B", "child": "D"},
    ...             {"parent": "D", "child": "E"}, {"parent": "C", "child": "E"}]}))
    >>> page = dependants_page(ix, "E", offset=1, limit=2)
    >>> page.total, [(ix.ids[i], d) for i, d in page.rows], [ix.ids[p] for p in page.platforms]
    (4, [('D', 1), ('A', 2)], ['A', 'B'])
    """
    import numpy as np

    target = _node(ix, node)
    starts = [target] if ix.kind[target] == ITEM else ix.exposed_by.get(target, [])
    dist = breadth_first_distances(starts, ix.parents_matrix)
    # As dependants(): the node itself is not among its dependants.
    dist[target] = np.inf
    reached = np.flatnonzero(np.isfinite(dist))
    order = reached[np.lexsort((ix.id_rank[reached], dist[reached]))]
    chunk = order[offset : None if limit is None else offset + limit]
    rows = [(int(i), int(dist[i])) for i in chunk]
    platforms = [p for p in ix.platforms if dist[p] != np.inf]
    return DependantsPage(len(reached), rows, platforms)


def where_used_platforms(
    ix: SupplyIndex, node: str, *, platforms: list[int] | None = None
) -> dict[int, int]:
    """The platforms among :func:`dependants` (or those of ``platforms``), by id.

    Unlike :func:`dependants`, a platform ``node`` is listed under itself at tier 0.
    """
    target = _node(ix, node)
    starts = [target] if ix.kind[target] == ITEM else ix.exposed_by.get(target, [])
    dist = breadth_first(starts, ix.parents.__getitem__)
    wanted = ix.platforms if platforms is None else platforms
    return {p: dist[p] for p in wanted if p in dist}


def dependency_edges(ix: SupplyIndex, u: int) -> list[tuple[int, str]]:
    """The dependency relationships out of node ``u`` as ``(node, type)``, by (id, type)."""
    kind = ix.kind[u]
    if kind == ITEM:
        out = {(c, "NEEDS") for c in ix.children[u]}
        q = ix.qualified[u]
        for k in range(0, len(q), 3):
            out.add((q[k], "SOURCED_FROM"))
            if q[k + 1] != NO_NODE:
                out.add((q[k + 1], "MADE_AT"))
    elif kind in _HOME_EDGE and ix.home[u] != NO_NODE:
        out = {(ix.home[u], _HOME_EDGE[kind])}
    else:
        return []
    ids = ix.ids
    return sorted(out, key=lambda e: (ids[e[0]], e[1]))


def dependency_tree(
    ix: SupplyIndex, pt: PlatformTiers, *, max_tier: int | None = None, max_nodes: int = 2_000
) -> tuple[dict[str, Any], int, bool]:
    """The platform's dependencies as a tree: ``(root, node_count, truncated)``.

    Each node carries its tier from the listing; a node met again is listed
    with ``repeated: true`` and no children, so the tree stays linear in the
    size of the network.
    """
    root = _tree_node(ix, pt.root, None, 0)
    expanded = {pt.root}
    count = 1
    truncated = False
    queue: list[tuple[int, dict[str, Any]]] = [(pt.root, root)]
    for u, parent in queue:
        if truncated:
            break
        for v, typ in dependency_edges(ix, u):
            tier = pt.tier(v)
            if tier is None or (max_tier is not None and tier > max_tier):
                continue
            if count >= max_nodes:
                truncated = True
                break
            child = _tree_node(ix, v, typ, tier)
            count += 1
            if v in expanded:
                child["repeated"] = True
            else:
                expanded.add(v)
                queue.append((v, child))
            parent["children"].append(child)
    return root, count, truncated


def _tree_node(ix: SupplyIndex, i: int, via: str | None, tier: int) -> dict[str, Any]:
    return {
        "id": ix.ids[i],
        "label": LABELS[ix.kind[i]],
        "name": ix.name[i] if ix.name else None,
        "kind": ix.detail[i] if ix.detail else None,
        "tier": tier,
        "via": via,
        "repeated": False,
        "children": [],
    }


#: Store label per index kind.
LABELS: Final = ("Item", "Organisation", "Facility", "Country", "Unknown")


def dependency_paths(
    ix: SupplyIndex, pt: PlatformTiers, node: str, *, limit: int = 10, max_length: int = 12
) -> list[list[tuple[int, str | None]]]:
    """Up to ``limit`` shortest simple dependency paths from the platform to ``node``.

    Each path is a list of ``(node, relationship type into it)``, the first
    with ``None``; shortest first, none longer than ``max_length`` hops; empty
    when the platform does not depend on the node.
    """
    target = _node(ix, node)
    if target != pt.root and pt.tier(target) is None:
        return []
    # Only nodes below the platform that reach the target can be on a path.
    keep = {target, pt.root}
    keep.update(i for i in dependants(ix, node) if pt.tier(i) is not None)
    if ix.kind[target] == COUNTRY:
        keep.update(i for i in pt.upstream if ix.home[i] == target and ix.kind[i] != COUNTRY)
    g = nx.DiGraph()
    ids = ix.ids
    for u in sorted(keep, key=ids.__getitem__):
        g.add_node(u)
        for v, typ in dependency_edges(ix, u):
            if v in keep:
                g.add_edge(u, v, type=typ)
    found: list[list[tuple[int, str | None]]] = []
    if target == pt.root:
        return [[(target, None)]]
    for path in islice(nx.shortest_simple_paths(g, pt.root, target), limit):
        if len(path) - 1 > max_length:
            break
        found.append([(path[0], None)] + [(b, g.edges[a, b]["type"]) for a, b in pairwise(path)])
    return found
