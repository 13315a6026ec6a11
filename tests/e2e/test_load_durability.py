"""A load that has returned survives kill -9 of the embedded server."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmodel.bundle import Bundle
from graphmodel.export import export_tables
from graphmodel.load import load_bundle
from graphmodel.store.embedded import EmbeddedServer
from graphmodel.store.falkordb_store import FalkorDBStore

pytestmark = pytest.mark.e2e


def bundle(n: int) -> Bundle:
    items = [{"id": f"i{k}", "name": f"Item {k}", "kind": "component"} for k in range(n)]
    bom = [{"parent": f"i{k}", "child": f"i{k + 1}", "quantity": 1.0} for k in range(n - 1)]
    orgs = [{"id": "o", "name": "Org", "kind": "company", "country": "FR"}]
    sources = [{"item": f"i{k}", "supplier": "o", "qualified": True} for k in range(n)]
    return Bundle({"items": items, "bom": bom, "organisations": orgs, "sources": sources})


def test_loaded_graph_survives_kill_9(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path / "d")
    store = FalkorDBStore(tmp_path / "d", graph="durable")
    try:
        report = load_bundle(store, bundle(2000))
        before = sorted(map(repr, store.query("stats")))
        tables = export_tables(store)
        assert report.relationships == 1999 + 2000 + 1
        store.close()
        server.kill()
        assert not server.status().running
        server.start()
        store = FalkorDBStore(tmp_path / "d", graph="durable")
        assert sorted(map(repr, store.query("stats"))) == before
        assert export_tables(store) == tables
    finally:
        store.close()
        server.stop()
