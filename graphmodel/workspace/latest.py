"""The latest analysis as the API reads it: a part at a time, not the whole result.

``data_dir/analysis/latest.json`` holds the last result (written by
:meth:`graphmodel.workspace.Workspace.save_analysis`); beside it,
``latest-index.json`` holds the adversary-linked ids, who ran it and when, and
the byte range of every top-level part and of every platform's entry in
``latest.json``, with the stamp of the ``latest.json`` it describes. A reader
opens the result file, checks that it is the one the index describes (same
stamp, on the open file, so a new result written meanwhile cannot mix in), and
parses only the parts asked for: at 1M nodes the whole result is 1.2 GB, 38 s to
parse and gigabytes held in every API worker, where one platform is megabytes.

Without a matching index (a result written before there were indexes, or an
index left from another result) the whole result is parsed, as before.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from graphmodel.workspace.state import Stamp, Workspace, adversary_linked_ids, file_stamp

__all__ = ["LatestAnalysis", "LatestView"]

#: Parts of platform entries a view keeps parsed (others are parsed again when asked for).
_KEEP_PARTS = 32


class _File:
    """An open result file, read by byte range; closed when nothing refers to it."""

    def __init__(self, fd: int, base: int) -> None:
        self.fd, self.base = fd, base
        weakref.finalize(self, os.close, fd)

    def parse(self, span: list[int]) -> Any:
        start, end = span
        return orjson.loads(os.pread(self.fd, end - start, self.base + start))


class _Parts(Mapping[str, Any]):
    """Parts of a result file by name, each parsed when first asked for."""

    def __init__(self, file: _File, spans: dict[str, list[int]]) -> None:
        self._file, self._spans = file, spans
        self._lock = threading.Lock()

    def __iter__(self) -> Iterator[str]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)

    def __contains__(self, key: object) -> bool:
        return key in self._spans

    def __getitem__(self, key: str) -> Any:
        return self._file.parse(self._spans[key])


class _Platforms(_Parts):
    """The platform entries of a result. With the byte range of each key of an entry,
    an entry is a mapping whose keys are parsed when asked for; else it is parsed
    whole. Either way the last few parsed are kept (a 1M-node entry is 60 MB of JSON,
    hundreds of MB parsed)."""

    def __init__(
        self,
        file: _File,
        spans: dict[str, list[int]],
        parts: dict[str, dict[str, list[int]]] | None = None,
    ) -> None:
        super().__init__(file, spans)
        self._parts = parts or {}
        self._parsed: OrderedDict[tuple[str, str | None], Any] = OrderedDict()

    def cached(self, key: tuple[str, str | None], span: list[int]) -> Any:
        """The part at ``span``, parsed once and kept among the last few."""
        with self._lock:
            if key in self._parsed:
                self._parsed.move_to_end(key)
                return self._parsed[key]
        value = self._file.parse(span)
        with self._lock:
            self._parsed[key] = value
            while len(self._parsed) > _KEEP_PARTS:
                self._parsed.popitem(last=False)
        return value

    def __getitem__(self, key: str) -> Any:
        if key in self._parts:
            return _Entry(self, key, self._parts[key])
        return self.cached((key, None), self._spans[key])


class _Entry(_Parts):
    """One platform's entry, its keys parsed when asked for."""

    def __init__(self, platforms: _Platforms, platform: str, spans: dict[str, list[int]]):
        super().__init__(platforms._file, spans)
        self._platforms, self._platform = platforms, platform

    def __getitem__(self, key: str) -> Any:
        return self._platforms.cached((self._platform, key), self._spans[key])


class _Result(_Parts):
    """An analysis result: its top-level parts kept once parsed, its platforms lazily."""

    def __init__(self, file: _File, spans: dict[str, list[int]], platforms: _Platforms):
        super().__init__(file, spans)
        self._platforms = platforms
        self._parsed: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key == "platforms" and key in self._spans:
            return self._platforms
        with self._lock:
            if key not in self._parsed:
                self._parsed[key] = super().__getitem__(key)
            return self._parsed[key]


@dataclass(frozen=True)
class LatestView:
    """The latest analysis: ``info`` (``started_at``, ``finished_at``, ``platform``,
    ``actor``), ``result`` (the report, parts parsed on demand), and the ``stamp``
    of the result file (it keys anything derived from the result)."""

    info: dict[str, Any]
    result: Mapping[str, Any]
    stamp: Stamp

    def platform_ids(self) -> list[str]:
        """The platforms the result covers, sorted."""
        return sorted(self.result.get("platforms") or {})


class LatestAnalysis:
    """The last analysis result, re-read from disk when the file changes.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> ws = Workspace(Path(tempfile.mkdtemp()))
    >>> _ = ws.save_analysis({"platforms": {"P": {"producible": True}}, "nodes": {}},
    ...                      started_at="t")
    >>> view = LatestAnalysis(ws).view()
    >>> view.platform_ids(), dict(view.result["platforms"]["P"]), view.info["actor"]
    (['P'], {'producible': True}, 'cli')
    """

    def __init__(self, workspace: Workspace) -> None:
        self.path = workspace.latest_analysis_path
        self.index_path = workspace.latest_index_path
        self._stamp: Stamp = None
        self._doc: dict[str, Any] | None = None
        self._view: LatestView | None = None
        self._adversary: set[str] = set()
        # The stamp of the latest.json whose flags _adversary holds, read from the index.
        self._flags_stamp: Stamp = None
        self._lock = threading.Lock()

    def latest(self) -> dict[str, Any] | None:
        """The whole document, ``{"started_at", "finished_at", "platform", "actor",
        "result"}``, or None (the CLI's export reads it all; the API reads :meth:`view`)."""
        stamp = file_stamp(self.path)
        if stamp != self._stamp:
            with self._lock:
                doc = orjson.loads(self.path.read_bytes()) if stamp else None
                self._adversary = adversary_linked_ids((doc or {}).get("result") or {})
                self._doc, self._stamp = doc, stamp
        return self._doc

    def _index(self, stamp: Stamp) -> dict[str, Any] | None:
        """The index file when it describes the result file of ``stamp``."""
        try:
            index = orjson.loads(self.index_path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return None
        if isinstance(index, dict) and stamp is not None and index.get("of") == list(stamp):
            return index
        return None

    def view(self) -> LatestView | None:
        """The latest analysis with its parts parsed on demand, or None if none ran."""
        stamp = file_stamp(self.path)
        if stamp is None:
            return None
        current = self._view
        if current is not None and current.stamp == stamp:
            return current
        view = self._open_view(stamp)
        if view is None:
            doc = self.latest()
            if doc is None:
                return None
            info = {k: v for k, v in doc.items() if k != "result"}
            view = LatestView(info, doc.get("result") or {}, self._stamp)
        with self._lock:
            self._view = view
        return view

    def _open_view(self, stamp: Stamp) -> LatestView | None:
        index = self._index(stamp)
        if index is None or "ranges" not in index:
            return None
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        st = os.fstat(fd)
        if [st.st_mtime_ns, st.st_ino] != index["of"]:
            os.close(fd)  # replaced between the stamp and the open: the caller falls back
            return None
        file = _File(fd, int(index["base"]))
        platforms = _Platforms(file, index["platform_ranges"], index.get("platform_parts"))
        result = _Result(file, index["ranges"], platforms)
        return LatestView(dict(index["info"]), result, (st.st_mtime_ns, st.st_ino))

    def adversary_linked(self) -> set[str] | None:
        """Ids flagged adversary-linked by the last analysis, or None if none ran.

        Read from the small index written beside the result when it is the index
        of the result file there now (same stamp), else from the result itself: the
        tier listing asks on every request.
        """
        stamp = file_stamp(self.path)
        if stamp is None:
            return None
        if stamp == self._stamp or stamp == self._flags_stamp:
            return self._adversary
        index = self._index(stamp)
        if index is not None:
            with self._lock:
                self._adversary, self._flags_stamp = set(index["adversary_linked"]), stamp
            return self._adversary
        return self._adversary if self.latest() is not None else None
