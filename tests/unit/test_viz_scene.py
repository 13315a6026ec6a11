"""Scene operations without HTML: filters, collapsing, and the real analysis contract."""

from __future__ import annotations

import pytest

from graphmodel.viz import page_data, platform_view
from graphmodel.viz.sample import sample_graph
from graphmodel.viz.scene import (
    Scene,
    ViewEdge,
    ViewNode,
    collapse,
    filter_kinds,
    keep_flagged_paths,
)

pytestmark = pytest.mark.unit


def chain_scene() -> Scene:
    """Owners above an organisation: X -> A -> T and B -> T; X is flagged."""
    nodes = {
        "T": ViewNode("T", "T", "organisation", 2),
        "A": ViewNode("A", "A", "organisation", 1),
        "B": ViewNode("B", "B", "organisation", 1),
        "X": ViewNode("X", "X", "organisation", 0, adversary=True),
    }
    edges = [ViewEdge("X", "A", "OWNS"), ViewEdge("A", "T", "OWNS"), ViewEdge("B", "T", "OWNS")]
    return Scene("ownership", "T", "t", "s", nodes, edges)


def test_flagged_paths_work_against_edge_direction() -> None:
    # The root is downstream of the flagged owner here; the path still counts.
    scene = chain_scene()
    assert keep_flagged_paths(scene) == 1
    assert set(scene.nodes) == {"T", "A", "X"}
    assert {(e.source, e.target) for e in scene.edges} == {("X", "A"), ("A", "T")}


def test_filter_kinds_keeps_root_and_counts_hops() -> None:
    nodes = {
        "P": ViewNode("P", "P", "platform", 0),
        "A": ViewNode("A", "A", "assembly", 1),
        "C": ViewNode("C", "C", "component", 2),
        "M": ViewNode("M", "M", "material", 3),
    }
    edges = [
        ViewEdge("P", "A", "NEEDS"),
        ViewEdge("A", "C", "NEEDS"),
        ViewEdge("C", "M", "NEEDS"),
        ViewEdge("P", "M", "NEEDS"),
    ]
    scene = Scene("platform", "P", "t", "s", nodes, edges)
    assert filter_kinds(scene, {"material"}) == 2
    assert set(scene.nodes) == {"P", "M"}
    # The direct edge wins over a bridge through hidden nodes.
    assert [(e.source, e.target, e.type) for e in scene.edges] == [("P", "M", "NEEDS")]


def test_collapse_never_drops_nodes_and_keeps_flags() -> None:
    nodes = {"R": ViewNode("R", "R", "platform", 0)}
    edges = []
    for i in range(30):
        n = f"N{i:02d}"
        nodes[n] = ViewNode(n, n, "component", 1 + i % 3, adversary=i == 29, spof=i == 28)
        edges.append(ViewEdge("R", n, "NEEDS"))
    scene = Scene("platform", "R", "t", "s", nodes, edges)
    groups = collapse(scene, 6, "tier")
    assert groups == 3 and len(scene.nodes) == 6 and scene.collapsed
    # The two flagged nodes outrank everything else for staying expanded.
    assert {"R", "N28", "N29"} <= set(scene.nodes)
    members = [m for n in scene.nodes.values() for m in n.members]
    assert len(members) == 28 and len(set(members)) == 28
    assert sorted(e.count for e in scene.edges if e.target.startswith("group:")) == [9, 9, 10]


def test_budget_smaller_than_one_group_per_tier_merges_levels() -> None:
    nodes = {"R": ViewNode("R", "R", "platform", 0)}
    for i in range(12):
        nodes[f"N{i}"] = ViewNode(f"N{i}", f"N{i}", "component", 1 + i % 4)
    scene = Scene("platform", "R", "t", "s", nodes, [])
    # The budget is a hard cap: the four levels share one aggregate, nothing is dropped.
    assert collapse(scene, 2, "tier") == 1
    assert len(scene.nodes) == 2
    group = next(n for n in scene.nodes.values() if n.kind == "group")
    assert len(group.members) == 12 and group.name.startswith("12 ")


def test_platform_view_with_the_real_analysis() -> None:
    report = pytest.importorskip("graphmodel.analysis.report")
    G = sample_graph()
    analysis = report.analyze(G)
    html = platform_view(G, analysis, "P-FRG")
    data = page_data(html)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert "O-CO2" in data["meta"]["adversary"] and "O-MAG" in data["meta"]["spof"]
    # BOM items are order-1 critical in the analysis but are not drawn as flagged.
    assert not nodes["C-TRM"]["spof"] and "Order-1 critical item" in nodes["C-TRM"]["title"]
    assert "look-through" in nodes["O-CO2"]["title"] and "O-GOV" in nodes["O-CO2"]["title"]
    assert "Producible without adversary-linked nodes: no" in html
