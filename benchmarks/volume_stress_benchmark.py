"""Benchmark the volume stress test (every single-node disruption as linear programs).

A script, not a test. The path a user runs, through the CLI, on a generated network::

    .venv/bin/python benchmarks/volume_stress_benchmark.py --nodes 1700
    .venv/bin/python benchmarks/volume_stress_benchmark.py --nodes 1700 --cluster
    .venv/bin/python benchmarks/volume_stress_benchmark.py --nodes 100000 --sample 20
    .venv/bin/python benchmarks/volume_stress_benchmark.py --nodes 1700 --sample 40 --sites

Steps: ``supplynet generate DIR --nodes N --volumes`` (20 platforms, seed 0, with
demand, capacity and stock), ``supplynet load DIR --replace`` into a fresh embedded
store (a temporary ``SUPPLYNET_DATA_DIR``), then ``supplynet scenario stress --json``:
on the process pool (``--workers``, default 2), or with ``--cluster`` on a Dask
``LocalCluster`` of two single-threaded worker processes started here. Prints each
command's wall time and the volume stress test's own figures (scenarios, seconds,
engine). ``--sample K`` runs only K scenarios (every n-th) through the library, for
networks too large to test whole, and reports the cost per scenario on the programs the
stress test uses (item-level where exact), with ``--sites`` also on the site programs
of a scenario report, with ``--cold`` also with the site model rebuilt per scenario.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks._cli import generated_network, run_cli  # noqa: E402


def _sample(nodes: int, k: int, cold: bool, sites: bool) -> dict[str, Any]:
    from graphmodel.generate import generate_tables
    from graphmodel.generate.volumes import add_volumes
    from graphmodel.nxgraph import graph_from_tables
    from graphmodel.scenarios.removal import Removal
    from graphmodel.scenarios.volume import VolumeAnalysis
    from graphmodel.scenarios.volume_stress import _one, stress_nodes

    out: dict[str, Any] = {}
    t = time.perf_counter()
    tables = generate_tables(nodes, platforms=20, seed=0)
    add_volumes(tables)
    G = graph_from_tables(tables)
    out["generate_and_graph_s"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    va = VolumeAnalysis(G)
    items = va.item_model()
    out["build_model_s"] = round(time.perf_counter() - t, 2)
    out["site_lp_columns"], out["site_lp_rows"] = va.model.ncol, va.model.nrow
    if items is not None:
        out["item_lp_columns"], out["item_lp_rows"] = items.ncol, items.n
        t = time.perf_counter()
        und = va.undisrupted()
        items.survive(items.capacity(und.x_upper), items.stock(und.stock_upper))
        out["baseline_item_s"] = round(time.perf_counter() - t, 2)
    todo = stress_nodes(va)
    out["scenarios_in_network"] = len(todo)
    step = max(1, len(todo) // k)
    picked = todo[::step][:k]
    t = time.perf_counter()
    for x in picked:
        _one(va, x, 365.0)
    out["warm_s_per_scenario"] = round((time.perf_counter() - t) / len(picked), 4)
    out["engine_per_scenario"] = "item-level programs" if items is not None else "site programs"
    if sites:
        t = time.perf_counter()
        va.baseline()
        out["baseline_site_s"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()
        for x in picked:
            _one(va, x, 365.0, exact=True)
        out["site_programs_s_per_scenario"] = round((time.perf_counter() - t) / len(picked), 4)
    if cold:
        t = time.perf_counter()
        for x in picked[: max(1, k // 4)]:
            fresh = VolumeAnalysis(G, va.ix, va.facts)
            fresh.disruption(Removal(frozenset((x,))))
            _one(fresh, x, 365.0, exact=True)
        out["site_rebuilt_s_per_scenario"] = round((time.perf_counter() - t) / max(1, k // 4), 3)
    out["sampled"] = len(picked)
    out["extrapolated_all_scenarios_s_one_worker"] = round(
        out["warm_s_per_scenario"] * len(todo), 1
    )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--nodes", type=int, default=1700)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--cluster", action="store_true", help="run on a local Dask cluster")
    ap.add_argument("--sample", type=int, default=0, help="only K scenarios, via the library")
    ap.add_argument(
        "--cold",
        action="store_true",
        help="with --sample: also rebuild the site model per scenario",
    )
    ap.add_argument(
        "--sites", action="store_true", help="with --sample: also time the site programs"
    )
    args = ap.parse_args()
    out: dict[str, Any] = {
        "nodes": args.nodes,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    if args.sample:
        out.update(_sample(args.nodes, args.sample, args.cold, args.sites))
        print(json.dumps(out, indent=1))
        return
    with generated_network(args.nodes, workers=args.workers, cluster=args.cluster) as net:
        out["load_s"] = round(net.load_s, 2)
        wall, text, _ = run_cli(
            net.env, "scenario", "stress", "--json", "--top", "5", *net.pool, echo=True
        )
        vol = json.loads(text)["volume"]
        out["stress_command_s"] = round(wall, 2)
        out.update({k: vol[k] for k in ("scenarios", "with_impact", "seconds", "engine")})
        out["top"] = [
            {k: r[k] for k in ("node", "time_to_survive_days", "weighted_lost_volume")}
            for r in vol["ranking"][:3]
        ]
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
