"""The analysis report: output contract, real adversary linkage, options, write-back rows."""

from __future__ import annotations

import json
import re
from typing import Any

import networkx as nx
import pytest

from graphmodel.analysis.adversary import adversary_links
from graphmodel.analysis.policy import Policy
from graphmodel.analysis.report import analyze
from graphmodel.analysis.writeback import NODE_PROPERTIES, node_labels, writeback_rows
from graphmodel.errors import NotFoundError
from graphmodel.nxgraph import graph_from_tables

pytestmark = pytest.mark.unit


def network() -> dict[str, list[dict[str, Any]]]:
    return {
        "countries": [
            {"code": "CN", "concern": "adversary"},
            {"code": "FR", "groups": ["NATO"]},
            {"code": "DE", "groups": ["NATO"]},
        ],
        "items": [
            {"id": "P1", "name": "Howitzer", "kind": "platform"},
            {"id": "P2", "name": "Drone", "kind": "platform"},
            {"id": "Barrel", "name": "Barrel", "kind": "assembly"},
            {"id": "Steel", "name": "Steel", "kind": "material"},
            {"id": "Chip", "name": "Chip", "kind": "component"},
            {"id": "Gap", "name": "Unmapped part", "kind": "component"},
        ],
        "organisations": [
            {"id": "Prime", "name": "Prime", "country": "FR"},
            {"id": "Forge", "name": "Forge", "country": "DE"},
            {"id": "Mill1", "name": "Mill One", "country": "DE"},
            {"id": "Mill2", "name": "Mill Two", "country": "FR"},
            {"id": "Fab", "name": "Fab", "country": "FR"},
            {"id": "Holding", "name": "Holding", "kind": "government", "country": "CN"},
        ],
        "facilities": [{"id": "FabPlant", "name": "Fab plant", "operator": "Fab", "country": "CN"}],
        "bom": [
            {"parent": "P1", "child": "Barrel"},
            {"parent": "Barrel", "child": "Steel"},
            {"parent": "P1", "child": "Gap"},
            {"parent": "P2", "child": "Chip"},
            {"parent": "P2", "child": "Steel"},
        ],
        "sources": [
            {"item": "P1", "supplier": "Prime"},
            {"item": "P2", "supplier": "Prime"},
            {"item": "Barrel", "supplier": "Forge"},
            {"item": "Steel", "supplier": "Mill1", "share": 0.6},
            {"item": "Steel", "supplier": "Mill2", "share": 0.4},
            {"item": "Chip", "supplier": "Fab", "facility": "FabPlant"},
        ],
        "ownership": [{"owner": "Holding", "owned": "Mill2", "percentage": 30}],
    }


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return graph_from_tables(network())


@pytest.fixture(scope="module")
def report(G: nx.MultiDiGraph) -> dict[str, Any]:
    return analyze(G)


def test_output_contract(report: dict[str, Any]) -> None:
    assert set(report["platforms"]) == {"P1", "P2"}
    for p in report["platforms"].values():
        assert set(p) >= {"tiers", "spof", "sole_source_items", "data_gaps", "adversary_free"}
        assert set(p["spof"]["order1"]) == {"organisations", "facilities", "countries", "items"}
        assert isinstance(p["spof"]["order2"], list)
        assert set(p["adversary_free"]) >= {"feasible", "blocking_items"}
        assert all(isinstance(t, int) for t in p["tiers"].values())
    for node in report["nodes"].values():
        assert set(node) >= {"adversary_linked", "reasons"}
        for reason in node["reasons"]:
            assert reason["kind"] in {
                "location",
                "registration",
                "government",
                "designation",
                "ofac_50",
                "lookthrough",
                "control_edge",
            }
            assert isinstance(reason["path"], list)
    json.dumps(report)  # JSON-ready all the way down


def test_platform_results(report: dict[str, Any]) -> None:
    p1 = report["platforms"]["P1"]
    assert p1["tiers"] == {
        "P1": 0,
        "Prime": 0,
        "Barrel": 1,
        "Gap": 1,
        "Forge": 1,
        "Steel": 2,
        "Mill1": 2,
        "Mill2": 2,
    }
    assert p1["spof"]["order1"]["organisations"] == ["Prime", "Forge"]
    assert p1["spof"]["order1"]["countries"] == ["FR", "DE"]
    assert p1["spof"]["order2"] == [["Mill1", "Mill2"]]
    assert p1["data_gaps"] == ["Gap"]
    assert p1["sole_source_items"] == ["P1", "Barrel"]
    assert p1["concentration"]["Steel"]["supplier_hhi"] == pytest.approx(5200)
    assert report["where_used"]["Steel"] == {"P1": 2, "P2": 1}


def test_adversary_linkage_comes_from_the_real_module(report: dict[str, Any]) -> None:
    G = graph_from_tables(network())
    expected = {n for n, r in adversary_links(G, Policy()).items() if r}
    got = {n for n, v in report["nodes"].items() if v["adversary_linked"]}
    assert got == expected
    assert {"Holding", "FabPlant"} <= got  # government in CN; facility located in CN
    p2 = report["platforms"]["P2"]["adversary_free"]
    assert p2["feasible"] is False
    assert p2["blocking_items"] == ["Chip"]
    assert "Mill2" in got  # 30% held by a government of a country of concern
    # ... but Steel can still come from Mill1, so P1 stays feasible.
    assert report["platforms"]["P1"]["adversary_free"]["feasible"] is True


def test_options() -> None:
    G = graph_from_tables(network())
    r = analyze(G, platforms=["P1"], data_gaps_unavailable=True, detail=False, concentration=False)
    p1 = r["platforms"]["P1"]
    assert list(r["platforms"]) == ["P1"]
    assert p1["producible"] is False
    assert p1["spof"]["order1"]["items"] == []
    assert "paths" not in p1 and "concentration" not in p1 and "where_used" not in r
    with pytest.raises(NotFoundError, match="nope"):
        analyze(G, platforms=["nope"])


def test_writeback_rows(report: dict[str, Any], G: nx.MultiDiGraph) -> None:
    rows = writeback_rows(report, node_labels(G))
    props = {r[0]: r[1] for label_rows in rows.nodes.values() for r in label_rows}
    assert all(k in NODE_PROPERTIES for p in props.values() for k in p)
    # Grouped by the label of the node each row names.
    assert {label: G.nodes[r[0]]["label"] for label, rs in rows.nodes.items() for r in rs} == {
        label: label for label in rows.nodes
    }
    assert props["Forge"]["analysis_spof_platforms"] == ["P1"]
    assert props["Prime"]["analysis_spof_platforms"] == ["P1", "P2"]
    assert json.loads(props["Steel"]["analysis_tiers"]) == {"P1": 2, "P2": 1}
    assert props["Steel"]["analysis_min_tier"] == 1
    assert props["P2"]["analysis_adversary_free"] is False
    assert props["FabPlant"]["analysis_adversary_linked"] is True
    assert json.loads(props["FabPlant"]["analysis_reasons"])[0]["kind"] == "location"
    assert ("P1", "Forge") in {(r[0], r[1]) for rs in rows.spof.values() for r in rs}
    # An order-2 row names its pair and leaves the reason to the statement (one text).
    spof2 = {(r[0], r[1]): r for rs in rows.spof2.values() for r in rs}
    assert spof2.keys() >= {("P1", "Mill1"), ("P1", "Mill2")}
    assert spof2["P1", "Mill1"][2] == spof2["P1", "Mill2"][2] == ["Mill1", "Mill2"]
    assert [(b["platform"], b["item"], b["path"]) for b in rows.blocked] == [
        ("P2", "Chip", ["P2", "Chip"])
    ]


def test_every_property_statement_writes_exactly_the_declared_properties() -> None:
    # Each label's statement sets every property (a left-out one is removed), and
    # the clear statement removes every one: both must follow NODE_PROPERTIES.
    from graphmodel.analysis.writeback import _SET_PROPERTIES
    from graphmodel.cypher import get_query

    declared = set(NODE_PROPERTIES)
    for name in (*_SET_PROPERTIES.values(), "analysis_clear_properties"):
        body = "\n".join(get_query(name, "falkordb").statements)
        assert set(re.findall(r"\bn\.(analysis_\w+)", body)) == declared, name
