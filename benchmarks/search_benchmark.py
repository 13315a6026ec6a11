"""Time ``supplynet search`` queries on a large synthetic network.

Usage::

    .venv/bin/python benchmarks/search_benchmark.py --nodes 1000000

Generates the network with the project's generator (``supplynet generate``),
builds the NetworkX graph the API holds (:func:`graphmodel.nxgraph.graph_from_tables`)
and its search index once (as the API does once per graph generation), then runs a
mixed set of queries: exact ids, LEIs and CAGE codes, whole names, name substrings,
misspelt names (one letter changed), single common words, and country names. Prints
the build time and one Markdown table row per query kind with p50, p95 and max in
milliseconds; exits non-zero when any p95 is above ``--target-ms`` (default 50).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable

from graphmodel.generate import generate_tables
from graphmodel.nxgraph import graph_from_tables
from graphmodel.search import SearchIndex


def _misspell(rng: random.Random, word: str) -> str:
    i = rng.randrange(len(word))
    return word[:i] + rng.choice("aeiourst") + word[i + 1 :]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=200, help="Queries per kind")
    ap.add_argument("--target-ms", type=float, default=50.0)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    t0 = time.perf_counter()
    tables = generate_tables(args.nodes, seed=args.seed)
    G = graph_from_tables(tables)
    t1 = time.perf_counter()
    index = SearchIndex.from_graph(G)
    t2 = time.perf_counter()
    print(f"{len(index):,} searchable nodes; graph {t1 - t0:.1f} s, index built in {t2 - t1:.1f} s")

    rng = random.Random(args.seed)
    orgs = tables["organisations"]
    items = tables["items"]
    named = [r for r in orgs if r.get("name")]
    with_lei = [r for r in orgs if r.get("lei")] or named
    countries = [r for r in tables["countries"] if r.get("name")]

    def pick(rows: list[dict[str, object]], f: Callable[[dict[str, object]], str]) -> list[str]:
        return [f(rng.choice(rows)) for _ in range(args.queries)]

    kinds: dict[str, list[str]] = {
        "exact id": pick(named + items, lambda r: str(r["id"])),
        "LEI or id": pick(with_lei, lambda r: str(r.get("lei") or r["id"])),
        "whole name": pick(named, lambda r: str(r["name"])),
        "name substring": pick(named, lambda r: str(r["name"]).split()[0][1:]),
        "misspelt name": pick(named, lambda r: _misspell(rng, str(r["name"]).split()[0])),
        "common word": pick(named, lambda r: str(r["name"]).split()[1]),
        "country name": pick(countries, lambda r: str(r["name"])),
    }
    print("\n| query kind | queries | p50 ms | p95 ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    worst = 0.0
    for kind, queries in kinds.items():
        times = []
        for q in queries:
            s = time.perf_counter()
            index.search(q, limit=20)
            times.append((time.perf_counter() - s) * 1000)
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        worst = max(worst, p95)
        print(
            f"| {kind} | {len(times)} | {statistics.median(times):.1f} | {p95:.1f} "
            f"| {times[-1]:.1f} |"
        )
    print(f"\nworst p95: {worst:.1f} ms (target {args.target_ms:g} ms)")
    return 0 if worst <= args.target_ms else 1


if __name__ == "__main__":
    sys.exit(main())
