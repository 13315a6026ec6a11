"""An analysis report as JSON: the whole document streamed, a summary, or a file per platform.

At 1,000,000 nodes the whole report is gigabytes of JSON (every platform's
tiers, paths and concentration), which one ``json.dumps`` would build as one
string in memory. Here the document is written piece by piece (one
platform, then the nodes, at a time) with ``orjson``, so memory grows by one
platform's text at most and the first bytes reach a pipe at once; and two
smaller forms serve most uses:

- :func:`summary` / ``supplynet analyze --json --summary``: the run, the
  summary counts and, per platform, its name, verdicts and counts, without
  tiers, paths or concentration;
- :func:`write_report_dir` / ``supplynet analyze --json-dir DIR``:
  ``DIR/summary.json``, ``DIR/platforms/<n>-<id>.json`` (one platform's full
  entry each, listed in the summary's ``files``) and ``DIR/nodes.json``.

The streamed document is the JSON value of the report with keys sorted, sets
as sorted lists and other types JSON lacks as text (``orjson`` writes a
non-finite float as ``null``, where ``json`` wrote the invalid ``NaN``).

Examples
--------
>>> import io, json
>>> report = {"platforms": {"p": {"name": "P", "tiers": {"p": 0}}}, "summary": {"platforms": 1}}
>>> buf = io.BytesIO()
>>> write_report(report, buf)
>>> json.loads(buf.getvalue()) == report
True
>>> summary(report)["platforms"]["p"]
{'name': 'P', 'tier_count': 1}
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any, Final

import orjson

__all__ = [
    "EncodedReport",
    "dumps",
    "summary",
    "write_report",
    "write_report_dir",
    "write_with_report",
]

_OPTS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
#: Per-platform entries that are large (one value per upstream node); the summary drops them.
_BULKY = frozenset(
    {"tiers", "country_tiers", "paths", "concentration", "spof", "adversary_free"}
    | {"sole_source_items", "single_country_items", "data_gaps"}
)


def _default(value: Any) -> Any:
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return str(value)


def dumps(value: Any, *, indent: bool = False) -> bytes:
    """``value`` as JSON bytes: keys sorted, sets as sorted lists, other types as text."""
    return orjson.dumps(value, default=_default, option=_OPTS | (orjson.OPT_INDENT_2 * indent))


class EncodedReport:
    """A report encoded once, in pieces, with where each part of it is.

    ``ranges`` gives the byte range ``[start, end)`` of every top-level value in the
    encoded document, ``platform_ranges`` that of every platform's entry and
    ``platform_parts`` that of every key of it, so a reader of a kept file can parse
    one platform's spof without the rest (at 1M nodes the whole document is 1.2 GB,
    38 s to parse; one platform's entry 60 MB). The pieces are written out with
    :meth:`write_to`, never joined: a joined copy is gigabytes more at 1M.

    Examples
    --------
    >>> import json
    >>> e = EncodedReport({"summary": {"platforms": 1}, "platforms": {"p": {"tiers": {"p": 0}}}})
    >>> body = b"".join(e.chunks)
    >>> json.loads(body)["platforms"]["p"]
    {'tiers': {'p': 0}}
    >>> s, t = e.platform_ranges["p"]
    >>> json.loads(body[s:t]), json.loads(body[slice(*e.ranges["summary"])])
    ({'tiers': {'p': 0}}, {'platforms': 1})
    >>> json.loads(body[slice(*e.platform_parts["p"]["tiers"])])
    {'p': 0}
    """

    #: Pieces are gathered into chunks of about this many bytes.
    CHUNK: Final = 1 << 20

    def __init__(self, report: Mapping[str, Any]) -> None:
        self.chunks: list[bytes] = []
        self.size = 0
        self.ranges: dict[str, list[int]] = {}
        self.platform_ranges: dict[str, list[int]] = {}
        self.platform_parts: dict[str, dict[str, list[int]]] = {}
        self._pending = bytearray()
        write_report(report, self, trailing_newline=False)
        self._flush()

    def write(self, piece: bytes) -> int:
        """Append a piece (this is the writer :func:`write_report` is given).

        Pieces are copied into chunks, never kept: every ``orjson.dumps`` result holds
        about 4 KB of memory however short it is (orjson 3.13: 200,000 small results
        took 805 MB), and a report at 1,000,000 nodes is written in over a million
        pieces.
        """
        self._pending += piece
        self.size += len(piece)
        if len(self._pending) >= self.CHUNK:
            self._flush()
        return len(piece)

    def _flush(self) -> None:
        if self._pending:
            self.chunks.append(bytes(self._pending))
            self._pending.clear()

    def write_to(self, out: IO[bytes]) -> None:
        """Write the encoded document to ``out``."""
        out.writelines(self.chunks)


def write_report(
    report: Mapping[str, Any], out: IO[bytes] | EncodedReport, *, trailing_newline: bool = True
) -> None:
    """Write ``report`` as one JSON document to ``out``, a platform at a time.

    When ``out`` is an :class:`EncodedReport` it also records where each part is.
    """
    pos = 0
    marks = out if isinstance(out, EncodedReport) else None

    def put(piece: bytes) -> None:
        nonlocal pos
        out.write(piece)
        pos += len(piece)

    put(b"{")
    for i, key in enumerate(sorted(report)):
        put((b"," if i else b"") + dumps(str(key)) + b":")
        start = pos
        value = report[key]
        if key in ("platforms", "nodes", "where_used") and isinstance(value, Mapping):
            put(b"{")
            for j, sub in enumerate(sorted(value, key=str)):
                put((b"," if j else b"") + dumps(str(sub)) + b":")
                entry, part = pos, value[sub]
                if marks is None or key != "platforms":
                    put(dumps(part))
                    continue
                if isinstance(part, Mapping):
                    # A platform's entry key by key, so that one part (its spof, say) can
                    # be read alone: at 1M nodes an entry is 60 MB, its spof a fraction.
                    spans: dict[str, list[int]] = {}
                    put(b"{")
                    for k, name in enumerate(sorted(part, key=str)):
                        put((b"," if k else b"") + dumps(str(name)) + b":")
                        start_of = pos
                        put(dumps(part[name]))
                        spans[str(name)] = [start_of, pos]
                    put(b"}")
                    marks.platform_parts[str(sub)] = spans
                else:
                    put(dumps(part))
                marks.platform_ranges[str(sub)] = [entry, pos]
            put(b"}")
        else:
            put(dumps(value))
        if marks is not None:
            marks.ranges[str(key)] = [start, pos]
    put(b"}\n" if trailing_newline else b"}")


def write_with_report(out: IO[bytes], meta: Mapping[str, Any], report: EncodedReport) -> int:
    """Write the document ``{"result": <report>, **meta}`` to ``out``.

    Returns where the report starts in it (its parts are at that offset plus
    their :class:`EncodedReport` ranges).

    Examples
    --------
    >>> import io, json
    >>> buf, e = io.BytesIO(), EncodedReport({"summary": {"n": 1}})
    >>> base = write_with_report(buf, {"actor": "cli"}, e)
    >>> json.loads(buf.getvalue())
    {'result': {'summary': {'n': 1}}, 'actor': 'cli'}
    >>> s, t = e.ranges["summary"]
    >>> buf.getvalue()[base + s : base + t]
    b'{"n":1}'
    """
    head = b'{"result":'
    out.write(head)
    report.write_to(out)
    rest = dumps({k: v for k, v in meta.items() if k != "result"})
    out.write(b"," + rest[1:] if len(rest) > 2 else b"}")
    return len(head)


def _platform_summary(entry: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in entry.items() if k not in _BULKY}
    spof = entry.get("spof") or {}
    order1 = spof.get("order1") or {}
    af = entry.get("adversary_free") or {}
    out["tier_count"] = len(entry.get("tiers") or {})
    if spof:
        out["order1_count"] = sum(len(v) for v in order1.values())
        out["order2_count"] = len(spof.get("order2") or [])
    if af:
        out["adversary_free"] = af.get("feasible")
        out["blocking_count"] = len(af.get("blocking_items") or [])
    if "sole_source_items" in entry:
        out["sole_source_count"] = len(entry["sole_source_items"])
    if "data_gaps" in entry:
        out["data_gap_count"] = len(entry["data_gaps"])
    return out


def summary(report: Mapping[str, Any]) -> dict[str, Any]:
    """The report without its per-node parts: run, summary, and counts per platform."""
    out = {k: v for k, v in report.items() if k not in ("platforms", "nodes", "where_used")}
    out["platforms"] = {
        pid: _platform_summary(entry) for pid, entry in (report.get("platforms") or {}).items()
    }
    nodes = report.get("nodes") or {}
    out["adversary_linked_nodes"] = sorted(n for n, e in nodes.items() if e.get("adversary_linked"))
    return out


def _file_name(n: int, pid: str) -> str:
    # Ids are user data: keep a safe part of it for people, the number for uniqueness.
    return f"{n:04d}-{re.sub(r'[^A-Za-z0-9_.-]+', '_', pid)[:80]}.json"


def write_report_dir(report: Mapping[str, Any], directory: Path) -> dict[str, Any]:
    """Write ``summary.json``, ``platforms/*.json`` and ``nodes.json`` into ``directory``.

    Returns the summary written, whose ``files`` maps each platform id to its file.
    """
    platforms_dir = directory / "platforms"
    platforms_dir.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    for n, pid in enumerate(sorted(report.get("platforms") or {}, key=str), start=1):
        name = _file_name(n, str(pid))
        (platforms_dir / name).write_bytes(dumps(report["platforms"][pid]) + b"\n")
        files[str(pid)] = f"platforms/{name}"
    with (directory / "nodes.json").open("wb") as fh:
        write_report({"nodes": report.get("nodes") or {}}, fh)
    out = summary(report)
    out["files"] = {"platforms": files, "nodes": "nodes.json"}
    (directory / "summary.json").write_bytes(dumps(out, indent=True) + b"\n")
    return out
