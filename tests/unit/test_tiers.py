"""Tiers (minimum depth, countries via organisations and facilities) and where-used."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphmodel.analysis.index import COUNTRY, SupplyIndex
from graphmodel.analysis.tiers import dependants, dependants_page, tiers, tiers_of, where_used
from graphmodel.errors import NotFoundError
from graphmodel.nxgraph import graph_from_tables

pytestmark = pytest.mark.unit


def network() -> dict[str, list[dict[str, object]]]:
    return {
        "countries": [{"code": c} for c in ("FR", "DE", "CN", "US")],
        "items": [
            {"id": "P", "name": "P", "kind": "platform"},
            {"id": "Q", "name": "Q", "kind": "platform"},
            {"id": "A", "name": "A", "kind": "assembly"},
            {"id": "C", "name": "C", "kind": "component"},
            {"id": "M", "name": "M", "kind": "material"},
        ],
        "organisations": [
            {"id": "Prime", "name": "Prime", "country": "FR"},
            {"id": "Sub", "name": "Sub", "country": "DE"},
            {"id": "Mine", "name": "Mine", "country": "US"},
            {"id": "Cand", "name": "Candidate", "country": "DE"},
        ],
        "facilities": [{"id": "Pit", "name": "Pit", "operator": "Mine", "country": "CN"}],
        "bom": [
            {"parent": "P", "child": "A"},
            {"parent": "A", "child": "C"},
            {"parent": "C", "child": "M"},
            {"parent": "P", "child": "C"},  # a shortcut: C is tier 1, not 2
            {"parent": "Q", "child": "M"},
        ],
        "sources": [
            {"item": "P", "supplier": "Prime"},
            {"item": "C", "supplier": "Sub"},
            {"item": "M", "supplier": "Mine", "facility": "Pit"},
            {"item": "M", "supplier": "Cand", "qualified": False},
        ],
    }


def test_tiers_take_the_minimum_depth() -> None:
    t = tiers(graph_from_tables(network()), "P")
    assert t["tiers"] == {"P": 0, "Prime": 0, "A": 1, "C": 1, "Sub": 1, "M": 2, "Mine": 2, "Pit": 2}
    assert t["paths"]["C"] == ["P", "C"]
    assert t["paths"]["Pit"] == ["P", "C", "M"]


def test_countries_via_organisation_and_facility() -> None:
    t = tiers(graph_from_tables(network()), "P")
    # The mine is registered in US and digs in CN: both are exposed at its tier.
    assert t["country_tiers"] == {"FR": 0, "DE": 1, "US": 2, "CN": 2}


def test_unqualified_sources_are_not_tiered() -> None:
    t = tiers(graph_from_tables(network()), "P")
    assert "Cand" not in t["tiers"]


def test_where_used_reverse_question() -> None:
    G = graph_from_tables(network())
    assert where_used(G, "M") == {"P": 2, "Q": 1}
    assert where_used(G, "Pit") == {"P": 2, "Q": 1}
    assert where_used(G, "CN") == {"P": 2, "Q": 1}
    assert where_used(G, "DE") == {"P": 1}
    assert where_used(G, "Prime") == {"P": 0}
    assert where_used(G, "Cand") == {}
    assert where_used(G, "M", platforms=["Q"]) == {"Q": 1}
    with pytest.raises(NotFoundError):
        where_used(G, "nowhere")
    with pytest.raises(NotFoundError):
        tiers(G, "Prime")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_where_used_inverts_tiers(data: st.DataObject) -> None:
    n = data.draw(st.integers(2, 7))
    items = [f"I{k}" for k in range(n)]
    orgs = ["O0", "O1", "O2"]
    bom = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=10))
    src = data.draw(
        st.lists(st.tuples(st.sampled_from(items), st.sampled_from(orgs)), max_size=8, unique=True)
    )
    G = graph_from_tables(
        {
            "countries": [{"code": "AA"}, {"code": "BB"}],
            "organisations": [
                {"id": o, "name": o, "country": "AA" if o == "O0" else "BB"} for o in orgs
            ],
            "items": [
                {"id": i, "name": i, "kind": "platform" if k < 2 else "component"}
                for k, i in enumerate(items)
            ],
            "bom": [{"parent": items[a], "child": items[b]} for a, b in bom],
            "sources": [{"item": i, "supplier": o} for i, o in src],
        }
    )
    ix = SupplyIndex.from_graph(G)
    per_platform = {p: tiers(G, p, index=ix) for p in ("I0", "I1")}
    for node in G.nodes:
        expected = {}
        for p, t in per_platform.items():
            tier = t["tiers"].get(node, t["country_tiers"].get(node))
            if tier is not None:
                expected[p] = tier
        assert where_used(G, node, index=ix) == expected


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_country_filter_keeps_exactly_the_nodes_of_that_country(data: st.DataObject) -> None:
    """``select(country=)`` (by country groups) against the filter applied row by row
    over the whole listing, with kind, tier and page cuts on top."""
    n = data.draw(st.integers(2, 7))
    items = [f"I{k}" for k in range(n)]
    orgs = ["O0", "O1", "O2", "O3"]
    codes = ["AA", "BB", "CC"]
    home = data.draw(st.lists(st.sampled_from([*codes, None]), min_size=4, max_size=4))
    bom = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=10))
    src = data.draw(
        st.lists(
            st.tuples(st.sampled_from(items), st.sampled_from(orgs), st.booleans()),
            max_size=10,
            unique_by=lambda s: s[:2],
        )
    )
    G = graph_from_tables(
        {
            "countries": [{"code": c} for c in codes],
            "organisations": [
                {"id": o, "name": o, **({"country": c} if c else {})}
                for o, c in zip(orgs, home, strict=True)
            ],
            "facilities": [{"id": "F", "name": "F", "operator": "O0", "country": "CC"}],
            "items": [
                {"id": i, "name": i, "kind": "platform" if k == 0 else "component"}
                for k, i in enumerate(items)
            ],
            "bom": [{"parent": items[a], "child": items[b]} for a, b in bom],
            "sources": [
                {"item": i, "supplier": o, **({"facility": "F"} if fac and o == "O0" else {})}
                for i, o, fac in src
            ],
        }
    )
    ix = SupplyIndex.from_graph(G)
    pt = tiers_of(ix, "I0")
    nodes, listing_tiers = pt.listing(ix)
    max_tier = data.draw(st.none() | st.integers(0, 4))
    kind = data.draw(st.none() | st.integers(0, 3))
    for code in [*codes, "ZZ"]:
        expected = [
            (i, t)
            for i, t in zip(nodes, listing_tiers, strict=True)
            if (ix.country[i] == code or (ix.kind[i] == COUNTRY and ix.ids[i] == code))
            and (max_tier is None or t <= max_tier)
            and (kind is None or ix.kind[i] == kind)
        ]
        assert pt.select(ix, max_tier=max_tier, kind=kind, country=code) == expected
        total, rows = pt.page(ix, 1, 2, max_tier=max_tier, kind=kind, country=code)
        assert (total, rows) == (len(expected), expected[1:3])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_dependants_page_is_that_slice_of_all_dependants_by_tier_then_id(
    data: st.DataObject,
) -> None:
    n = data.draw(st.integers(2, 9))
    # Ids in an order of their own, so that the search's order is not already theirs.
    items = data.draw(st.permutations([f"I{k}" for k in range(n)]))
    bom = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=14))
    src = data.draw(st.lists(st.sampled_from(items), max_size=5, unique=True))
    G = graph_from_tables(
        {
            "countries": [{"code": "AA"}],
            "organisations": [{"id": "O", "name": "O", "country": "AA"}],
            "items": [
                {"id": i, "name": i, "kind": "platform" if k % 3 == 0 else "component"}
                for k, i in enumerate(items)
            ],
            "bom": [{"parent": items[a], "child": items[b]} for a, b in bom],
            "sources": [{"item": i, "supplier": "O"} for i in src],
        }
    )
    ix = SupplyIndex.from_graph(G)
    node = data.draw(st.sampled_from([*items, "O", "AA"]))
    offset = data.draw(st.integers(0, n + 1))
    limit = data.draw(st.none() | st.integers(1, n + 1))
    found = dependants(ix, node)
    whole = sorted(found.items(), key=lambda r: (r[1], ix.ids[r[0]]))
    page = dependants_page(ix, node, offset, limit)
    assert page.total == len(whole)
    assert page.rows == whole[offset : None if limit is None else offset + limit]
    assert page.platforms == sorted(
        (i for i in found if ix.detail[i] == "platform"), key=ix.ids.__getitem__
    )
