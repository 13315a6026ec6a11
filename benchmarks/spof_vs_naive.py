"""Order-1 SPOF: the closure formula against naive remove-and-recheck (a script, not a test).

Usage::

    .venv/bin/python benchmarks/spof_vs_naive.py --nodes 100000 [--sample 300]

On one generated network (:func:`graphmodel.generate.generate_tables`) and in
one run:

- ``fast``: :class:`~graphmodel.analysis.index.SupplyIndex` build plus
  :func:`~graphmodel.analysis.spof.compute_order1` for every platform;
- ``naive``: for every platform, every candidate node (the closure's items
  and every node in their qualified sources; no other node can matter) is
  removed in turn and the platform's producibility rechecked from scratch
  (closure walk + availability of every item), as
  :func:`~graphmodel.analysis.spof.order1_naive` does.

Remove-and-recheck of a whole 100,000-node network is hours of CPU, so for a
platform with more than ``--full-below`` candidates the naive time is measured
on a random sample of ``--sample`` candidates and scaled by candidates / sample
(printed as ``extrapolated``); the sampled verdicts are checked against the
fast answer. Platforms small enough run in full and their whole order-1 sets
are compared. The ratio is naive time / fast time, fast including the index build.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
from pathlib import Path
from typing import Any


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sample", type=int, default=300)
    ap.add_argument("--full-below", type=int, default=2500, help="run in full up to N candidates")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    from graphmodel.analysis.index import NO_NODE, SupplyIndex, pause_gc
    from graphmodel.analysis.producibility import bom_closure, closure_producible
    from graphmodel.analysis.spof import compute_order1
    from graphmodel.generate import generate_tables
    from graphmodel.nxgraph import graph_from_tables

    G = graph_from_tables(generate_tables(args.nodes, seed=args.seed))
    rng = random.Random(args.seed)
    out: dict[str, Any] = {"nodes": G.number_of_nodes(), "relationships": G.number_of_edges()}
    with pause_gc():
        t0 = time.process_time()
        ix = SupplyIndex.from_graph(G)
        _ = ix.critical
        index_s = time.process_time() - t0
        fast: dict[int, set[int]] = {}
        fast_s = index_s
        per_platform: list[dict[str, Any]] = []
        for p in ix.platforms:
            t = time.process_time()
            o1 = compute_order1(ix, bom_closure(ix, p))
            f_s = time.process_time() - t
            fast_s += f_s
            fast[p] = set(o1.culprit)
            cl = bom_closure(ix, p)
            cands = set(cl.order)
            for u in cl.order:
                cands.update(x for x in ix.qualified[u] if x != NO_NODE)
            cand_list = sorted(cands)
            small = len(cand_list) <= max(args.sample, args.full_below)
            sample = cand_list if small else rng.sample(cand_list, args.sample)
            t = time.process_time()
            naive_hits = set()
            for x in sample:
                fresh = bom_closure(ix, p)
                if not closure_producible(ix, fresh, {x}):
                    naive_hits.add(x)
            n_s = time.process_time() - t
            full = len(sample) == len(cand_list)
            naive_est = n_s * len(cand_list) / max(len(sample), 1)
            agree = naive_hits == (fast[p] & set(sample))
            per_platform.append(
                {
                    "platform": ix.ids[p],
                    "closure_items": len(cl.order),
                    "candidates": len(cand_list),
                    "order1": len(fast[p]),
                    "fast_s": round(f_s, 4),
                    "naive_s": round(naive_est, 2),
                    "naive_measured_on": len(sample),
                    "extrapolated": not full,
                    "agree": agree,
                }
            )
            print(per_platform[-1], flush=True)
            assert agree, f"naive and fast disagree on {ix.ids[p]}"
    naive_total = sum(r["naive_s"] for r in per_platform)
    out |= {
        "index_s": round(index_s, 3),
        "fast_total_s": round(fast_s, 3),
        "naive_total_s": round(naive_total, 1),
        "ratio": round(naive_total / fast_s, 1),
        "platforms_in_full": sum(not r["extrapolated"] for r in per_platform),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "per_platform": per_platform,
        "cpu_clock": "time.process_time",
    }
    print(json.dumps({k: v for k, v in out.items() if k != "per_platform"}, indent=2))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
