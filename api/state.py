"""What the running app holds: the store, keys, audit log, the latest analysis and the snapshot.

The data directory's shared state (graph generation, latest analysis) lives
in :mod:`graphmodel.workspace`, which the CLI uses too; this module keeps only
what a server process holds. The functions below are the workspace's, under
the names the API's callers and tests use.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api.audit import AuditLog
from api.keys import KeyRing
from graphmodel.settings import Settings
from graphmodel.store.adhoc import AdhocRunner
from graphmodel.store.base import GraphStore
from graphmodel.workspace import LatestAnalysis, SnapshotCache, Workspace
from graphmodel.workspace.state import Stamp

__all__ = [
    "AnalysisResults",
    "AppState",
    "graph_generation",
    "latest_analysis_path",
    "mark_graph_changed",
    "save_latest_analysis",
]


def latest_analysis_path(data_dir: Path) -> Path:
    """Where the last analysis result is kept."""
    return Workspace(Path(data_dir)).latest_analysis_path


def mark_graph_changed(data_dir: Path) -> None:
    """Tell every process that the graph changed (writes through supplynet do it themselves)."""
    Workspace(Path(data_dir)).mark_changed()


def graph_generation(data_dir: Path) -> Stamp:
    """A stamp that changes whenever the graph is marked changed (None before)."""
    return Workspace(Path(data_dir)).generation()


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
    return Workspace(Path(data_dir)).save_analysis(
        result, started_at=started_at, finished_at=finished_at, platform=platform, actor=actor
    )


class AnalysisResults(LatestAnalysis):
    """The last analysis result of ``data_dir``, re-read from disk when the file changes."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(Workspace(Path(data_dir)))


@dataclass
class AppState:
    """Everything a request may need, created by the app's lifespan."""

    settings: Settings
    store: GraphStore
    keys: KeyRing
    audit: AuditLog
    results: LatestAnalysis
    #: The current graph generation's snapshot (index, NetworkX graph, derived results).
    snapshots: SnapshotCache
    #: Ad-hoc and named Cypher run under shared slots, a deadline and caps.
    adhoc: AdhocRunner
    #: Imports and analysis runs write to the graph one at a time.
    write_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, settings: Settings, store: GraphStore) -> AppState:
        ws = Workspace(settings.data_dir)
        return cls(
            settings=settings,
            store=store,
            keys=KeyRing(settings.data_dir),
            audit=AuditLog(settings.data_dir),
            results=LatestAnalysis(ws),
            snapshots=SnapshotCache(store, ws),
            adhoc=AdhocRunner(settings.query_slots, settings.query_slots_per_key),
        )
