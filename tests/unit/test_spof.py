"""Order-1 and order-2 single points of failure, proven against brute force."""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphmodel.analysis.index import SupplyIndex
from graphmodel.analysis.producibility import bom_closure
from graphmodel.analysis.spof import (
    order1,
    order1_naive,
    order2,
    single_country_items,
    sole_source_items,
)
from graphmodel.nxgraph import graph_from_tables, qualified_sources, source_country
from tests.oracle import (
    brute_force_order1,
    brute_force_order2,
    brute_force_producible,
    dominator_order1,
)

pytestmark = pytest.mark.unit

SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def supply_graphs(
    draw: st.DrawFn,
    *,
    cycles: bool = True,
    bom: bool = True,
    facility_countries: bool = False,
) -> nx.MultiDiGraph:
    """Random all-of (BOM) / any-of (sources) graphs; item I0 is the platform."""
    n_items = draw(st.integers(1, 6)) if bom else 1
    items = [f"I{k}" for k in range(n_items)]
    countries = [f"C{k}" for k in range(draw(st.integers(1, 3)))]
    orgs = [f"O{k}" for k in range(draw(st.integers(1, 4)))]
    facs = [f"F{k}" for k in range(draw(st.integers(0, 3)))]
    maybe_country = st.sampled_from(countries) | st.none()
    fac_country = st.sampled_from(countries) if facility_countries else maybe_country
    edges: list[tuple[int, int]] = []
    if bom and n_items > 1:
        pairs = st.tuples(st.integers(0, n_items - 1), st.integers(0, n_items - 1))
        edges = draw(st.lists(pairs, max_size=10))
        if not cycles:
            edges = [(a, b) for a, b in edges if a < b]
    sources = draw(
        st.lists(
            st.tuples(
                st.sampled_from(items),
                st.sampled_from(orgs),
                st.sampled_from(facs) if facs else st.none(),
                st.booleans() | st.just(True),
            ),
            max_size=14,
            unique_by=lambda s: (s[0], s[1], s[2]),
        )
    )
    tables: dict[str, list[dict[str, Any]]] = {
        "countries": [{"code": c} for c in countries],
        "organisations": [{"id": o, "name": o, "country": draw(maybe_country)} for o in orgs],
        "facilities": [{"id": f, "name": f, "country": draw(fac_country)} for f in facs],
        "items": [
            {"id": i, "name": i, "kind": "platform" if k == 0 else "component"}
            for k, i in enumerate(items)
        ],
        "bom": [{"parent": items[a], "child": items[b]} for a, b in dict.fromkeys(edges)],
        "sources": [
            {"item": i, "supplier": o, "facility": f, "qualified": q} for i, o, f, q in sources
        ],
    }
    return graph_from_tables(tables)


def flat(result: dict[str, Any]) -> set[str]:
    return {x for group in result["order1"].values() for x in group}


# ------------------------------------------------------------------ order 1


@SETTINGS
@given(supply_graphs(), st.booleans())
def test_order1_equals_remove_and_recheck(G: nx.MultiDiGraph, gaps: bool) -> None:
    fast = order1(G, "I0", data_gaps_unavailable=gaps)
    assert flat(fast) == brute_force_order1(G, "I0", data_gaps_unavailable=gaps)
    assert fast["producible"] == brute_force_producible(G, data_gaps_unavailable=gaps)["I0"]


@SETTINGS
@given(supply_graphs(), st.booleans())
def test_naive_baseline_agrees(G: nx.MultiDiGraph, gaps: bool) -> None:
    assert order1_naive(G, "I0", data_gaps_unavailable=gaps) == brute_force_order1(
        G, "I0", data_gaps_unavailable=gaps
    )


@SETTINGS
@given(supply_graphs(bom=False, facility_countries=True))
def test_any_of_only_equals_dominators(G: nx.MultiDiGraph) -> None:
    # One item, sources only: order 1 is what dominates the sink of its flow graph.
    result = flat(order1(G, "I0"))
    if qualified_sources(G, "I0"):
        assert result == dominator_order1(G, "I0")
    else:
        # A data gap (no source at all) is available; only the item itself counts.
        has_any = any(d["type"] == "SOURCED_FROM" for _, _, d in G.out_edges("I0", data=True))
        assert result == (set() if has_any else {"I0"})


@SETTINGS
@given(supply_graphs(cycles=False, facility_countries=True))
def test_order1_is_closure_plus_per_item_dominators(G: nx.MultiDiGraph) -> None:
    r = order1(G, "I0")
    if not r["producible"]:
        assert flat(r) == set()
        return
    closure = _closure(G, "I0")
    expected = set(closure)
    for i in closure:
        expected |= dominator_order1(G, i)
    assert flat(r) == expected


def _closure(G: nx.MultiDiGraph, root: str) -> set[str]:
    seen = {root}
    stack = [root]
    while stack:
        u = stack.pop()
        for _, v, d in G.out_edges(u, data=True):
            if d["type"] == "NEEDS" and v not in seen:
                seen.add(v)
                stack.append(v)
    return seen


@SETTINGS
@given(supply_graphs())
def test_order1_evidence_explains_each_node(G: nx.MultiDiGraph) -> None:
    r = order1(G, "I0")
    for node, ev in r["order1_evidence"].items():
        path = ev["path"]
        assert path[0] == "I0" and path[-1] == ev["item"]
        for a, b in itertools.pairwise(path):
            assert G.has_edge(a, b, key="NEEDS")
        for org, fac, _ in qualified_sources(G, ev["item"]):
            assert node in (org, fac, source_country(G, org, fac))


# ------------------------------------------------------------------ order 2


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(supply_graphs())
def test_order2_equals_brute_force_pairs(G: nx.MultiDiGraph) -> None:
    fast = {tuple(p) for p in order2(G, "I0")["order2"]}
    assert fast == brute_force_order2(G, "I0")


def tables_two_items() -> dict[str, list[dict[str, Any]]]:
    return {
        "countries": [{"code": "FR"}, {"code": "DE"}],
        "items": [
            {"id": "P", "name": "P", "kind": "platform"},
            {"id": "A", "name": "A", "kind": "component"},
            {"id": "B", "name": "B", "kind": "component"},
        ],
        "organisations": [
            {"id": o, "name": o, "country": "FR" if o < "O3" else "DE"}
            for o in ("O1", "O2", "O3", "O4")
        ],
        "facilities": [{"id": "F1", "name": "F1", "operator": "O1", "country": "FR"}],
        "bom": [{"parent": "P", "child": "A"}, {"parent": "P", "child": "B"}],
        "sources": [
            {"item": "A", "supplier": "O1", "facility": "F1"},
            {"item": "A", "supplier": "O3"},
            {"item": "B", "supplier": "O2"},
            {"item": "B", "supplier": "O4"},
        ],
    }


def test_order2_pairs_and_evidence() -> None:
    G = graph_from_tables(tables_two_items())
    r = order2(G, "P")
    assert r["order2"] == [["F1", "O3"], ["O1", "O3"], ["O2", "O4"]]
    ev = {tuple(e["pair"]): e for e in r["order2_evidence"]}
    assert ev[("O2", "O4")]["item"] == "B"
    assert ev[("O2", "O4")]["path"] == ["P", "B"]
    assert r["order2_truncated"] is False


def test_order2_truncates_at_max_pairs() -> None:
    G = graph_from_tables(tables_two_items())
    r = order2(G, "P", max_pairs=2)
    assert len(r["order2"]) == 2
    assert r["order2_truncated"] is True


# ------------------------------------------------------------------ examples


def test_country_is_order1_when_all_sources_share_it() -> None:
    G = graph_from_tables(tables_two_items())
    r = order1(G, "P")
    # A: O1@F1 (FR) or O3 (DE); B: O2 (FR) or O4 (DE): no single country stops P.
    assert r["order1"]["countries"] == []
    assert r["order1"]["items"] == ["P", "A", "B"]
    G2 = graph_from_tables(
        tables_two_items()
        | {"sources": [{"item": "A", "supplier": "O1"}, {"item": "A", "supplier": "O2"}]}
    )
    r2 = order1(G2, "P")
    assert r2["order1"]["countries"] == ["FR"]
    assert r2["order1_evidence"]["FR"]["path"] == ["P", "A"]
    assert "every qualified source of A" in r2["order1_evidence"]["FR"]["reason"]


def test_unproducible_platform_has_no_order1() -> None:
    t = tables_two_items()
    t["bom"].append({"parent": "A", "child": "P"})  # a cycle through the platform
    r = order1(graph_from_tables(t), "P")
    assert r["producible"] is False
    assert flat(r) == set()


def test_sole_source_and_single_country() -> None:
    t = tables_two_items()
    t["sources"] += [{"item": "P", "supplier": "O1"}]
    t["sources"] = [s for s in t["sources"] if s["supplier"] != "O4"]
    G = graph_from_tables(t)
    ix = SupplyIndex.from_graph(G)
    cl = bom_closure(ix, ix.pos["P"])
    assert sole_source_items(ix, cl) == ["P", "B"]
    assert single_country_items(ix, cl) == {"P": "FR", "B": "FR"}
