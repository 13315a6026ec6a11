"""What the running app holds: the store, keys, audit log, analysis results and caches.

Two files let several server processes and the CLI agree on freshness:

- ``data_dir/api/graph.generation`` changes whenever the graph is written
  through supplynet (import, analysis write-back); the dependency index is
  rebuilt when it changes.
- ``data_dir/analysis/latest.json`` is the last analysis result; it is
  re-read when its modification time changes, so a restart (or a
  ``supplynet analyze`` that calls :func:`save_latest_analysis`) serves it.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api.audit import AuditLog
from api.db import api_dir, utc_now
from api.depindex import DependencyIndex
from api.graphcache import GraphCache
from api.keys import KeyRing
from graphmodel.analysis.report_json import dumps
from graphmodel.settings import Settings
from graphmodel.store.base import GraphStore

__all__ = [
    "AnalysisResults",
    "AppState",
    "IndexCache",
    "graph_generation",
    "latest_analysis_path",
    "mark_graph_changed",
    "save_latest_analysis",
]


def latest_analysis_path(data_dir: Path) -> Path:
    """Where the last analysis result is kept."""
    return Path(data_dir) / "analysis" / "latest.json"


def _generation_path(data_dir: Path) -> Path:
    return api_dir(data_dir) / "graph.generation"


def mark_graph_changed(data_dir: Path) -> None:
    """Tell every API process that the graph changed (call after any load)."""
    path = _generation_path(data_dir)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(uuid.uuid4().hex, encoding="utf-8")
    os.replace(tmp, path)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_ino)


def graph_generation(data_dir: Path) -> tuple[int, int] | None:
    """A stamp that changes whenever :func:`mark_graph_changed` is called (None before)."""
    return _stamp(_generation_path(data_dir))


def save_latest_analysis(
    data_dir: Path,
    result: dict[str, Any],
    *,
    started_at: str,
    finished_at: str | None = None,
    platform: str | None = None,
    actor: str = "cli",
) -> dict[str, Any]:
    """Persist an analysis result (atomically) as the one the API serves."""
    doc = {
        "started_at": started_at,
        "finished_at": finished_at or utc_now(),
        "platform": platform,
        "actor": actor,
        "result": result,
    }
    path = latest_analysis_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    # orjson: the report at 1M nodes is gigabytes (graphmodel.analysis.report_json).
    tmp.write_bytes(dumps(doc))
    os.replace(tmp, path)
    return doc


class AnalysisResults:
    """The last analysis result, re-read from disk when the file changes."""

    def __init__(self, data_dir: Path) -> None:
        self.path = latest_analysis_path(data_dir)
        self._stamp: tuple[int, int] | None = None
        self._doc: dict[str, Any] | None = None
        self._adversary: set[str] = set()
        self._lock = threading.Lock()

    def latest(self) -> dict[str, Any] | None:
        """``{"started_at", "finished_at", "platform", "actor", "result"}`` or None."""
        stamp = _stamp(self.path)
        if stamp != self._stamp:
            with self._lock:
                doc = json.loads(self.path.read_text(encoding="utf-8")) if stamp else None
                nodes = (doc or {}).get("result", {}).get("nodes", {})
                self._adversary = {n for n, v in nodes.items() if v.get("adversary_linked")}
                self._doc, self._stamp = doc, stamp
        return self._doc

    def adversary_linked(self) -> set[str] | None:
        """Ids flagged adversary-linked by the last analysis, or None if none ran."""
        return self._adversary if self.latest() is not None else None

    def version(self) -> tuple[int, int] | None:
        """A stamp of the result file last read: changes when a new result is served."""
        self.latest()
        return self._stamp


@dataclass
class IndexCache:
    """The dependency index, rebuilt lazily after the graph generation changes."""

    store: GraphStore
    data_dir: Path
    _index: DependencyIndex | None = None
    _stamp: tuple[int, int] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def current(self) -> DependencyIndex | None:
        """The index if it is up to date, else None (without rebuilding)."""
        index = self._index
        if index is not None and _stamp(_generation_path(self.data_dir)) == self._stamp:
            return index
        return None

    def get(self) -> DependencyIndex:
        """The up-to-date index, rebuilt from the store if the graph changed."""
        stamp = _stamp(_generation_path(self.data_dir))
        index = self._index
        if index is not None and stamp == self._stamp:
            return index
        with self._lock:
            # Another thread may have rebuilt it while we waited.
            if self._index is None or self._stamp != stamp:
                self._index = self.store.read_consistent(
                    lambda: DependencyIndex.from_store(self.store)
                )
                self._stamp = stamp
            return self._index

    def invalidate(self) -> None:
        mark_graph_changed(self.data_dir)


@dataclass
class AppState:
    """Everything a request may need, created by the app's lifespan."""

    settings: Settings
    store: GraphStore
    keys: KeyRing
    audit: AuditLog
    results: AnalysisResults
    index: IndexCache
    #: The NetworkX graph for the views and scenarios (same generation as ``index``).
    graph: GraphCache
    #: Imports and analysis runs write to the graph one at a time.
    write_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, settings: Settings, store: GraphStore) -> AppState:
        return cls(
            settings=settings,
            store=store,
            keys=KeyRing(settings.data_dir),
            audit=AuditLog(settings.data_dir),
            results=AnalysisResults(settings.data_dir),
            index=IndexCache(store, settings.data_dir),
            graph=GraphCache(store, settings.data_dir, lambda: graph_generation(settings.data_dir)),
        )
