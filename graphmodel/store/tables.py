"""Bundle tables and the analysis graph read from a store: a statement per table, not per node.

The ``cypher/graph_*.cypher`` statements return bundle-shaped rows (a node's
``properties`` map plus the ids its fixed relationships point at), which
:func:`graphmodel.nxgraph.graph_from_tables` turns into the NetworkX graph
every analysis uses. For one platform only its upstream subgraph is read:

1. ``graph_upstream_items``: the platform and every item below it (variable-length NEEDS);
2. ``graph_bom_of``, ``graph_sources_of``, ``graph_substitutes_of``,
   ``graph_production_of``, ``graph_stockpiles_of``: their edges and stockpiles;
3. ``graph_facilities_of``: the facilities those sources name (with operators);
4. ``graph_organisations_of``: the suppliers and operators **and every owner up
   their ownership chains** (adversary linkage looks through ownership);
5. ``graph_ownership_of``, ``graph_designations_of``, ``graph_matches_of``:
   ownership into, designations of and match decisions about those
   organisations; ``graph_countries``: every country.
6. Only the ownership and designations valid on the analysis date are kept,
   and records reviewed as the same are linked (:mod:`graphmodel.analysis.asof`).

Rows that point at a node outside the subgraph (a substitute outside the
tree, say) are dropped so the graph holds no unlabelled nodes. Properties
named ``analysis_*`` (written back by a previous run) are not read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

import networkx as nx

from graphmodel.analysis.asof import as_of_date, link_same_as, tables_as_of
from graphmodel.gcpause import paused_gc
from graphmodel.nxgraph import graph_from_tables
from graphmodel.schema import TABLES
from graphmodel.schema import table as schema_table
from graphmodel.store.base import GraphStore, Row

__all__ = ["flatten_row", "graph_from_store", "tables_from_store"]

Tables = dict[str, list[dict[str, Any]]]


#: Columns holding a node's or relationship's whole property map.
_PROPERTY_MAPS: Final = ("props", "row")
#: A node's input properties as parallel lists: the statements leave the ``analysis_*``
#: ones out, because reading them (the JSON tiers and reasons of every node) was most
#: of the bytes a read of a previously analysed graph moved.
_PROPERTY_LISTS: Final = ("prop_keys", "prop_values")
_NOT_COLUMNS: Final = frozenset(_PROPERTY_MAPS + _PROPERTY_LISTS)


def flatten_row(row: Row) -> dict[str, Any]:
    """A bundle-shaped row: the node's or relationship's properties (``props`` or ``row``
    as a map, or ``prop_keys`` with ``prop_values``) merged with the other returned
    columns, without the ``analysis_*`` properties a run wrote back.

    Examples
    --------
    >>> flatten_row({"item": "i", "props": {"share": 0.5, "analysis_x": 1}, "facility": None})
    {'share': 0.5, 'item': 'i'}
    >>> flatten_row({"prop_keys": ["id", "name"], "prop_values": ["o", "O"], "country": "FR"})
    {'id': 'o', 'name': 'O', 'country': 'FR'}
    """
    out: dict[str, Any] = {}
    keys = row.get("prop_keys")
    if keys:
        out.update(zip(keys, row["prop_values"], strict=True))
    for key in _PROPERTY_MAPS:
        props: Mapping[str, Any] = row.get(key) or {}
        out.update((k, v) for k, v in props.items() if not k.startswith("analysis_"))
    out.update((k, v) for k, v in row.items() if k not in _NOT_COLUMNS and v is not None)
    return out


_flat = flatten_row


def _sources(rows: Iterable[Row]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        row = _flat(r)
        row.setdefault("qualified", True)
        out.append(row)
    return out


def _stockpiles(rows: Iterable[Row]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        row = _flat(r)
        row.pop("id", None)
        if row.get("holder") is not None:
            out.append(row)
    return out


def _country(row: dict[str, Any]) -> dict[str, Any]:
    row.setdefault("code", row.get("id"))
    return row


def _whole(store: GraphStore) -> Tables:
    return {
        "countries": [_country(_flat(r)) for r in store.query("export_countries")],
        "organisations": [_flat(r) for r in store.query("graph_organisations")],
        "facilities": [_flat(r) for r in store.query("graph_facilities")],
        "items": [_flat(r) for r in store.query("export_items")],
        "bom": store.query("graph_bom"),
        "sources": _sources(store.query("export_sources")),
        "ownership": [_flat(r) for r in store.query("export_ownership")],
        "designations": [_flat(r) for r in store.query("export_designations")],
        "matches": [_flat(r) for r in store.query("export_matches")],
        "stockpiles": _stockpiles(store.query("graph_stockpiles")),
        "substitutes": store.query("graph_substitutes"),
        "production": [_flat(r) for r in store.query("export_production")],
    }


def _upstream(store: GraphStore, platform: str) -> Tables:
    items = [_flat(r) for r in store.query("graph_upstream_items", {"platform": platform})]
    item_ids = [r["id"] for r in items]
    p = {"items": item_ids}
    sources = _sources(store.query("graph_sources_of", p))
    facility_ids = sorted({s["facility"] for s in sources if s.get("facility")})
    facilities = [_flat(r) for r in store.query("graph_facilities_of", {"ids": facility_ids})]
    org_ids = {s["supplier"] for s in sources} | {
        f["operator"] for f in facilities if f.get("operator")
    }
    # Owners up the chains and records reviewed as the same, until nothing new appears.
    found: dict[str, dict[str, Any]] = {}
    frontier = sorted(org_ids)
    while frontier:
        for r in store.query("graph_organisations_of", {"ids": frontier}):
            row = _flat(r)
            found.setdefault(row["id"], row)
        frontier = sorted(set(found) - org_ids)
        org_ids |= set(frontier)
    organisations = list(found.values())
    all_orgs = {"ids": sorted(found)}
    return {
        "countries": [_country(_flat(r)) for r in store.query("export_countries")],
        "organisations": organisations,
        "facilities": facilities,
        "items": items,
        "bom": store.query("graph_bom_of", p),
        "sources": sources,
        "ownership": [_flat(r) for r in store.query("graph_ownership_of", all_orgs)],
        "designations": [_flat(r) for r in store.query("graph_designations_of", all_orgs)],
        "matches": [_flat(r) for r in store.query("graph_matches_of", all_orgs)],
        "stockpiles": _stockpiles(store.query("graph_stockpiles_of", p)),
        "substitutes": store.query("graph_substitutes_of", p),
        "production": [_flat(r) for r in store.query("graph_production_of", p)],
    }


def _references() -> dict[str, tuple[tuple[str, tuple[str, ...], bool], ...]]:
    """Table -> ``(column, tables it references, required)`` from :data:`schema.TABLES`."""
    return {
        t.name: tuple(
            (c.name, (c.ref, *c.ref_also), c.required)
            for c in t.columns
            if c.ref is not None and c.type != "list"
        )
        for t in TABLES
    }


def _consistent(tables: Tables) -> Tables:
    """Every reference resolves: a row whose required reference names no node read is
    dropped, an optional reference that does not resolve is removed (schema.TABLES)."""
    keys = {
        name: {r.get("code") if name == "countries" else r.get("id") for r in tables[name]}
        for name in ("countries", "organisations", "facilities", "items")
    }
    out = dict(tables)
    for name, refs in _references().items():
        if name not in tables:
            continue
        resolved = [
            (col, set().union(*(keys[t] for t in targets)), req) for col, targets, req in refs
        ]
        required = [(col, ok) for col, ok, req in resolved if req]
        rows = [r for r in tables[name] if all(r.get(c) in ok for c, ok in required)]
        for col, ok, req in resolved:
            if not req:
                for r in rows:
                    if r.get(col) is not None and r[col] not in ok:
                        r.pop(col)
        out[name] = rows
    return out


def _ordered(tables: Tables) -> Tables:
    """Rows sorted by their table's key: the engines return rows in orders of their own,
    and lists built from rows (designations, stockpiles) must not depend on the store."""
    for name, rows in tables.items():
        key = schema_table(name).key
        rows.sort(key=lambda r: tuple(str(r.get(c) if r.get(c) is not None else "") for c in key))
    return tables


@paused_gc()
def tables_from_store(
    store: GraphStore, platform: str | None = None, as_of: str | None = None
) -> Tables:
    """Bundle-shaped tables read from ``store`` (all of it, or one platform's upstream).

    Ownership and designations are those valid on ``as_of`` (``YYYY-MM-DD``,
    default today), and records reviewed as the same are linked (see
    :mod:`graphmodel.analysis.asof`).
    """
    tables = _whole(store) if platform is None else _upstream(store, platform)
    return link_same_as(tables_as_of(_ordered(_consistent(tables)), as_of_date(as_of)))


@paused_gc()
def graph_from_store(
    store: GraphStore, platform: str | None = None, as_of: str | None = None
) -> nx.MultiDiGraph:
    """The analysis graph (:mod:`graphmodel.nxgraph` contract) read from ``store``.

    Parameters
    ----------
    store : GraphStore
        An open store.
    platform : str, optional
        Only this item's upstream subgraph, with the sources, facilities,
        countries and owners (up their ownership chains) the analyses need.
        An unknown id gives an empty graph (bar countries).
    as_of : str, optional
        Analyse the graph as it stood on this date (``YYYY-MM-DD``); today by default.

    Returns
    -------
    networkx.MultiDiGraph
    """
    return graph_from_tables(tables_from_store(store, platform, as_of))
