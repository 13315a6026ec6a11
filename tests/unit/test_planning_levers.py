"""Levers on hand-worked networks: the exact value of a licence, recycling and a
substitute; comparison, recommendations, briefs; and the allied-capacity property."""

from __future__ import annotations

import random
from typing import Any

import pytest

from graphmodel.bundle import demo_bundle_path, read_bundle, reference_bundle_path
from graphmodel.errors import ValidationFailed
from graphmodel.nxgraph import graph_from_tables
from graphmodel.planning.apply import apply_plan
from graphmodel.planning.brief import plan_brief
from graphmodel.planning.compare import compare_plans, evaluate_plan, recommend
from graphmodel.planning.model import PlanSpec, parse_plan, read_plan_file
from graphmodel.scenarios.model import ScenarioSpec

pytestmark = pytest.mark.unit


def radar(**sources: Any) -> Any:
    """P (1/day) needs 1 Ga per unit. Ga: Red (CN, adversary, 1/day, qualified) and a
    candidate Maple (CA, NATO, 2/day) qualifying in 100 days; P made by Prime (US)."""
    return graph_from_tables(
        {
            "countries": [
                {"code": "CN", "concern": "adversary"},
                {"code": "CA", "groups": ["NATO"]},
                {"code": "US", "groups": ["NATO"]},
            ],
            "items": [
                {"id": "P", "name": "Radar", "kind": "platform", "demand_per_day": 1.0},
                {"id": "Ga", "name": "Gallium", "kind": "material"},
                {"id": "GaN", "name": "Gallium nitride wafer", "kind": "material"},
            ],
            "organisations": [
                {"id": "Red", "name": "Red Co", "country": "CN"},
                {"id": "Maple", "name": "Maple Co", "country": "CA"},
                {"id": "Prime", "name": "Prime Co", "country": "US"},
                {"id": "Wafer", "name": "Wafer Co", "country": "US"},
            ],
            "bom": [{"parent": "P", "child": "Ga", "quantity": 1.0}],
            "sources": [
                {"item": "P", "supplier": "Prime", "capacity": 10.0},
                {"item": "Ga", "supplier": "Red", "capacity": 1.0},
                {
                    "item": "Ga",
                    "supplier": "Maple",
                    "capacity": 2.0,
                    "qualified": False,
                    "recovery_days": 100,
                },
                {"item": "GaN", "supplier": "Wafer", "capacity": 5.0},
            ],
            **sources,
        }
    )


BAN = ScenarioSpec(name="ban", countries=[{"code": "CN", "items": ["Ga"]}], open_ended=True)
LICENCE = {"kind": "licence", "item": "Ga", "organisation": "Maple", "qualification_days": 100}


def _platform(r: dict[str, Any]) -> dict[str, Any]:
    (p,) = r["platforms"]
    return p


def test_the_value_of_a_licence_is_exact() -> None:
    G = radar()
    r = evaluate_plan(G, parse_plan({"name": "lic", "levers": [{**LICENCE, "cost": 5}]}), BAN)
    p = _platform(r)
    # Without it the ban never ends: 365 days of 1/day lost. With it: 100 days.
    assert p["time_to_recover_days"] == [None, 100.0]
    assert p["lost_volume"] == [365.0, 100.0]
    assert r["volume_restored"] == 265.0
    assert r["cost"] == 5.0 and r["lead_days"] == 100.0
    # The licence is the item with no source left: the evidence says so, with its name.
    (e,) = r["evidence"]
    assert e["name"] == "Gallium" and "Ga is lost" in e["relieves"][0]
    # In place it removes the dependency on the adversary-linked Red Co.
    deps = r["adversary_dependencies"]
    assert deps["before"] == 1 and deps["after"] == 0 and deps["added"] == []
    assert deps["removed"][0]["linked_sources"][0]["name"] == "Red Co"


def test_a_quicker_declared_licence_is_worth_more() -> None:
    G = radar()
    quick = {**LICENCE, "qualification_days": 30, "capacity_per_day": 1.5}
    r = evaluate_plan(G, parse_plan({"name": "q", "levers": [quick]}), BAN)
    assert _platform(r)["lost_volume"] == [365.0, 30.0]
    # The lever set the capacity and lead time it declares.
    H = apply_plan(G, parse_plan({"name": "q", "levers": [quick]}))
    data = H.edges["Ga", "Maple", "SOURCED_FROM:"]
    assert data["capacity"] == 1.5 and data["recovery_days"] == 30.0 and not data["qualified"]
    assert not G.edges["Ga", "Maple", "SOURCED_FROM:"].get("plan_lever")  # G untouched


def test_in_place_levers_keep_the_platform_supplied() -> None:
    G = radar()
    r = evaluate_plan(G, parse_plan({"name": "lic", "levers": [LICENCE]}), BAN, in_place=True)
    p = _platform(r)
    # Maple (2/day) qualified before the ban: nothing is lost and the platform is safe.
    assert p["lost_volume"][1] == 0.0 and p["protected"]
    assert r["platforms_protected"] == ["P"]


def test_recycling_is_a_secondary_source_with_its_own_lead_time() -> None:
    G = radar()
    plan = parse_plan(
        {
            "name": "rec",
            "levers": [
                {
                    "kind": "recycling",
                    "item": "Ga",
                    "organisation": "Scrap",
                    "name": "Scrap Recovery Co",
                    "country": "US",
                    "capacity_per_day": 0.5,
                    "lead_days": 60,
                    "cost": 12,
                }
            ],
        }
    )
    r = evaluate_plan(G, plan, BAN)
    # The data's candidate Maple still qualifies in 100 days (no licence in this plan
    # names it); the recycler, flowing after 60 days, comes first.
    assert _platform(r)["time_to_recover_days"] == [100.0, 60.0]
    assert _platform(r)["lost_volume"] == [100.0, 60.0]
    H = apply_plan(G, plan)
    assert H.nodes["Scrap"]["name"] == "Scrap Recovery Co"
    assert "Scrap" not in G


def test_a_substitute_makes_the_item_from_another_one() -> None:
    G = radar()
    plan = parse_plan(
        {
            "name": "sub",
            "levers": [
                {
                    "kind": "substitute",
                    "item": "Ga",
                    "substitute": "GaN",
                    "ratio": 2.0,
                    "qualification_days": 45,
                }
            ],
        }
    )
    r = evaluate_plan(G, plan, BAN)
    assert _platform(r)["time_to_recover_days"] == [100.0, 45.0]
    r = evaluate_plan(G, plan, BAN, in_place=True)
    # In place: Ga from 2 GaN a unit (GaN 5/day): nothing lost.
    assert _platform(r)["lost_volume"][1] == 0.0
    # The substitute is adversary-free: the dependency on Red Co goes.
    assert r["adversary_dependencies"]["after"] == 0


def test_bad_plans_say_every_problem_at_once() -> None:
    G = radar()
    plan = parse_plan(
        {
            "name": "bad",
            "levers": [
                {"kind": "stockpile", "item": "Nope", "quantity": 1},
                {"kind": "licence", "item": "Ga", "organisation": "Ghost", "qualification_days": 1},
                {"kind": "arrangement", "country": "ZZ", "group": "SOSA"},
            ],
        }
    )
    with pytest.raises(ValidationFailed) as exc:
        apply_plan(G, plan)
    text = " ".join(p.message for p in exc.value.problems)
    assert "'Nope' is not an item" in text and "'Ghost' is not an organisation" in text
    assert "'ZZ' is not a country" in text
    with pytest.raises(ValidationFailed):
        parse_plan({"name": "x", "levers": [{"kind": "stockpile", "item": "Ga", "quantity": -1}]})


def test_plan_files_read_as_toml(tmp_path: Any) -> None:
    f = tmp_path / "p.toml"
    f.write_text(
        'name = "hedge"\n[[levers]]\nkind = "stockpile"\nitem = "Ga"\nquantity = 10\n'
        "unit_cost = 3\n",
        encoding="utf-8",
    )
    p = read_plan_file(f)
    assert p.name == "hedge" and p.levers[0].kind == "stockpile"
    f.write_text("name = [", encoding="utf-8")
    with pytest.raises(ValidationFailed) as exc:
        read_plan_file(f)
    assert exc.value.problems[0].file == "p.toml"


def test_compare_recommend_and_brief() -> None:
    G = radar()
    lic = parse_plan({"name": "lic", "levers": [{**LICENCE, "cost": 5}]})
    stock = parse_plan(
        {
            "name": "stock",
            "unit_costs": {"Ga": 2.0},
            "levers": [{"kind": "stockpile", "item": "Ga", "quantity": 100}],
        }
    )
    c = compare_plans(G, [lic, stock], BAN)
    by = {r["plan"]: r for r in c["plans"]}
    # Stock of 100 Ga covers the 100 days until the licence... no licence here: TTS 100.
    assert by["stock"]["cost"] == 200.0
    assert _platform(by["stock"])["time_to_survive_days"] == [0.0, 100.0]
    assert by["lic"]["volume_restored"] == 265.0
    rec = recommend(G, BAN, horizon=100, plans=[lic, stock], unit_costs={"Ga": 2.0, "P": 50.0})
    (p,) = rec["platforms"]
    opts = {o["plan"]: o for o in p["options"]}
    # The sized stockpile for 100 days is 100 Ga (cheaper than 100 radars).
    assert opts["stockpile-P"]["cost"] == 200.0 and opts["stockpile-P"]["out_of_risk"]
    assert p["cheapest"] in ("stock", "stockpile-P")
    assert p["pareto"] and p["pareto"][0] == "lic"  # the cheapest option, covering least
    md = plan_brief(by["lic"], c)
    assert "# Plan brief: lic" in md and "| **lic** |" in md and "Red Co" in md
    assert "license Maple Co (Maple) as a second source of Gallium (Ga)" in md
    html = plan_brief(by["lic"], c, "html")
    assert html.startswith("<!doctype html>") and "<table>" in html
    assert "http" not in html.lower() and "@media print" in html


def demo_graph() -> Any:
    """The demo network with the reference data (countries, materials) it names."""
    ref = read_bundle(reference_bundle_path()).tables
    demo = read_bundle(demo_bundle_path()).tables
    tables = {k: [*ref.get(k, ()), *demo.get(k, ())] for k in {*ref, *demo}}
    return graph_from_tables(tables)


def _allied_plans(G: Any, rng: random.Random) -> PlanSpec:
    """Random levers adding only allied capacity: licences of candidates in allied
    countries, recyclers in allied countries, stock."""
    levers: list[dict[str, Any]] = []
    for u, v, d in G.edges(data=True):
        if d.get("type") != "SOURCED_FROM" or d.get("qualified", True) or rng.random() < 0.5:
            continue
        country = G.nodes[v].get("country")
        fac = d.get("facility")
        if fac:
            country = G.nodes[fac].get("country") or country
        if not country or not G.nodes[country].get("groups"):
            continue
        if G.nodes[v].get("designations"):
            continue
        levers.append(
            {
                "kind": "licence",
                "item": u,
                "organisation": v,
                "facility": fac,
                "capacity_per_day": 1.0,
                "qualification_days": 30,
            }
        )
    mats = sorted(n for n, d in G.nodes(data=True) if d.get("kind") == "material")
    for m in rng.sample(mats, 3):
        levers.append(
            {
                "kind": "recycling",
                "item": m,
                "organisation": f"recycler-{m}",
                "country": "FR",
                "capacity_per_day": 1.0,
                "lead_days": 10,
            }
        )
        levers.append({"kind": "stockpile", "item": m, "quantity": 5.0})
    return parse_plan({"name": "allied", "levers": levers})


@pytest.mark.parametrize("seed", range(3))
def test_allied_capacity_never_adds_an_adversary_dependency(seed: int) -> None:
    G = demo_graph()
    plan = _allied_plans(G, random.Random(seed))
    assert plan.levers
    from graphmodel.planning.compare import _deps_change

    change = _deps_change(G, plan, None)
    assert change["before"] > 0 and any(lv.kind == "licence" for lv in plan.levers)
    assert change["added"] == []
    assert change["after"] <= change["before"]
