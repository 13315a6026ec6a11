"""Producibility: can an item be made when some nodes are lost?

Semantics (``docs/analysis.md`` has the long form):

- An item is *locally available* when the item itself is not lost and at least
  one of its **qualified** sources is available: the source's organisation,
  its facility (where it names one) and its country (the facility's country
  where the source names a facility, else the organisation's) are all not lost.
- An item with **no source at all** is a *data gap*: locally available by
  default, unavailable when ``data_gaps_unavailable``. An item whose sources
  are all unqualified is not a data gap: it has no qualified source, so it is
  never locally available.
- An item is *producible* when it is locally available and every bill-of-
  materials child is producible. With cycles in the bill of materials this
  is read as the **least fixed point**: an item is producible only if that can
  be derived without relying on itself, so every item whose bill of materials
  reaches a cycle is unproducible (each item on the cycle needs itself).

Because sources point at organisations, facilities and countries (which do not
depend on items), a platform is producible exactly when its bill-of-materials
closure is acyclic and every item in it is locally available; that is what
:func:`closure_producible` checks in ``O(closure)``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass

import networkx as nx

from graphmodel.analysis.index import ITEM, SupplyIndex
from graphmodel.analysis.traverse import breadth_first

# Up to this many lost nodes a closure is checked item by item; more, and the
# availability of every item is computed once and cached on the index.
_FEW = 3

__all__ = [
    "Closure",
    "LazyPaths",
    "bom_closure",
    "closure_producible",
    "producibility",
    "producible",
]


@dataclass(eq=False)
class Closure:
    """A platform's bill-of-materials closure, in breadth-first order.

    Attributes
    ----------
    root : int
        The platform's index.
    order : list[int]
        Every item reachable along NEEDS (the root first), by non-decreasing depth.
    depth : dict[int, int]
        Minimum number of NEEDS steps from the root (the item's tier).
    parent : dict[int, int]
        The item's parent on one shortest NEEDS path from the root.
    """

    root: int
    order: list[int]
    depth: dict[int, int]
    parent: dict[int, int]

    def lazy_paths(self, ids: list[str]) -> LazyPaths:
        """Id paths computed on first use (and shared by prefix), for a few items."""
        return LazyPaths(self, ids)

    def id_paths(self, ids: list[str]) -> dict[int, list[str]]:
        """Every closure item's path from the root as ids (parents before children)."""
        paths: dict[int, list[str]] = {self.root: [ids[self.root]]}
        parent = self.parent
        for u in self.order[1:]:
            paths[u] = [*paths[parent[u]], ids[u]]
        return paths

    def path(self, i: int) -> list[int]:
        """Items from the root down to ``i`` along a shortest NEEDS path."""
        out = [i]
        parent = self.parent
        while i in parent:
            i = parent[i]
            out.append(i)
        out.reverse()
        return out


class LazyPaths(Mapping[int, list[str]]):
    """Item index -> id path from the root, built on demand and memoised.

    The report needs paths for a few thousand evidence items, not for every
    item of a closure of half a million; this builds only those (and their
    prefixes, shared).
    """

    def __init__(self, closure: Closure, ids: list[str]) -> None:
        self._cl = closure
        self._ids = ids
        self._memo: dict[int, list[str]] = {closure.root: [ids[closure.root]]}

    def __getitem__(self, i: int) -> list[str]:
        memo = self._memo
        got = memo.get(i)
        if got is not None:
            return got
        if i not in self._cl.depth:
            raise KeyError(i)
        # Walk up to the nearest memoised ancestor, then build downwards.
        chain = []
        parent = self._cl.parent
        u = i
        while u not in memo:
            chain.append(u)
            u = parent[u]
        path = memo[u]
        for v in reversed(chain):
            path = [*path, self._ids[v]]
            memo[v] = path
        return path

    def __iter__(self) -> Iterator[int]:
        return iter(self._cl.order)

    def __len__(self) -> int:
        return len(self._cl.order)


def bom_closure(ix: SupplyIndex, root: int) -> Closure:
    """Breadth-first walk down NEEDS from ``root``: tiers and shortest paths."""
    parent: dict[int, int] = {}
    depth = breadth_first([root], ix.children.__getitem__, parent=parent)
    order = list(depth)
    return Closure(root, order, depth, parent)


def closure_producible(
    ix: SupplyIndex,
    cl: Closure,
    lost: Collection[int] = frozenset(),
    *,
    data_gaps_unavailable: bool = False,
) -> bool:
    """Whether the closure's root is producible with the ``lost`` indices removed."""
    if ix.cyclic[cl.root]:
        return False
    if 0 < len(lost) <= _FEW:
        local_ok = ix.local_ok
        return all(local_ok(i, lost, data_gaps_unavailable) for i in cl.order)
    ok = ix.available(lost, data_gaps_unavailable)
    return all(map(ok.__getitem__, cl.order))


def producibility(
    G: nx.MultiDiGraph,
    *,
    lost: Iterable[str] = (),
    data_gaps_unavailable: bool = False,
    index: SupplyIndex | None = None,
) -> dict[str, bool]:
    """Producibility of every item, as the least fixed point (see the module docstring).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The supply graph (:mod:`graphmodel.nxgraph` contract).
    lost : iterable of str
        Ids of organisations, facilities, countries or items taken out.
    data_gaps_unavailable : bool
        Count items without any source as unavailable instead of available.
    index : SupplyIndex, optional
        A prebuilt index of ``G`` (saves rebuilding it).

    Returns
    -------
    dict[str, bool]
        Item id -> producible.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({
    ...     "items": [{"id": i, "name": i, "kind": "component"} for i in "ABCD"],
    ...     "organisations": [{"id": "O", "name": "O", "country": "FR"}],
    ...     "bom": [{"parent": "A", "child": "B"}, {"parent": "C", "child": "D"},
    ...             {"parent": "D", "child": "C"}],
    ...     "sources": [{"item": i, "supplier": "O"} for i in "ABCD"]})
    >>> producibility(G)
    {'A': True, 'B': True, 'C': False, 'D': False}
    >>> producibility(G, lost=["FR"])["B"]
    False
    """
    ix = index or SupplyIndex.from_graph(G)
    lost_ix = ix.indices(lost)
    local = ix.available(lost_ix, data_gaps_unavailable)
    ok = bytearray(len(ix.ids))
    children = ix.children
    for i in ix.topo:
        if local[i] and all(ok[c] for c in children[i]):
            ok[i] = 1
    return {ix.ids[i]: bool(ok[i]) for i in range(len(ix.ids)) if ix.kind[i] == ITEM}


def producible(
    G: nx.MultiDiGraph,
    item: str,
    *,
    lost: Iterable[str] = (),
    data_gaps_unavailable: bool = False,
    index: SupplyIndex | None = None,
) -> bool:
    """Whether ``item`` is producible with the ``lost`` nodes removed.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({
    ...     "items": [{"id": "P", "name": "P", "kind": "platform"},
    ...               {"id": "M", "name": "M", "kind": "material"}],
    ...     "organisations": [{"id": "A", "name": "A", "country": "FR"},
    ...                       {"id": "B", "name": "B", "country": "DE"}],
    ...     "bom": [{"parent": "P", "child": "M"}],
    ...     "sources": [{"item": "M", "supplier": "A"}, {"item": "M", "supplier": "B"}]})
    >>> producible(G, "P"), producible(G, "P", lost=["A"]), producible(G, "P", lost=["A", "DE"])
    (True, True, False)
    >>> producible(G, "P", data_gaps_unavailable=True)  # P itself has no source
    False
    """
    ix = index or SupplyIndex.from_graph(G)
    root = ix.item(item)
    return closure_producible(
        ix, bom_closure(ix, root), ix.indices(lost), data_gaps_unavailable=data_gaps_unavailable
    )
