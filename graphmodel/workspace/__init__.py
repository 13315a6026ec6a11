"""The data directory's state in one place: graph generation, latest analysis, snapshots.

- :class:`Workspace`: the files under ``data_dir`` that several processes (the
  CLI, every API worker) agree on: the graph generation stamp, marked changed
  by whatever writes the graph (:func:`graphmodel.load.load_bundle`, the
  analysis write-back, match decisions, through :meth:`GraphStore.mark_changed`
  and the listener :func:`graphmodel.store.open_store` registers), and the
  latest analysis result (:class:`LatestAnalysis` reads it a part at a time).
- :class:`Snapshot`: one generation of the graph and everything derived from it
  (the supply index first, the NetworkX graph lazily, tier listings, adversary
  links per policy, an analysis on demand).
- :class:`SnapshotCache`: the current snapshot, replaced when the generation changes.
"""

from __future__ import annotations

from graphmodel.workspace.latest import LatestAnalysis, LatestView
from graphmodel.workspace.snapshot import Snapshot, SnapshotCache
from graphmodel.workspace.state import Workspace, adversary_linked_ids, utc_now

__all__ = [
    "LatestAnalysis",
    "LatestView",
    "Snapshot",
    "SnapshotCache",
    "Workspace",
    "adversary_linked_ids",
    "utc_now",
]
