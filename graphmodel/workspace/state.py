"""The files under the data directory that the CLI and every API process share.

- ``data_dir/graph.generation`` changes whenever the graph is written through
  supplynet (load, analysis write-back, match decision); every cached snapshot
  of an older generation is then stale.
- ``data_dir/analysis/latest.json`` is the last analysis result; it is re-read
  when its modification time changes, so a restart (or a ``supplynet analyze``
  in another process) serves it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graphmodel.analysis.report_json import EncodedReport

__all__ = [
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


def adversary_linked_ids(result: Mapping[str, Any]) -> set[str]:
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
    def latest_index_path(self) -> Path:
        """What the latest analysis holds and where (:mod:`graphmodel.workspace.latest`),
        beside it, with the stamp of the ``latest.json`` it describes."""
        return Path(self.data_dir) / "analysis" / "latest-index.json"

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
        encoded: EncodedReport | None = None,
    ) -> dict[str, Any]:
        """Persist an analysis result (atomically) as the latest one, and its index
        (:mod:`graphmodel.workspace.latest`); ``encoded``: ``result`` already encoded."""
        from graphmodel.analysis.report_json import EncodedReport, dumps, write_with_report

        info = {
            "started_at": started_at,
            "finished_at": finished_at or utc_now(),
            "platform": platform,
            "actor": actor,
        }
        # orjson, in pieces: the report at 1M nodes is gigabytes (report_json).
        report = encoded if encoded is not None else EncodedReport(result)
        path = self.latest_analysis_path
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            base = write_with_report(fh, info, report)
        os.replace(tmp, path)
        index = {
            "of": file_stamp(path),
            "info": info,
            "base": base,
            "ranges": report.ranges,
            "platform_ranges": report.platform_ranges,
            "platform_parts": report.platform_parts,
            "adversary_linked": sorted(adversary_linked_ids(result)),
        }
        _write_atomic(self.latest_index_path, dumps(index))
        return {**info, "result": result}
