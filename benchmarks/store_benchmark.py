"""Both stores side by side, on the path users run: ``supplynet load``, then ``supplynet analyze``.

For each store (the embedded FalkorDB and the managed local Neo4j), in one run
on the same generated bundle:

- ``supplynet load BUNDLE --replace`` as a process: wall time, and relationships/s
  over the whole command;
- ``supplynet analyze --json`` as a process: wall time, and the time it spent
  reading the analysis graph out of the store (``run.load_s`` of its report),
  as rows/s (nodes + relationships read).

Usage::

    python benchmarks/store_benchmark.py [--nodes 100000] [--relationships 500000]

Writes ``benchmarks/results/stores.md`` and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks._cli import run_cli  # noqa: E402
from graphmodel.bundle import write_bundle  # noqa: E402
from graphmodel.generate import count_relationships, generate_tables  # noqa: E402
from graphmodel.store.embedded import EmbeddedServer  # noqa: E402
from graphmodel.store.neo4j_local import LocalNeo4jServer  # noqa: E402


def _cli(env: dict[str, str], *args: str) -> tuple[float, str]:
    seconds, out, _ = run_cli(env, *args)
    return seconds, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--relationships", type=int, default=None)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--neo4j-heap", default="2g")
    ap.add_argument("--neo4j-pagecache", default="1g")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "stores.md")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="supplynet-stores-"))
    tables = generate_tables(args.nodes, args.relationships, seed=args.seed)
    bundle = work / "bundle"
    write_bundle(tables, bundle)
    n_nodes = sum(
        len(tables.get(t, [])) for t in ("countries", "organisations", "facilities", "items")
    )
    n_rels = count_relationships(tables)

    rows: list[str] = []
    for kind in ("embedded", "neo4j-local"):
        data = work / kind
        env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPLYNET_")}
        env.update(
            {
                "SUPPLYNET_STORE": kind,
                "SUPPLYNET_DATA_DIR": str(data),
                "SUPPLYNET_NEO4J_HEAP": args.neo4j_heap,
                "SUPPLYNET_NEO4J_PAGECACHE": args.neo4j_pagecache,
            }
        )
        try:
            _cli(env, "db", "start")
            load_s, _ = _cli(env, "load", str(bundle), "--replace", "--no-reference")
            analyze_s, out = _cli(env, "analyze", "--json")
            report = json.loads(out)
            read_s = float(report["run"]["load_s"])
            write_s = float(report["run"]["write_s"])
        finally:
            if kind == "embedded":
                EmbeddedServer(data).stop()
            else:
                LocalNeo4jServer(data).stop()
        rows.append(
            f"| {kind} | {load_s:.1f} | {n_rels / load_s:,.0f} | {analyze_s:.1f} | "
            f"{read_s:.1f} | {(n_nodes + n_rels) / read_s:,.0f} | {write_s:.1f} |"
        )

    text = "\n".join(
        [
            "# Both stores, side by side",
            "",
            f"Command: `python benchmarks/store_benchmark.py --nodes {args.nodes}`"
            f" (Neo4j heap {args.neo4j_heap}, page cache {args.neo4j_pagecache}).",
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}; {n_nodes:,} nodes, {n_rels:,} relationships "
            f"(generated, seed {args.seed}).",
            "",
            "| store | `load` s | relationships/s (whole command) | `analyze` s | graph read s"
            " | rows read/s | write-back s |",
            "|---|---|---|---|---|---|---|",
            *rows,
            "",
        ]
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
