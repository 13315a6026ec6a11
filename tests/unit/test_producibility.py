"""Producibility semantics: sources, data gaps, lost nodes and cycles (least fixed point)."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphmodel.analysis.index import SupplyIndex
from graphmodel.analysis.producibility import producibility, producible
from graphmodel.errors import NotFoundError
from graphmodel.nxgraph import graph_from_tables
from tests.oracle import brute_force_producible

pytestmark = pytest.mark.unit


def base(**extra: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    t: dict[str, list[dict[str, Any]]] = {
        "countries": [{"code": "FR"}, {"code": "DE"}, {"code": "CN"}],
        "items": [
            {"id": "P", "name": "P", "kind": "platform"},
            {"id": "C", "name": "C", "kind": "component"},
            {"id": "M", "name": "M", "kind": "material"},
        ],
        "organisations": [
            {"id": "Prime", "name": "Prime", "country": "FR"},
            {"id": "Maker", "name": "Maker", "country": "DE"},
            {"id": "Mine", "name": "Mine", "country": "FR"},
        ],
        "facilities": [{"id": "Pit", "name": "Pit", "operator": "Mine", "country": "CN"}],
        "bom": [{"parent": "P", "child": "C"}, {"parent": "C", "child": "M"}],
        "sources": [
            {"item": "P", "supplier": "Prime"},
            {"item": "C", "supplier": "Maker"},
            {"item": "M", "supplier": "Mine", "facility": "Pit"},
        ],
    }
    t.update(extra)
    return t


def test_everything_available_is_producible() -> None:
    G = graph_from_tables(base())
    assert producibility(G) == {"P": True, "C": True, "M": True}


def test_losing_a_source_node_propagates_up_the_bom() -> None:
    G = graph_from_tables(base())
    assert producibility(G, lost=["Maker"]) == {"P": False, "C": False, "M": True}


def test_country_of_a_source_is_the_facility_country() -> None:
    G = graph_from_tables(base())
    # The mine is registered in FR but digs in CN: CN matters, FR does not (for M).
    assert producibility(G, lost=["CN"])["M"] is False
    assert producibility(G, lost=["FR"])["M"] is True
    assert producible(G, "P", lost=["FR"]) is False  # Prime is in FR


def test_losing_an_item_itself() -> None:
    G = graph_from_tables(base())
    assert producibility(G, lost=["M"]) == {"P": False, "C": False, "M": False}


def test_data_gap_available_by_default_unavailable_with_flag() -> None:
    t = base()
    t["sources"] = [s for s in t["sources"] if s["item"] != "M"]
    G = graph_from_tables(t)
    assert producible(G, "P") is True
    assert producible(G, "P", data_gaps_unavailable=True) is False


def test_only_unqualified_sources_is_not_a_data_gap() -> None:
    t = base()
    t["sources"] = [s for s in t["sources"] if s["item"] != "M"] + [
        {"item": "M", "supplier": "Mine", "qualified": False}
    ]
    G = graph_from_tables(t)
    assert producible(G, "P") is False


def test_cycle_is_unproducible_least_fixed_point() -> None:
    G = graph_from_tables(
        base(
            bom=[
                {"parent": "P", "child": "C"},
                {"parent": "C", "child": "M"},
                {"parent": "M", "child": "C"},
            ]
        )
    )
    assert producibility(G) == {"P": False, "C": False, "M": False}
    ix = SupplyIndex.from_graph(G)
    assert ix.cyclic[ix.pos["P"]] and ix.cyclic[ix.pos["M"]]


def test_unknown_item_raises_not_found() -> None:
    G = graph_from_tables(base())
    with pytest.raises(NotFoundError, match="No item called 'nope'"):
        producible(G, "nope")
    with pytest.raises(NotFoundError):
        producible(G, "Prime")


@st.composite
def graphs_and_losses(draw: st.DrawFn) -> tuple[nx.MultiDiGraph, list[str]]:
    n = draw(st.integers(1, 7))
    items = [f"I{k}" for k in range(n)]
    countries = ["AA", "BB", "CC"]
    orgs = ["O0", "O1", "O2", "O3"]
    facs = ["F0", "F1"]
    pick_country = st.sampled_from(countries) | st.none()
    bom = draw(st.lists(st.tuples(st.sampled_from(items), st.sampled_from(items)), max_size=12))
    sources = draw(
        st.lists(
            st.tuples(
                st.sampled_from(items),
                st.sampled_from(orgs),
                st.sampled_from(facs) | st.none(),
                st.booleans(),
            ),
            max_size=14,
            unique_by=lambda s: (s[0], s[1], s[2]),
        )
    )
    G = graph_from_tables(
        {
            "countries": [{"code": c} for c in countries],
            "organisations": [{"id": o, "name": o, "country": draw(pick_country)} for o in orgs],
            "facilities": [{"id": f, "name": f, "country": draw(pick_country)} for f in facs],
            "items": [{"id": i, "name": i, "kind": "component"} for i in items],
            "bom": [{"parent": a, "child": b} for a, b in dict.fromkeys(bom)],
            "sources": [
                {"item": i, "supplier": o, "facility": f, "qualified": q} for i, o, f, q in sources
            ],
        }
    )
    lost = draw(st.lists(st.sampled_from(sorted(G.nodes)), max_size=4, unique=True))
    return G, lost


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs_and_losses(), st.booleans())
def test_matches_naive_fixed_point(case: tuple[nx.MultiDiGraph, list[str]], gaps: bool) -> None:
    G, lost = case
    expected = brute_force_producible(G, lost, data_gaps_unavailable=gaps)
    assert producibility(G, lost=lost, data_gaps_unavailable=gaps) == expected
    ix = SupplyIndex.from_graph(G)
    for item, ok in expected.items():
        assert producible(G, item, lost=lost, data_gaps_unavailable=gaps, index=ix) == ok
