"""Saved scenarios live in the store as :Scenario nodes and survive a restart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphmodel.cypher import all_queries
from graphmodel.errors import NotFoundError
from graphmodel.nxgraph import graph_from_tables
from graphmodel.scenarios import (
    ScenarioSpec,
    delete_scenario,
    get_scenario,
    list_scenarios,
    load_presets,
    run_scenario,
    save_scenario,
)
from graphmodel.store.base import GraphStore
from graphmodel.store.embedded import EmbeddedServer
from graphmodel.store.falkordb_store import FalkorDBStore

pytestmark = pytest.mark.e2e


def spec(name: str = "gallium-fire", **kw: object) -> ScenarioSpec:
    return ScenarioSpec(
        name=name,
        description="A fire at the only gallium plant.",
        countries=[{"code": "CN", "items": ["mat-gallium"], "measure": "ban"}],
        facilities=["f-ga-1"],
        duration_days=90,
        **kw,
    )


def test_save_get_list_delete(store: GraphStore) -> None:
    first = save_scenario(store, spec())
    assert first["name"] == "gallium-fire" and first["id"] == "scenario:gallium-fire"
    assert get_scenario(store, "gallium-fire") == spec()
    save_scenario(store, spec("another"))
    listed = list_scenarios(store)
    assert [s["name"] for s in listed] == ["another", "gallium-fire"]
    assert listed[1]["description"] == "A fire at the only gallium plant."
    assert listed[1]["spec"]["countries"][0]["items"] == ["mat-gallium"]
    delete_scenario(store, "another")
    assert [s["name"] for s in list_scenarios(store)] == ["gallium-fire"]
    with pytest.raises(NotFoundError, match="No saved scenario is called 'another'"):
        delete_scenario(store, "another")
    with pytest.raises(NotFoundError) as exc:
        get_scenario(store, "another")
    assert exc.value.status == 404


def test_deleting_in_a_large_graph_leaves_every_scan_whole(store: GraphStore) -> None:
    """The FalkorDB pattern that corrupts a label scan (docs/stores.md): an early node
    deleted from a graph over 16,384 nodes. Deleting a scenario must not reach it."""
    for name in ("early-1", "early-2", "early-3"):
        save_scenario(store, spec(name))
    store._write(
        "UNWIND range(1, 20000) AS i CREATE (:Item {id: 'bulk-' + toString(i), name: 'B', "
        "kind: 'material'})",
        {},
    )
    delete_scenario(store, "early-1")
    assert [s["name"] for s in list_scenarios(store)] == ["early-2", "early-3"]
    # Every node of the label is still readable (the corruption fails this read).
    rows = store._read("MATCH (s:Scenario) RETURN collect(s.id) AS ids", {})
    assert sorted(rows[0]["ids"]) == [f"scenario:early-{i}" for i in (1, 2, 3)]
    assert store._read("MATCH (n:Item) RETURN count(n) AS n", {})[0]["n"] == 20_000
    # Saving the name again brings it back, as new.
    save_scenario(store, spec("early-1"))
    assert [s["name"] for s in list_scenarios(store)] == ["early-1", "early-2", "early-3"]
    with pytest.raises(NotFoundError):
        delete_scenario(store, "never-saved")


def test_saving_again_replaces_the_spec_and_keeps_created_at(store: GraphStore) -> None:
    first = save_scenario(store, spec())
    again = save_scenario(store, spec(notes="revised"))
    assert again["created_at"] == first["created_at"]
    assert get_scenario(store, "gallium-fire").notes == "revised"
    rows = store.query("scenario_list")
    assert len(rows) == 1 and json.loads(rows[0]["spec_json"])["notes"] == "revised"


def test_a_saved_preset_reruns_to_the_same_result(store: GraphStore) -> None:
    preset = load_presets()["cn-2023-graphite-permits"]
    save_scenario(store, preset)
    G = graph_from_tables(
        {
            "countries": [{"code": "CN"}],
            "items": [
                {"id": "battery", "name": "Battery", "kind": "platform"},
                {"id": "mat-graphite", "name": "Graphite", "kind": "material"},
            ],
            "organisations": [{"id": "red", "name": "Red Carbon", "country": "CN"}],
            "bom": [{"parent": "battery", "child": "mat-graphite"}],
            "sources": [{"item": "mat-graphite", "supplier": "red", "recovery_days": 10}],
        }
    )
    rerun = run_scenario(G, get_scenario(store, preset.name))
    assert rerun == run_scenario(G, preset)
    assert rerun["platforms_lost"] == ["battery"]


def test_scenario_statements_run_with_their_examples(store: GraphStore) -> None:
    names = sorted(n for (n, _kind) in all_queries() if n.startswith("scenario_"))
    assert names == ["scenario_delete", "scenario_get", "scenario_list", "scenario_save"]
    for name in ("scenario_save", "scenario_get", "scenario_list", "scenario_delete"):
        q = store.statement(name)
        rows = store.query(name, q.example)
        assert q.description and q.mode in ("read", "write")
        if name != "scenario_delete":
            assert rows and rows[0]["id"] == "scenario:example"
        else:
            assert rows == [{"deleted": 1}]
    again = store.query("scenario_delete", store.statement("scenario_delete").example)
    assert again == [{"deleted": 0}]


def test_saved_scenarios_survive_a_store_restart(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path / "db")
    server.start()
    try:
        s = FalkorDBStore(tmp_path / "db", graph="scenarios")
        save_scenario(s, spec())
        s.close()
        server.stop()
        assert not server.status().running
        server.start()
        s = FalkorDBStore(tmp_path / "db", graph="scenarios")
        assert get_scenario(s, "gallium-fire") == spec()
        assert [x["name"] for x in list_scenarios(s)] == ["gallium-fire"]
        s.close()
    finally:
        server.stop()
