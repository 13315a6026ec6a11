"""A compact, integer-indexed view of the supply graph that the analyses share.

Every analysis needs the same three facts per item: its bill-of-materials
children (all-of), its qualified sources as ``(organisation, facility,
country)`` triples (any-of), and whether it has any source at all (data
gaps). Reading them out of a :class:`networkx.MultiDiGraph` edge by edge is the
slow part at a million nodes, so :class:`SupplyIndex` reads them once into
plain lists of small int tuples (no per-node dicts of sets) and every analysis
works on those.

Indices: every node of ``G`` gets one int; ``NO_NODE`` (-1) marks a missing
facility or country. A source triple's country is the facility's country where
the source names a facility with a country, else the organisation's (the same
rule as :func:`graphmodel.nxgraph.source_country`, both through
:func:`graphmodel.nxgraph.pick_source_country`).

Two ways in, one result: :meth:`SupplyIndex.from_rows` reads the store's
rows straight into the index (no NetworkX objects: what the API, the CLI's
queries and the snapshot use), :meth:`SupplyIndex.from_graph` reads a
NetworkX graph (notebooks, the oracle tests). A test holds them equal.
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final

import networkx as nx

from graphmodel.errors import NotFoundError
from graphmodel.nxgraph import pick_source_country
from graphmodel.store.rows import IndexRows

__all__ = [
    "COUNTRY",
    "CYCLIC",
    "FACILITY",
    "GAP",
    "ITEM",
    "NO_NODE",
    "ORGANISATION",
    "OTHER",
    "SINGLE_COUNTRY",
    "SOLE",
    "UNSOURCED",
    "SupplyIndex",
    "pause_gc",
]

ITEM: Final = 0
ORGANISATION: Final = 1
FACILITY: Final = 2
COUNTRY: Final = 3
OTHER: Final = 4
NO_NODE: Final = -1

_KIND_OF_LABEL: Final = {
    "Item": ITEM,
    "Organisation": ORGANISATION,
    "Facility": FACILITY,
    "Country": COUNTRY,
}

KIND_NAMES: Final = ("item", "organisation", "facility", "country", "other")

#: Bits of :attr:`SupplyIndex.flags`.
SOLE: Final = 1
GAP: Final = 2
UNSOURCED: Final = 4
CYCLIC: Final = 8
SINGLE_COUNTRY: Final = 16

# Shared by every node without bill-of-materials parents; never appended to.
_NO_PARENTS: Final[list[int]] = []


@contextmanager
def pause_gc() -> Iterator[None]:
    """Suspend the cyclic garbage collector for the duration (re-enabled after).

    The analyses allocate millions of small acyclic tuples, lists and dicts;
    each allocation burst triggers collections that traverse the whole
    (large) graph, which costs more than the analysis itself at a million nodes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parents(children: list[tuple[int, ...]]) -> list[list[int]]:
    """Bill-of-materials parents per node, from the children lists."""
    parent_lists: list[list[int]] = [_NO_PARENTS] * len(children)
    for i, kids_of_i in enumerate(children):
        for c in kids_of_i:
            ps = parent_lists[c]
            if ps is _NO_PARENTS:
                parent_lists[c] = [i]
            else:
                ps.append(i)
    return parent_lists


@dataclass(eq=False)
class SupplyIndex:
    """The facts the analyses need, as ints and tuples (see the module docstring).

    Attributes
    ----------
    ids : list[str]
        Node id per index.
    pos : dict[str, int]
        Index per node id.
    kind : bytearray
        ``ITEM``, ``ORGANISATION``, ``FACILITY``, ``COUNTRY`` or ``OTHER`` per index.
    children : list[tuple[int, ...]]
        Bill-of-materials children per item (empty for every other node).
    parents : list[list[int]]
        Bill-of-materials parents per item ("where used" goes this way).
    qualified : list[tuple[int, ...]]
        Qualified sources per item, flattened: ``(org, facility, country) * k``.
    has_source : bytearray
        1 where the item has at least one source, qualified or not.
    home : list[int]
        The registration or location country of each organisation and facility.
    platforms : list[int]
        Items of kind ``platform``, in id order.
    topo : list[int]
        Items whose bill of materials is acyclic, children before parents.
    cyclic : bytearray
        1 where the item's bill of materials reaches a cycle (never producible).
    name, detail, country : list[str | None]
        Per node, its name, its ``kind`` property (platform, material, company...)
        and its ``country`` property, for answers that show nodes.
    """

    ids: list[str]
    pos: dict[str, int]
    kind: bytearray
    children: list[tuple[int, ...]]
    parents: list[list[int]]
    qualified: list[tuple[int, ...]]
    has_source: bytearray
    home: list[int]
    platforms: list[int]
    topo: list[int] = field(default_factory=list)
    cyclic: bytearray = field(default_factory=bytearray)
    name: list[str | None] = field(default_factory=list)
    detail: list[str | None] = field(default_factory=list)
    country: list[str | None] = field(default_factory=list)
    _available: dict[tuple[frozenset[int], bool], bytearray] = field(
        default_factory=dict, repr=False
    )

    @classmethod
    def from_graph(cls, G: nx.MultiDiGraph) -> SupplyIndex:
        """Read ``G`` (the :mod:`graphmodel.nxgraph` contract) into an index.

        Examples
        --------
        >>> from graphmodel.nxgraph import graph_from_tables
        >>> G = graph_from_tables({
        ...     "items": [{"id": "P", "name": "P", "kind": "platform"},
        ...               {"id": "M", "name": "M", "kind": "material"}],
        ...     "organisations": [{"id": "O", "name": "O", "country": "FR"}],
        ...     "bom": [{"parent": "P", "child": "M"}],
        ...     "sources": [{"item": "M", "supplier": "O"}]})
        >>> ix = SupplyIndex.from_graph(G)
        >>> [ix.ids[c] for c in ix.children[ix.pos["P"]]]
        ['M']
        >>> ix.qualified[ix.pos["M"]] == (ix.pos["O"], NO_NODE, ix.pos["FR"])
        True
        """
        with pause_gc():
            return cls._from_graph(G)

    @classmethod
    def _from_graph(cls, G: nx.MultiDiGraph) -> SupplyIndex:
        # networkx's public views allocate an object per access; the raw
        # adjacency dicts are the same data and several times faster to walk.
        nodes: dict[str, dict[str, Any]] = G._node
        succ: dict[str, dict[str, dict[str, dict[str, Any]]]] = G._succ
        ids = list(nodes)
        pos = {n: i for i, n in enumerate(ids)}
        n = len(ids)
        labels = _KIND_OF_LABEL
        kind = bytearray(labels.get(d.get("label", ""), OTHER) for d in nodes.values())
        # Own country (registration or location) of every node that names one.
        home_of = {
            nid: pos[c]
            for nid, d in nodes.items()
            if (c := d.get("country")) and c in pos and d.get("label") != "Item"
        }
        home = [home_of.get(nid, NO_NODE) for nid in ids]

        empty: tuple[int, ...] = ()
        children: list[tuple[int, ...]] = [empty] * n
        qualified: list[tuple[int, ...]] = [empty] * n
        has_source = bytearray(n)
        unlabelled_children: list[int] = []
        for i, nid in enumerate(ids):
            if kind[i] != ITEM:
                continue
            kids: list[int] = []
            srcs: list[int] = []
            for v, keyed in succ[nid].items():
                j = pos[v]
                kj = kind[j]
                # The target's label says which edge types can be there: MADE_AT
                # (facilities) and PRODUCED_IN (countries) are skipped unread.
                if kj == ITEM:
                    if "NEEDS" in keyed:
                        kids.append(j)
                    continue
                if kj != ORGANISATION and kj != OTHER:
                    continue
                for data in keyed.values():
                    if data.get("type") != "SOURCED_FROM":
                        continue
                    has_source[i] = 1
                    if data.get("qualified", True):
                        fac = data.get("facility")
                        if fac:
                            f = pos[fac]
                            srcs += (j, f, pick_source_country(home[f], home[j], NO_NODE))
                        else:
                            srcs += (j, NO_NODE, home[j])
                if kj == OTHER and "NEEDS" in keyed:
                    kids.append(j)
                    unlabelled_children.append(j)
            if kids:
                children[i] = tuple(kids)
            if srcs:
                qualified[i] = tuple(srcs)
        # Nodes only ever seen as a NEEDS endpoint are items whatever their label.
        for j in unlabelled_children:
            kind[j] = ITEM
        parent_lists = _parents(children)
        platforms = sorted(
            (i for i in range(n) if kind[i] == ITEM and nodes[ids[i]].get("kind") == "platform"),
            key=ids.__getitem__,
        )
        ix = cls(ids, pos, kind, children, parent_lists, qualified, has_source, home, platforms)
        ix.topo, ix.cyclic = ix._topological()
        ix.name = [d.get("name") for d in nodes.values()]
        ix.detail = [d.get("kind") for d in nodes.values()]
        ix.country = [
            d.get("country") if d.get("label") != "Item" else None for d in nodes.values()
        ]
        return ix

    @classmethod
    def from_rows(cls, rows: IndexRows) -> SupplyIndex:
        """Build the index straight from store rows, as :meth:`from_graph` reads the graph
        :func:`graphmodel.store.tables.graph_from_store` builds from the same store.

        The same consistency rules as the tables read from the store
        (:func:`graphmodel.store.tables.tables_from_store`): a relationship whose
        ends are not the right kind of node is left out, and a source's facility
        or a node's country that names no such node is dropped.

        Examples
        --------
        >>> ix = SupplyIndex.from_rows(IndexRows(
        ...     nodes=[("P", "Item", "P", "platform", None), ("M", "Item", "M", "material", None),
        ...            ("O", "Organisation", "O", "company", "FR"),
        ...            ("FR", "Country", "France", None, None)],
        ...     bom=[("P", "M")], sources=[("M", "O", None, True)]))
        >>> ix.ids[ix.qualified[ix.pos["M"]][2]], [ix.ids[p] for p in ix.platforms]
        ('FR', ['P'])
        """
        with pause_gc():
            return cls._from_rows(rows)

    @classmethod
    def _from_rows(cls, rows: IndexRows) -> SupplyIndex:
        labels = _KIND_OF_LABEL
        ids: list[str] = []
        pos: dict[str, int] = {}
        kind = bytearray()
        name: list[str | None] = []
        detail: list[str | None] = []
        country: list[str | None] = []
        for nid, label, nm, kd, c in rows.nodes:
            if nid in pos:
                continue
            pos[nid] = len(ids)
            ids.append(nid)
            kind.append(labels.get(label, OTHER))
            name.append(nm)
            detail.append(kd)
            country.append(c if label != "Item" else None)
        n = len(ids)
        home = [NO_NODE] * n
        for i in range(n):
            c = country[i]
            if c and kind[i] != ITEM:
                j = pos.get(c, NO_NODE)
                if j != NO_NODE:
                    home[i] = j
                else:
                    country[i] = None
        kids: dict[int, list[int]] = {}
        for a, b in rows.bom:
            i, j = pos.get(a, NO_NODE), pos.get(b, NO_NODE)
            if i != NO_NODE and j != NO_NODE and kind[i] == ITEM and kind[j] == ITEM:
                got = kids.get(i)
                if got is None:
                    kids[i] = [j]
                elif j not in got:
                    got.append(j)
        srcs: dict[int, list[int]] = {}
        has_source = bytearray(n)
        seen: set[tuple[int, int, int]] = set()
        for item, org, fac, qualified in rows.sources:
            i, o = pos.get(item, NO_NODE), pos.get(org, NO_NODE)
            if i == NO_NODE or o == NO_NODE or kind[i] != ITEM or kind[o] != ORGANISATION:
                continue
            f = pos.get(fac, NO_NODE) if fac else NO_NODE
            if f != NO_NODE and kind[f] != FACILITY:
                f = NO_NODE
            # One relationship per (item, organisation, facility), as the graph keys them.
            if (i, o, f) in seen:
                continue
            seen.add((i, o, f))
            has_source[i] = 1
            if qualified:
                srcs.setdefault(i, []).extend(
                    (
                        o,
                        f,
                        pick_source_country(home[f] if f != NO_NODE else NO_NODE, home[o], NO_NODE),
                    )
                )
        empty: tuple[int, ...] = ()
        children: list[tuple[int, ...]] = [empty] * n
        for i, ks in kids.items():
            children[i] = tuple(ks)
        qualified_of: list[tuple[int, ...]] = [empty] * n
        for i, q in srcs.items():
            qualified_of[i] = tuple(q)
        parent_lists = _parents(children)
        platforms = sorted(
            (i for i in range(n) if kind[i] == ITEM and detail[i] == "platform"),
            key=ids.__getitem__,
        )
        ix = cls(ids, pos, kind, children, parent_lists, qualified_of, has_source, home, platforms)
        ix.topo, ix.cyclic = ix._topological()
        ix.name, ix.detail, ix.country = name, detail, country
        return ix

    def _topological(self) -> tuple[list[int], bytearray]:
        # Kahn's algorithm from the leaves up: an item is emitted once every
        # child is, so exactly the items whose closure holds a cycle never are.
        n = len(self.ids)
        remaining = [len(c) for c in self.children]
        order = [i for i in range(n) if self.kind[i] == ITEM and remaining[i] == 0]
        parents = self.parents
        for i in order:
            for p in parents[i]:
                remaining[p] -= 1
                if remaining[p] == 0:
                    order.append(p)
        cyclic = bytearray(n)
        for i in range(n):
            if self.kind[i] == ITEM and remaining[i] > 0:
                cyclic[i] = 1
        return order, cyclic

    # ------------------------------------------------- per-item facts, computed once

    @cached_property
    def critical(self) -> list[tuple[int, ...]]:
        """Per item, the nodes lying in every qualified source triple (empty if none).

        Losing one of them leaves the item without an available qualified
        source; this is the ``⋂ crit_source(s)`` term of the order-1 formula.
        """
        out: list[tuple[int, ...]] = [()] * len(self.ids)
        for i, q in enumerate(self.qualified):
            if not q:
                continue
            if len(q) == 3:
                out[i] = tuple(x for x in q if x != NO_NODE)
                continue
            common = {q[0], q[1], q[2]}
            for k in range(3, len(q), 3):
                common &= {q[k], q[k + 1], q[k + 2]}
                if not common:
                    break
            common.discard(NO_NODE)
            if common:
                out[i] = tuple(common)
        return out

    @cached_property
    def exposure(self) -> list[tuple[int, ...]]:
        """Per item, the distinct organisations, facilities and countries of its
        qualified sources (with the organisations' and facilities' own countries)."""
        out: list[tuple[int, ...]] = [()] * len(self.ids)
        home = self.home
        for i, q in enumerate(self.qualified):
            if not q:
                continue
            seen: dict[int, None] = {}
            for k in range(0, len(q), 3):
                o, f, c = q[k], q[k + 1], q[k + 2]
                seen[o] = None
                if f != NO_NODE:
                    seen[f] = None
                    seen[home[f]] = None
                seen[home[o]] = None
                seen[c] = None
            seen.pop(NO_NODE, None)
            out[i] = tuple(seen)
        return out

    @cached_property
    def parents_matrix(self) -> Any:
        """:attr:`parents` as a SciPy CSR matrix (row ``i``: the items using item ``i``),
        for :func:`graphmodel.analysis.traverse.breadth_first_distances`."""
        import numpy as np
        import scipy.sparse as sp

        n = len(self.ids)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, self.parents), dtype=np.int64, count=n), out=indptr[1:])
        indices = np.fromiter(
            (j for ps in self.parents for j in ps), dtype=np.int32, count=int(indptr[-1])
        )
        return sp.csr_array((np.ones(len(indices), dtype=np.int8), indices, indptr), shape=(n, n))

    @cached_property
    def id_rank(self) -> Any:
        """Each node's position in id order (a numpy array), to sort indices by id."""
        import numpy as np

        rank = np.empty(len(self.ids), dtype=np.int64)
        rank[sorted(range(len(self.ids)), key=self.ids.__getitem__)] = np.arange(len(self.ids))
        return rank

    @cached_property
    def exposed_by(self) -> dict[int, list[int]]:
        """Organisation, facility or country -> the items exposing it (:attr:`exposure`)."""
        out: dict[int, list[int]] = {}
        for i, ex in enumerate(self.exposure):
            for s in ex:
                got = out.get(s)
                if got is None:
                    out[s] = [i]
                else:
                    got.append(i)
        return out

    def source_country(self, o: int, f: int) -> int:
        """The country index a source ``(organisation o, facility f)`` is exposed to."""
        return pick_source_country(self.home[f] if f != NO_NODE else NO_NODE, self.home[o], NO_NODE)

    @cached_property
    def pair_candidates(self) -> list[tuple[tuple[int, int], ...]]:
        """Per item, the organisation/facility pairs hitting every qualified source.

        Every hitting pair holds a member ``a`` of the first source (at most
        two choices); ``b`` must then lie in every source that misses ``a``
        (at most two choices). Pairs with a member that alone hits every
        source are left out (that member is order 1 already).
        """
        out: list[tuple[tuple[int, int], ...]] = [()] * len(self.ids)
        for i, q in enumerate(self.qualified):
            if len(q) < 6:
                continue
            if len(q) == 6:
                # Two sources, the common case: a from one, b from the other,
                # neither in both (such a node alone hits both: order 1).
                s1 = (q[0], q[1]) if q[1] != NO_NODE else (q[0],)
                s2 = (q[3], q[4]) if q[4] != NO_NODE else (q[3],)
                two = tuple((a, b) for a in s1 if a not in s2 for b in s2 if b not in s1)
                if two:
                    out[i] = two
                continue
            sets = [
                (q[k], q[k + 1]) if q[k + 1] != NO_NODE else (q[k],) for k in range(0, len(q), 3)
            ]
            found: list[tuple[int, int]] = []
            for a in sets[0]:
                rest = [s for s in sets if a not in s]
                if not rest:
                    continue
                common = set(rest[0])
                for s in rest[1:]:
                    common.intersection_update(s)
                    if not common:
                        break
                found.extend((a, b) for b in common)
            if found:
                out[i] = tuple(found)
        return out

    @cached_property
    def flags(self) -> bytearray:
        """Per item, a bit set of :data:`SOLE`, :data:`GAP`, :data:`UNSOURCED`,
        :data:`CYCLIC` and :data:`SINGLE_COUNTRY` (one pass per platform reads them all)."""
        out = bytearray(len(self.ids))
        one = self.single_country
        for i, q in enumerate(self.qualified):
            if self.kind[i] != ITEM:
                continue
            f = 0
            if len(q) == 3:
                f |= SOLE
            if not q:
                f |= UNSOURCED if self.has_source[i] else GAP
            if self.cyclic[i]:
                f |= CYCLIC
            if one[i] != NO_NODE:
                f |= SINGLE_COUNTRY
            out[i] = f
        return out

    @cached_property
    def single_country(self) -> list[int]:
        """Per item, the one known country of all its qualified sources, else ``NO_NODE``."""
        out = [NO_NODE] * len(self.ids)
        for i, q in enumerate(self.qualified):
            if not q:
                continue
            c = q[2]
            if c != NO_NODE and all(q[k] == c for k in range(5, len(q), 3)):
                out[i] = c
        return out

    def available(self, lost: Collection[int], gaps_unavailable: bool) -> bytearray:
        """1 per item that is locally available with ``lost`` removed (see :meth:`local_ok`)."""
        key = (lost if isinstance(lost, frozenset) else frozenset(lost), gaps_unavailable)
        cached = self._available.get(key)
        if cached is not None:
            return cached
        out = bytearray(len(self.ids))
        gap_ok = not gaps_unavailable
        lost_set = key[0]
        for i, q in enumerate(self.qualified):
            if self.kind[i] != ITEM or i in lost_set:
                continue
            if not q:
                out[i] = gap_ok and not self.has_source[i]
            elif not lost_set:
                out[i] = 1
            else:
                for k in range(0, len(q), 3):
                    if (
                        q[k] not in lost_set
                        and q[k + 1] not in lost_set
                        and (q[k + 2] not in lost_set)
                    ):
                        out[i] = 1
                        break
        if len(self._available) > 4:
            self._available.clear()
        self._available[key] = out
        return out

    # ------------------------------------------------------------------ helpers

    def indices(self, node_ids: Iterable[str]) -> set[int]:
        """The indices of those ``node_ids`` present in the graph (others ignored)."""
        pos = self.pos
        return {pos[x] for x in node_ids if x in pos}

    def names(self, indices: Iterable[int]) -> list[str]:
        """Node ids for ``indices``, sorted."""
        ids = self.ids
        return sorted(ids[i] for i in indices)

    def item(self, node_id: str) -> int:
        """The index of item ``node_id``; :class:`NotFoundError` if there is no such item."""
        i = self.pos.get(node_id)
        if i is None or self.kind[i] != ITEM:
            raise NotFoundError(f"No item called {node_id!r} in the graph.")
        return i

    def local_ok(self, i: int, lost: Collection[int], gaps_unavailable: bool) -> bool:
        """Whether item ``i`` itself is available with one available qualified source.

        Children are not looked at; an item without any source (a data gap) is
        available unless ``gaps_unavailable``.
        """
        if i in lost:
            return False
        q = self.qualified[i]
        if not q:
            return not self.has_source[i] and not gaps_unavailable
        if not lost:
            return True
        for k in range(0, len(q), 3):
            if q[k] not in lost and q[k + 1] not in lost and q[k + 2] not in lost:
                return True
        return False
