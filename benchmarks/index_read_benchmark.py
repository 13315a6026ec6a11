"""How long reading the supply index out of a store takes (not a timed test).

Generates a network, loads it into a fresh store (``--store embedded`` or
``neo4j-local``) with the API benchmark's plain loader, then times, on that store:

- ``rows``: the snapshot's path: ``read_index_rows`` (the engine's form of the
  ``index_*`` statements) and ``SupplyIndex.from_rows``;
- ``flat rows``: the same with the shared one-record-per-row statements, to show
  what the engine-specific form saves;
- ``graph``: ``graph_from_store`` (every table, into NetworkX) and
  ``SupplyIndex.from_graph``: what building the index cost before issue 15.

Usage::

    .venv/bin/python benchmarks/index_read_benchmark.py --nodes 100000 --store embedded
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from api_load import load_tables  # noqa: E402

from graphmodel.analysis.index import SupplyIndex  # noqa: E402
from graphmodel.cypher import all_queries  # noqa: E402
from graphmodel.settings import Settings  # noqa: E402
from graphmodel.store import managed_server, open_store  # noqa: E402
from graphmodel.store import rows as index_rows  # noqa: E402
from graphmodel.store.base import GraphStore  # noqa: E402
from graphmodel.store.tables import graph_from_store  # noqa: E402


def _flat(store: GraphStore) -> index_rows.IndexRows:
    """The index rows through the shared statements (one record per row) on any engine."""

    def shared(name: str) -> list[dict[str, object]]:
        return store._read(all_queries()[(name, None)].statements[0], {})

    return index_rows.IndexRows(
        index_rows._nodes(shared("index_nodes")),
        index_rows._bom(shared("index_bom")),
        index_rows._sources(shared("index_sources")),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--store", choices=["embedded", "neo4j-local"], default="embedded")
    args = ap.parse_args()

    from graphmodel.generate import generate_tables

    data_dir = Path(tempfile.mkdtemp(prefix="snidx-"))
    settings = Settings(store=args.store, data_dir=data_dir, graph="bench_index")
    try:
        tables = generate_tables(args.nodes, seed=args.seed)
        store = open_store(settings)
        t0 = time.perf_counter()
        load_tables(store, tables)
        print(f"loaded {args.nodes:,} nodes in {time.perf_counter() - t0:.1f} s")
        results = []
        readers: list[tuple[str, Callable[[], SupplyIndex]]] = [
            ("rows", lambda: SupplyIndex.from_rows(index_rows.read_index_rows(store))),
            ("flat rows", lambda: SupplyIndex.from_rows(_flat(store))),
            ("graph", lambda: SupplyIndex.from_graph(graph_from_store(store))),
        ]
        for label, read in readers:
            t0 = time.perf_counter()
            ix = read()
            results.append((label, time.perf_counter() - t0, len(ix.ids)))
        store.close()
    finally:
        managed = managed_server(settings)
        if managed is not None:
            managed.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    loads = "/".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"store {args.store}, {args.nodes:,} nodes, load average {loads} on {os.cpu_count()}")
    for label, seconds, n in results:
        print(f"  {label:10s} {seconds:6.1f} s  ({n:,} index nodes)")


if __name__ == "__main__":
    main()
