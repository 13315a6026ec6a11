"""Adversary-free feasibility: blocking items, their paths and unblocking candidates."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphmodel.analysis.adversary import adversary_links, linked_set
from graphmodel.analysis.feasibility import adversary_free
from graphmodel.analysis.policy import Policy
from graphmodel.nxgraph import graph_from_tables
from tests.oracle import brute_force_producible

pytestmark = pytest.mark.unit


def network() -> dict[str, list[dict[str, Any]]]:
    return {
        "countries": [
            {"code": "CN", "concern": "adversary"},
            {"code": "CA", "groups": ["NATO", "NTIB"]},
            {"code": "IN", "groups": ["SOSA"]},
            {"code": "BR"},
            {"code": "FR", "groups": ["NATO", "RDP_MOU"]},
        ],
        "items": [
            {"id": "P", "name": "P", "kind": "platform"},
            {"id": "Seeker", "name": "Seeker", "kind": "component"},
            {"id": "Ga", "name": "Gallium", "kind": "material"},
            {"id": "Steel", "name": "Steel", "kind": "material"},
        ],
        "organisations": [
            {"id": "Prime", "name": "Prime", "country": "FR"},
            {"id": "RedMetal", "name": "Red Metal", "country": "CN"},
            {"id": "Front", "name": "Front Co", "country": "FR"},
            {"id": "Maple", "name": "Maple", "country": "CA"},
            {"id": "Samba", "name": "Samba", "country": "BR"},
            {"id": "Optics", "name": "Optics", "country": "FR"},
        ],
        "facilities": [
            {"id": "RedPlant", "name": "Plant", "operator": "Front", "country": "CN"},
        ],
        "bom": [
            {"parent": "P", "child": "Seeker"},
            {"parent": "Seeker", "child": "Ga"},
            {"parent": "P", "child": "Steel"},
        ],
        "sources": [
            {"item": "P", "supplier": "Prime"},
            {"item": "Seeker", "supplier": "Optics"},
            {"item": "Ga", "supplier": "RedMetal"},
            {"item": "Ga", "supplier": "Front", "facility": "RedPlant"},
            {"item": "Ga", "supplier": "Maple", "qualified": False},
            {"item": "Ga", "supplier": "Samba", "qualified": False},
            {"item": "Steel", "supplier": "Samba"},
        ],
        "substitutes": [{"item": "Ga", "substitute": "Steel"}],
    }


def test_real_adversary_module_drives_feasibility() -> None:
    G = graph_from_tables(network())
    linked = linked_set(adversary_links(G, Policy()))
    assert {"RedMetal", "RedPlant"} <= linked
    r = adversary_free(G, "P", linked)
    assert r["feasible"] is False
    assert r["baseline_producible"] is True
    assert r["blocking_items"] == ["Ga"]
    ga = r["blocking"]["Ga"]
    assert ga["tier"] == 2
    assert ga["path"] == ["P", "Seeker", "Ga"]
    assert {s["organisation"] for s in ga["linked_sources"]} == {"RedMetal", "Front"}
    assert [c["organisation"] for c in ga["candidates"]] == ["Maple", "Samba"]
    assert [c["organisation"] for c in ga["allied_candidates"]] == ["Maple"]
    assert ga["allied_candidates"][0]["allied_groups"] == ["NATO", "NTIB"]
    assert ga["candidates"][0]["qualified"] is False
    assert ga["substitutes"] == ["Steel"]
    assert set(r["linked_in_tree"]) >= {"RedMetal", "RedPlant"}


def test_feasible_when_an_unlinked_qualified_source_exists() -> None:
    t = network()
    t["sources"].append({"item": "Ga", "supplier": "Maple"})
    G = graph_from_tables(t)
    r = adversary_free(G, "P", {"RedMetal", "RedPlant"})
    assert r["feasible"] is True
    assert r["blocking_items"] == []


def test_linked_item_and_country_in_the_set() -> None:
    G = graph_from_tables(network())
    r = adversary_free(G, "P", {"Steel"})
    assert r["blocking_items"] == ["Steel"]
    assert r["blocking"]["Steel"]["item_linked"] is True
    r = adversary_free(G, "P", {"FR"})
    assert r["blocking_items"] == ["P", "Seeker"]


def test_baseline_unproducible_is_not_feasible_and_not_blamed_on_links() -> None:
    t = network()
    t["sources"] = [s for s in t["sources"] if s["item"] != "Steel"] + [
        {"item": "Steel", "supplier": "Samba", "qualified": False}
    ]
    r = adversary_free(graph_from_tables(t), "P", set())
    assert r["feasible"] is False
    assert r["baseline_producible"] is False
    assert r["blocking_items"] == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_feasible_iff_producible_without_linked_nodes(data: st.DataObject) -> None:
    t = network()
    names = [o["id"] for o in t["organisations"]] + ["RedPlant", "CN", "FR", "Steel", "Ga"]
    linked = set(data.draw(st.lists(st.sampled_from(names), max_size=4)))
    extra = data.draw(
        st.lists(st.sampled_from([o["id"] for o in t["organisations"]]), max_size=3, unique=True)
    )
    t["sources"] += [{"item": "Ga", "supplier": o, "facility": "RedPlant"} for o in extra]
    G = graph_from_tables(t)
    r = adversary_free(G, "P", linked)
    assert r["feasible"] == brute_force_producible(G, linked)["P"]
    for item in r["blocking_items"]:
        # Each blocking item really is unavailable once the linked nodes are gone.
        assert brute_force_producible(G, linked)[item] is False
