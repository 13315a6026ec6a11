"""The files under the data directory that the CLI and every API process share.

- ``data_dir/graph.generation`` changes whenever the graph is written through
  supplynet (load, analysis write-back, match decision); every cached snapshot
  of an older generation is then stale.
- ``data_dir/analysis/latest.json`` is the last analysis result; it is re-read
  when its modification time changes, so a restart (or a ``supplynet analyze``
  in another process) serves it.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

__all__ = [
    "LatestAnalysis",
    "Stamp",
    "Workspace",
    "adversary_linked_ids",
    "file_stamp",
    "utc_now",
]

Stamp = tuple[int, int] | None


def utc_now() -> str:
    """The current time as an ISO 8601 UTC timestamp with seconds precision.

    Examples
    --------
    >>> utc_now().endswith("Z")
    True
    """
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def file_stamp(path: Path) -> Stamp:
    """``(mtime_ns, inode)`` of ``path``, or None when it does not exist."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_ino)


def adversary_linked_ids(result: dict[str, Any]) -> set[str]:
    """The ids an analysis result flags adversary-linked.

    Examples
    --------
    >>> sorted(adversary_linked_ids({"nodes": {"A": {"adversary_linked": True}, "B": {}}}))
    ['A']
    """
    nodes = result.get("nodes") or {}
    return {n for n, v in nodes.items() if v.get("adversary_linked")}


def _write_atomic(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    if isinstance(text, bytes):
        tmp.write_bytes(text)
    else:
        tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@dataclass(frozen=True)
class Workspace:
    """The shared state files of one data directory (see the module docstring).

    Examples
    --------
    >>> import tempfile
    >>> ws = Workspace(Path(tempfile.mkdtemp()))
    >>> before = ws.generation()
    >>> ws.mark_changed()
    >>> before is None and ws.generation() is not None
    True
    """

    data_dir: Path

    @property
    def generation_path(self) -> Path:
        return Path(self.data_dir) / "graph.generation"

    @property
    def latest_analysis_path(self) -> Path:
        return Path(self.data_dir) / "analysis" / "latest.json"

    @property
    def latest_flags_path(self) -> Path:
        """The adversary-linked ids of the latest analysis, beside it, with the stamp
        of the ``latest.json`` they come from (see :meth:`LatestAnalysis.adversary_linked`)."""
        return Path(self.data_dir) / "analysis" / "latest-flags.json"

    def generation(self) -> Stamp:
        """A stamp that changes whenever :meth:`mark_changed` is called (None before)."""
        return file_stamp(self.generation_path)

    def mark_changed(self) -> None:
        """Tell every process sharing the data directory that the graph changed."""
        _write_atomic(self.generation_path, uuid.uuid4().hex)

    def save_analysis(
        self,
        result: dict[str, Any],
        *,
        started_at: str,
        finished_at: str | None = None,
        platform: str | None = None,
        actor: str = "cli",
        encoded: orjson.Fragment | None = None,
    ) -> dict[str, Any]:
        """Persist an analysis result (atomically) as the latest one; ``encoded``:
        ``result`` already encoded (:func:`graphmodel.analysis.report_json.encoded`)."""
        doc = {
            "started_at": started_at,
            "finished_at": finished_at or utc_now(),
            "platform": platform,
            "actor": actor,
            "result": result,
        }
        # orjson: the report at 1M nodes is gigabytes (graphmodel.analysis.report_json).
        from graphmodel.analysis.report_json import dumps

        on_disk = doc if encoded is None else {**doc, "result": encoded}
        _write_atomic(self.latest_analysis_path, dumps(on_disk))
        flags = {
            "of": file_stamp(self.latest_analysis_path),
            "adversary_linked": sorted(adversary_linked_ids(result)),
        }
        _write_atomic(self.latest_flags_path, dumps(flags))
        return doc


class LatestAnalysis:
    """The last analysis result, re-read from disk when the file changes."""

    def __init__(self, workspace: Workspace) -> None:
        self.path = workspace.latest_analysis_path
        self.flags_path = workspace.latest_flags_path
        self._stamp: Stamp = None
        self._doc: dict[str, Any] | None = None
        self._adversary: set[str] = set()
        # The stamp of the latest.json whose flags _adversary holds, read from the flags file.
        self._flags_stamp: Stamp = None
        self._lock = threading.Lock()

    def latest(self) -> dict[str, Any] | None:
        """``{"started_at", "finished_at", "platform", "actor", "result"}`` or None."""
        stamp = file_stamp(self.path)
        if stamp != self._stamp:
            with self._lock:
                doc = json.loads(self.path.read_text(encoding="utf-8")) if stamp else None
                self._adversary = adversary_linked_ids((doc or {}).get("result") or {})
                self._doc, self._stamp = doc, stamp
        return self._doc

    def adversary_linked(self) -> set[str] | None:
        """Ids flagged adversary-linked by the last analysis, or None if none ran.

        Read from the small flags file written beside the result when it is the
        flags of the result file there now (same stamp), else from the result
        itself: the tier listing asks on every request, and at 1M nodes the result
        is 1.2 GB, 38 s to parse and gigabytes held in every API worker.
        """
        stamp = file_stamp(self.path)
        if stamp is None:
            return None
        if stamp == self._stamp or stamp == self._flags_stamp:
            return self._adversary
        try:
            flags = orjson.loads(self.flags_path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            flags = None
        if isinstance(flags, dict) and flags.get("of") == list(stamp):
            with self._lock:
                self._adversary, self._flags_stamp = set(flags["adversary_linked"]), stamp
            return self._adversary
        return self._adversary if self.latest() is not None else None

    def version(self) -> Stamp:
        """A stamp of the result file last read: changes when a new result is served."""
        self.latest()
        return self._stamp
