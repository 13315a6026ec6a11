"""Benchmark the analysis core on a generated network (a script, not a test).

Usage::

    .venv/bin/python benchmarks/analysis_benchmark.py --nodes 1000000
    .venv/bin/python benchmarks/analysis_benchmark.py --nodes 100000 --store

Steps, each timed (wall clock and CPU): generate the bundle tables
(:func:`graphmodel.generate.generate_tables`), build the NetworkX graph
(:func:`graphmodel.nxgraph.graph_from_tables`), then the measured analysis:

- ``core`` = ``adversary`` (:func:`graphmodel.analysis.adversary.adversary_links`)
  + ``analyze`` (:func:`graphmodel.analysis.report.analyze` with ``detail=False,
  concentration=False``: index, tiers, order-1 and order-2 SPOF, sole-source,
  adversary-free feasibility for every platform);
- ``full``: ``analyze`` with paths, where-used and concentration on top (``--full``).

Peak RSS is the process's ``ru_maxrss`` (it includes the generated tables and
the graph, so it is an upper bound of what the analysis needs). With
``--store`` the tables are also loaded into a fresh embedded store and the
graph is read back with :func:`graphmodel.store.tables.graph_from_store`
(whole, then the first platform's upstream subgraph).
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, fn: Callable[[], T], out: dict[str, Any]) -> T:
    w, c = time.perf_counter(), time.process_time()
    result = fn()
    out[label] = {
        "wall_s": round(time.perf_counter() - w, 2),
        "cpu_s": round(time.process_time() - c, 2),
        "peak_rss_mb": round(_rss_mb()),
    }
    print(f"{label:>14}: {out[label]}", flush=True)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--relationships", type=int, default=None)
    ap.add_argument("--platforms", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--full", action="store_true", help="also time the full report")
    ap.add_argument("--store", action="store_true", help="also load into and read from a store")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args()

    from graphmodel.analysis.adversary import adversary_links
    from graphmodel.analysis.policy import load_policy
    from graphmodel.analysis.report import analyze
    from graphmodel.generate import generate_tables
    from graphmodel.nxgraph import graph_from_tables

    figures: dict[str, Any] = {"args": vars(args) | {"json": str(args.json)}}
    tables = timed(
        "generate",
        lambda: generate_tables(
            args.nodes, args.relationships, platforms=args.platforms, seed=args.seed
        ),
        figures,
    )
    G = timed("graph", lambda: graph_from_tables(tables), figures)
    figures["graph_size"] = {"nodes": G.number_of_nodes(), "relationships": G.number_of_edges()}
    print(f"{'graph size':>14}: {figures['graph_size']}", flush=True)
    if not args.store:
        del tables
    gc.collect()
    policy = load_policy()

    links = timed("adversary", lambda: adversary_links(G, policy), figures)
    report = timed(
        "analyze",
        lambda: analyze(G, policy=policy, links=links, detail=False, concentration=False),
        figures,
    )
    figures["core"] = {
        k: round(figures["adversary"][k] + figures["analyze"][k], 2) for k in ("wall_s", "cpu_s")
    } | {"peak_rss_mb": figures["analyze"]["peak_rss_mb"]}
    figures["analyze_phases"] = report["timings"]
    print(f"{'core':>14}: {figures['core']}  phases: {report['timings']}", flush=True)
    figures["core_result"] = {
        "platforms": len(report["platforms"]),
        "linked": report["summary"]["adversary_linked"],
        "largest_tree": max(len(p["tiers"]) for p in report["platforms"].values()),
        "order1_total": sum(
            sum(len(v) for v in p["spof"]["order1"].values()) for p in report["platforms"].values()
        ),
        "adversary_free": report["summary"]["adversary_free"],
    }
    print(f"{'core result':>14}: {figures['core_result']}", flush=True)
    del report
    if args.full:
        timed("full", lambda: analyze(G, policy=policy), figures)
    if args.store:
        figures["store"] = _store_round_trip(tables, figures)
    figures["peak_rss_mb"] = round(_rss_mb())
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


def _store_round_trip(tables: dict[str, list[dict[str, Any]]], figures: dict[str, Any]) -> Any:
    try:
        from graphmodel.load import load_bundle
    except ImportError:
        print("graphmodel.load is not available; skipping the store figures", file=sys.stderr)
        return None
    from graphmodel.bundle.model import Bundle
    from graphmodel.store.falkordb_store import FalkorDBStore
    from graphmodel.store.tables import graph_from_store

    with tempfile.TemporaryDirectory(prefix="snb") as d:
        store = FalkorDBStore(Path(d), graph="bench")
        try:
            store.ensure_schema()
            timed("store_load", lambda: load_bundle(store, Bundle(tables)), figures)
            G2 = timed("store_read", lambda: graph_from_store(store), figures)
            platform = next(r["id"] for r in tables["items"] if r["kind"] == "platform")
            G3 = timed("store_read_one", lambda: graph_from_store(store, platform), figures)
            return {
                "nodes": G2.number_of_nodes(),
                "relationships": G2.number_of_edges(),
                "one_platform": platform,
                "one_platform_nodes": G3.number_of_nodes(),
                "one_platform_relationships": G3.number_of_edges(),
            }
        finally:
            store.clear()
            store.close()
            store.server.stop()


if __name__ == "__main__":
    main()
