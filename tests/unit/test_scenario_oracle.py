"""Scenarios on random graphs against a brute-force producibility oracle, the analysis
core's producibility(), spof's order-1 sets, and the stress test against the engine.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphmodel.analysis.index import SupplyIndex
from graphmodel.analysis.producibility import producibility
from graphmodel.analysis.spof import order1
from graphmodel.nxgraph import graph_from_tables, source_country
from graphmodel.scenarios import ScenarioSpec, run_scenario, stress_test

pytestmark = pytest.mark.unit

COUNTRIES = ["FR", "DE", "CN", "US"]
ORGS = [f"O{k}" for k in range(5)]
FACS = [f"F{k}" for k in range(3)]
ITEMS = [f"I{k}" for k in range(7)]


@st.composite
def networks(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    """Small random networks: BOM mostly downward with the odd cycle, mixed sources."""
    country = st.sampled_from([*COUNTRIES, None])
    items = [
        {
            "id": i,
            "name": i,
            "kind": "platform" if k < 2 else draw(st.sampled_from(["component", "material"])),
        }
        for k, i in enumerate(ITEMS)
    ]
    bom: dict[tuple[str, str], dict[str, Any]] = {}
    for _ in range(draw(st.integers(0, 12))):
        a, b = draw(st.integers(0, 6)), draw(st.integers(0, 6))
        # Downward edges, plus an occasional upward one that may close a cycle.
        if a == b or (a > b and draw(st.integers(0, 5)) != 0):
            continue
        bom[(ITEMS[a], ITEMS[b])] = {"parent": ITEMS[a], "child": ITEMS[b]}
    sources: dict[tuple[str, str, str | None], dict[str, Any]] = {}
    for _ in range(draw(st.integers(0, 16))):
        item, org = draw(st.sampled_from(ITEMS)), draw(st.sampled_from(ORGS))
        fac = draw(st.sampled_from([*FACS, None]))
        sources[(item, org, fac)] = {
            "item": item,
            "supplier": org,
            "facility": fac,
            "qualified": draw(st.booleans() | st.just(True)),
            "recovery_days": draw(st.sampled_from([None, 10.0, 60.0, 200.0])),
        }
    stock = []
    for item in draw(st.lists(st.sampled_from(ITEMS), max_size=4, unique=True)):
        holder = draw(st.sampled_from([*COUNTRIES, *ORGS]))
        stock.append(
            {"item": item, "holder": holder, "days_of_supply": draw(st.sampled_from([5.0, 40.0]))}
        )
    subs: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 2))):
        item, sub = draw(st.sampled_from(ITEMS)), draw(st.sampled_from(ITEMS))
        if item != sub:
            subs.append({"item": item, "substitute": sub, "qualified": draw(st.booleans())})
    return {
        "countries": [
            {"code": c, "groups": ["NATO"] if c in ("FR", "DE", "US") else []} for c in COUNTRIES
        ],
        "organisations": [{"id": o, "name": o, "country": draw(country)} for o in ORGS],
        "facilities": [{"id": f, "name": f, "country": draw(country)} for f in FACS],
        "items": items,
        "bom": list(bom.values()),
        "sources": list(sources.values()),
        "stockpiles": stock,
        "substitutes": subs,
    }


@st.composite
def scenarios(draw: st.DrawFn) -> ScenarioSpec:
    countries: list[dict[str, Any]] = []
    for code in draw(st.lists(st.sampled_from(COUNTRIES), max_size=2, unique=True)):
        scope = draw(
            st.none() | st.lists(st.sampled_from(ITEMS), min_size=1, max_size=3, unique=True)
        )
        countries.append({"code": code, "items": scope})
    spec = ScenarioSpec(
        countries=countries,
        organisations=draw(st.lists(st.sampled_from(ORGS), max_size=2, unique=True)),
        facilities=draw(st.lists(st.sampled_from(FACS), max_size=1, unique=True)),
        items=draw(st.lists(st.sampled_from(ITEMS), max_size=1, unique=True)),
        data_gaps_unavailable=draw(st.booleans()),
    )
    if spec.is_empty():
        spec = spec.model_copy(update={"organisations": ["O0"]})
    return spec


def oracle(G: nx.MultiDiGraph, spec: ScenarioSpec) -> dict[str, bool]:
    """Least fixed point by plain iteration, straight from the graph's edges."""
    lost = set(spec.organisations) | set(spec.facilities) | set(spec.items)
    lost |= {c.code for c in spec.countries if c.items is None}
    banned: dict[str, set[str]] = {}
    for c in spec.countries:
        for i in c.items or ():
            banned.setdefault(i, set()).add(c.code)
    items = [n for n, d in G.nodes(data=True) if d.get("label") == "Item"]

    def local(i: str) -> bool:
        if i in lost:
            return False
        srcs = [(o, d) for _, o, d in G.out_edges(i, data=True) if d["type"] == "SOURCED_FROM"]
        if not srcs:
            return not spec.data_gaps_unavailable
        for o, d in srcs:
            f = d.get("facility")
            c = source_country(G, o, f)
            if not d["qualified"] or o in lost or f in lost or c in lost:
                continue
            if c is not None and c in banned.get(i, ()):
                continue
            return True
        return False

    ok = dict.fromkeys(items, False)
    changed = True
    while changed:
        changed = False
        for i in items:
            kids = [v for _, v, d in G.out_edges(i, data=True) if d["type"] == "NEEDS"]
            new = local(i) and all(ok[c] for c in kids)
            if new != ok[i]:
                ok[i], changed = new, True
    return ok


SLOW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(networks(), scenarios())
def test_lost_items_match_the_oracle(
    t: dict[str, list[dict[str, Any]]], spec: ScenarioSpec
) -> None:
    G = graph_from_tables(t)
    before = oracle(
        G, ScenarioSpec(organisations=["none"], data_gaps_unavailable=spec.data_gaps_unavailable)
    )
    after = oracle(G, spec)
    r = run_scenario(G, spec)
    expected = {i for i in before if before[i] and not after[i]}
    assert {e["item"] for e in r["items_lost"]} == expected
    assert set(r["platforms_lost"]) == {p for p in ("I0", "I1") if p in expected}
    for p in r["platforms"]:
        tts, ttr = p["time_to_survive_days"], p["time_to_recover_days"]
        assert tts is not None and tts >= 0
        assert p["at_risk"] == (ttr is None or ttr > tts)


@SLOW
@given(networks(), scenarios())
def test_unscoped_scenarios_equal_the_core_producibility(
    t: dict[str, list[dict[str, Any]]], spec: ScenarioSpec
) -> None:
    G = graph_from_tables(t)
    spec = spec.model_copy(update={"countries": [c for c in spec.countries if c.items is None]})
    if spec.is_empty():
        return
    lost = [*spec.organisations, *spec.facilities, *spec.items, *(c.code for c in spec.countries)]
    gaps = spec.data_gaps_unavailable
    core = producibility(G, lost=lost, data_gaps_unavailable=gaps)
    base = producibility(G, data_gaps_unavailable=gaps)
    r = run_scenario(G, spec)
    assert {e["item"] for e in r["items_lost"]} == {i for i in core if base[i] and not core[i]}


@SLOW
@given(networks(), scenarios())
def test_stockpile_to_cover_closes_the_gap(
    t: dict[str, list[dict[str, Any]]], spec: ScenarioSpec
) -> None:
    G = graph_from_tables(t)
    r = run_scenario(G, spec)
    for p in r["platforms"]:
        if not p["at_risk"] or not p["stock_to_cover"]:
            continue
        extra = [
            {"item": s["item"], "holder": "ZZ", "days_of_supply": s["extra_days_of_supply"]}
            for s in p["stock_to_cover"]
        ]
        t2 = {**t, "stockpiles": [*t["stockpiles"], *extra]}
        p2 = next(
            x
            for x in run_scenario(graph_from_tables(t2), spec)["platforms"]
            if x["platform"] == p["platform"]
        )
        assert p2["time_to_survive_days"] >= p["time_to_recover_days"] - 0.05
        assert not p2["at_risk"] or p2["days_at_risk"] <= 0.05


def _engine_impact(
    G: nx.MultiDiGraph, node: str, platforms: set[str], scope: set[str] | None
) -> dict[str, Any]:
    field = "organisations" if G.nodes[node]["label"] == "Organisation" else "facilities"
    r = run_scenario(G, ScenarioSpec(**{field: [node]}))
    lost = [p for p in r["platforms"] if p["platform"] in platforms]
    gaps = [p["days_at_risk"] for p in lost if p["at_risk"] and p["days_at_risk"] is not None]
    return {
        "platforms_lost": sorted(p["platform"] for p in lost),
        "items_lost": sum(1 for e in r["items_lost"] if scope is None or e["item"] in scope),
        "platforms_at_risk": sum(p["at_risk"] for p in lost),
        "platforms_unbounded": sum(p["at_risk"] and p["recovery_unbounded"] for p in lost),
        "days_at_risk": round(sum(gaps), 2),
    }


@SLOW
@given(networks(), st.sampled_from([None, "I0", "I1"]))
def test_stress_test_equals_the_per_scenario_engine(
    t: dict[str, list[dict[str, Any]]], platform: str | None
) -> None:
    G = graph_from_tables(t)
    r = stress_test(G, platform, top=1000)
    platforms = {platform} if platform else {"I0", "I1"}
    bom = nx.DiGraph((b["parent"], b["child"]) for b in t["bom"])
    bom.add_nodes_from(ITEMS)
    scope = nx.descendants(bom, platform) | {platform} if platform else None
    ranked = {e["node"]: e for e in r["ranking"]}
    assert r["with_impact"] == len(ranked)
    for node in [*ORGS, *FACS]:
        want = _engine_impact(G, node, platforms, scope)
        got = ranked.get(node)
        if got is None:
            assert want["items_lost"] == 0 and not want["platforms_lost"]
            continue
        assert {k: got[k] for k in want} == want
    keys = [
        (-e["platforms_lost_count"], -e["platforms_unbounded"], -e["platforms_at_risk"])
        for e in r["ranking"]
    ]
    assert keys == sorted(keys)


@SLOW
@given(networks())
def test_stress_platform_losses_are_spof_order1(t: dict[str, list[dict[str, Any]]]) -> None:
    G = graph_from_tables(t)
    ix = SupplyIndex.from_graph(G)
    r = stress_test(G, "I0", top=1000, index=ix)
    got = {e["node"] for e in r["ranking"] if e["platforms_lost"]}
    o1 = order1(G, "I0", index=ix)["order1"]
    assert got == set(o1["organisations"]) | set(o1["facilities"])


def test_stress_handles_an_unknown_platform() -> None:
    G = graph_from_tables({"items": [{"id": "P", "name": "P", "kind": "platform"}]})
    from graphmodel.errors import NotFoundError

    with pytest.raises(NotFoundError):
        stress_test(G, "nope")
    assert math.isfinite(stress_test(G)["scenarios"])
