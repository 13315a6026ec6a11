"""CPU cost of one tier query inside the API process, without HTTP (not a timed test).

Loads a generated network into a fresh embedded store, builds the app, runs its
lifespan, and calls the ASGI app directly (no sockets, no uvicorn), measuring
process CPU time per request for:

- ``repeat``: the same 120 tier URLs over and over (20 platforms x 6 filter/page
  variants, what ``benchmarks/api_load.py`` sent before issue 15); no response is
  replayed any more, so each is routed, validated and assembled like a new one;
- ``new``: a query string never seen before on every request (a fresh ``offset``),
  so FastAPI routes, validates and the endpoint assembles the page;
- ``analysis``: ``GET /v1/analysis``, a trivial authenticated endpoint, for scale.

Usage::

    .venv/bin/python benchmarks/api_request_cost.py --nodes 3000 --requests 3000
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

#: The filter/page variants of the earlier repeated-URL benchmark.
VARIANTS = [
    "limit=100",
    "limit=50&max_tier=3",
    "kind=organisation&limit=100",
    "kind=item&max_tier=5&limit=100",
    "kind=country&limit=100",
    "offset=200&limit=100",
]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from api_load import load_tables  # noqa: E402

from api.app import create_app  # noqa: E402
from api.keys import create_key  # noqa: E402
from graphmodel.settings import Settings  # noqa: E402
from graphmodel.store import open_store  # noqa: E402
from graphmodel.store.embedded import EmbeddedServer  # noqa: E402


async def _call(app: Any, key: str, path: str, query: str) -> int:
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"bench"), (b"authorization", f"Bearer {key}".encode())],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    await app(scope, receive, send)
    return status


async def _measure(app: Any, key: str, requests: list[tuple[str, str]]) -> float:
    t0 = time.process_time()
    for path, query in requests:
        status = await _call(app, key, path, query)
        if status != 200:
            raise SystemExit(f"{path}?{query} answered {status}")
    return (time.process_time() - t0) / len(requests) * 1000


async def _run(app: Any, key: str, platforms: list[str], n: int) -> dict[str, float]:
    async with app.router.lifespan_context(app):
        urls = [(f"/v1/platforms/{p}/dependencies", v) for p in platforms for v in VARIANTS]
        await _measure(app, key, urls)  # builds the index, the tiers and every page once
        repeat = [urls[i % len(urls)] for i in range(n)]
        new = [(urls[i % len(urls)][0], f"limit=100&offset={1000 + i}") for i in range(n)]
        return {
            "repeat": await _measure(app, key, repeat),
            "new": await _measure(app, key, new),
            "analysis": await _measure(app, key, [("/v1/analysis", "")] * n),
        }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=3000)
    ap.add_argument("--requests", type=int, default=3000)
    args = ap.parse_args()

    from graphmodel.generate import generate_tables

    data_dir = Path(tempfile.mkdtemp(prefix="snapicost-"))
    settings = Settings(data_dir=data_dir, graph="bench_cost")
    try:
        store = open_store(settings)
        tables = generate_tables(args.nodes, seed=0)
        load_tables(store, tables)
        store.close()
        platforms = [r["id"] for r in tables["items"] if r.get("kind") == "platform"]
        key = create_key(settings, "viewer", note="request cost")[1]
        costs = asyncio.run(_run(create_app(settings), key, platforms, args.requests))
    finally:
        EmbeddedServer(data_dir).stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    print(
        f".venv/bin/python benchmarks/api_request_cost.py --nodes {args.nodes} "
        f"--requests {args.requests}"
    )
    for name, ms in costs.items():
        print(f"{name:>9}: {ms:.3f} ms CPU per request")


if __name__ == "__main__":
    main()
