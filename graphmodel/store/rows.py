"""Read the rows the supply index is built from, in as few records as each engine allows.

Three named statements (``index_nodes``, ``index_bom``, ``index_sources``) return
the nodes, the bill of materials and the sources; ``search_nodes`` and
``search_countries`` what the search index matches (names, identifiers,
countries). Each engine has a form that keeps the client's per-record cost
low: FalkorDB packs all rows into one tab-separated string (its client parses
one large value far faster than as many rows), Neo4j collects them
server-side into a list per label, parent, item or country (a few thousand
records instead of hundreds of thousands). The shared form (one record per
row) is read as well, so a statement can fall back to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphmodel.store.base import GraphStore, Row

__all__ = ["IndexRows", "SearchRow", "read_index_rows", "read_search_rows"]

NodeRow = tuple[str, str, str | None, str | None, str | None]
#: ``(id, label, name, kind, country, lei, cage, nsn)`` of a node (``search_nodes``).
SearchRow = tuple[str, str, str | None, str | None, str | None, str | None, str | None, str | None]


@dataclass(frozen=True)
class IndexRows:
    """What :meth:`graphmodel.analysis.index.SupplyIndex.from_rows` is built from.

    Attributes
    ----------
    nodes : list[tuple[str, str, str | None, str | None, str | None]]
        ``(id, label, name, kind, country)`` of every item, organisation, facility, country.
    bom : list[tuple[str, str]]
        ``(parent, child)`` of every NEEDS relationship between items.
    sources : list[tuple[str, str, str | None, bool]]
        ``(item, organisation, facility, qualified)`` of every SOURCED_FROM relationship.
    """

    nodes: list[NodeRow]
    bom: list[tuple[str, str]]
    sources: list[tuple[str, str, str | None, bool]]


def _lines(rows: list[Row]) -> Iterator[list[str]]:
    packed = rows[0].get("packed") if rows else None
    if packed:
        for line in str(packed).split("\n"):
            yield line.split("\t")


def _text(v: Any) -> str | None:
    return None if v is None or v == "" else str(v)


def _nodes(rows: list[Row]) -> list[NodeRow]:
    if rows and "packed" in rows[0]:
        return [
            (f[0], f[1], _text(f[2]), _text(f[3]), _text(f[4])) for f in _lines(rows) if len(f) >= 5
        ]
    if rows and "nodes" in rows[0]:
        return [
            (str(n[0]), str(r["label"]), _text(n[1]), _text(n[2]), _text(n[3]))
            for r in rows
            for n in r["nodes"]
            if n[0] is not None
        ]
    return [
        (str(r["id"]), str(r["label"]), _text(r["name"]), _text(r["kind"]), _text(r["country"]))
        for r in rows
        if r.get("id") is not None
    ]


def _bom(rows: list[Row]) -> list[tuple[str, str]]:
    if rows and "packed" in rows[0]:
        return [(f[0], f[1]) for f in _lines(rows) if len(f) >= 2]
    if rows and "children" in rows[0]:
        return [(str(r["parent"]), str(c)) for r in rows for c in r["children"]]
    return [(str(r["parent"]), str(r["child"])) for r in rows]


def _sources(rows: list[Row]) -> list[tuple[str, str, str | None, bool]]:
    if rows and "packed" in rows[0]:
        return [(f[0], f[1], _text(f[2]), f[3] != "0") for f in _lines(rows) if len(f) >= 4]
    if rows and "sources" in rows[0]:
        return [
            (str(r["item"]), str(s[0]), _text(s[1]), s[2] is not False)
            for r in rows
            for s in r["sources"]
        ]
    return [
        (str(r["item"]), str(r["supplier"]), _text(r["facility"]), r["qualified"] is not False)
        for r in rows
    ]


def read_index_rows(store: GraphStore) -> IndexRows:
    """The nodes, bill of materials and sources, read as one generation of the graph."""

    def read() -> IndexRows:
        return IndexRows(
            _nodes(store.query("index_nodes")),
            _bom(store.query("index_bom")),
            _sources(store.query("index_sources")),
        )

    return store.read_consistent(read)


def _search_nodes(rows: list[Row]) -> list[SearchRow]:
    if rows and "packed" in rows[0]:
        return [
            (f[0], f[1], _text(f[2]), _text(f[3]), _text(f[4]), _text(f[5]), _text(f[6]),
             _text(f[7]))
            for f in _lines(rows)
            if len(f) >= 8
        ]  # fmt: skip
    if rows and "nodes" in rows[0]:
        return [
            (str(n[0]), str(r["label"]), _text(n[1]), _text(n[2]), _text(n[3]), _text(n[4]),
             _text(n[5]), _text(n[6]))
            for r in rows
            for n in r["nodes"]
            if n[0] is not None
        ]  # fmt: skip
    return [
        (str(r["id"]), str(r["label"]), _text(r["name"]), _text(r["kind"]), _text(r["country"]),
         _text(r["lei"]), _text(r["cage"]), _text(r["nsn"]))
        for r in rows
        if r.get("id") is not None
    ]  # fmt: skip


def _search_countries(rows: list[Row]) -> dict[str, str]:
    if rows and "packed" in rows[0]:
        return {f[0]: f[1] for f in _lines(rows) if len(f) >= 2}
    if rows and "ids" in rows[0]:
        return {str(n): str(r["country"]) for r in rows for n in r["ids"]}
    return {str(r["id"]): str(r["country"]) for r in rows}


_LINKED = frozenset(("Organisation", "Facility"))


def read_search_rows(store: GraphStore) -> list[SearchRow]:
    """``(id, label, name, kind, country, lei, cage, nsn)`` of every item, organisation,
    facility and country (what :class:`graphmodel.search.SearchIndex` is built from):
    a country's id is its code; an organisation's country the one it is registered
    in, a facility's the one it is located in, else their ``country`` property."""

    def read() -> list[SearchRow]:
        nodes = _search_nodes(store.query("search_nodes"))
        links = _search_countries(store.query("search_countries"))
        return [
            (r[0], r[1], r[2], r[3], links.get(r[0], r[4]) if r[1] in _LINKED else r[4], *r[5:])
            for r in nodes
        ]

    return store.read_consistent(read)
