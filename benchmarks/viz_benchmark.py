"""Time the HTML views on a large synthetic platform.

Usage::

    .venv/bin/python benchmarks/viz_benchmark.py --items 5000 --suppliers 3

The platform's bill of materials is a tree of ``--items`` items over four tiers
(assemblies, components, then materials shared by many components); every item
has ``--suppliers`` sources spread over 40 synthetic countries, one in ten
organisations is marked adversary-linked in a synthetic analysis result. All
names are synthetic ("ORG123"). Prints one Markdown table row per view.
"""

from __future__ import annotations

import argparse
import random
import time
from typing import Any

from graphmodel.nxgraph import graph_from_tables
from graphmodel.viz import material_view, platform_view


def build(items: int, suppliers: int, seed: int = 1) -> tuple[Any, dict[str, Any]]:
    rng = random.Random(seed)
    countries = [f"Q{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(40)]
    n_mat = max(10, items // 50)
    n_asm = max(5, items // 100)
    n_comp = items - n_mat - n_asm
    rows_items = [{"id": "P", "name": "Platform", "kind": "platform"}]
    rows_items += [
        {"id": f"A{i}", "name": f"Assembly {i}", "kind": "assembly"} for i in range(n_asm)
    ]
    rows_items += [
        {"id": f"C{i}", "name": f"Component {i}", "kind": "component"} for i in range(n_comp)
    ]
    rows_items += [
        {"id": f"M{i}", "name": f"Material {i}", "kind": "material"} for i in range(n_mat)
    ]
    bom = [{"parent": "P", "child": f"A{i}"} for i in range(n_asm)]
    bom += [{"parent": f"A{i % n_asm}", "child": f"C{i}"} for i in range(n_comp)]
    bom += [{"parent": f"C{i}", "child": f"M{rng.randrange(n_mat)}"} for i in range(n_comp)]
    orgs, sources = [], []
    for row in rows_items:
        for _ in range(suppliers):
            oid = f"ORG{len(orgs)}"
            orgs.append({"id": oid, "name": oid, "country": rng.choice(countries)})
            sources.append({"item": row["id"], "supplier": oid, "share": 1 / suppliers})
    tables = {
        "countries": [{"code": c, "name": c} for c in countries],
        "items": rows_items,
        "organisations": orgs,
        "bom": bom,
        "sources": sources,
        "production": [
            {"material": f"M{m}", "country": c, "share": 0.1}
            for m in range(n_mat)
            for c in rng.sample(countries, 5)
        ],
    }
    analysis = {
        "nodes": {
            o["id"]: {
                "adversary_linked": True,
                "reasons": [
                    {
                        "kind": "registration",
                        "regime": "country of concern",
                        "path": [o["id"]],
                        "detail": "synthetic",
                    }
                ],
            }
            for o in orgs[::10]
        }
    }
    return graph_from_tables(tables), analysis


def timed(label: str, fn: Any) -> None:
    start = time.perf_counter()
    html = fn()
    took = time.perf_counter() - start
    print(f"| {label} | {took:.2f} s | {len(html) / 1e6:.2f} MB |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--suppliers", type=int, default=3)
    args = parser.parse_args()
    start = time.perf_counter()
    G, analysis = build(args.items, args.suppliers)
    print(
        f"graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges, "
        f"built in {time.perf_counter() - start:.1f} s"
    )
    print("| view | time | HTML |\n|---|---|---|")
    timed("platform_view, node_budget 300", lambda: platform_view(G, analysis, "P"))
    timed(
        "platform_view, collapse_by country",
        lambda: platform_view(G, analysis, "P", collapse_by="country"),
    )
    timed(
        "platform_view, adversary_only",
        lambda: platform_view(G, analysis, "P", adversary_only=True),
    )
    timed(
        "platform_view, kinds platform+material",
        lambda: platform_view(G, analysis, "P", kinds=["platform", "material"]),
    )
    timed("material_view M0", lambda: material_view(G, analysis, "M0"))


if __name__ == "__main__":
    main()
