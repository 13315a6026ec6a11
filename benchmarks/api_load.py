"""Load benchmark of the HTTP API on varied queries (not a timed test).

Generates a network (default 100,000 nodes), loads it into a fresh store,
starts the API (``python -m api.server``, the code behind ``supplynet serve``,
with ``--workers`` processes) on 127.0.0.1 as a subprocess, warms it with one
request of each kind (the first builds the snapshot's supply index, the first
search the NetworkX graph and search index), then runs N concurrent
keep-alive clients for T seconds. Every request is drawn at random with a
fixed seed, so almost no URL repeats (the report counts them):

- tier listings of random platforms with random tier, kind and country
  filters and random pages;
- where-used of random suppliers, facilities, items and countries, random pages;
- dependency paths from a random platform to a random supplier or facility;
- trees of random platforms cut at a random tier and size;
- node look-ups (item, organisation, facility, country) by id;
- searches for a random word of a random name.

It writes p50/p95/p99 latency overall and per kind, throughput and errors to
``benchmarks/results/api.md``. Traffic goes to 127.0.0.1 only, the request
loop is bounded by time, and the server subprocess is stopped at the end.

Usage::

    .venv/bin/python benchmarks/api_load.py --nodes 100000 --clients 50 --seconds 30 --workers 2

A quick check that it runs (results elsewhere, not over the real figures)::

    .venv/bin/python benchmarks/api_load.py --nodes 3000 --clients 10 --seconds 3 \
        --workers 2 --output api-smoke.md
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import platform as pyplatform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.keys import create_key  # noqa: E402
from graphmodel.settings import Settings  # noqa: E402
from graphmodel.store import managed_server, open_store  # noqa: E402
from graphmodel.store.base import GraphStore  # noqa: E402

# Benchmark-only loader: plain UNWIND statements with parameters, enough for the
# tier index (nodes with id/name/kind/country; dependency relationships).
_NODE_STATEMENTS = {
    "countries": "UNWIND $rows AS r CREATE (n:Country) SET n = r, n.id = r.code",
    "organisations": "UNWIND $rows AS r CREATE (n:Organisation) SET n = r",
    "facilities": "UNWIND $rows AS r CREATE (n:Facility) SET n = r",
    "items": "UNWIND $rows AS r CREATE (n:Item) SET n = r",
}
_REL_STATEMENTS = [
    ("bom", "UNWIND $rows AS r MATCH (a:Item {id: r.parent}), (b:Item {id: r.child}) "
            "CREATE (a)-[:NEEDS {quantity: r.quantity}]->(b)"),
    ("sources", "UNWIND $rows AS r MATCH (a:Item {id: r.item}), (b:Organisation {id: r.supplier}) "
                "CREATE (a)-[:SOURCED_FROM {facility: r.facility, qualified: r.qualified}]->(b)"),
    ("made_at", "UNWIND $rows AS r MATCH (a:Item {id: r.item}), (b:Facility {id: r.facility}) "
                "CREATE (a)-[:MADE_AT {supplier: r.supplier}]->(b)"),
    ("registered", "UNWIND $rows AS r "
                   "MATCH (a:Organisation {id: r.id}), (b:Country {id: r.country}) "
                   "CREATE (a)-[:REGISTERED_IN]->(b)"),
    ("located", "UNWIND $rows AS r MATCH (a:Facility {id: r.id}), (b:Country {id: r.country}) "
                "CREATE (a)-[:LOCATED_IN]->(b)"),
]  # fmt: skip


#: Share of each request kind in the mix.
MIX = (
    ("tiers", 0.35),
    ("where-used", 0.15),
    ("paths", 0.10),
    ("tree", 0.05),
    ("node", 0.15),
    ("search", 0.20),
)
_KINDS = ("item", "organisation", "facility", "country")


def request_mix(
    tables: dict[str, list[dict[str, Any]]], n: int, seed: int
) -> list[tuple[str, str]]:
    """``n`` requests ``(kind, path)`` drawn at random (fixed ``seed``) over the network."""
    rng = random.Random(seed)
    items = [r["id"] for r in tables["items"]]
    platforms = [r["id"] for r in tables["items"] if r.get("kind") == "platform"]
    orgs = [r["id"] for r in tables["organisations"]]
    facilities = [r["id"] for r in tables.get("facilities", [])] or orgs
    countries = sorted({r["country"] for r in tables["organisations"] if r.get("country")})
    words = sorted(
        {
            w
            for r in tables["organisations"][:20_000] + tables["items"][:20_000]
            for w in str(r.get("name") or "").split()
            if len(w) > 3
        }
    )
    names, weights = zip(*MIX, strict=True)
    out: list[tuple[str, str]] = []
    for kind in rng.choices(names, weights, k=n):
        if kind == "tiers":
            q = [f"limit={rng.choice((20, 50, 100))}", f"offset={rng.randrange(0, 2000, 10)}"]
            if rng.random() < 0.5:
                q.append(f"max_tier={rng.randrange(0, 9)}")
            if rng.random() < 0.5:
                q.append(f"kind={rng.choice(_KINDS)}")
            if rng.random() < 0.2:
                q.append(f"country={rng.choice(countries)}")
            path = f"/v1/platforms/{rng.choice(platforms)}/dependencies?{'&'.join(q)}"
        elif kind == "where-used":
            node = rng.choice(
                (rng.choice(orgs), rng.choice(facilities), rng.choice(items), rng.choice(countries))
            )
            path = f"/v1/nodes/{node}/where-used?limit=50&offset={rng.randrange(0, 200, 10)}"
        elif kind == "paths":
            target = rng.choice((rng.choice(orgs), rng.choice(facilities)))
            path = f"/v1/platforms/{rng.choice(platforms)}/paths/{target}?limit={rng.randint(1, 5)}"
        elif kind == "tree":
            path = (
                f"/v1/platforms/{rng.choice(platforms)}/tree?max_tier={rng.randint(1, 4)}"
                f"&max_nodes={rng.randrange(200, 2000, 50)}"
            )
        elif kind == "node":
            which = rng.choice(("items", "organisations", "facilities", "countries"))
            node = {
                "items": lambda: rng.choice(items),
                "organisations": lambda: rng.choice(orgs),
                "facilities": lambda: rng.choice(facilities),
                "countries": lambda: rng.choice(countries),
            }[which]()
            path = f"/v1/{which}/{node}"
        else:
            path = f"/v1/search?q={rng.choice(words)}&limit={rng.choice((5, 10, 20))}"
        out.append((kind, path))
    return out


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in row.items():
        if v is None or v == "":
            continue
        out[k] = list(v) if isinstance(v, tuple) else v
    return out


def load_tables(store: GraphStore, tables: dict[str, list[dict[str, Any]]]) -> None:
    store.ensure_schema()
    for name, text in _NODE_STATEMENTS.items():
        rows = [_plain(r) for r in tables.get(name, [])]
        for i in range(0, len(rows), 10_000):
            store._write(text, {"rows": rows[i : i + 10_000]})
    derived = {
        "bom": [
            {"parent": r["parent"], "child": r["child"], "quantity": r.get("quantity") or 1.0}
            for r in tables.get("bom", [])
        ],
        "sources": [
            {"item": r["item"], "supplier": r["supplier"], "facility": r.get("facility"),
             "qualified": r.get("qualified", True) is not False}
            for r in tables.get("sources", [])
        ],
        "made_at": [
            {"item": r["item"], "supplier": r["supplier"], "facility": r["facility"]}
            for r in tables.get("sources", []) if r.get("facility")
        ],
        "registered": [
            {"id": r["id"], "country": r["country"]}
            for r in tables.get("organisations", []) if r.get("country")
        ],
        "located": [
            {"id": r["id"], "country": r["country"]}
            for r in tables.get("facilities", []) if r.get("country")
        ],
    }  # fmt: skip
    for name, text in _REL_STATEMENTS:
        rows = derived[name]
        for i in range(0, len(rows), 10_000):
            store._write(text, {"rows": rows[i : i + 10_000]})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(base: str, seconds: float = 60.0) -> None:
    """Wait until the API at ``base`` answers its health check."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/v1/health", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def _get(url: str, key: str, timeout: float = 300.0) -> Any:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read())


async def _client(
    port: int,
    key: str,
    todo: Iterator[tuple[str, str]],
    deadline: float,
    lat: list[tuple[str, str, float]],
    errors: list[str],
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < deadline:
            kind, path = next(todo)
            request = (
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n\r\n"
            ).encode()
            t0 = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            lat.append((kind, path, time.perf_counter() - t0))
            # 404 is an answer (a look-up of a node, say); only failures count.
            if status >= 500 or status in (401, 403, 422, 429):
                errors.append(f"{status} {path}")
    except (OSError, asyncio.IncompleteReadError) as exc:
        errors.append(f"connection: {exc}")
    finally:
        writer.close()


async def _run_load(
    port: int, key: str, mix: list[tuple[str, str]], clients: int, seconds: float
) -> tuple[list[tuple[str, str, float]], list[str], float]:
    lat: list[tuple[str, str, float]] = []
    errors: list[str] = []
    start = time.perf_counter()
    deadline = start + seconds
    # One shared sequence: the clients take the next request in turn (one event loop).
    todo = itertools.cycle(mix)
    await asyncio.gather(*(_client(port, key, todo, deadline, lat, errors) for _ in range(clients)))
    return lat, errors, time.perf_counter() - start


def _pct(values: list[float], p: float) -> float:
    return (
        statistics.quantiles(values, n=1000, method="inclusive")[int(p * 10) - 1]
        if len(values) > 10
        else max(values)
    )


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (uvicorn's workers), from /proc."""
    parent: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parent[int(entry.name)] = int(fields[1])
    out, frontier = [pid], [pid]
    while frontier:
        frontier = [c for c, p in parent.items() if p in frontier]
        out += frontier
    return out


def _tree_cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):  # a process that has gone
            total += _cpu_seconds(pid)
    return total


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    py = pyplatform.python_version()
    return f"{os.cpu_count()} cores ({cpu}), Python {py}, {pyplatform.system()}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--requests", type=int, default=300_000, help="length of the request mix")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument(
        "--access-log", action="store_true", help="keep uvicorn's line per request (default off)"
    )
    ap.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results" / "api.md")
    ap.add_argument(
        "--store",
        choices=["embedded", "neo4j-local"],
        default="embedded",
        help="the store behind the API (neo4j-local: the managed local Neo4j)",
    )
    args = ap.parse_args()

    from graphmodel.generate import generate_tables

    data_dir = Path(tempfile.mkdtemp(prefix="snapi-"))
    settings = Settings(store=args.store, data_dir=data_dir, graph="bench_api")
    server: subprocess.Popen[bytes] | None = None
    try:
        t0 = time.perf_counter()
        tables = generate_tables(args.nodes, seed=args.seed)
        t_gen = time.perf_counter() - t0
        store = open_store(settings)
        t0 = time.perf_counter()
        load_tables(store, tables)
        t_load = time.perf_counter() - t0
        store.close()
        platforms = [r["id"] for r in tables["items"] if r.get("kind") == "platform"]
        print(f"generated in {t_gen:.1f} s, loaded in {t_load:.1f} s; {len(platforms)} platforms")
        key = create_key(settings, "viewer", note="load benchmark")[1]

        port = _free_port()
        env = {
            **os.environ,
            "SUPPLYNET_STORE": args.store,
            "SUPPLYNET_DATA_DIR": str(data_dir),
            "SUPPLYNET_GRAPH": "bench_api",
        }
        cmd = [
            sys.executable,
            "-m",
            "api.server",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ]
        if not args.access_log:
            cmd.append("--no-access-log")
        server = subprocess.Popen(
            cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base)

        # Warm-up, one request of each kind per worker (twice, as requests spread
        # over workers): the first tier request reads the snapshot's index, the
        # first search the NetworkX graph. No timed URL is requested before timing.
        mix = request_mix(tables, args.requests, args.seed)
        t0 = time.perf_counter()
        _get(f"{base}/v1/platforms/{platforms[0]}/dependencies?limit=1", key)
        t_index = time.perf_counter() - t0
        t0 = time.perf_counter()
        _get(f"{base}/v1/search?q=warm", key)
        t_graph = time.perf_counter() - t0
        sizes = [
            _get(f"{base}/v1/platforms/{p}/dependencies?limit=1", key)["total"] for p in platforms
        ]
        for _ in range(max(1, args.workers) * 2):
            _get(f"{base}/v1/platforms/{platforms[0]}/dependencies?limit=1", key)
            _get(f"{base}/v1/search?q=warm", key)
            _get(f"{base}/v1/nodes/{platforms[0]}/where-used?limit=1", key)
        print(
            f"index read in {t_index:.1f} s, graph and search index in {t_graph:.1f} s; "
            f"upstream nodes per platform: {min(sizes)}-{max(sizes)}"
        )
        pids = _descendants(server.pid)
        cpu0, own0 = _tree_cpu_seconds(pids), time.process_time()
        lat, errors, wall = asyncio.run(_run_load(port, key, mix, args.clients, args.seconds))
        server_cpu, client_cpu = _tree_cpu_seconds(pids) - cpu0, time.process_time() - own0
        load_avg = os.getloadavg()
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        managed = managed_server(settings)
        if managed is not None:
            managed.stop()
        shutil.rmtree(data_dir, ignore_errors=True)

    ms = [x[2] * 1000 for x in lat]
    p50, p95, p99 = (_pct(ms, p) for p in (50, 95, 99))
    rps = len(ms) / wall
    distinct = len({x[1] for x in lat})
    command = (
        f".venv/bin/python benchmarks/api_load.py --nodes {args.nodes} "
        f"--clients {args.clients} --seconds {args.seconds:g} --workers {args.workers}"
        + (" --access-log" if args.access_log else "")
        + f" --store {args.store}"
    )
    row = (
        f"| all | {len(ms):,} | {rps:,.0f}/s | {p50:.1f} ms | {p95:.1f} ms | {p99:.1f} ms "
        f"| {max(ms):.1f} ms | {len(errors)} |"
    )
    for kind, _ in MIX:
        k_ms = [x[2] * 1000 for x in lat if x[0] == kind]
        if k_ms:
            row += (
                f"\n| {kind} | {len(k_ms):,} | {len(k_ms) / wall:,.0f}/s | {_pct(k_ms, 50):.1f} ms "
                f"| {_pct(k_ms, 95):.1f} ms | {_pct(k_ms, 99):.1f} ms | {max(k_ms):.1f} ms | |"
            )
    loads = "/".join(f"{x:.1f}" for x in load_avg)
    verdict = "met" if p95 <= 50 and not errors else "NOT met"
    report = f"""# API load benchmark: varied queries

Command: `{command}`

Machine: {_machine()}; the load generator and the server share it.

Network: {args.nodes:,} generated nodes (seed {args.seed}), {len(platforms)} platforms,
{min(sizes):,} to {max(sizes):,} upstream nodes per platform. Generated in {t_gen:.1f} s,
loaded in {t_load:.1f} s; the server read its supply index in {t_index:.1f} s on the
first tier request, and the NetworkX graph with the search index in {t_graph:.1f} s on
the first search.

Store: {args.store}.

Load: {args.clients} concurrent keep-alive clients for {args.seconds:g} s against
`python -m api.server` ({args.workers} uvicorn worker process(es), access log
{"on" if args.access_log else "off"}, 127.0.0.1), authenticated with a viewer key,
each request drawn at random (seed {args.seed}) from a mix of tier listings with
random filters and pages, where-used, paths, trees, node look-ups and searches
({", ".join(f"{k} {w:.0%}" for k, w in MIX)}): {distinct:,} distinct URLs in
{len(ms):,} requests ({distinct / len(ms):.1%}).

| kind | requests | throughput | p50 | p95 | p99 | max | errors |
|---|---:|---:|---:|---:|---:|---:|---:|
{row}

Server CPU per request (all its processes): {server_cpu / len(ms) * 1000:.2f} ms
({server_cpu:.1f} s of CPU in {wall:.1f} s); load generator:
{client_cpu / len(ms) * 1000:.2f} ms per request. Load average (1/5/15 min) at the end:
{loads} on {os.cpu_count()} cores
(a shared machine: other engineers' jobs were running on it).

Target (p95 at most 50 ms, zero errors): **{verdict}**.
"""
    if errors:
        report += "\nFirst errors: " + "; ".join(errors[:5]) + "\n"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
