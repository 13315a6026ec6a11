"""Time ``supplynet search`` queries on a large synthetic network.

Usage::

    .venv/bin/python benchmarks/search_benchmark.py --nodes 1000000
    .venv/bin/python benchmarks/search_benchmark.py --through-api --nodes 1000000

``--through-api`` measures the path a user runs: the generated bundle (with
fictional LEIs and CAGE codes on a tenth of the organisations) is written to disk
and loaded into a fresh store with ``supplynet load`` (a process), the API server
is started with ``supplynet serve`` (a process), and every query is an HTTP
``GET /v1/search?q=`` with a viewer key. The first query (which reads the search
rows from the store and builds the index, once per graph generation) is timed
apart; the figures are over the rest. Writes ``benchmarks/results/search_api.md``.

Generates the network with the project's generator (``supplynet generate``),
builds the NetworkX graph (:func:`graphmodel.nxgraph.graph_from_tables`) and the
search index of its nodes once (as the API does from the store's rows once per graph
generation), then runs a
mixed set of queries: exact ids, LEIs and CAGE codes, whole names, name substrings,
misspelt names (one letter changed), single common words, and country names. Prints
the build time and one Markdown table row per query kind with p50, p95 and max in
milliseconds; exits non-zero when any p95 is above ``--target-ms`` (default 50).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks._cli import run_cli  # noqa: E402
from graphmodel.generate import generate_tables  # noqa: E402
from graphmodel.nxgraph import graph_from_tables  # noqa: E402
from graphmodel.search import SearchIndex  # noqa: E402


def _misspell(rng: random.Random, word: str) -> str:
    i = rng.randrange(len(word))
    return word[:i] + rng.choice("aeiourst") + word[i + 1 :]


def _queries(tables: dict[str, list[dict[str, Any]]], n: int, seed: int) -> dict[str, list[str]]:
    """``n`` queries of each kind, drawn with a fixed seed."""
    rng = random.Random(seed)
    orgs = tables["organisations"]
    items = tables["items"]
    named = [r for r in orgs if r.get("name")]
    with_lei = [r for r in orgs if r.get("lei")] or named
    with_cage = [r for r in orgs if r.get("cage")] or named
    countries = [r for r in tables["countries"] if r.get("name")]

    def pick(rows: list[dict[str, Any]], f: Callable[[dict[str, Any]], str]) -> list[str]:
        return [f(rng.choice(rows)) for _ in range(n)]

    return {
        "exact id": pick(named + items, lambda r: str(r["id"])),
        "LEI": pick(with_lei, lambda r: str(r.get("lei") or r["id"])),
        "CAGE": pick(with_cage, lambda r: str(r.get("cage") or r["id"])),
        "whole name": pick(named, lambda r: str(r["name"])),
        "name substring": pick(named, lambda r: str(r["name"]).split()[0][1:]),
        "misspelt name": pick(named, lambda r: _misspell(rng, str(r["name"]).split()[0])),
        "common word": pick(named, lambda r: str(r["name"]).split()[1]),
        "item name": pick(items, lambda r: str(r["name"])),
        "country name": pick(countries, lambda r: str(r["name"])),
    }


def _lei(n: int) -> str:
    """A fictional LEI with valid ISO 7064 MOD 97-10 check digits (prefix ``9999``)."""
    base = f"9999{n:014d}"
    digits = "".join(str(int(c, 36)) for c in base + "00")
    return f"{base}{98 - int(digits) % 97:02d}"


def _base36(n: int, width: int) -> str:
    digits = ""
    for _ in range(width):
        n, d = divmod(n, 36)
        digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[d] + digits
    return digits


def _with_identifiers(tables: dict[str, list[dict[str, Any]]]) -> None:
    """Give every tenth organisation a fictional LEI and CAGE code (searchable identifiers)."""
    for k, row in enumerate(tables["organisations"]):
        if k % 10 == 0:
            row["lei"] = _lei(k)
            row["cage"] = "Z" + _base36(k // 10, 4)


def _table(kinds: dict[str, list[float]]) -> tuple[list[str], float]:
    lines = [
        "| query kind | queries | p50 ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    worst = 0.0
    for kind, times in kinds.items():
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        worst = max(worst, p95)
        lines.append(
            f"| {kind} | {len(times)} | {statistics.median(times):.1f} | {p95:.1f} "
            f"| {times[-1]:.1f} |"
        )
    return lines, worst


def _cli(env: dict[str, str], *args: str) -> tuple[float, str]:
    seconds, out, _ = run_cli(env, *args)
    return seconds, out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def through_api(args: argparse.Namespace) -> int:
    """Load with ``supplynet load``, serve with ``supplynet serve``, time ``/v1/search``."""
    import httpx

    from graphmodel.bundle import write_bundle
    from graphmodel.generate import count_relationships

    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="supplynet-search-"))
    t0 = time.perf_counter()
    tables = generate_tables(args.nodes, args.relationships, seed=args.seed)
    _with_identifiers(tables)
    write_bundle(tables, work / "bundle")
    n_nodes = sum(len(tables[t]) for t in ("countries", "organisations", "facilities", "items"))
    n_rels = count_relationships(tables)
    print(
        f"generated {n_nodes:,} nodes, {n_rels:,} relationships in {time.perf_counter() - t0:.0f} s"
    )
    queries = _queries(tables, args.queries, args.seed)
    del tables

    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPLYNET_")}
    env.update(
        {
            "SUPPLYNET_STORE": args.store,
            "SUPPLYNET_DATA_DIR": str(work / "data"),
            # A load records a snapshot with its analysis; that is not what is timed here.
            "SUPPLYNET_SNAPSHOT_LOADS": "false",
        }
    )
    server: subprocess.Popen[bytes] | None = None
    try:
        _cli(env, "db", "start")
        load_s, _ = _cli(env, "load", str(work / "bundle"), "--replace", "--no-reference")
        print(f"supplynet load: {load_s:.0f} s")
        _, out = _cli(env, "keys", "create", "--role", "viewer", "--note", "search benchmark")
        key = out.rsplit(":", 1)[1].strip()
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "graphmodel.cli", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        client = httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=3600
        )
        deadline = time.monotonic() + 300
        while True:
            try:
                if client.get("/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the API server did not start")
            time.sleep(0.5)
        s = time.perf_counter()
        first = client.get("/v1/search", params={"q": "steel"})
        first.raise_for_status()
        cold_s = time.perf_counter() - s
        print(f"first query (reads the search rows, builds the index): {cold_s:.1f} s")
        timed: dict[str, list[float]] = {}
        hits = 0
        for kind, qs in queries.items():
            times = timed.setdefault(kind, [])
            for q in qs:
                s = time.perf_counter()
                r = client.get("/v1/search", params={"q": q, "limit": 20})
                times.append((time.perf_counter() - s) * 1000)
                r.raise_for_status()
                hits += bool(r.json()["items"])
        lines, worst = _table(timed)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        _cli(env, "db", "stop")
    load_after = os.getloadavg()
    total = sum(len(v) for v in timed.values())
    text = "\n".join(
        [
            "# Search through the store and the API",
            "",
            f"Command: `python benchmarks/search_benchmark.py --through-api --nodes {args.nodes}"
            f" --relationships {n_rels} --store {args.store}`",
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, shared with other work; "
            f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after.",
            f"Network: {n_nodes:,} nodes, {n_rels:,} relationships (generated, seed {args.seed});"
            f" `supplynet load` {load_s:.0f} s; first query {cold_s:.1f} s (reads the search"
            " rows from the store and builds the index, once per graph generation).",
            f"{total} queries over HTTP (`GET /v1/search?q=...&limit=20`), {hits} with hits.",
            "",
            *lines,
            "",
            f"worst p95: {worst:.1f} ms (target {args.target_ms:g} ms)",
            "",
        ]
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)
    return 0 if worst <= args.target_ms else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=1_000_000)
    ap.add_argument("--relationships", type=int, default=None)
    ap.add_argument("--queries", type=int, default=200, help="Queries per kind")
    ap.add_argument("--target-ms", type=float, default=50.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--through-api",
        action="store_true",
        help="Load into the store with supplynet load and query a supplynet serve process",
    )
    ap.add_argument("--store", default="embedded", help="embedded or neo4j-local")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "search_api.md")
    args = ap.parse_args()
    if args.through_api:
        return through_api(args)

    t0 = time.perf_counter()
    tables = generate_tables(args.nodes, args.relationships, seed=args.seed)
    _with_identifiers(tables)
    G = graph_from_tables(tables)
    t1 = time.perf_counter()
    # The records the index is built from are the graph's node attributes (what
    # SearchIndex.from_store reads from a store's rows; tests/e2e/test_search_store.py).
    index = SearchIndex(d for _, d in G.nodes(data=True))
    t2 = time.perf_counter()
    print(f"{len(index):,} searchable nodes; graph {t1 - t0:.1f} s, index built in {t2 - t1:.1f} s")
    timed: dict[str, list[float]] = {}
    for kind, queries in _queries(tables, args.queries, args.seed).items():
        times = timed.setdefault(kind, [])
        for q in queries:
            s = time.perf_counter()
            index.search(q, limit=20)
            times.append((time.perf_counter() - s) * 1000)
    lines, worst = _table(timed)
    print("\n" + "\n".join(lines))
    print(f"\nworst p95: {worst:.1f} ms (target {args.target_ms:g} ms)")
    return 0 if worst <= args.target_ms else 1


if __name__ == "__main__":
    sys.exit(main())
