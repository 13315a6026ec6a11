"""The volume stress test: each single-node scenario equals running it alone, and the
process pool and a real local Dask cluster (started here) give the same ranking."""

from __future__ import annotations

from typing import Any

import pytest

from graphmodel.nxgraph import graph_from_tables
from graphmodel.scenarios import ScenarioSpec
from graphmodel.scenarios.removal import resolve
from graphmodel.scenarios.volume import VolumeAnalysis
from graphmodel.scenarios.volume_stress import volume_stress
from tests.unit.test_volume_model import SHARED, TWO_TIERS

pytestmark = pytest.mark.unit


def _network() -> dict[str, Any]:
    # Both hand-worked networks side by side (ids made distinct), in two countries.
    two = {
        k: [
            {
                f: (f"2{v}" if f in ("id", "parent", "child", "item", "supplier") else v)
                for f, v in r.items()
            }
            for r in rows
        ]
        for k, rows in TWO_TIERS.items()
    }
    for o in two["organisations"]:
        o["country"] = "DE"
    return {
        k: [*SHARED.get(k, []), *two.get(k, [])]
        for k in ("items", "organisations", "bom", "sources")
    }


def _key(r: dict[str, Any]) -> tuple[Any, ...]:
    return (r["node"], r["time_to_survive_days"], r["weighted_lost_volume"], r["lost_volume"])


def test_each_row_equals_the_scenario_run_alone() -> None:
    G = graph_from_tables(_network())
    result = volume_stress(G, top=100)
    assert result["computed"] and result["engine"] == "in-process"
    rows = {r["node"]: r for r in result["ranking"]}
    # Organisations and both countries.
    assert set(rows) == {"a1", "a2", "S", "T", "2p", "2a", "2c", "2m1", "2m2", "FR", "DE"}
    va = VolumeAnalysis(G)
    for node in ("S", "2m1", "FR"):
        spec = ScenarioSpec(
            organisations=[node] if node not in ("FR", "DE") else [],
            countries=[node] if node in ("FR", "DE") else [],
        )
        alone = va.report(spec, resolve(G, va.ix, spec))
        assert rows[node]["time_to_survive_days"] == alone["network"]["time_to_survive_days"]
        assert rows[node]["weighted_lost_volume"] == alone["network"]["weighted_lost_volume"]
    # The hand-worked figures: S alone loses 400 weighted (P1), m1 alone 72 units of 2P.
    assert rows["S"]["weighted_lost_volume"] == 400.0
    assert rows["2m1"]["lost_volume"] == 72.0 and rows["2m1"]["time_to_survive_days"] == 6.0
    ranked = [r["weighted_lost_volume"] or 0 for r in result["ranking"]]
    assert ranked == sorted(ranked, reverse=True)


def test_process_pool_gives_the_same_ranking() -> None:
    G = graph_from_tables(_network())
    here = volume_stress(G, top=100)
    pooled = volume_stress(G, top=100, workers=2, chunk=2)
    assert pooled["engine"] == "process pool of 2"
    assert [_key(r) for r in pooled["ranking"]] == [_key(r) for r in here["ranking"]]


def test_a_real_local_dask_cluster_gives_the_same_ranking() -> None:
    distributed = pytest.importorskip(
        "distributed", reason="the cluster extra is not installed: pip install 'supplynet[cluster]'"
    )
    G = graph_from_tables(_network())
    here = volume_stress(G, top=100)
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        remote = volume_stress(G, top=100, cluster=cluster.scheduler_address, chunk=3)
    assert remote["engine"].startswith("dask cluster at tcp://127.0.0.1:")
    assert "(2 workers)" in remote["engine"]
    assert [_key(r) for r in remote["ranking"]] == [_key(r) for r in here["ranking"]]


def test_without_volume_data_it_says_not_computed() -> None:
    t = {**SHARED, "items": [{**i, "demand_per_day": None} for i in SHARED["items"]]}
    r = volume_stress(graph_from_tables(t))
    assert r == {"computed": False, "reason": "not computed: no item states demand_per_day"}
