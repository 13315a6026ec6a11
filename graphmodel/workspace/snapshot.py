"""One generation of the graph and what has been derived from it, and the cache of the current one.

A :class:`Snapshot` holds the supply index first (read straight from store rows,
:func:`graphmodel.store.rows.read_index_rows`): the tier listings, trees, paths
and where-used answers, the platform list and node look-ups need nothing
else, and the search index is read from store rows too. The NetworkX graph
(the public analysis model: views, scenarios, findings) is read only when
something asks for it, and an analysis is computed on demand when none that
covers the question has run. Everything is dropped with the snapshot when the
generation changes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, Final

import networkx as nx

from graphmodel.analysis.index import SupplyIndex
from graphmodel.analysis.tiers import PlatformTiers, tiers_of
from graphmodel.store.base import GraphStore
from graphmodel.store.rows import read_index_rows
from graphmodel.workspace.state import Stamp, Workspace

if TYPE_CHECKING:
    from graphmodel.analysis.policy import Policy
    from graphmodel.search import SearchIndex

__all__ = ["Snapshot", "SnapshotCache"]

#: Derived results (pages, stress tests) kept per snapshot, least recently used dropped.
_MAX_DERIVED: Final = 64
#: Tier listings kept per snapshot (each is a few MB at a million nodes).
_MAX_TIERS: Final = 256

GraphLoader = Callable[[GraphStore], nx.MultiDiGraph]


class Snapshot:
    """One generation of the graph (see the module docstring)."""

    def __init__(
        self,
        store: GraphStore,
        generation: Stamp = None,
        *,
        index: SupplyIndex | None = None,
        graph: nx.MultiDiGraph | None = None,
        loader: GraphLoader | None = None,
    ) -> None:
        self.store = store
        self.generation = generation
        self._index = index
        self._graph = graph
        self._loader = loader
        self._search: SearchIndex | None = None
        self._analysis: dict[str, Any] | None = None
        self._links: dict[Hashable, dict[str, list[dict[str, Any]]]] = {}
        self._tiers: OrderedDict[str, PlatformTiers] = OrderedDict()
        self._derived: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.RLock()

    @classmethod
    def of_graph(cls, store: GraphStore, G: nx.MultiDiGraph) -> Snapshot:
        """A snapshot of a graph already in memory (its index built from it)."""
        return cls(store, index=SupplyIndex.from_graph(G), graph=G)

    @property
    def index(self) -> SupplyIndex:
        """The supply index, read from the store's rows on first use."""
        ix = self._index
        if ix is None:
            with self._lock:
                if self._index is None:
                    self._index = SupplyIndex.from_rows(read_index_rows(self.store))
                ix = self._index
        return ix

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The NetworkX analysis graph (:mod:`graphmodel.nxgraph`), read on first use."""
        G = self._graph
        if G is None:
            with self._lock:
                if self._graph is None:
                    self._graph = self._read_graph()
                G = self._graph
        return G

    def _read_graph(self) -> nx.MultiDiGraph:
        if self._loader is not None:
            loader = self._loader
            return self.store.read_consistent(lambda: loader(self.store))
        from graphmodel.store.tables import graph_from_store

        return self.store.read_consistent(lambda: graph_from_store(self.store))

    def has_graph(self) -> bool:
        """Whether the NetworkX graph has been read already."""
        return self._graph is not None

    def tiers(self, platform: str) -> PlatformTiers:
        """The tier listing of item ``platform``, computed once per snapshot (few hundred kept)."""
        got = self._tiers.get(platform)
        if got is not None:
            return got
        pt = tiers_of(self.index, platform)
        pt.listing(self.index)
        with self._lock:
            self._tiers[platform] = pt
            while len(self._tiers) > _MAX_TIERS:
                self._tiers.popitem(last=False)
        return pt

    def cached_tiers(self, platform: str) -> PlatformTiers | None:
        """The platform's tier listing if already computed, else None."""
        return self._tiers.get(platform)

    def search_index(self) -> SearchIndex:
        """The :class:`graphmodel.search.SearchIndex` of the graph, built on first use
        straight from the store's rows (the NetworkX graph is not read for it)."""
        with self._lock:
            if self._search is None:
                from graphmodel.search import SearchIndex

                self._search = SearchIndex.from_store(self.store)
            return self._search

    def built_search_index(self) -> SearchIndex | None:
        """The search index if :meth:`search_index` has built it, else None (no store read)."""
        return self._search

    def adversary_links(self, policy: Policy | None = None) -> dict[str, list[dict[str, Any]]]:
        """:func:`graphmodel.analysis.adversary.adversary_links` under ``policy`` (cached)."""
        from graphmodel.analysis.adversary import adversary_links
        from graphmodel.analysis.policy import load_policy

        chosen = policy or load_policy()
        key: Hashable = chosen
        with self._lock:
            got = self._links.get(key)
            if got is None:
                got = adversary_links(self.graph, chosen)
                self._links[key] = got
            return got

    def analysis(self) -> dict[str, Any]:
        """``graphmodel.analysis.report.analyze`` of the whole graph, computed on first use."""
        with self._lock:
            if self._analysis is None:
                from graphmodel.analysis.report import analyze

                self._analysis = analyze(self.graph, index=self.index, links=self.adversary_links())
            return self._analysis

    def derived(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """``make()`` once per ``key`` for this snapshot (a small LRU cache)."""
        with self._lock:
            if key in self._derived:
                self._derived.move_to_end(key)
                return self._derived[key]
        # Built outside the lock: rendering one page must not hold up another.
        value = make()
        with self._lock:
            self._derived[key] = value
            while len(self._derived) > _MAX_DERIVED:
                self._derived.popitem(last=False)
        return value


class SnapshotCache:
    """The current :class:`Snapshot`, replaced after the workspace's generation changed."""

    def __init__(
        self, store: GraphStore, workspace: Workspace, *, loader: GraphLoader | None = None
    ) -> None:
        self.store = store
        self.workspace = workspace
        self._loader = loader
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()

    def current(self) -> Snapshot | None:
        """The snapshot if it is up to date and its index is read, else None (no store read)."""
        snap = self._snapshot
        if (
            snap is not None
            and snap._index is not None
            and self.workspace.generation() == snap.generation
        ):
            return snap
        return None

    def get(self) -> Snapshot:
        """The up-to-date snapshot (a new one if the graph changed)."""
        stamp = self.workspace.generation()
        snap = self._snapshot
        if snap is None or snap.generation != stamp:
            with self._lock:
                snap = self._snapshot
                if snap is None or snap.generation != stamp:
                    snap = Snapshot(self.store, stamp, loader=self._loader)
                    self._snapshot = snap
        return snap

    def invalidate(self) -> None:
        """Mark the graph changed (for writes made outside supplynet, e.g. in tests)."""
        self.workspace.mark_changed()
