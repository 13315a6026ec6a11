"""Saved plans live in the store as :Plan nodes, on both stores; a replace keeps them and
they survive a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmodel.bundle import demo_bundle_path, read_bundle
from graphmodel.cypher import all_queries
from graphmodel.errors import NotFoundError
from graphmodel.load import load_bundle
from graphmodel.planning.model import PlanSpec, parse_plan
from graphmodel.planning.saved import delete_plan, get_plan, list_plans, save_plan
from graphmodel.store.base import GraphStore
from graphmodel.store.embedded import EmbeddedServer
from graphmodel.store.falkordb_store import FalkorDBStore

pytestmark = pytest.mark.e2e


def plan(name: str = "gallium-hedge", **kw: object) -> PlanSpec:
    return parse_plan(
        {
            "name": name,
            "description": "Stock and a second source of gallium.",
            "unit_costs": {"mat-gallium": 0.6},
            "levers": [
                {"kind": "stockpile", "item": "mat-gallium", "quantity": 40},
                {
                    "kind": "licence",
                    "item": "mat-gallium",
                    "organisation": "o-ga-jp",
                    "facility": "f-ga-jp",
                    "qualification_days": 120,
                    "cost": 2_000_000,
                },
                {"kind": "arrangement", "country": "TW", "group": "SOSA"},
            ],
            **kw,
        }
    )


def test_save_get_list_delete(store: GraphStore) -> None:
    first = save_plan(store, plan())
    assert first["id"] == "plan:gallium-hedge" and first["name"] == "gallium-hedge"
    assert get_plan(store, "gallium-hedge") == plan()
    again = save_plan(store, plan(sources=["revised"]))
    assert again["created_at"] == first["created_at"]
    assert get_plan(store, "gallium-hedge").sources == ["revised"]
    save_plan(store, plan("another"))
    listed = list_plans(store)
    assert [p["name"] for p in listed] == ["another", "gallium-hedge"]
    assert listed[1]["levers"] == 3 and listed[1]["plan"]["levers"][1]["kind"] == "licence"
    delete_plan(store, "another")
    assert [p["name"] for p in list_plans(store)] == ["gallium-hedge"]
    with pytest.raises(NotFoundError, match="No saved plan is called 'another'"):
        delete_plan(store, "another")
    with pytest.raises(NotFoundError):
        get_plan(store, "another")


def test_plan_statements_run_with_their_examples(store: GraphStore) -> None:
    names = sorted(n for (n, _kind) in all_queries() if n.startswith("plan_"))
    assert names == ["plan_delete", "plan_get", "plan_list", "plan_save"]
    for name in ("plan_save", "plan_get", "plan_list", "plan_delete"):
        q = store.statement(name)
        rows = store.query(name, q.example)
        if name != "plan_delete":
            assert rows and rows[0]["id"] == "plan:example"
        else:
            assert rows == [{"deleted": 1}]


def test_a_replace_keeps_saved_plans(store: GraphStore) -> None:
    demo = read_bundle(demo_bundle_path())
    load_bundle(store, demo, reference=True)
    save_plan(store, plan())
    load_bundle(store, demo, replace=True, reference=True)
    assert [p["name"] for p in list_plans(store)] == ["gallium-hedge"]
    store.clear()
    assert get_plan(store, "gallium-hedge") == plan()


def test_saved_plans_survive_a_store_restart(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path / "db")
    server.start()
    try:
        s = FalkorDBStore(tmp_path / "db", graph="plans")
        save_plan(s, plan())
        s.close()
        server.stop()
        assert not server.status().running
        server.start()
        s = FalkorDBStore(tmp_path / "db", graph="plans")
        assert get_plan(s, "gallium-hedge") == plan()
        s.close()
    finally:
        server.stop()
