"""What the running app holds: the store, keys, audit log, the latest analysis and the snapshot.

The data directory's shared state (graph generation, latest analysis) lives
in :mod:`graphmodel.workspace`, which the CLI uses too, and its callers use it
there; this module keeps only what a server process holds.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from api.audit import AuditLog
from api.keys import KeyRing
from graphmodel.settings import Settings
from graphmodel.store.adhoc import AdhocRunner
from graphmodel.store.base import GraphStore
from graphmodel.workspace import LatestAnalysis, SnapshotCache, Workspace

__all__ = ["AppState"]


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
