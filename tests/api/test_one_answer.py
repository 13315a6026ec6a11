"""One answer: the API, the view and the analysis agree on tiers, trees, paths and where-used.

Generated networks (qualified and unqualified sources, sources at facilities,
bill-of-materials cycles, items without sources, organisations and
facilities without a country) are written into the real store; then

- the API's tier listing, tree, paths and where-used,
- the platform view's tiers,
- the supply index read from store rows and the one read from the NetworkX graph,

must all equal what :mod:`graphmodel.analysis.tiers` gives on the NetworkX
analysis graph (:func:`graphmodel.store.tables.graph_from_store`), which is
itself cross-checked: ``X`` in the tier listing of ``I`` at ``t`` exactly when
``I`` is among the items using ``X`` at ``t``.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphmodel.analysis.index import NO_NODE, SupplyIndex
from graphmodel.analysis.tiers import tiers, where_used
from graphmodel.store.rows import read_index_rows
from graphmodel.store.tables import graph_from_store
from graphmodel.viz.platform import platform_scene
from tests.api.api_support import ApiEnv, write_network

pytestmark = pytest.mark.e2e

CODES = ("FR", "DE", "CN", "US")
Network = dict[str, Any]


@st.composite
def networks(draw: st.DrawFn) -> Network:
    n_items = draw(st.integers(2, 9))
    items = [f"I{k}" for k in range(n_items)]
    n_plat = draw(st.integers(1, min(3, n_items)))
    orgs = [f"O{k}" for k in range(draw(st.integers(1, 5)))]
    facs = [f"F{k}" for k in range(draw(st.integers(0, 3)))]
    country = st.one_of(st.none(), st.sampled_from(CODES))
    pair = st.tuples(st.sampled_from(items), st.sampled_from(items))
    bom = sorted({(a, b) for a, b in draw(st.lists(pair, max_size=14)) if a != b})
    source = st.tuples(
        st.sampled_from(items),
        st.sampled_from(orgs),
        st.one_of(st.none(), st.sampled_from(facs)) if facs else st.none(),
        st.booleans(),
    )
    # One relationship per (item, organisation, facility), as a load writes them.
    sources = list({s[:3]: s for s in draw(st.lists(source, max_size=14))}.values())
    return {
        "items": [
            {"id": i, "name": f"Item {i}", "kind": "platform" if k < n_plat else "component"}
            for k, i in enumerate(items)
        ],
        "orgs": [
            {"id": o, "name": f"Org {o}", "kind": "company"}
            | ({"country": c} if (c := draw(country)) else {})
            for o in orgs
        ],
        "facilities": [
            {"id": f, "name": f"Site {f}", "operator": draw(st.sampled_from(orgs))}
            | ({"country": c} if (c := draw(country)) else {})
            for f in facs
        ],
        "bom": bom,
        "sources": sources,
    }


def _write(env: ApiEnv, net: Network) -> nx.MultiDiGraph:
    store = env.state.store
    store.drop()
    store.ensure_schema()
    countries = [{"id": c, "code": c, "name": f"Country {c}"} for c in CODES]
    write_network(
        store,
        countries,
        net["orgs"],
        net["facilities"],
        net["items"],
        net["bom"],
        net["sources"],
    )
    env.state.snapshots.invalidate()
    return graph_from_store(store)


def _listing(G: nx.MultiDiGraph, root: str) -> dict[str, int]:
    """The analysis's answer: every node ``root`` depends on, with its tier (root left out)."""
    t = tiers(G, root)
    out = {**t["tiers"], **t["country_tiers"]}
    out.pop(root)
    return out


def _get(env: ApiEnv, url: str, **params: Any) -> Any:
    r = env.client.get(url, params=params, headers=env.auth("viewer"))
    assert r.status_code == 200, r.text
    return r.json()


def _tree_tiers(node: dict[str, Any], out: dict[str, int]) -> dict[str, int]:
    if not node["repeated"]:
        assert node["id"] not in out, "a node is expanded once"
        out[node["id"]] = node["tier"]
    for child in node["children"]:
        assert child["tier"] == out.get(child["id"], child["tier"])
        _tree_tiers(child, out)
    return out


def _is_dependency(G: nx.MultiDiGraph, a: str, b: str, typ: str) -> bool:
    """Whether ``a -typ-> b`` is a dependency relationship of the module docstring in ``G``."""
    edges = [d for _, v, d in G.out_edges(a, data=True) if v == b] if typ != "MADE_AT" else []
    if typ == "NEEDS":
        return any(d["type"] == "NEEDS" for d in edges)
    if typ == "SOURCED_FROM":
        return any(d["type"] == "SOURCED_FROM" and d.get("qualified", True) for d in edges)
    if typ == "MADE_AT":
        return any(
            d["type"] == "SOURCED_FROM" and d.get("qualified", True) and d.get("facility") == b
            for _, _, d in G.out_edges(a, data=True)
        )
    return typ in ("REGISTERED_IN", "LOCATED_IN") and G.nodes[a].get("country") == b


def _index_facts(ix: SupplyIndex) -> dict[str, Any]:
    ids = ix.ids

    def name(i: int) -> str:
        return "" if i == NO_NODE else ids[i]

    return {
        "kind": {ids[i]: ix.kind[i] for i in range(len(ids))},
        "children": {ids[i]: sorted(map(name, c)) for i, c in enumerate(ix.children) if c},
        "qualified": {
            ids[i]: sorted(
                (name(q[k]), name(q[k + 1]), name(q[k + 2])) for k in range(0, len(q), 3)
            )
            for i, q in enumerate(ix.qualified)
            if q
        },
        "has_source": {ids[i] for i in range(len(ids)) if ix.has_source[i]},
        "home": {ids[i]: ids[h] for i, h in enumerate(ix.home) if h != NO_NODE},
        "platforms": [ids[p] for p in ix.platforms],
    }


def check_one_answer(env: ApiEnv, G: nx.MultiDiGraph) -> None:
    items = sorted(n for n, d in G.nodes(data=True) if d["label"] == "Item")
    platforms = sorted(n for n in items if G.nodes[n].get("kind") == "platform")
    nodes = sorted(n for n, d in G.nodes(data=True) if d["label"] != "Item") + items
    listing = {i: _listing(G, i) for i in items}

    # The index read straight from store rows is the index of the analysis graph.
    snap = env.state.snapshots.get()
    assert _index_facts(SupplyIndex.from_rows(read_index_rows(env.state.store))) == (
        _index_facts(SupplyIndex.from_graph(G))
    )
    assert _index_facts(snap.index) == _index_facts(SupplyIndex.from_graph(G))

    for root in items:
        expected = listing[root]
        # Tier listing.
        body = _get(env, f"/v1/platforms/{root}/dependencies", limit=1000)
        assert {d["id"]: d["tier"] for d in body["items"]} == expected
        assert body["total"] == len(expected)
        # Filters and pages cut the same listing.
        label = {n: d["label"] for n, d in G.nodes(data=True)}
        for kind in ("item", "organisation", "facility", "country"):
            cut = {n: t for n, t in expected.items() if t <= 1 and label[n].lower() == kind}
            page = _get(env, f"/v1/platforms/{root}/dependencies", kind=kind, max_tier=1, limit=2)
            assert page["total"] == len(cut)
            assert {d["id"]: d["tier"] for d in page["items"]}.items() <= cut.items()
            assert len(page["items"]) == min(2, len(cut))
        # Tree: every upstream node expanded once, with its listing tier.
        tree = _get(env, f"/v1/platforms/{root}/tree", max_nodes=20_000)
        assert not tree["truncated"]
        assert _tree_tiers(tree["root"], {}) == {root: 0, **expected}
        # Paths: one at least to every upstream node, each step a dependency; none elsewhere.
        for target in nodes if root in platforms else ():
            got = _get(env, f"/v1/platforms/{root}/paths/{target}", limit=3)["paths"]
            if target == root:
                continue
            assert bool(got) == (target in expected), (root, target)
            for p in got:
                ids = [n["id"] for n in p["nodes"]]
                assert ids[0] == root and ids[-1] == target and len(set(ids)) == len(ids)
                for (a, b), typ in zip(pairwise(ids), p["relationships"], strict=True):
                    assert _is_dependency(G, a, b, typ), (a, b, typ)
        # The platform view draws the analysis's tiers.
        if root in platforms:
            scene = platform_scene(G, {}, root)
            assert {n.id: n.tier for n in scene.nodes.values()} == {root: 0, **expected}

    # Where-used: every item whose listing holds the node, at that tier.
    for node in nodes:
        expected_users = {i: t[node] for i, t in listing.items() if node in t}
        body = _get(env, f"/v1/nodes/{node}/where-used", limit=1000)
        assert {d["id"]: d["distance"] for d in body["items"]} == expected_users
        assert [p["id"] for p in body["platforms"]] == sorted(
            p for p in platforms if p in expected_users
        )
        analysis = where_used(G, node)
        if node in platforms:
            assert analysis.pop(node) == 0
        assert analysis == {p: expected_users[p] for p in platforms if p in expected_users}


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(net=networks())
def test_api_view_and_analysis_give_one_answer(api_env: ApiEnv, net: Network) -> None:
    check_one_answer(api_env, _write(api_env, net))


def test_the_issue_example(api_env: ApiEnv) -> None:
    """Item M with a qualified source A and an unqualified source B at facility F in CN."""
    net: Network = {
        "items": [
            {"id": "P", "name": "Platform", "kind": "platform"},
            {"id": "M", "name": "Metal", "kind": "material"},
        ],
        "orgs": [
            {"id": "A", "name": "Alpha", "kind": "company", "country": "FR"},
            {"id": "B", "name": "Beta", "kind": "company", "country": "DE"},
        ],
        "facilities": [{"id": "F", "name": "Works", "operator": "B", "country": "CN"}],
        "bom": [("P", "M")],
        "sources": [("M", "A", None, True), ("M", "B", "F", False)],
    }
    G = _write(api_env, net)
    assert _listing(G, "P") == {"M": 1, "A": 1, "FR": 1}
    body = _get(api_env, "/v1/platforms/P/dependencies")
    assert {d["id"]: d["tier"] for d in body["items"]} == {"M": 1, "A": 1, "FR": 1}
    scene = platform_scene(G, {}, "P")
    assert {n.id: n.tier for n in scene.nodes.values()} == {"P": 0, "M": 1, "A": 1, "FR": 1}
    assert _get(api_env, "/v1/nodes/F/where-used")["items"] == []
    assert _get(api_env, "/v1/platforms/P/paths/CN")["paths"] == []
    check_one_answer(api_env, G)
