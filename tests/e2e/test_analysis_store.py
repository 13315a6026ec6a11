"""The analysis against the real embedded store: loader, run_analysis, write-back."""

from __future__ import annotations

import json
from typing import Any

import pytest

from graphmodel.analysis.report import analyze, run_analysis
from graphmodel.analysis.writeback import RELATIONSHIP_TYPES, node_labels, write_back
from graphmodel.bundle.model import Bundle
from graphmodel.errors import GraphChangedError, NotFoundError, SupplynetError
from graphmodel.generate import generate_tables
from graphmodel.load import load_bundle
from graphmodel.nxgraph import graph_from_tables
from graphmodel.store.base import GraphStore
from graphmodel.store.falkordb_store import FalkorDBStore
from graphmodel.store.tables import graph_from_store

pytestmark = pytest.mark.e2e


def small_network() -> dict[str, list[dict[str, Any]]]:
    return {
        "countries": [
            {"code": "CN", "name": "China", "concern": "adversary"},
            {"code": "FR", "name": "France", "groups": ["NATO", "RDP_MOU"]},
            {"code": "CA", "name": "Canada", "groups": ["NATO", "NTIB"]},
        ],
        "organisations": [
            {"id": "prime", "name": "Prime Systems", "country": "FR"},
            {"id": "mill", "name": "Northern Mill", "country": "CA"},
            {"id": "redco", "name": "Red Metals", "country": "CN"},
            {"id": "front", "name": "Front Holdings", "country": "FR"},
            {"id": "owner", "name": "Far Owner", "country": "CN", "kind": "government"},
            {"id": "unused", "name": "Unused Co", "country": "FR"},
        ],
        "facilities": [
            {"id": "redplant", "name": "Red plant", "operator": "front", "country": "CN"},
        ],
        "items": [
            {"id": "plt", "name": "Platform", "kind": "platform"},
            {"id": "other", "name": "Other platform", "kind": "platform"},
            {"id": "asm", "name": "Assembly", "kind": "assembly"},
            {"id": "ga", "name": "Gallium", "kind": "material"},
            {"id": "steel", "name": "Steel", "kind": "material"},
        ],
        "bom": [
            {"parent": "plt", "child": "asm"},
            {"parent": "asm", "child": "ga"},
            {"parent": "asm", "child": "steel"},
            {"parent": "other", "child": "steel"},
        ],
        "sources": [
            {"item": "plt", "supplier": "prime"},
            {"item": "other", "supplier": "prime"},
            {"item": "asm", "supplier": "prime"},
            {"item": "steel", "supplier": "mill", "share": 1.0},
            {"item": "ga", "supplier": "redco", "share": 0.7},
            {"item": "ga", "supplier": "front", "facility": "redplant", "share": 0.3},
            {"item": "ga", "supplier": "mill", "qualified": False},
        ],
        "ownership": [{"owner": "owner", "owned": "front", "percentage": 60}],
    }


def comparable(report: dict[str, Any], platform: str) -> dict[str, Any]:
    p = report["platforms"][platform]
    return {
        "tiers": p["tiers"],
        "country_tiers": p["country_tiers"],
        "order1": {k: sorted(v) for k, v in p["spof"]["order1"].items()},
        "order2": p["spof"]["order2"],
        "feasible": p["adversary_free"]["feasible"],
        "blocking": sorted(p["adversary_free"]["blocking_items"]),
        "sole": sorted(p["sole_source_items"]),
    }


def test_loader_round_trip_matches_in_memory_graph(store: GraphStore) -> None:
    tables = generate_tables(1500, seed=3, platforms=4)
    load_bundle(store, Bundle(tables))
    G_mem = graph_from_tables(tables)
    G = graph_from_store(store)
    assert G.number_of_nodes() == G_mem.number_of_nodes()
    assert G.number_of_edges() == G_mem.number_of_edges()
    full, mem = analyze(G), analyze(G_mem)
    for pid in mem["platforms"]:
        assert comparable(full, pid) == comparable(mem, pid)
    linked = {n for n, v in full["nodes"].items() if v["adversary_linked"]}
    assert linked == {n for n, v in mem["nodes"].items() if v["adversary_linked"]}
    # One platform's upstream subgraph gives that platform the same answers.
    pid = sorted(mem["platforms"])[0]
    G_one = graph_from_store(store, pid)
    assert G_one.number_of_nodes() < G.number_of_nodes()
    one = analyze(G_one, platforms=[pid])
    assert comparable(one, pid) == comparable(mem, pid)
    linked_in_tree = set(mem["platforms"][pid]["adversary_free"]["linked_in_tree"])
    assert linked_in_tree == set(one["platforms"][pid]["adversary_free"]["linked_in_tree"])


def test_platform_subgraph_keeps_owner_chains(store: GraphStore) -> None:
    load_bundle(store, Bundle(small_network()))
    G = graph_from_store(store, "plt")
    assert "owner" in G and G.has_edge("owner", "front")  # owner of an operator
    assert "unused" not in G and "other" not in G
    assert G.nodes["redplant"]["country"] == "CN"


def test_run_analysis_writes_back_and_replaces(store: GraphStore) -> None:
    load_bundle(store, Bundle(small_network()))
    report = run_analysis(store)
    plt = report["platforms"]["plt"]
    assert plt["adversary_free"]["feasible"] is False
    assert plt["adversary_free"]["blocking_items"] == ["ga"]

    spof = store.query("analysis_platform_spof", {"platform": "plt"})
    order1 = {(r["id"], r["label"]) for r in spof if r["order"] == 1}
    assert order1 == {
        ("prime", "Organisation"),
        ("mill", "Organisation"),
        ("FR", "Country"),
        ("CA", "Country"),
        ("CN", "Country"),  # both qualified gallium sources are in CN
    }
    mill = next(r for r in spof if r["id"] == "mill")
    assert mill["path"] == ["plt", "asm", "steel"] and mill["item"] == "steel"
    blocked = store.query("analysis_platform_blocked_by", {"platform": "plt"})
    assert blocked == [
        {
            "item": "ga",
            "tier": 2,
            "path": ["plt", "asm", "ga"],
            "candidates": ["mill"],
            "allied_candidates": ["mill"],
        }
    ]
    linked = {r["id"]: json.loads(r["reasons"]) for r in store.query("analysis_linked_nodes")}
    assert {"redco", "redplant", "front", "owner"} <= set(linked)
    assert linked["redco"][0]["kind"] == "registration"
    steel = store.query("api_item_get", {"id": "steel"})[0]["node"]
    assert json.loads(steel["analysis_tiers"]) == {"other": 1, "plt": 2}
    assert steel["analysis_sole_source"] is True
    run = store.query("analysis_latest_run")[0]["run"]
    assert run["platforms"] == ["other", "plt"] and run["duration_s"] >= 0

    # A second run for one platform replaces everything the first one wrote.
    run_analysis(store, platform="other")
    assert store.query("analysis_platform_spof", {"platform": "plt"}) == []
    assert store.query("analysis_platform_blocked_by", {"platform": "plt"}) == []
    steel = store.query("api_item_get", {"id": "steel"})[0]["node"]
    assert json.loads(steel["analysis_tiers"]) == {"other": 1}
    ga = store.query("api_item_get", {"id": "ga"})[0]["node"]
    assert not any(k.startswith("analysis_") for k in ga)
    counts = {r["name"]: r["count"] for r in store.query("stats") if r["what"] == "relationship"}
    assert counts.get("ANALYSIS_SPOF") == len(
        store.query("analysis_platform_spof", {"platform": "other"})
    )
    assert set(RELATIONSHIP_TYPES) >= {"ANALYSIS_SPOF", "ANALYSIS_BLOCKED_BY"}
    assert store.query("analysis_latest_run")[0]["run"]["platforms"] == ["other"]


def test_unknown_platform_is_a_clear_error(store: GraphStore) -> None:
    load_bundle(store, Bundle(small_network()))
    with pytest.raises(NotFoundError, match="nope"):
        run_analysis(store, platform="nope")


def _write_back(
    store: GraphStore, report: dict[str, Any], G: Any, generation: str | None = None
) -> None:
    """``write_back`` of ``report`` (computed on ``G``) with a fixed run record."""
    write_back(
        store,
        report,
        labels=node_labels(G),
        policy="p",
        duration_s=0.0,
        finished_at="2026-01-01T00:00:00",
        generation=generation,
    )


def test_a_failed_write_back_on_neo4j_leaves_the_previous_results(store: GraphStore) -> None:
    """Neo4j writes the results in one transaction; the embedded store writes them to
    the live graph (docs/stores.md, "Analysis write-back"), so there a failure leaves
    them half-replaced until the next run, which this test shows as well."""
    load_bundle(store, Bundle(small_network()))
    run_analysis(store)

    def spof() -> list[str]:
        # Ordered by (order, id) only: a member of two pairs comes in either order.
        return sorted(map(repr, store.query("analysis_platform_spof", {"platform": "plt"})))

    spof_before = spof()
    G = graph_from_store(store)
    report = analyze(G)
    # A tier the node properties will show, and a value neither engine can store as
    # a property (a map) in the SPOF rows: the node properties are written first,
    # then the SPOF statement fails.
    report["platforms"]["plt"]["tiers"]["steel"] = 9
    report["platforms"]["plt"]["spof"]["order1_evidence"]["mill"]["reason"] = {"bad": {"x": 1}}
    with pytest.raises(SupplynetError):
        _write_back(store, report, G)
    latest = store.query("analysis_latest_run")

    def steel_tiers() -> dict[str, int]:
        steel = store.query("api_item_get", {"id": "steel"})[0]["node"]
        return dict(json.loads(steel["analysis_tiers"]))

    if isinstance(store, FalkorDBStore):
        # Written to the live graph: the node properties were replaced before the
        # SPOF statement failed, and stay so until the next run.
        assert steel_tiers() == {"other": 1, "plt": 9}
    else:
        assert spof() == spof_before
        assert steel_tiers() == {"other": 1, "plt": 2}
        assert latest[0]["run"]["platforms"] == ["other", "plt"]
    # The next run replaces whatever is there.
    run_analysis(store)
    assert spof() == spof_before
    assert steel_tiers() == {"other": 1, "plt": 2}


def test_write_back_refuses_results_of_a_graph_a_load_replaced(store: GraphStore) -> None:
    load_bundle(store, Bundle(small_network()))
    generation = store.generation()
    G = graph_from_store(store)
    report = analyze(G)
    load_bundle(store, Bundle(small_network()), replace=True)
    with pytest.raises(GraphChangedError, match="Run the analysis again"):
        _write_back(store, report, G, generation=generation)
    assert store.query("analysis_latest_run") == []


_WRITTEN = (
    "MATCH (n) WHERE n.analysis_run IS NOT NULL RETURN n.id AS id, properties(n) AS props",
    "MATCH (p:Item)-[r:ANALYSIS_SPOF]->(x) RETURN p.id AS p, x.id AS x, r.order AS order, "
    "r.pair AS pair, r.path AS path, r.item AS item, r.reason AS reason",
    "MATCH (p:Item)-[r:ANALYSIS_BLOCKED_BY]->(i) RETURN p.id AS p, i.id AS i, r.tier AS tier, "
    "r.path AS path, r.candidates AS candidates, r.allied_candidates AS allied",
)


def _written(store: GraphStore) -> list[list[str]]:
    """Everything the write-back leaves in the store, the run's token aside."""
    out = []
    for text in _WRITTEN:
        rows, truncated = store.run_read_only(text, timeout_ms=60_000, row_cap=1_000_000)
        assert not truncated
        for r in rows:
            if "props" in r:
                r["props"] = {
                    k: v
                    for k, v in r["props"].items()
                    if k.startswith("analysis_") and k != "analysis_run"
                }
        out.append(sorted(repr(sorted(r.items())) for r in rows))
    return out


def test_a_write_back_over_earlier_results_equals_one_on_a_clean_graph(store: GraphStore) -> None:
    # The write-back writes over what is there and removes what it did not write:
    # after any earlier run, what is left must be exactly what one run leaves alone.
    from graphmodel.analysis.writeback import clear_results

    load_bundle(store, Bundle(generate_tables(600, seed=23)))
    platforms = sorted(analyze(graph_from_store(store))["platforms"])
    assert len(platforms) >= 2
    one = platforms[0]

    def clean(platform: str | None) -> list[list[str]]:
        clear_results(store)
        run_analysis(store, platform=platform)
        return _written(store)

    whole, only_one = clean(None), clean(one)
    assert whole != only_one
    run_analysis(store)  # over the one platform's results
    assert _written(store) == whole
    run_analysis(store, platform=one)  # over the whole graph's results
    assert _written(store) == only_one
    run_analysis(store, platform=one)  # over the same results: nothing changes
    assert _written(store) == only_one
