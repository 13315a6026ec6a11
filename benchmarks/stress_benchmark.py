"""Benchmark the stress test (every single-node scenario) on generated networks.

A script, not a test. Usage::

    .venv/bin/python benchmarks/stress_benchmark.py --nodes 1700 --naive
    .venv/bin/python benchmarks/stress_benchmark.py --nodes 100000

Steps, each timed (wall clock and CPU): generate the tables
(:func:`graphmodel.generate.generate_tables`, 20 platforms, seed 0), build the
NetworkX graph, build the :class:`SupplyIndex`, then
:func:`graphmodel.scenarios.stress_test` over every platform (every
organisation and facility named by a source, alone). ``--naive`` also runs the
straightforward per-scenario engine (:func:`graphmodel.scenarios.run_scenario`,
one full scenario per node, sharing the index) for comparison, and checks that
both agree on platforms lost and days at risk per node.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import time
from collections.abc import Callable
from typing import Any, TypeVar

from graphmodel.analysis.index import SupplyIndex
from graphmodel.generate import generate_tables
from graphmodel.nxgraph import graph_from_tables
from graphmodel.scenarios import ScenarioSpec, run_scenario, stress_test

T = TypeVar("T")


def timed(label: str, fn: Callable[[], T], out: dict[str, Any]) -> T:
    w, c = time.perf_counter(), time.process_time()
    result = fn()
    out[label] = {
        "wall_s": round(time.perf_counter() - w, 3),
        "cpu_s": round(time.process_time() - c, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(f"{label:>12}: {out[label]}", flush=True)
    return result


def naive(G: Any, ix: SupplyIndex, nodes: list[str]) -> dict[str, tuple[list[str], float]]:
    out = {}
    for node in nodes:
        field = "organisations" if G.nodes[node]["label"] == "Organisation" else "facilities"
        r = run_scenario(G, ScenarioSpec(**{field: [node]}), index=ix)
        gaps = [p["days_at_risk"] or 0.0 for p in r["platforms"] if p["at_risk"]]
        out[node] = (r["platforms_lost"], round(sum(gaps), 2))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--nodes", type=int, default=1700)
    ap.add_argument("--platforms", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--naive", action="store_true", help="also run the per-scenario engine")
    args = ap.parse_args()
    out: dict[str, Any] = {"nodes": args.nodes, "python": platform.python_version()}
    tables = timed(
        "generate",
        lambda: generate_tables(args.nodes, platforms=args.platforms, seed=args.seed),
        out,
    )
    G = timed("graph", lambda: graph_from_tables(tables), out)
    ix = timed("index", lambda: SupplyIndex.from_graph(G), out)
    r = timed("stress", lambda: stress_test(G, top=10, index=ix), out)
    out["graph_nodes"] = G.number_of_nodes()
    out["graph_edges"] = G.number_of_edges()
    out["scenarios"] = r["scenarios"]
    out["with_impact"] = r["with_impact"]
    out["top"] = [
        {k: e[k] for k in ("node", "platforms_lost_count", "items_lost", "days_at_risk")}
        for e in r["ranking"][:3]
    ]
    if args.naive:
        full = stress_test(G, top=10**9, index=ix)
        nodes = sorted(
            {n for _, n, d in G.edges(data=True) if d["type"] == "SOURCED_FROM"}
            | {d["facility"] for _, _, d in G.edges(data=True) if d.get("facility")}
        )
        slow = timed("naive", lambda: naive(G, ix, nodes), out)
        fast = {e["node"]: (e["platforms_lost"], e["days_at_risk"]) for e in full["ranking"]}
        agree = all(slow[n] == fast.get(n, ([], 0.0)) for n in nodes)
        out["naive_scenarios"] = len(nodes)
        out["naive_agrees"] = agree
        print(f"naive agrees with the fast form: {agree}")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
