"""Time adversary_links on a large synthetic supply graph.

Usage::

    .venv/bin/python benchmarks/adversary_benchmark.py --nodes 1000000

The graph follows the graphmodel.nxgraph contract (built with graph_from_tables):
15% organisations, 10% facilities, the rest items with bills of materials and two
sources each; three in five organisations have 1-3 owners (shares summing to at most 100%),
mostly holding companies, with some cross-holdings that form cycles. All names are
synthetic ("ORG123"). Results go to stdout as one Markdown table row.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import time
from collections import Counter
from typing import Any

from graphmodel.analysis.adversary import adversary_links, linked_set
from graphmodel.analysis.ownership import (
    holdings,
    look_through,
    ofac_blocked,
    ownership_edges,
    strongly_connected,
)
from graphmodel.analysis.policy import load_policy
from graphmodel.nxgraph import graph_from_tables

CONCERN = ["CN", "RU", "IR", "KP"]
OTHER = [f"Q{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(56)]


def tables(nodes: int, seed: int, cross: float = 0.05) -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(seed)
    n_org, n_fac = nodes * 15 // 100, nodes // 10
    n_item = nodes - n_org - n_fac - len(CONCERN) - len(OTHER)
    orgs = [f"ORG{i}" for i in range(n_org)]

    def country() -> str:
        return rng.choice(CONCERN) if rng.random() < 0.12 else rng.choice(OTHER)

    kinds = ["government"] * 1 + ["person"] * 3 + ["company"] * 96
    organisations = [
        {"id": o, "name": o, "country": country(), "kind": rng.choice(kinds)} for o in orgs
    ]
    facilities = [
        {"id": f"FAC{i}", "name": f"FAC{i}", "country": country(), "operator": rng.choice(orgs)}
        for i in range(n_fac)
    ]
    items = [{"id": f"IT{i}", "name": f"IT{i}", "kind": "component"} for i in range(n_item)]
    bom = [
        {"parent": f"IT{rng.randrange(i)}", "child": f"IT{i}", "quantity": 1.0}
        for i in range(1, n_item)
    ]
    sources = [
        {"item": f"IT{i}", "supplier": rng.choice(orgs), "qualified": True}
        for i in range(n_item)
        for _ in range(2)
    ]
    # Each owned organisation gets 1-3 owners whose shares sum to at most 100%;
    # most owners are holding companies, and some organisations hold a small stake
    # back in an owner (cross-holdings, so the ownership graph has cycles).
    holders = orgs[: max(1, n_org // 20)]
    ownership: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()

    def add(owner: str, owned: str, pct: float, kind: str) -> None:
        if owner != owned and (owner, owned, kind) not in seen:
            seen.add((owner, owned, kind))
            ownership.append({"owner": owner, "owned": owned, "percentage": pct, "kind": kind})

    for owned in rng.sample(orgs, n_org * 3 // 5):
        cuts = sorted(rng.uniform(0, 100) for _ in range(rng.randint(1, 3)))
        shares = [b - a for a, b in zip([0.0, *cuts], cuts, strict=False)]
        for pct in shares:
            owner = rng.choice(holders) if rng.random() < 0.7 else rng.choice(orgs)
            kind = rng.choices(["equity", "voting", "control"], [85, 10, 5])[0]
            add(owner, owned, max(pct, 0.5), kind)
            if rng.random() < cross:
                add(owned, owner, rng.uniform(1, 20), "equity")
    designations = [
        {"entity": o, "list": rng.choice(["US-OFAC-SDN", "US-BIS-ENTITY", "EU-FSF"])}
        for o in rng.sample(orgs, max(1, n_org // 200))
    ]
    countries = [{"code": c, "name": c} for c in CONCERN + OTHER]
    return {
        "countries": countries,
        "organisations": organisations,
        "facilities": facilities,
        "items": items,
        "bom": bom,
        "sources": sources,
        "ownership": ownership,
        "designations": designations,
    }


def phases(G: Any) -> dict[str, float]:
    """Seconds per phase, timed through the public ownership functions."""
    policy = load_policy()
    out: dict[str, float] = {}
    t = time.perf_counter()
    edges = ownership_edges(G)
    out["ownership edges"] = time.perf_counter() - t
    seeds = [n for n, ds in G.nodes(data="designations") if ds]
    roots = set(seeds) | {
        n
        for n, d in G.nodes(data=True)
        if d.get("label") == "Organisation" and d.get("country") in CONCERN
    }
    t = time.perf_counter()
    ofac_blocked(holdings(edges, policy.ofac_ownership_kinds), seeds)
    out["OFAC fixed point"] = time.perf_counter() - t
    t = time.perf_counter()
    lt = look_through(holdings(edges, policy.lookthrough_kinds), roots)
    out["look-through"] = time.perf_counter() - t
    out["approximate nodes"] = len(lt.approximate)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--cross", type=float, default=0.05, help="chance a holding is returned (cycles)"
    )
    args = parser.parse_args()
    t0 = time.perf_counter()
    G = graph_from_tables(tables(args.nodes, args.seed, args.cross))
    build = time.perf_counter() - t0
    t1 = time.perf_counter()
    links = adversary_links(G)
    run = time.perf_counter() - t1
    edges = ownership_edges(G)
    h = holdings(edges, {"equity", "voting"})
    largest = max((len(c) for c in strongly_connected(sorted(h), h)), default=0)
    counts = Counter(r["kind"] for rs in links.values() for r in rs if not r.get("via"))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        "| nodes | edges | OWNS edges | largest ownership SCC | build s | adversary_links s "
        "| linked | own reasons by kind | peak RSS MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    print(
        f"| {G.number_of_nodes():,} | {G.number_of_edges():,} | {len(edges):,} | {largest:,} "
        f"| {build:.1f} | {run:.2f} | {len(linked_set(links)):,} | {kinds} | {rss:,.0f} |"
    )
    gc.disable()  # as adversary_links does
    print()
    print("Phases (gc paused): " + ", ".join(f"{k} {v:.2f}" for k, v in phases(G).items()))


if __name__ == "__main__":
    main()
