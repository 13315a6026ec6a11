"""The search index read from store rows equals the one of the analysis graph, on both stores.

:meth:`SearchIndex.from_store` reads ``search_nodes`` instead of the whole graph;
here a generated network (with LEIs, CAGE codes, accents, an organisation with
no country and records reviewed as the same) is loaded into each store, and the
index from the rows is compared with the index of the graph
:func:`graphmodel.store.tables.graph_from_store` reads: the same entries and the
same hits for queries of every kind.
"""

from __future__ import annotations

from typing import Any

import pytest

from graphmodel.bundle import Bundle
from graphmodel.cypher import all_queries
from graphmodel.generate import generate_tables
from graphmodel.load import load_bundle
from graphmodel.search import SearchIndex
from graphmodel.store import rows as search_rows
from graphmodel.store.base import GraphStore
from graphmodel.store.tables import graph_from_store

pytestmark = pytest.mark.e2e


def _tables() -> dict[str, list[dict[str, Any]]]:
    tables = generate_tables(3_000, seed=7)
    orgs = tables["organisations"]
    for k, row in enumerate(orgs):
        if k % 10 == 0:
            row["lei"] = f"5299{k:014d}00"
            row["cage"] = f"Z{k:04d}"[-5:]
    orgs[1]["name"] = "Société Générale d'Usinage"
    orgs[2].pop("country", None)
    orgs[3].pop("kind", None)
    # Records reviewed as the same: the graph keeps one of each pair (and its country).
    orgs[5].pop("country", None)
    tables["matches"] = [
        {"left": orgs[4]["id"], "right": orgs[5]["id"], "decision": "same"},
        {"left": orgs[6]["id"], "right": orgs[7]["id"], "decision": "same"},
        {"left": orgs[8]["id"], "right": orgs[9]["id"], "decision": "not_same"},
    ]
    return tables


def _entries(ix: SearchIndex) -> list[tuple[Any, ...]]:
    return list(zip(ix.ids, ix.names, ix.kinds, ix.details, ix.countries, strict=True))


def test_index_from_rows_equals_index_of_graph(store: GraphStore) -> None:
    tables = _tables()
    load_bundle(store, Bundle(tables=tables))
    from_rows = SearchIndex.from_store(store)
    G = graph_from_store(store)
    from_graph = SearchIndex(d for _, d in G.nodes(data=True))
    assert len(from_rows) == len(from_graph) > 3_000 * 0.9
    assert _entries(from_rows) == _entries(from_graph)
    orgs = tables["organisations"]
    queries = [
        orgs[0]["lei"], orgs[10]["cage"], orgs[11]["id"], tables["items"][0]["id"],
        "societe generale", "usinage", orgs[12]["name"], orgs[13]["name"].split()[0][1:],
        orgs[4]["name"], orgs[5]["id"], tables["countries"][0]["name"],
        tables["countries"][1]["code"], tables["items"][3]["name"], "steel", "galium",
    ]  # fmt: skip
    for q in queries:
        assert from_rows.search(q, limit=20) == from_graph.search(q, limit=20), q

    # The shared statements (one record per row) read the same rows as the engine's form.
    def shared(name: str) -> list[dict[str, Any]]:
        return store._read(all_queries()[(name, None)].statements[0], {})

    assert sorted(search_rows._search_nodes(shared("search_nodes"))) == sorted(
        search_rows._search_nodes(store.query("search_nodes"))
    )
    assert search_rows._search_countries(shared("search_countries")) == (
        search_rows._search_countries(store.query("search_countries"))
    )
    country = tables["countries"][0]["code"]
    assert from_rows.search("a", country=country, kinds=["facility"]) == from_graph.search(
        "a", country=country, kinds=["facility"]
    )
