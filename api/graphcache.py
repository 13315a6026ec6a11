"""The NetworkX graph, its supply index and an on-demand analysis, cached per graph generation.

The views and the what-if scenarios work on the NetworkX graph of
:mod:`graphmodel.nxgraph`. Reading it from the store takes seconds on a large
network, so the API reads it once and keeps it until the graph generation
changes (the same file the dependency index watches, see :mod:`api.state`).
Everything derived from it (the scenario engine's supply index, the search index, an analysis
computed for the views when none has run, rendered pages, stress tests) is
kept with it and dropped with it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import networkx as nx

from graphmodel.store.base import GraphStore

__all__ = ["GraphCache", "GraphSnapshot"]

#: Derived results (pages, stress tests) kept per snapshot, least recently used dropped.
_MAX_DERIVED: Final = 64


@dataclass
class GraphSnapshot:
    """One generation of the graph and what has been derived from it so far."""

    graph: nx.MultiDiGraph
    _index: Any = None
    _search: Any = None
    _analysis: dict[str, Any] | None = None
    _derived: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def supply_index(self) -> Any:
        """The scenario engine's :class:`graphmodel.analysis.index.SupplyIndex` of the graph."""
        with self._lock:
            if self._index is None:
                from graphmodel.analysis.index import SupplyIndex

                self._index = SupplyIndex.from_graph(self.graph)
            return self._index

    def search_index(self) -> Any:
        """The :class:`graphmodel.search.SearchIndex` of the graph, built on first use."""
        with self._lock:
            if self._search is None:
                from graphmodel.search import SearchIndex

                self._search = SearchIndex.from_graph(self.graph)
            return self._search

    def analysis(self) -> dict[str, Any]:
        """``graphmodel.analysis.report.analyze`` of the graph, computed on first use."""
        with self._lock:
            if self._analysis is None:
                from graphmodel.analysis.report import analyze

                self._analysis = analyze(self.graph)
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


class GraphCache:
    """The current :class:`GraphSnapshot`, re-read from the store after the graph changed.

    ``stamp`` is a callable returning the graph generation's stamp (see
    :class:`api.state.IndexCache`); a new stamp means a new snapshot.
    """

    def __init__(
        self,
        store: GraphStore,
        data_dir: Path,
        stamp: Callable[[], Hashable],
        *,
        loader: Callable[[GraphStore], nx.MultiDiGraph] | None = None,
    ) -> None:
        self.store = store
        self.data_dir = data_dir
        self._stamp_of = stamp
        self._loader = loader
        self._snapshot: GraphSnapshot | None = None
        self._stamp: Hashable = None
        self._lock = threading.Lock()

    def current(self) -> GraphSnapshot | None:
        """The snapshot if it is up to date, else None (without reading the store)."""
        snap = self._snapshot
        if snap is not None and self._stamp_of() == self._stamp:
            return snap
        return None

    def get(self) -> GraphSnapshot:
        """The up-to-date snapshot, read from the store if the graph changed."""
        stamp = self._stamp_of()
        snap = self._snapshot
        if snap is not None and stamp == self._stamp:
            return snap
        with self._lock:
            if self._snapshot is None or self._stamp != stamp:
                self._snapshot = GraphSnapshot(self._load())
                self._stamp = stamp
            return self._snapshot

    def _load(self) -> nx.MultiDiGraph:
        # Several statements: all of them must read one generation of the graph.
        if self._loader is not None:
            loader = self._loader
            return self.store.read_consistent(lambda: loader(self.store))
        from graphmodel.analysis.loader import graph_from_store

        return self.store.read_consistent(lambda: graph_from_store(self.store))
