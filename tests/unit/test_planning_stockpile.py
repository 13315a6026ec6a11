"""Stockpile sizing on hand-worked networks (exact optima) and its properties."""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
import pytest

from graphmodel.nxgraph import graph_from_tables
from graphmodel.planning.apply import apply_plan
from graphmodel.planning.model import PlanSpec, StockpileLever
from graphmodel.planning.stockpile import Sizer, size_stockpiles
from graphmodel.scenarios.model import ScenarioSpec
from graphmodel.scenarios.removal import Removal, resolve
from graphmodel.scenarios.volume import VolumeAnalysis

pytestmark = pytest.mark.unit


def two_materials(**extra: Any) -> Any:
    """P (1/day, made by Pm and Pn) needs 2 M1 and 1 M2 per unit.

    M1: A1 (2/day, in XA) and B1 (1/day, in XB); M2: A2 (1/day, in XC) and B2 (0.25/day,
    in XB). Losing A1 leaves M1 at 1 of 2/day: 1 unit/day short; losing A2 leaves M2 at
    0.25 of 1/day: 0.75/day short. No single node takes out both A1 and A2.
    """
    tables: dict[str, Any] = {
        "countries": [{"code": "XA"}, {"code": "XB"}, {"code": "XC"}],
        "items": [
            {"id": "P", "name": "Platform", "kind": "platform", "demand_per_day": 1.0},
            {"id": "M1", "name": "Metal one", "kind": "material"},
            {"id": "M2", "name": "Metal two", "kind": "material"},
        ],
        "organisations": [
            {"id": "A1", "name": "A1 Co", "country": "XA"},
            {"id": "B1", "name": "B1 Co", "country": "XB"},
            {"id": "A2", "name": "A2 Co", "country": "XC"},
            {"id": "B2", "name": "B2 Co", "country": "XB"},
            {"id": "Pm", "name": "Prime", "country": "XB"},
            {"id": "Pn", "name": "Second prime", "country": "XA"},
        ],
        "bom": [
            {"parent": "P", "child": "M1", "quantity": 2.0},
            {"parent": "P", "child": "M2", "quantity": 1.0},
        ],
        "sources": [
            {"item": "P", "supplier": "Pm", "capacity": 10.0, "recovery_days": 30},
            {"item": "P", "supplier": "Pn", "capacity": 10.0, "recovery_days": 30},
            {"item": "M1", "supplier": "A1", "capacity": 2.0, "recovery_days": 30},
            {"item": "M1", "supplier": "B1", "capacity": 1.0, "recovery_days": 30},
            {"item": "M2", "supplier": "A2", "capacity": 1.0, "recovery_days": 30},
            {"item": "M2", "supplier": "B2", "capacity": 0.25, "recovery_days": 30},
        ],
    }
    tables.update(extra)
    return graph_from_tables(tables)


COSTS = {"M1": 1.0, "M2": 2.0, "P": 100.0}


def test_one_scenario_stocks_exactly_the_shortfall() -> None:
    G = two_materials()
    r = size_stockpiles(
        G, [ScenarioSpec(name="a1", organisations=["A1"])], horizon=100, unit_costs=COSTS
    )
    # 1 unit/day of M1 short for 100 days: 100 units at 1 each, cheaper than 50 platforms.
    assert r["stock_units"] == pytest.approx({"M1": 100.0})
    (row,) = r["items"]
    assert row["item"] == "M1" and row["name"] == "Metal one"
    assert row["units"] == pytest.approx(100.0) and row["cost"] == pytest.approx(100.0)
    assert row["days_of_demand"] == pytest.approx(50.0)  # M1's requirement is 2/day
    assert r["total"]["cost"] == pytest.approx(100.0)


def test_the_stress_test_needs_the_joint_program_not_the_worst_scenario() -> None:
    G = two_materials()
    r = size_stockpiles(G, None, horizon=100, unit_costs=COSTS)
    # A1 (or XA) needs 100 M1; A2 (or XC) needs 75 M2. Shared stock must cover both.
    assert r["stock_units"] == pytest.approx({"M1": 100.0, "M2": 75.0})
    assert r["total"]["cost"] == pytest.approx(100.0 + 150.0)
    assert r["lower_bound"] == pytest.approx(150.0)  # the worst single scenario alone
    assert r["upper_bound"] >= r["total"]["objective"]
    assert r["scenarios"] == len({"A1", "B1", "A2", "B2", "Pm", "Pn", "XA", "XB", "XC"})
    assert r["infeasible"] == []


def test_days_objective_and_units() -> None:
    G = two_materials()
    r = size_stockpiles(G, [ScenarioSpec(name="a2", organisations=["A2"])], horizon=40)
    assert r["objective"] == "days"
    # 0.75/day of M2 for 40 days = 30 days of M2's 1/day requirement (or 30 days of P).
    assert r["total"]["objective"] == pytest.approx(30.0)


def _tts_under(G: Any, spec: ScenarioSpec) -> float:
    va = VolumeAnalysis(G)
    b = va.disruption(resolve(G, va.ix, spec))
    return float(va.survive(b, per_item=False).network)


def test_the_sized_stock_reaches_the_horizon_and_less_does_not() -> None:
    G = two_materials()
    spec = ScenarioSpec(name="xa", countries=["XA"])
    r = size_stockpiles(G, [spec], horizon=80, unit_costs=COSTS)
    levers = [StockpileLever(item=i, quantity=q) for i, q in r["stock_units"].items()]
    full = apply_plan(G, PlanSpec(name="s", levers=levers))
    assert _tts_under(full, spec) == pytest.approx(80.0, rel=1e-6)
    short = [StockpileLever(item=i, quantity=0.99 * q) for i, q in r["stock_units"].items()]
    assert _tts_under(apply_plan(G, PlanSpec(name="s", levers=short)), spec) < 80.0


def test_a_platform_only_sizing_ignores_the_other_platforms() -> None:
    G = two_materials(
        items=[
            {"id": "P", "name": "Platform", "kind": "platform", "demand_per_day": 1.0},
            {"id": "Q", "name": "Other", "kind": "platform", "demand_per_day": 1.0},
            {"id": "M1", "name": "Metal one", "kind": "material"},
            {"id": "M2", "name": "Metal two", "kind": "material"},
        ],
    )
    G.add_edge("Q", "M1", key="NEEDS", type="NEEDS", quantity=1.0, sites=[])
    G.add_edge("Q", "Pm", key="SOURCED_FROM:", type="SOURCED_FROM", facility=None, capacity=5.0)
    spec = ScenarioSpec(name="a1", organisations=["A1"])
    both = size_stockpiles(G, [spec], horizon=10, unit_costs=COSTS)
    only = size_stockpiles(G, [spec], horizon=10, unit_costs=COSTS, platforms=["P"])
    # M1 at 1/day: P alone needs 2/day (10 short over 10 days); with Q, 3/day (20 short).
    assert only["stock_units"] == pytest.approx({"M1": 10.0})
    assert both["stock_units"] == pytest.approx({"M1": 20.0})


def test_no_volume_data_says_so() -> None:
    G = graph_from_tables({"items": [{"id": "P", "name": "P", "kind": "platform"}]})
    r = size_stockpiles(G, None, horizon=30)
    assert r == {"computed": False, "reason": "not computed: no item states demand_per_day"}


def test_the_process_pool_gives_the_in_process_answer() -> None:
    G = two_materials()
    here = size_stockpiles(G, None, horizon=100, unit_costs=COSTS)
    pool = size_stockpiles(G, None, horizon=100, unit_costs=COSTS, workers=2)
    assert pool["stock_units"] == pytest.approx(here["stock_units"])


def _random_network(rng: random.Random) -> Any:
    items = [{"id": "P", "name": "P", "kind": "platform", "demand_per_day": 1.0}]
    orgs, sources, bom = [], [], []
    mats = [f"M{k}" for k in range(rng.randint(1, 4))]
    for m in mats:
        items.append({"id": m, "name": m, "kind": "material"})
        bom.append({"parent": "P", "child": m, "quantity": rng.choice([0.5, 1.0, 2.0])})
        for j in range(rng.randint(1, 3)):
            o = f"{m}-o{j}"
            orgs.append({"id": o, "name": o, "country": rng.choice(["XA", "XB"])})
            sources.append(
                {"item": m, "supplier": o, "capacity": rng.uniform(0.2, 2.0), "stock": 0.0}
            )
    orgs.append({"id": "Pm", "name": "Pm", "country": "XA"})
    sources.append({"item": "P", "supplier": "Pm", "capacity": 5.0, "stock": rng.uniform(0, 5)})
    stockpiles = [{"item": m, "quantity": rng.uniform(0, 20), "holder": "XB"} for m in mats]
    return graph_from_tables(
        {
            "countries": [{"code": "XA"}, {"code": "XB"}],
            "items": items,
            "organisations": orgs,
            "bom": bom,
            "sources": sources,
            "stockpiles": stockpiles,
        }
    )


@pytest.mark.parametrize("seed", range(8))
def test_more_stock_never_shortens_survival(seed: int) -> None:
    rng = random.Random(seed)
    G = _random_network(rng)
    va = VolumeAnalysis(G)
    mats = [n for n in G if str(n).startswith("M") and G.nodes[n].get("label") == "Item"]
    node = rng.choice(sorted(n for n in G if G.nodes[n].get("label") == "Organisation"))
    removal = Removal(frozenset({va.ix.pos[node]}))
    b = va.disruption(removal)
    before = va.survive(b, per_item=False).network
    for m in mats:
        more = apply_plan(
            G, PlanSpec(name="s", levers=[StockpileLever(item=m, quantity=rng.uniform(1, 50))])
        )
        vb = VolumeAnalysis(more)
        after = vb.survive(vb.disruption(resolve(more, vb.ix, _spec_of(node))), per_item=False)
        assert after.network >= before * (1 - 1e-7) or math.isinf(after.network)


def _spec_of(node: str) -> ScenarioSpec:
    return ScenarioSpec(name="x", organisations=[node])


@pytest.mark.parametrize("seed", range(6))
def test_sized_stock_is_feasible_for_every_scenario_of_the_set(seed: int) -> None:
    G = _random_network(random.Random(100 + seed))
    r = size_stockpiles(G, None, horizon=50)
    sz = Sizer(G, 50)
    va = sz.va
    z = np.array([r["stock_units"].get(va.ix.ids[int(i)], 0.0) / sz.req[int(i)] for i in sz.items])
    from graphmodel.scenarios.volume_stress import stress_nodes

    for x in stress_nodes(va):
        b = va.disruption(Removal(frozenset((x,))))
        assert sz.violated(b, z) <= 1e-6
    assert r["lower_bound"] <= r["total"]["objective"] + 1e-6 <= r["upper_bound"] + 2e-6


def test_a_local_dask_cluster_gives_the_in_process_answer() -> None:
    distributed = pytest.importorskip(
        "distributed", reason="the cluster extra is not installed: pip install 'supplynet[cluster]'"
    )
    G = two_materials()
    here = size_stockpiles(G, None, horizon=100, unit_costs=COSTS)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        remote = size_stockpiles(
            G, None, horizon=100, unit_costs=COSTS, cluster=cluster.scheduler_address
        )
    assert remote["engine"].startswith("dask cluster at tcp://127.0.0.1:")
    assert "(2 workers)" in remote["engine"]
    assert remote["stock_units"] == pytest.approx(here["stock_units"])
    assert remote["rounds"] == here["rounds"]
